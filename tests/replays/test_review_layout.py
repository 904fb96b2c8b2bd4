"""`replays.review` is a package with one role per module; what callers imported from the old module still works."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import replays.review

MODULES = sorted(m.name for m in pkgutil.iter_modules(replays.review.__path__, "replays.review."))

PUBLIC = ("build_review", "write_review", "Review", "REPORT_FILES", "IMAGES", "render_html", "render_markdown",
          "md_text", "md_block", "md_code", "findings", "improvement_plan", "heatmap", "timeline", "indicator_plot",
          "timeline_plot", "heatmap_plot", "series_csv", "write_series", "FAST_HOURS", "SLOW_HOURS", "INJECT_HOURS",
          "ANTICIPATION_HOURS", "NOTABLE_POINTS", "NOTABLE_LOSS", "THEMES", "NO_THREAD", "RATING_COLOURS",
          "TEMPLATES", "LANES", "LANE_COLOURS")
"""The public names of the single-module ``replays/review.py`` the package replaced."""

ADDED = ("cost_section", "FORMATS", "ONE_SEED", "asked_for", "evaluator_rating", "read_observations", "render_docx",
         "review_files", "significant")
"""Public names the package has added since."""


def test_the_public_api_imports_from_the_package():
    """``from replays.review import build_review, write_review`` works, and so does every name the module had."""
    from replays.review import build_review, write_review

    assert callable(build_review) and callable(write_review)
    missing = [name for name in PUBLIC if not hasattr(replays.review, name)]
    assert not missing
    assert sorted(replays.review.__all__) == sorted(PUBLIC + ADDED)


@pytest.mark.parametrize("name", ["replays.review", *MODULES])
def test_every_module_has_a_docstring(name):
    """The package and each of its modules say what they are for."""
    doc = importlib.import_module(name).__doc__
    assert doc and len(doc.strip()) > 40, name


def test_the_package_has_its_roles_and_no_name_hides_a_module():
    """One module per role; no re-exported function shares a module's name (``replays.review.x`` is the module)."""
    assert {m.rsplit(".", 1)[1] for m in MODULES} >= {"analysis", "build", "costs", "files", "plots", "render",
                                                       "observations", "objectives", "overview", "word"}
    for name in MODULES:
        assert getattr(replays.review, name.rsplit(".", 1)[1]) is importlib.import_module(name)


def test_the_templates_are_found():
    """The templates stay package data of ``replays`` (``replays/templates``)."""
    from replays.review.render import TEMPLATES

    assert TEMPLATES.parent.name == "replays"
    assert {"report.html.j2", "report.md.j2"} <= {p.name for p in TEMPLATES.iterdir()}
