"""The fuzz scale switch."""

from fuzzscale import fuzz_cases


def test_small_scale_by_default(fuzz_scale):
    """Without WEERBAAR_FUZZ=large the suites run their small sizes."""
    assert fuzz_cases(3, 3000) == (3000 if fuzz_scale == "large" else 3)
