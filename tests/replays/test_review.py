"""`weerbaar review`: a self-contained HSEEP AAR/IP report whose numbers are those of `score --json`."""

from __future__ import annotations

import base64
import csv
import json
import shutil
import subprocess
from html.parser import HTMLParser

import pytest

MAX_RUNS = "4"  # the decision-value table with 4 leave-out groups keeps the test affordable


class Report(HTMLParser):
    """Collects img sources, external references and the data-key values of the report's numbers."""

    def __init__(self) -> None:
        super().__init__()
        self.images: list[str] = []
        self.external: list[str] = []
        self.values: dict[tuple, str] = {}
        self.headings: list[str] = []
        self._context: dict[str, str] = {}
        self._open: tuple | None = None
        self._heading = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "img":
            self.images.append(a.get("src", ""))
        if tag in ("script", "link") and (a.get("src") or a.get("href")):
            self.external.append(a.get("src") or a.get("href"))
        if tag == "tr":
            self._context = {k: v for k, v in a.items() if k.startswith("data-") and k != "data-key"}
        if "data-key" in a:
            self._open = (*sorted(self._context.items()), a["data-key"])
            if "data-value" in a:
                self.values[self._open] = a["data-value"]
                self._open = None
        self._heading = tag == "h2"

    def handle_endtag(self, tag):
        if tag == "tr":
            self._context = {}

    def handle_data(self, data):
        if self._open is not None and data.strip():
            self.values[self._open] = data.strip()
            self._open = None
        if self._heading and data.strip():
            self.headings.append(data.strip())
            self._heading = False


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory, default_commands):
    """The default scenario (seed 7) played with its bundled command file, reviewed, and scored with --json."""
    from replays.runner import run_headless
    from ui.cli import main
    import contextlib
    import io

    folder = tmp_path_factory.mktemp("review")
    replay = folder / "group-a.jsonl"
    run_headless(None, seed=7, commands=default_commands, out=replay)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["review", str(replay), "--out", str(folder / "aar"), "--max-runs", MAX_RUNS, "--workers", "2", "--seeds", "2"]) == 0
    printed = out.getvalue()
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["score", str(replay), "--json", "--explain", "--max-runs", MAX_RUNS, "--workers", "2", "--seeds", "2"]) == 0
    score = json.loads(out.getvalue())
    html = (folder / "aar" / "report.html").read_text(encoding="utf-8")
    parser = Report()
    parser.feed(html)
    return {"folder": folder / "aar", "score": score, "html": html, "report": parser, "printed": printed,
            "replay": replay}


def test_report_is_self_contained_with_embedded_pngs(reviewed):
    """Every image is a base64 PNG data URI and nothing is loaded from elsewhere."""
    report = reviewed["report"]
    assert len(report.images) == 3 and not report.external
    for src in report.images:
        assert src.startswith("data:image/png;base64,")
        assert base64.b64decode(src.split(",", 1)[1])[:8] == b"\x89PNG\r\n\x1a\n"


def test_report_numbers_match_score_json(reviewed):
    """Overall, baseline, value added, every objective's score and rating and every indicator's metrics match."""
    score, values = reviewed["score"], reviewed["report"].values
    for key in ("overall", "baseline_overall", "value_added"):
        assert float(values[(key,)]) == score[key]
    for o in score["objectives"]:
        assert float(values[(("data-objective", o["id"]), "score")]) == o["score"]
        assert values[(("data-objective", o["id"]), "rating")] == o["rating"]
    for name, d in score["dimensions"].items():
        row = ("data-dimension", name)
        for key in ("loss", "robustness", "final"):
            assert float(values[(row, key)]) == pytest.approx(d[key], abs=0.005)
        shown = values[(row, "recovery_hours")]
        assert (shown == "null") if d["recovery_hours"] is None else float(shown) == d["recovery_hours"]
    for e in score["explain"]["commands"]:
        assert float(values[(("data-rank", str(e["rank"])), "value")]) == e["value"]
    for t in score["decisions"]:
        shown = values[(("data-thread", t["thread"]), "latency_hours")]
        assert shown == "-" if t["latency_hours"] is None else shown.endswith(("h", "d"))


def test_report_has_the_hseep_aar_ip_sections(reviewed):
    """Overview, objectives with ratings, analysis, plots, threads, decision values, heat-map, cost, timeline, IP."""
    headings = " | ".join(reviewed["report"].headings)
    for section in ("Exercise overview", "Objectives and ratings", "strengths and areas for improvement",
                    "Resilience of the interests", "Threat threads", "value of each decision",
                    "Levers used against domains", "Cost of the response", "Timeline", "Improvement plan"):
        assert section in headings
    html = reviewed["html"]
    for lane in ("inject", "detection", "command", "news"):
        assert f"</span>{lane}</td>" in html


def test_cost_section_shows_the_scores_costs_capital_and_waits(reviewed):
    """Section 8 shows the score's Dutch-side costs (in all, per indicator, per state, each reason), the political
    capital spent and left, and the orders that waited, in the HTML and in the Markdown."""
    cost, values, html = reviewed["score"]["cost"], reviewed["report"].values, reviewed["html"]
    dutch, capital, waiting = cost["dutch_costs"], cost["political_capital"], cost["waiting"]
    assert dutch["total"] > 0 and capital["spent"] > 0, "the bundled playbook should pay for something"
    assert float(values[("cost_capacity",)]) == pytest.approx(cost["capacity"], abs=0.5)
    assert float(values[("capital_spent",)]) == pytest.approx(capital["spent"], abs=0.5)
    assert float(values[("dutch_costs",)]) == pytest.approx(dutch["total"], abs=0.051)  # shown to one decimal
    assert int(values[("waited",)]) == waiting["waited"]
    for name, points in dutch["by_indicator"].items():
        assert float(values[(("data-cost-indicator", name), "points")]) == pytest.approx(points, abs=0.051)  # shown to one decimal
    for state, points in dutch["by_state"].items():
        assert float(values[(("data-cost-state", state), "total")]) == pytest.approx(sum(points.values()), abs=0.051)  # shown to one decimal
    from markupsafe import escape  # how the report template escapes text

    assert all(str(escape(item["reason"])) in html for item in dutch["incurred"])
    assert values[("capital",)].startswith(f"Started with {capital['start']:.0f}; spent {capital['spent']:.0f}")
    assert f"{capital['left']:.0f} left at the end" in html
    md = (reviewed["folder"] / "report.md").read_text(encoding="utf-8")
    section = md.split("## 8. Cost of the response", 1)[1].split("## Appendix A", 1)[0]
    assert f"Started with {capital['start']:.0f}; spent {capital['spent']:.0f}" in section
    assert f"{dutch['total']:.1f} points" in section
    assert all(f"\n| {name.replace('_', chr(92) + '_')} " in section for name in dutch["by_indicator"])
    assert "### Waiting for capacity and surging" in section and ").1" not in section


def test_markdown_series_and_score_files_are_written(reviewed):
    """report.md carries the same headline numbers, series.csv has both runs' series, score.json the score."""
    folder, score = reviewed["folder"], reviewed["score"]
    md = (folder / "report.md").read_text(encoding="utf-8")
    assert f"| {score['overall']:.2f} | {score['baseline_overall']:.2f} | {score['value_added']:+.2f} |" in md
    assert "(indicators.png)" in md and (folder / "indicators.png").read_bytes()[:4] == b"\x89PNG"
    with (folder / "series.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 241 and "election_integrity" in rows[0] and "election_integrity.counterfactual" in rows[0]
    assert json.loads((folder / "score.json").read_text(encoding="utf-8"))["overall"] == score["overall"]
    assert f"value added {score['value_added']:+.2f}" in reviewed["printed"]


def test_heatmap_crosses_levers_with_the_domains_of_answered_threads(reviewed):
    """Every accepted order counts once per domain hit in its lever's row; a démarche answers a diplomacy thread."""
    from replays.format import read_replay
    from replays.review import heatmap
    from replays.score import RunData

    run = RunData.from_replay(read_replay(reviewed["replay"]))
    heat = heatmap(run)
    orders = [e for e in run.events if e["kind"] == "command.accepted"]
    total = sum(v for row in heat["counts"].values() for v in row.values())
    assert total >= len(orders) and heat["counts"]["diplomatic"]["diplomacy"] >= 1
    assert set(heat["rows"]) >= {"diplomatic", "information", "military", "economic", "financial", "intelligence", "legal"}


def test_findings_are_drawn_from_the_run(reviewed):
    """Strengths and areas for improvement name the run's objectives and threads, and every area has a plan row."""
    from replays.review import findings, improvement_plan
    from replays.format import read_replay
    from replays.score import RunData

    run = RunData.from_replay(read_replay(reviewed["replay"]))
    strengths, areas = findings(run, reviewed["score"])
    rated_p = {o["id"] for o in reviewed["score"]["objectives"] if o["rating"] == "P"}
    assert rated_p <= {f["capability"] for f in strengths}
    assert any(f["theme"] == "threads" for f in strengths + areas)
    assert len(improvement_plan(areas)) == len(areas)


def test_timeline_words_events_as_the_feed_does(reviewed):
    """Every timeline row but news is its event's registered sentence (a known false signal says so first)."""
    from replays.format import read_replay
    from replays.review import timeline
    from replays.score import RunData
    from sim.eventkinds import describe

    run = RunData.from_replay(read_replay(reviewed["replay"]))
    rows = [r for r in timeline(run) if r["lane"] != "news"]
    sentences = {describe(e) for e in run.events}
    assert rows and {r["lane"] for r in rows} >= {"inject", "red", "detection", "command"}
    for r in rows:
        assert r["what"].removeprefix("false signal: ") in sentences, r
    assert any(r["what"].startswith("INJECT ") or r["what"].startswith("CRITICAL INJECT ") for r in rows)


def test_review_of_an_unreadable_replay_exits_1(cli, tmp_path):
    """A file that is not a replay gives exit 1 and one line on stderr."""
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{}\n", encoding="utf-8")
    result = cli("review", bad, "--out", tmp_path / "out")
    assert result.code == 1 and len(result.err.strip().splitlines()) == 1


@pytest.mark.skipif(shutil.which("chromium") is None, reason="needs headless Chromium")
def test_report_renders_in_headless_chromium(reviewed, tmp_path):
    """The report renders in a real browser to a non-blank screenshot (kept for a look: report.png)."""
    from PIL import Image

    shot = reviewed["folder"] / "report.png"
    subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    f"--user-data-dir={tmp_path / 'profile'}", f"--screenshot={shot}", "--window-size=1400,4000",
                    (reviewed["folder"] / "report.html").as_uri()], capture_output=True, timeout=120, check=False)
    image = Image.open(shot).convert("L")
    low, high = image.getextrema()
    assert image.size == (1400, 4000) and high - low > 100
