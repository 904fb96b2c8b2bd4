"""A scenario's injects must be able to fire and say something: timed inside the run, with a synopsis."""

from __future__ import annotations


def _mini_with(mini_scenario, old: str, new: str) -> str:
    text = mini_scenario.read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new)


def test_an_inject_after_the_end_is_refused_by_line(cli, write_yaml, mini_scenario):
    """``at`` after the scenario's end could never fire: one line at its position."""
    result = cli("validate", write_yaml(_mini_with(mini_scenario, 'at: "day 2"', 'at: "day 12"')))
    assert result.code == 1
    assert result.out.strip().endswith("msel[6].at: 'day 12' is after the scenario's end (day 11 00:00, after "
                                       "10 days); the inject could never fire")
    assert ":35:" in result.out


def test_an_inject_before_the_start_is_refused(cli, write_yaml, mini_scenario):
    """An ISO time before the start would fire at t = 0 without saying so; it is refused."""
    result = cli("validate", write_yaml(_mini_with(mini_scenario, 'at: "day 3 12:00"', 'at: "2018-02-20T10:00"')))
    assert result.code == 1 and "is before the scenario's start (day 1 00:00, 2018-02-21T00:00)" in result.out


def test_an_inject_at_the_very_end_is_accepted(cli, write_yaml, mini_scenario):
    """The last instant of the run still fires, so it is allowed."""
    result = cli("validate", write_yaml(_mini_with(mini_scenario, 'at: "day 2"', 'at: "day 11 00:00"')))
    assert result.code == 0, result.out


def test_a_blank_synopsis_is_refused(cli, write_yaml, mini_scenario):
    """An inject that tells its cells nothing is a mistake."""
    result = cli("validate", write_yaml(_mini_with(mini_scenario, 'synopsis: "Timed; tests cancel it."', 'synopsis: "  "')))
    assert result.code == 1 and "msel[5].synopsis: blank; write what the receiving cells are told" in result.out
