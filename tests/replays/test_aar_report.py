"""The AAR/IP in HSEEP shape: evaluators' notes and hot-wash answers reach the report in HTML, Markdown and Word."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser

import pytest

from replays.format import ReplayWriter, read_replay
from replays.runner import TimedCommand, drive
from replays.score import RunData
from sim.exercise import Exercise
from sim.scenario import load_scenario

NOTE = "The crisis cell waited for <intelligence> before acting"
ANSWERS = [
    {"cell": "national-crisis-cell", "objective": "vote-trusted", "rating": "S", "strengths": "Safeguards in time",
     "improvements": "Decide who answers the broadcaster"},
    {"cell": "foreign-affairs", "objective": None, "rating": None, "strengths": "",
     "improvements": "Agree the attribution threshold with partners beforehand"},
]


PLAYERS = ["national-crisis-cell", "intelligence", "foreign-affairs"]


def _order_seq(loaded) -> int:
    """The seq of the investigate order at 34 h: a dry run up to it (a later note cannot change what came before)."""
    exercise = Exercise(loaded, seed=7, players=PLAYERS)
    drive(exercise, [TimedCommand(34.0, "intelligence", "investigate vostria")], 35.0)
    return next(e.seq for e in exercise.log if e.kind == "command.accepted")


@pytest.fixture(scope="module")
def evaluated(tmp_path_factory, default_scenario):
    """The default scenario played with a few orders, three evaluators' notes and two hot-wash answers, reviewed."""
    from replays.review import build_review, render_docx, render_html, render_markdown

    loaded = load_scenario(default_scenario)
    seq = _order_seq(loaded)
    exercise = Exercise(loaded, seed=7, players=PLAYERS)
    path = tmp_path_factory.mktemp("aar") / "group-a.jsonl"
    until = 30 * 24.0
    writer = ReplayWriter.for_exercise(path, exercise, until)
    commands = [
        TimedCommand(34.0, "intelligence", "investigate vostria"),
        TimedCommand(40.0, "white", f"note vote-trusted rating=M author=evaluator about={seq} {NOTE}"),
        TimedCommand(60.0, "white", "note trust-held rating=P author=evaluator-2 One government line"),
        TimedCommand(80.0, "white", "note Free remark: the room went quiet at the attribution"),
        TimedCommand(130.0, "national-crisis-cell", "election_safeguards"),
    ]
    drive(exercise, commands, until)
    writer.write_hotwash(exercise.now, ANSWERS)
    writer.close(exercise.now)
    review = build_review(read_replay(path), explain=False)
    return {"path": path, "review": review, "html": render_html(review), "md": render_markdown(review),
            "docx": render_docx(review), "seq": seq}


class Anchors(HTMLParser):
    """The ids the page defines and the in-page links it holds."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and (a.get("href") or "").startswith("#"):
            self.links.append(a["href"][1:])


def _docx_text(data: bytes) -> tuple[str, object]:
    from docx import Document

    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    parts += [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts), doc


def test_notes_and_hotwash_reach_the_objectives_in_every_format(evaluated):
    """A rated note and a hot-wash answer stand under their objective, next to its simulated evidence."""
    html, md = evaluated["html"], evaluated["md"]
    block = html.split('data-view="vote-trusted"', 1)[1].split("</section>", 1)[0]
    assert "The crisis cell waited for &lt;intelligence&gt; before acting" in block
    assert "Simulated evidence" in block and "Decide who answers the broadcaster" in block
    assert "evaluator" in block and 'id="note-1"' in block
    assert "<intelligence>" not in html  # escaped, never markup
    general = html.split('data-view="general"', 1)[1].split("</section>", 1)[0]
    assert "the room went quiet" in general and "Agree the attribution threshold" in general
    md_block = md.split("(`vote-trusted`)", 1)[1].split("\n### ", 1)[0]
    assert "waited for &lt;intelligence&gt; before acting" in md_block and "Decide who answers the broadcaster" in md_block
    text, _ = _docx_text(evaluated["docx"])
    assert NOTE in text and "Agree the attribution threshold with partners beforehand" in text


def test_evaluators_rating_is_the_objectives_rating(evaluated):
    """An objective the evaluators rated takes their rating; the simulation's rating is still shown beside it."""
    views = {v["id"]: v for v in evaluated["review"].context["objective_views"]}
    assert views["vote-trusted"]["rating"] == "M" and views["vote-trusted"]["rating_from"] == "evaluators"
    assert views["trust-held"]["rating"] == "P" and views["trust-held"]["rating_from"] == "evaluators"
    assert views["freedoms-kept"]["rating_from"] == "simulation"
    row = evaluated["html"].split('data-objective="vote-trusted"', 1)[1].split("</tr>", 1)[0]
    assert 'data-key="evaluator_rating">M' in row and 'data-key="final_rating"' in row


def test_evaluator_rating_takes_the_majority_and_the_worse_on_a_tie():
    """Most frequent rating wins; a tie goes to the worse rating; no ratings give None."""
    from replays.review import evaluator_rating

    assert evaluator_rating(["P", "P", "S"]) == "P"
    assert evaluator_rating(["P", "M"]) == "M"
    assert evaluator_rating([None, "S", "U", "S"]) == "S"
    assert evaluator_rating([None]) is None


def test_rated_notes_and_hotwash_points_become_findings_with_evidence(evaluated):
    """An M note is a high-priority area citing the note and the event it is about; a hot-wash point is one too."""
    review = evaluated["review"]
    areas = review.context["improvements"]
    note_area = next(a for a in areas if a["source"] == "evaluator")
    assert note_area["priority"] == "high" and note_area["objective"] == "vote-trusted"
    assert [e["ref"] for e in note_area["evidence"]][:2] == ["note-1", f"ev-{evaluated['seq']}"]
    hot = [a for a in areas if a["source"] == "hot wash"]
    assert {a["cell"] for a in hot} == {"national-crisis-cell", "foreign-affairs"}
    assert any(s["source"] == "evaluator" and "One government line" in s["text"] for s in review.context["strengths"])


def test_every_link_in_the_html_lands_on_the_page(evaluated):
    """Each in-page link (evidence, notes' events, injects) has its target: no dead links."""
    parser = Anchors()
    parser.feed(evaluated["html"])
    assert parser.links and set(parser.links) <= parser.ids
    assert f"ev-{evaluated['seq']}" in parser.links  # the note links to the order's row in the timeline


def test_improvement_plan_names_organisations_and_leaves_dates_to_fill_in(evaluated):
    """Responsible is the cell's organisation, never its id; start and completion are empty fields to fill in."""
    review = evaluated["review"]
    plan = review.context["plan"]
    scenario = review.run.scenario
    organisations = {c.organisation for c in scenario.cells.values()}
    rows = [r for r in plan if r["cells"]]
    assert rows and all(r["responsible"] in organisations or ", " in r["responsible"] for r in rows)
    assert not any(r["responsible"] in scenario.cells for r in plan)
    assert all(r["start"] == "" and r["completion"] == "" and r["capability"] for r in plan)
    caps = {o.capability for o in scenario.objectives}
    assert any(r["capability"] in caps for r in plan)
    html = evaluated["html"]
    assert html.count('data-field="start"') == len(plan) == html.count('data-field="completion"')
    assert 'contenteditable="true" data-field="action"' in html
    md = evaluated["md"].split("## Appendix A: Improvement plan", 1)[1].split("## Appendix B", 1)[0]
    assert "| Start date | Completion date |" in md and md.count("\n| ") == len(plan) + 1


def test_word_plan_is_a_table_of_fields_to_fill_in(evaluated):
    """The DOCX plan has one row per area, and each row content controls tagged by row and field (dates pickers)."""
    _, doc = _docx_text(evaluated["docx"])
    plan = evaluated["review"].context["plan"]
    xml = doc.element.xml
    for r in plan:
        for field in ("action", "capability", "responsible", "start", "completion"):
            assert f'w:val="plan-{r["no"]}-{field}"' in xml
    assert len(re.findall(r"<w:date\b", xml)) == 2 * len(plan)
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "#")
    assert len(table.rows) == len(plan) + 1 and table.rows[0].cells[6].text == "Start date"


def test_word_report_has_the_hseep_sections_and_figures(evaluated):
    """Executive summary, overview, objectives, analysis, the four appendices; the three plots are embedded."""
    _, doc = _docx_text(evaluated["docx"])
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    for wanted in ("Executive summary", "1. Exercise overview", "2. Objectives and ratings",
                   "3. Analysis: strengths and areas for improvement", "Appendix A: Improvement plan",
                   "Appendix B: Participants", "Appendix C: Timeline", "Appendix D: Glossary"):
        assert wanted in headings
    assert len(doc.inline_shapes) == 3
    assert len(doc.sections) == 3  # the plan stands in a landscape section of its own
    assert doc.sections[1].page_width > doc.sections[1].page_height


def test_overview_and_summary_say_who_where_and_when(evaluated):
    """Name, sponsor and venue from the scenario's exercise block; date held from the replay when the scenario has none."""
    review = evaluated["review"]
    info = review.run.scenario.exercise
    exercise = review.context["exercise"]
    assert exercise["name"] == (info.name or review.run.scenario.title) and exercise["sponsor"] == info.sponsor
    created = read_replay(evaluated["path"]).header["created"]
    assert (exercise["date"], exercise["date_from"]) == ((info.date, "scenario") if info.date else (created[:10], "recorded"))
    summary = " ".join(review.context["summary"]["paragraphs"])
    assert "3 observations" in summary and "2 cells answered the hot wash" in summary
    evaluators = [e["name"] for e in review.context["participants"]["evaluators"]]
    assert {"evaluator", "evaluator-2", "white"} <= set(evaluators)


def test_glossary_explains_the_ids_shown(evaluated):
    """Cells, objectives and the actions ordered are in the glossary; an id the report never shows is not."""
    review = evaluated["review"]
    ids = {g["id"]: g for g in review.context["glossary"]}
    assert ids["intelligence"]["kind"] == "cell" and ids["vote-trusted"]["kind"] == "objective"
    assert ids["investigate"]["kind"] == "response (action)" and "P" in ids
    assert "ban_organisation" not in ids or "ban_organisation" in evaluated["html"].replace("ban_organisation</code>", "")


def test_review_format_docx_writes_only_what_was_asked(cli, evaluated, tmp_path):
    """--format docx writes report.docx with the data files; a second run is refused, --force replaces."""
    out = tmp_path / "aar"
    result = cli("review", evaluated["path"], "--out", out, "--no-explain", "--format", "docx")
    assert result.code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["report.docx", "score.json", "series.csv"]
    assert (out / "report.docx").read_bytes()[:2] == b"PK"
    again = cli("review", evaluated["path"], "--out", out, "--no-explain", "--format", "docx")
    assert again.code == 1 and "already holds report.docx" in again.err and len(again.err.strip().splitlines()) == 1
    assert cli("review", evaluated["path"], "--out", out, "--no-explain", "--format", "docx,md", "--force").code == 0
    assert (out / "report.md").exists() and (out / "indicators.png").exists()
    bad = cli("review", evaluated["path"], "--out", out, "--format", "pdf")
    assert bad.code == 2 and "invalid format 'pdf'" in bad.err
