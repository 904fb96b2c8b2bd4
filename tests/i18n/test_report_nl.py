"""The after-action report in Dutch: HTML, Markdown and Word of a short run hold no English template text.

A pseudo-language check: every message the report's code and templates can show (the catalogue's msgids from
``replays/review``, ``replays/templates`` and ``replays/compare.py``) is cut at its placeholders and markup, and
no piece of three words or more may appear verbatim in the Dutch report once the scenario's own texts (which
stay English when the scenario gives no Dutch) are taken out. English words a report is made of (headings,
labels, clock prefixes, English weekday dates) must not appear either. The English report of the same run keeps
its English and its structure (the same sections).
"""

from __future__ import annotations

import html as htmllib
import io
import re
from html.parser import HTMLParser
from typing import Any

import pytest

from replays.format import ReplayWriter, read_replay
from replays.runner import TimedCommand, drive
from sim import i18n
from sim.exercise import Exercise
from sim.scenario import load_scenario

PLAYERS = ["national-crisis-cell", "intelligence", "foreign-affairs"]
COMMANDS = [
    TimedCommand(20.0, "intelligence", "investigate vostria"),
    TimedCommand(30.0, "national-crisis-cell", "election_safeguards"),
    TimedCommand(40.0, "white", 'msg intelligence from=national-crisis-cell text="Deel wat je hebt"'),
    TimedCommand(44.0, "white", "note vote-trusted rating=M author=evaluator De cel aarzelde"),
    TimedCommand(60.0, "white", "note Vrije opmerking"),
]
ANSWERS = [{"cell": "national-crisis-cell", "objective": "vote-trusted", "rating": "S",
            "strengths": "Waarborgen op tijd", "improvements": "Bepaal wie de omroep antwoordt"}]

ENGLISH = [r"\bday \d", r"\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d", r"\b\d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b",
           r"\bObjectives?\b", r"\bDecisions?\b", r"\bRecommendations?\b", r"\bStrengths?\b", r"\bEvidence\b",
           r"\bAppendix\b", r"\bImprovement plan\b", r"\bno response\b", r"\bstaff-days\b", r"\bbeyond chance\b",
           r"\bwithin chance\b", r"\bExecutive summary\b", r"\bthis run\b", r"\btarget\b", r"\bLoss\b",
           r"\brated\b", r"\bplayer orders?\b", r"\bcells held\b", r"\bpoints x days\b",
           r"\bpage\b", r"\bfill in\b", r"\bnot recorded\b", r"\bHeld\b", r"\bto improve\b"]
"""English words and forms a report is made of; none may be left in the Dutch one (``score`` is Dutch too)."""


class _Text(HTMLParser):
    """The text a reader sees on an HTML page (the contents of <style> and <script> left out)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in ("style", "script"):
            self.skip += 1
        for name, value in attrs:  # what a reader meets in attributes: alt texts, titles, placeholders
            if name in ("alt", "title", "data-placeholder", "aria-label") and value:
                self.parts.append(" " + value + " ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self.skip -= 1
        self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def html_text(page: str) -> str:
    parser = _Text()
    parser.feed(page)
    return " ".join("".join(parser.parts).split())


def md_text(page: str) -> str:
    """The Markdown as read: escapes, entities and emphasis undone."""
    page = re.sub(r"\\([\\`*_\[\]()#|~+\-=.])", r"\1", page)
    return " ".join(htmllib.unescape(page).replace("**", "").split())


def docx_text(data: bytes) -> str:
    from docx import Document

    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    parts += [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    parts += [p.text for section in doc.sections for p in section.footer.paragraphs]
    # the fields to fill in are content controls (w:sdt), outside python-docx's runs
    parts += [t.text or "" for t in doc.element.body.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t")]
    return " ".join(" ".join(parts).split())


def _strings(value: Any) -> list[str]:
    """Every string in a loaded scenario's data (its own texts, in whatever language it gives them)."""
    out: list[str] = []
    if isinstance(value, str):
        out.append(value)
        if isinstance(value, i18n.Localized):
            out += list(value.variants.values())
    elif isinstance(value, dict):
        for v in value.values():
            out += _strings(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            out += _strings(v)
    elif hasattr(value, "model_dump"):
        for name in type(value).model_fields:
            out += _strings(getattr(value, name))
    return out


def without_scenario_texts(text: str, run: Any) -> str:
    """``text`` with the scenario's own texts and the catalogue's registry summaries taken out (longest first)."""
    from sim.plugins import load_plugins
    from sim.registry import ACTIONS, TECHNIQUES

    load_plugins()
    own = _strings(run.scenario) + [a.summary for a in ACTIONS.values()] + [t.summary for t in TECHNIQUES.values()]
    for s in sorted({" ".join(s.split()) for s in own if len(s) > 3}, key=len, reverse=True):
        text = text.replace(s, " ")
    return text


def report_messages() -> list[tuple[str, str]]:
    """(English msgid, its Dutch) for every message the report's code and templates use."""
    from sim.locale import source_messages

    dutch = i18n.read_catalog("nl")
    places = ("replays/review/", "replays/templates/", "replays/compare.py")
    out = []
    for m in source_messages():
        if not m.id or not any(loc.startswith(places) for loc, _ in m.locations):
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        translated = dutch.get(m.id)
        strings = translated.string if translated is not None else ()
        strings = strings if isinstance(strings, tuple) else (strings,)
        out += [(english, " ".join(s or "" for s in strings)) for english in ids]
    return out


def pieces(message: str) -> list[str]:
    """The literal stretches of a message between its placeholders and markup, of three words or more."""
    found = []
    for piece in re.split(r"\{[^{}]*\}|<[^>]+>|\*\*|`|\"", message):
        piece = " ".join(piece.split()).strip(" ,;:.()-\u2014")
        if len(re.findall(r"[A-Za-z]{2,}", piece)) >= 3:
            found.append(piece)
    return found


@pytest.fixture(scope="module")
def reports(tmp_path_factory, default_scenario):
    """The default scenario played ten days with orders, notes, a message and a hot wash, reviewed in Dutch
    (with the decision-value table, two seeds) and in English (without it)."""
    from replays.review import build_review, render_docx, render_html, render_markdown

    loaded = load_scenario(default_scenario)
    exercise = Exercise(loaded, seed=3, players=PLAYERS)
    path = tmp_path_factory.mktemp("nl") / "groep.jsonl"
    until = 10 * 24.0
    writer = ReplayWriter.for_exercise(path, exercise, until)
    drive(exercise, COMMANDS, until)
    writer.write_hotwash(exercise.now, ANSWERS)
    writer.close(exercise.now)
    out = {}
    try:
        with i18n.language("nl"):
            review = build_review(read_replay(path), explain=True, seeds=2, workers=1)
            out["nl"] = {"review": review, "html": render_html(review), "md": render_markdown(review),
                         "docx": render_docx(review)}
        review = build_review(read_replay(path), explain=False)
        out["en"] = {"review": review, "html": render_html(review), "md": render_markdown(review),
                     "docx": render_docx(review)}
    finally:
        i18n.display_names({})
    return out


def _texts(report: dict[str, Any]) -> dict[str, str]:
    run = report["review"].run
    return {"html": without_scenario_texts(html_text(report["html"]), run),
            "md": without_scenario_texts(md_text(report["md"]), run),
            "docx": without_scenario_texts(docx_text(report["docx"]), run)}


def test_the_pseudo_language_check_can_fail(reports):
    """The check sees English: the English report holds many of the report's messages verbatim."""
    english = _texts(reports["en"])
    messages = [p for english_id, _ in report_messages() for p in pieces(english_id)]
    assert len(messages) > 200
    for fmt, text in english.items():
        assert sum(1 for p in messages if p in text) > 40, fmt


@pytest.mark.parametrize("fmt", ["html", "md", "docx"])
def test_no_english_template_text_in_the_dutch_report(reports, fmt):
    text = _texts(reports["nl"])[fmt]
    left = sorted({p for english_id, dutch in report_messages() for p in pieces(english_id)
                   if p not in dutch and p in text})
    assert not left, f"English in the Dutch {fmt} report: {left[:15]}"
    words = [w for w in ENGLISH if re.search(w, text)]
    assert not words, f"English words in the Dutch {fmt} report: " + "; ".join(
        f"{w}: ...{text[max(0, m.start() - 60):m.end() + 60]}..." for w in words for m in [re.search(w, text)])


def test_the_dutch_report_speaks_dutch(reports):
    nl = reports["nl"]
    assert '<html lang="nl">' in nl["html"]
    for fmt in ("html", "md"):
        for heading in ("Samenvatting", "Doelstellingen en beoordelingen", "Verbeterplan", "Tijdlijn",
                        "Kosten van het optreden"):
            assert heading in nl[fmt] or heading.lower() in nl[fmt].lower(), (fmt, heading)
    text = docx_text(nl["docx"])
    assert "EVALUATIERAPPORT / VERBETERPLAN" in text and "Bijlage A" in text
    assert re.search(r"\bdag \d+ \d\d:\d\d\b", text)  # clock readings in Dutch
    # display names, not ids, where the scenario has them; the scenario's notes and messages as written
    assert "Intelligence and cyber" in nl["html"] and "De cel aarzelde" in nl["html"] and "Deel wat je hebt" in nl["md"]


def test_the_english_report_keeps_its_english_and_its_sections(reports):
    en, nl = reports["en"], reports["nl"]
    assert '<html lang="en">' in en["html"]
    for heading in ("Executive summary", "1. Exercise overview", "2. Objectives and ratings", "Appendix A: Improvement plan",
                    "Appendix D: Glossary", "8. Cost of the response"):
        assert heading in en["html"] and heading in en["md"]
    assert re.search(r"\bday \d+ \d\d:\d\d \((?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ", en["html"])
    for fmt in ("html", "md"):
        tags = r"<h[1-3]" if fmt == "html" else r"(?m)^#{1,3} "
        assert len(re.findall(tags, en[fmt])) == len(re.findall(tags, nl[fmt])), fmt
