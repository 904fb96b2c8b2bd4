"""`weerbaar compare --html`: the instructor's class view ranks groups, sets objectives side by side, draws key decisions."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from replays.runner import run_headless

DAYS = 16


@pytest.fixture(scope="module")
def classroom(tmp_path_factory, default_commands):
    """Three groups: the bundled playbook on seeds 7 and 9, and a group that did nothing on seed 7."""
    folder = tmp_path_factory.mktemp("classview")
    paths = {"idle": folder / "idle.jsonl", "played": folder / "played.jsonl", "other": folder / "other.jsonl"}
    run_headless(None, seed=7, out=paths["idle"], days=DAYS)
    run_headless(None, seed=7, commands=default_commands, out=paths["played"], days=DAYS)
    run_headless(None, seed=9, commands=default_commands, out=paths["other"], days=DAYS)
    return folder, paths


@pytest.fixture(scope="module")
def page(classroom):
    """The class view of the three groups, and the ranking --json prints."""
    from ui.cli import main
    import contextlib
    import io

    folder, paths = classroom
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["compare", str(paths["idle"]), str(paths["played"]), str(paths["other"]), "--json",
                     "--html", str(folder / "class.html")])
    assert code == 0
    return {"rows": json.loads(out.getvalue()), "html": (folder / "class.html").read_text(encoding="utf-8")}


class Page(HTMLParser):
    """The ranking's groups in order, the objective rows, the lanes, the markers and anything loaded from elsewhere."""

    def __init__(self) -> None:
        super().__init__()
        self.ranked: list[str] = []
        self.objectives: dict[str, list[str]] = {}
        self.lanes: list[str] = []
        self.external: list[str] = []
        self._objective = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("script", "link", "img") and (a.get("src") or a.get("href")):
            self.external.append(a.get("src") or a.get("href"))
        if tag == "tr" and "data-group" in a:
            self.ranked.append(a["data-group"])
        if tag == "tr" and "data-objective" in a:
            self._objective = a["data-objective"]
            self.objectives[self._objective] = []
        if tag == "td" and self._objective and "data-group" in a:
            self.objectives[self._objective].append(a["data-group"])
        if tag == "g" and "data-lane" in a:
            self.lanes.append(a["data-lane"])

    def handle_endtag(self, tag):
        if tag == "tr":
            self._objective = None


def test_class_view_ranks_the_groups_as_compare_does(page):
    """The page lists the groups in the ranking's order, one timeline lane each, and loads nothing from elsewhere."""
    parsed = Page()
    parsed.feed(page["html"])
    order = [r["group"] for r in page["rows"]]
    assert parsed.ranked == order == parsed.lanes
    assert order.index("played") < order.index("idle")
    assert not parsed.external


def test_objectives_side_by_side(page, default_loaded):
    """Every objective has a row with one cell per group, in rank order, showing each group's rating and score."""
    parsed = Page()
    parsed.feed(page["html"])
    order = [r["group"] for r in page["rows"]]
    assert list(parsed.objectives) == [o.id for o in default_loaded.scenario.objectives]
    assert all(groups == order for groups in parsed.objectives.values())
    first = page["rows"][0]
    objective = default_loaded.scenario.objectives[0].id
    cell = page["html"].split(f'data-objective="{objective}"', 1)[1].split(f'data-group="{first["group"]}"', 1)[1]
    assert f'>{first["ratings"][objective]}</span> {first["objective_scores"][objective]:.1f}' in cell.split("</td>")[0]


def test_key_decisions_are_the_orders_a_debrief_turns_to(page):
    """The played group's investigation is its first answer to a thread; the idle group has no key decisions."""
    rows = {r["group"]: r for r in page["rows"]}
    played = rows["played"]["key_decisions"]
    assert rows["idle"]["key_decisions"] == []
    investigate = next(d for d in played if d["text"] == "investigate vostria")
    assert any(r.startswith("first answer to") or r.startswith("answered inject") for r in investigate["reasons"])
    attribution = [d for d in played if d["action"] == "public_attribution"]
    assert all(any("political capital" in r for r in d["reasons"]) for d in attribution)
    assert [d["t"] for d in played] == sorted(d["t"] for d in played)
    lane = page["html"].split('data-lane="played"', 1)[1].split("</g>\n  </g>", 1)[0]
    assert lane.count('class="marker"') == len(played)


def test_markers_close_in_time_are_staggered(classroom):
    """Markers nearer than their diameter in one lane never share a height, and all stay inside the axis."""
    from replays.compare import compare_runs
    from replays.review.classview import RADIUS, timeline_geometry

    _, paths = classroom
    comparison = compare_runs([str(paths["played"]), str(paths["other"])])
    geometry = timeline_geometry(comparison, comparison.rows)
    for lane in geometry["lanes"]:
        markers = lane["markers"]
        assert all(geometry["left"] <= m["x"] <= geometry["right"] for m in markers)
        for a, b in zip(markers, markers[1:]):
            if b["x"] - a["x"] < 2 * RADIUS:
                assert a["y"] != b["y"]


def test_class_view_is_not_written_over_a_file_unasked(cli, classroom, tmp_path):
    """An existing page is refused in one line before any scoring; --force replaces it; a replay is never the page."""
    _, paths = classroom
    target = tmp_path / "class.html"
    target.write_text("mine", encoding="utf-8")
    refused = cli("compare", paths["idle"], "--html", target)
    assert refused.code == 1 and len(refused.err.strip().splitlines()) == 1 and "already exists" in refused.err
    assert target.read_text(encoding="utf-8") == "mine" and refused.out == ""
    assert cli("compare", paths["idle"], "--html", target, "--force").code == 0
    assert "<svg" in target.read_text(encoding="utf-8")
    onto = cli("compare", paths["idle"], "--html", paths["idle"], "--force")
    assert onto.code == 1 and "input" in onto.err


def test_class_view_refuses_replays_of_another_scenario(cli, classroom, default_scenario, tmp_path):
    """A replay of another scenario text: one line naming that file, and no page written."""
    _, paths = classroom
    text = default_scenario.read_text(encoding="utf-8").replace('title: "Municipal elections under pressure"',
                                                               'title: "Another exercise"')
    other = tmp_path / "other.yaml"
    other.write_text(text, encoding="utf-8")
    stray = tmp_path / "stray.jsonl"
    run_headless(other, seed=7, out=stray, days=1)
    result = cli("compare", paths["idle"], stray, "--html", tmp_path / "class.html")
    assert result.code == 1 and len(result.err.strip().splitlines()) == 1
    assert re.match(rf"{re.escape(str(stray))}:1: ", result.err) and not (tmp_path / "class.html").exists()
