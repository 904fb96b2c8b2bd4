"""The AAR/IP as a Word document (``report.docx``), since ministries exchange Word files.

:func:`render_docx` lays out the same template context as the HTML and Markdown reports
(:attr:`replays.review.build.Review.context`) with python-docx, in HSEEP's order: a title block,
the executive summary, the exercise overview, the objectives with their ratings, the evaluators'
observations and the hot-wash answers next to the simulated evidence, the analysis (strengths and
areas for improvement with their evidence), the resilience, thread, decision-value, lever and
cost sections, and the appendices: the improvement plan, participants, timeline and glossary.

The improvement plan is a table the ministry fills in: it stands in a landscape section of its own,
its header row repeats on every page, and the fields for the responsible organisations (corrective
action, capability, responsible organisation, start and completion date) are shaded and hold Word
content controls (a date picker for the two dates), so they can be filled in and read back.

Text from the scenario, players and evaluators goes in as text runs (python-docx escapes it);
characters XML cannot hold are dropped (:func:`xml_text`). Nothing here reads or writes files: the
document comes back as bytes.
"""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING, Any

from replays.review.lang import display, hours, indicator, names, word
from sim.i18n import _, ngettext

if TYPE_CHECKING:
    from replays.review.build import Review

FILL_IN = "FFF6CC"
"""Shading of the fields the responsible organisations fill in (a pale yellow, as in the HTML)."""
HEADER_FILL = "DCE6F2"
MUTED = (0x61, 0x6E, 0x7C)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(value: Any) -> str:
    """``value`` as text a Word document can hold (control characters XML 1.0 forbids dropped)."""
    return _NOT_XML.sub("", "" if value is None else str(value))


class _Writer:
    """A python-docx document with the few building blocks the report uses."""

    def __init__(self, colours: dict[str, str]) -> None:
        from docx import Document
        from docx.shared import Cm, Pt

        self.doc = Document()
        self.colours = colours
        normal = self.doc.styles["Normal"]
        normal.font.name = "Calibri"
        normal.font.size = Pt(10)
        for name, size in (("Heading 1", 15), ("Heading 2", 12.5), ("Heading 3", 11)):
            self.doc.styles[name].font.size = Pt(size)
        section = self.doc.sections[0]
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)  # A4
        for side in ("left_margin", "right_margin"):
            setattr(section, side, Cm(2.0))
        section.top_margin = section.bottom_margin = Cm(1.8)

    # -- text ------------------------------------------------------------------------------------

    def heading(self, text: str, level: int = 1) -> None:
        self.doc.add_heading(xml_text(text), level=level)

    def para(self, text: str = "", *, bold: str = "", italic: bool = False, muted: bool = False, size: float | None = None,
             style: str | None = None):
        """A paragraph: an optional bold lead (``bold``), then the text."""
        from docx.shared import Pt, RGBColor

        p = self.doc.add_paragraph(style=style)
        if bold:
            p.add_run(xml_text(bold)).bold = True
        run = p.add_run(xml_text(text))
        run.italic = italic
        if muted:
            run.font.color.rgb = RGBColor(*MUTED)
        if size:
            run.font.size = Pt(size)
        p.paragraph_format.space_after = Pt(3)
        return p

    def bullet(self, text: str, *, lead: str = "", evidence: list[dict[str, str]] | None = None) -> None:
        from docx.shared import Pt, RGBColor

        p = self.doc.add_paragraph(style="List Bullet")
        if lead:
            p.add_run(xml_text(lead)).bold = True
        p.add_run(xml_text(text))
        if evidence:
            run = p.add_run(" " + _("Evidence:") + " " + "; ".join(xml_text(e["text"]) for e in evidence))
            run.italic = True
            run.font.size = Pt(8.5)
            run.font.color.rgb = RGBColor(*MUTED)
        p.paragraph_format.space_after = Pt(2)

    def numbered(self, text: str) -> None:
        self.doc.add_paragraph(xml_text(text), style="List Number")

    def image(self, data: bytes, width_cm: float, caption: str = "") -> None:
        from docx.shared import Cm

        self.doc.add_picture(io.BytesIO(data), width=Cm(width_cm))
        if caption:
            self.para(caption, italic=True, muted=True, size=8.5)

    # -- tables ----------------------------------------------------------------------------------

    def table(self, headers: list[str] | None, rows: list[list[Any]], widths_cm: list[float] | None = None,
              size: float = 8.5, numeric: set[int] | None = None, tight: bool = False):
        """A grid table with a shaded header row that repeats on each page (none if ``headers`` is None); returns it.

        ``widths_cm`` fixes the columns' widths: in the grid as well as in each cell, since LibreOffice reads
        the grid and Word the cells. ``tight``: narrow cell margins (0.08 cm a side instead of Word's 0.19), for a
        table of many short columns whose numbers and headers would otherwise break inside a word.
        """
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Cm, Pt

        numeric = numeric or set()
        columns = len(headers) if headers is not None else len(rows[0])
        table = self.doc.add_table(rows=1 if headers is not None else 0, cols=columns)
        table.style = "Table Grid"
        table.autofit = widths_cm is None
        if tight:
            _cell_margins(table, TIGHT_MARGIN_TWIPS)
        if headers is not None:
            header = table.rows[0]
            _repeat_header(header)
            for cell, text in zip(header.cells, headers):
                self._cell_text(cell, text, size, bold=True)
                shade(cell, HEADER_FILL)
        for values in rows:
            cells = table.add_row().cells
            for i, (cell, value) in enumerate(zip(cells, values)):
                if isinstance(value, tuple):  # (text, fill): a shaded cell (a rating)
                    self._cell_text(cell, value[0], size, bold=True)
                    shade(cell, value[1])
                else:
                    self._cell_text(cell, value, size)
                if i in numeric:
                    cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        if widths_cm:
            for column, width in zip(table.columns, widths_cm):
                column.width = Cm(width)
            for row in table.rows:
                for cell, width in zip(row.cells, widths_cm):
                    cell.width = Cm(width)
        self.doc.add_paragraph().paragraph_format.space_after = Pt(2)
        return table

    @staticmethod
    def _cell_text(cell, value: Any, size: float, bold: bool = False) -> None:
        from docx.shared import Pt

        p = cell.paragraphs[0]
        run = p.add_run(xml_text(value))
        run.font.size = Pt(size)
        run.bold = bold
        p.paragraph_format.space_after = Pt(0)

    def rating(self, r: str | None) -> Any:
        """A rating cell: the letter on its colour, or "-"."""
        return (r, self.colours[r].lstrip("#")) if r else "-"

    def landscape(self, on: bool) -> None:
        """Start a new section in landscape (``on``) or portrait."""
        from docx.enum.section import WD_ORIENT, WD_SECTION

        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        width, height = section.page_width, section.page_height
        if on != (width > height):
            section.page_width, section.page_height = height, width
        section.orientation = WD_ORIENT.LANDSCAPE if on else WD_ORIENT.PORTRAIT

    def footer(self, text: str) -> None:
        """The footer of every page: ``text`` and the page number (a PAGE field Word fills in)."""
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Pt

        p = self.doc.sections[0].footer.paragraphs[0]
        run = p.add_run(xml_text(text) + " \u2014 " + _("page") + " ")
        run.font.size = Pt(8)
        field = p.add_run()
        field.font.size = Pt(8)
        for kind, instruction in (("begin", None), (None, "PAGE"), ("end", None)):
            if kind:
                element = OxmlElement("w:fldChar")
                element.set(qn("w:fldCharType"), kind)
            else:
                element = OxmlElement("w:instrText")
                element.set(qn("xml:space"), "preserve")
                element.text = instruction
            field._r.append(element)

    def save(self) -> bytes:
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()


def shade(cell, fill: str) -> None:
    """Give a table cell a background colour (hex, no ``#``)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = cell._tc.get_or_add_tcPr()
    for old in properties.findall(qn("w:shd")):
        properties.remove(old)
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    properties.append(shd)


def _repeat_header(row) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(marker)


def fill_in(cell, text: str, tag: str, *, date: bool = False, size: float = 8.5) -> None:
    """Make a table cell a field to fill in: shaded, holding a content control (a date picker for dates).

    The control carries ``tag`` (``plan-3-start``), so what the ministry typed can be read back by tag.
    An empty control shows its placeholder text ("YYYY-MM-DD", "fill in") in grey.
    """
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shade(cell, FILL_IN)
    p = cell.paragraphs[0]._p
    sdt = OxmlElement("w:sdt")
    pr = OxmlElement("w:sdtPr")
    for name, value in (("w:alias", tag), ("w:tag", tag)):
        element = OxmlElement(name)
        element.set(qn("w:val"), value)
        pr.append(element)
    if not text:
        pr.append(OxmlElement("w:showingPlcHdr"))
    if date:
        picker = OxmlElement("w:date")
        fmt = OxmlElement("w:dateFormat")
        fmt.set(qn("w:val"), "yyyy-MM-dd")
        picker.append(fmt)
        lid = OxmlElement("w:lid")
        lid.set(qn("w:val"), "nl-NL")
        picker.append(lid)
        pr.append(picker)
    else:
        pr.append(OxmlElement("w:text"))
    sdt.append(pr)
    content = OxmlElement("w:sdtContent")
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    sz = OxmlElement("w:sz")
    sz.set(qn("w:val"), str(int(size * 2)))
    rpr.append(sz)
    if not text:
        colour = OxmlElement("w:color")
        colour.set(qn("w:val"), "8A6D00")
        rpr.append(colour)
    run.append(rpr)
    t = OxmlElement("w:t")
    t.set(qn("xml:space"), "preserve")
    t.text = xml_text(text) or (_("YYYY-MM-DD") if date else _("fill in"))
    run.append(t)
    content.append(run)
    sdt.append(content)
    p.append(sdt)


TIGHT_MARGIN_TWIPS = 45
"""A tight table's left and right cell margin (45 twips = 0.08 cm)."""


def _cell_margins(table, twips: int) -> None:
    """Set a table's default left and right cell margins (``w:tblCellMar``)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = table._tbl.tblPr
    margins = properties.find(qn("w:tblCellMar"))
    if margins is None:
        margins = OxmlElement("w:tblCellMar")
        properties.append(margins)
    for side in ("left", "right"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), str(twips))
        element.set(qn("w:type"), "dxa")
        margins.append(element)


def _num(value: Any, digits: int = 2) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def _signed(value: Any, digits: int = 2) -> str:
    return "-" if value is None else f"{value:+.{digits}f}"


def render_docx(review: Review) -> bytes:
    """The AAR/IP as a .docx file's bytes (see the module docstring)."""
    from replays.review.render import _adopt

    _adopt(review)
    c = review.context
    w = _Writer(c["rating_colours"])
    w.footer(_("AAR/IP: {name}").format(name=c["exercise"]["name"]))
    _front(w, c)
    _objectives(w, c)
    _analysis(w, c)
    _simulation(w, c, review.images)
    _coordination(w, c)
    _appendices(w, c, review.images)
    return w.save()


def _front(w: _Writer, c: dict[str, Any]) -> None:
    o, ex, summary = c["overview"], c["exercise"], c["summary"]
    from docx.shared import Pt, RGBColor

    kicker = w.para(_("AFTER-ACTION REPORT / IMPROVEMENT PLAN (AAR/IP)"), size=9)
    kicker.runs[-1].font.color.rgb = RGBColor(0x15, 0x65, 0xC0)
    kicker.runs[-1].bold = True
    w.doc.add_heading(xml_text(ex["name"]), level=0)
    held = ""
    if ex["date"]:
        held = _("Held {date}").format(date=ex["date"]) + (f", {ex['venue']}" if ex["venue"] else "") + " · "
    w.para(" · ".join((held + _("{start} to {end}").format(start=o["start"], end=o["end"]),
                       _("seed {seed}").format(seed=o["seed"]), _("scenario {scenario}").format(scenario=o["id"]))),
           muted=True)
    score = c["score"]
    w.table([_("Overall score (0-100)"), _("With no response"), _("Value added by the players"),
             _("Capacity used (staff-days)")],
            [[_num(score["overall"]), _num(score["baseline_overall"]), _signed(score["value_added"]),
              _num(score["cost"]["capacity"], 0)]], widths_cm=[4.25] * 4, size=11)
    if not o["complete"]:
        w.para(_("The replay is incomplete (the run was cut short); the report covers what was recorded."),
               bold=_("Note:") + " ")

    w.heading(_("Executive summary"))
    for paragraph in summary["paragraphs"]:
        w.para(paragraph).paragraph_format.space_after = Pt(6)
    w.para(bold=_("Main strengths"))
    for f in summary["strengths"] or [{"text": _("None found."), "evidence": []}]:
        w.bullet(f["text"], evidence=f["evidence"])
    w.para(bold=_("Main areas for improvement"))
    for f in summary["areas"] or [{"text": _("None found."), "evidence": [], "priority": ""}]:
        w.bullet(f["text"], lead=f"({word(f['priority'])}) " if f.get("priority") else "", evidence=f["evidence"])

    w.heading("1. " + _("Exercise overview"))
    people = c["participants"]
    played = sum(1 for cell in o["cells"] if cell["played"] == "player")
    held_note = (" " + _("(the day the replay was recorded; the scenario gives no date)")
                 if ex["date_from"] == "recorded" else "")
    counts = o["counts"]
    rows = [[_("Exercise name"), ex["name"]], [_("Date held"), (ex["date"] or "-") + held_note],
            [_("Place"), ex["venue"] or "-"], [_("Sponsor"), ex["sponsor"] or "-"],
            [_("Type of exercise"), ex["type"] or "-"],
            [_("Exercise period (scenario time)"),
             _("{start} to {end}").format(start=o["start"], end=o["end"]) + " (" + ngettext(
                 "{n} day of exercise time", "{n} days of exercise time", round(o["days"])).format(
                 n=f"{o['days']:.0f}") + ")"],
            [_("Scenario"), o["summary"]], [_("Threat actor(s)"), o["threat"]], [_("Domains hit"), o["domains"]],
            [_("Participants"), (ngettext("{n} person (Appendix B)", "{n} people (Appendix B)",
                                          len(people["people"])).format(n=len(people["people"]))
                                 if people["people"] else _("not listed in the scenario")) + "; " + ngettext(
                "{n} of {total} cell held by players", "{n} of {total} cells held by players", len(o["cells"])).format(
                n=played, total=len(o["cells"]))],
            [_("Evaluators"), ", ".join(e["name"] + (f" ({e['organisation']})" if e["organisation"] else "")
                                        for e in people["evaluators"]) or _("none recorded")],
            [_("Point of contact"), ex["point_of_contact"] or "-"],
            [_("Scope"), _("{injects} injects fired, {operations} red operations, {detections} detections, "
                           "{player_orders} player orders, {doctrine_orders} doctrine orders, {refused} refused, "
                           "{news} news items; {notes} evaluator observations, {answers} hot-wash answers").format(
                notes=len(c["observed"]["notes"]), answers=len(c["observed"]["hotwash"]), **counts)],
            [_("Replay"), f"{o['replay']} (" + _("seed {seed}, recorded {created}, weerbaar {version}").format(
                seed=o["seed"], created=o["created"] or "-", version=o["weerbaar"] or "-") + ")"]]
    table = w.table(None, rows, widths_cm=[4.5, 12.5], size=9)
    for row in table.rows:
        row.cells[0].paragraphs[0].runs[0].bold = True
        shade(row.cells[0], HEADER_FILL)
    if o["briefing"]:
        w.heading(_("Briefing"), 3)
        for block in o["briefing"].strip().split("\n\n"):
            w.para(" ".join(block.split()))
    if o["learning_objectives"]:
        w.heading(_("Learning objectives"), 3)
        for lo in o["learning_objectives"]:
            w.numbered(lo)
    w.heading(_("Participating cells"), 3)
    cost_cells = c["score"]["cost"]["cells"]
    w.table([_("Cell"), _("Organisation"), _("Bodies"), _("Played by"), _("Orders")],
            [[f"{cell['title']} ({cell['id']})", cell["organisation"] or "-", cell["bodies"], word(cell["played"]),
              (cost_cells.get(cell["id"]) or {}).get("orders", 0)] for cell in o["cells"]],
            widths_cm=[4.3, 6.3, 2.5, 2.2, 1.7], numeric={4}, tight=True)


def _objectives(w: _Writer, c: dict[str, Any]) -> None:
    w.heading("2. " + _("Objectives and ratings"))
    ratings = c["ratings"]
    w.para(_("HSEEP ratings:") + " " + "; ".join(f"{r} {m}" for r, m in ratings.items()) + ". " + _(
        "Each objective's rating is the evaluators' (the most frequent rating in their notes on it; a tie goes to the "
        "worse) where they rated it, and otherwise the simulation's rule ({rule}).").format(
        rule=_(c["score"]["rating_rule"])), muted=True, size=8.5)
    rows = []
    for ob, v in zip(c["score"]["objectives"], c["objective_views"]):
        rows.append([f"{ob['id']}: {v['description']}", indicator(ob["indicator"]), _num(ob["target"], 0),
                     _num(ob["minimum"], 1), _num(ob["final"], 1), _num(ob["score"], 1), _num(ob["baseline_score"], 1),
                     w.rating(ob["rating"]), w.rating(v["evaluator_rating"]),
                     ", ".join(f"{display(s['cell'])} {s['rating']}" for s in v["self_ratings"]) or "-",
                     w.rating(v["rating"])])
    w.table([_("Objective"), _("Indicator"), _("Target"), _("Lowest"), _("Final"), _("Score"), _("No resp."),
             _("Sim."), _("Eval."), _("Hot wash"), _("Rating")], rows,
            widths_cm=[3.0, 2.3, 1.25, 1.3, 1.15, 1.2, 1.25, 0.9, 1.0, 2.3, 1.35], size=8, numeric={2, 3, 4, 5, 6},
            tight=True)
    for i, v in enumerate(c["objective_views"], start=1):
        w.heading(f"2.{i} {v['description'] or v['id']} ({v['id']}): {v['rating']}", 2)
        w.para((_("Capability: {capability}.").format(capability=v["capability"]) + " " if v["capability"] else "")
               + _("Indicator {indicator}, target {target}, weight {weight}.").format(
                   indicator=indicator(v["indicator"]), target=f"{v['target']:.0f}", weight=f"{v['weight']:.0f}")
               + " " + (_("Rating {rating} ({meaning}) from the evaluators.") if v["rating_from"] == "evaluators"
                        else _("Rating {rating} ({meaning}) from the simulation.")).format(
                   rating=v["rating"], meaning=ratings[v["rating"]]), muted=True)
        if v["evaluation_guide"]:
            w.para(bold=_("Evaluation guide (what evaluators looked for)"))
            for g in v["evaluation_guide"]:
                w.bullet(g)
        w.para(bold=_("Simulated evidence"))
        w.bullet(_("{indicator} lowest {lowest}, final {final} against target {target}: score {score} (no response "
                   "{baseline}), simulation's rating {rating}.").format(
            indicator=indicator(v["indicator"]), lowest=f"{v['minimum']:.1f}", final=f"{v['final']:.1f}",
            target=f"{v['target']:.0f}", score=f"{v['score']:.1f}", baseline=f"{v['baseline_score']:.1f}",
            rating=v["simulated_rating"]))
        for inj in v["injects"]:
            answer = inj["answer"]
            head = (_("Inject {no} ({when}, critical) to {receivers}, expecting {actions}:") if inj["critical"] else
                    _("Inject {no} ({when}) to {receivers}, expecting {actions}:")).format(
                no=inj["no"], when=inj["clock"], receivers=", ".join(inj["receivers"]),
                actions=", ".join(inj["expected"]))
            tail = (_("{cell} ordered {action} {when}").format(cell=answer["cell"], action=answer["action"],
                                                               when=answer["clock"]) if answer
                    else _("no expected action within the window"))
            w.bullet(f"{head} {tail}.", lead=_("Answered:") + " " if answer else _("Not answered:") + " ")
        for f in v["strengths"]:
            w.bullet(f["text"], lead=_("Strength:") + " ")
        for f in v["areas"]:
            w.bullet(f["text"], lead=_("To improve:") + " ")
        _observed(w, v["notes"], v["hotwash"], ratings)
    general = c["general"]
    if general["notes"] or general["hotwash"]:
        w.heading(_("General observations"), 2)
        _observed(w, general["notes"], general["hotwash"], ratings)


def _observed(w: _Writer, notes: list[dict[str, Any]], answers: list[dict[str, Any]], ratings: dict[str, str]) -> None:
    w.para(bold=_("Evaluators' observations"))
    if not notes:
        w.bullet(_("None recorded."))
    for n in notes:
        about = "; ".join(f"{a['clock']}: {a['what']}" if a["clock"]
                          else _("event {seq} ({what})").format(seq=a["seq"], what=a["what"]) for a in n["about"])
        lead = f"{n['clock']}, {n['author']}" + (", " + _("rated {rating}").format(rating=n["rating"])
                                                   if n["rating"] else "") + ": "
        w.bullet(n["text"] + (" " + _("(about: {events})").format(events=about) if about else ""), lead=lead)
    w.para(bold=_("Hot wash"))
    if not answers:
        w.bullet(_("No answers."))
    for a in answers:
        parts = []
        if a["strengths"]:
            parts.append(_("Strengths: {points}.").format(points="; ".join(a["strengths"])))
        if a["improvements"]:
            parts.append(_("To improve: {points}.").format(points="; ".join(a["improvements"])))
        lead = f"{a['organisation'] or display(a['cell'])} ({a['cell']})" + (
            ", " + _("self-rated {rating}").format(rating=a["rating"]) if a["rating"] else "") + ": "
        w.bullet(" ".join(parts) or _("No comments."), lead=lead)


def _subject(f: dict[str, Any]) -> str:
    return str(word(display(indicator(f["capability"]))))


def _analysis(w: _Writer, c: dict[str, Any]) -> None:
    w.heading("3. " + _("Analysis: strengths and areas for improvement"))
    w.para(_("Drawn from the run by fixed rules and from the evaluators' rated observations and the hot wash; each "
             "cites its evidence. High-priority areas lead the improvement plan (Appendix A)."), muted=True, size=8.5)
    for theme in c["themes"]:
        if not theme["strengths"] and not theme["improvements"]:
            continue
        w.heading(theme["title"], 3)
        for f in theme["strengths"]:
            w.bullet(f["text"], lead=_("Strength [{capability}]:").format(capability=_subject(f)) + " ",
                     evidence=f["evidence"])
        for f in theme["improvements"]:
            w.bullet(f["text"], lead=_("Area for improvement [{capability}, {priority}]:").format(
                capability=_subject(f), priority=word(f["priority"])) + " ", evidence=f["evidence"])


def _simulation(w: _Writer, c: dict[str, Any], images: dict[str, bytes]) -> None:
    score = c["score"]
    w.heading("4. " + _("Resilience of the interests at stake"))
    w.image(images["indicators.png"], 17.0, _("Each indicator (0-100) in this run (solid) and in the counterfactual "
                                              "where no player acted (dashed); red: the objective's target."))
    w.table([_("Indicator"), _("Start"), _("Loss (points x days)"), _("Robustness"), _("Recovery to 95%"), _("Final"),
             _("Loss, no response"), _("Loss avoided")],
            [[indicator(name), _num(d["start"], 1), _num(d["loss"]), _num(d["robustness"]),
              _("not recovered") if d["recovery_hours"] is None else (_("never below") if d["recovery_hours"] == 0
                                                                      else hours(d["recovery_hours"])),
              _num(d["final"]), _num(d["baseline"]["loss"]), _signed(d["loss_avoided"])]
             for name, d in score["dimensions"].items()], widths_cm=[3.8, 1.4, 2.0, 1.8, 2.2, 1.5, 2.1, 2.2],
            numeric={1, 2, 3, 4, 5, 6, 7})
    w.heading("5. " + _("Threat threads: detection and response"))
    w.table([_("Thread"), _("Technique"), _("Target"), _("Launched"), _("Detected after"), _("Response after"),
             _("Latency")],
            [[t["thread"], t["technique"], display(t["target"] or t["staff"]) or "-", t["launched_clock"],
              hours(t["detection_hours"], _("never")), hours(t["response_hours"], _("none")),
              hours(t["latency_hours"])]
             for t in c["threads"]] or [[_("No red operations in this run."), "", "", "", "", "", ""]],
            widths_cm=[1.4, 4.2, 2.8, 2.6, 2.0, 2.0, 2.0], numeric={4, 5, 6})
    w.heading("6. " + _("What made the difference: the value of each decision"))
    if "explain" in score:
        exp = score["explain"]
        seeds = _(", over seeds {seeds}").format(seeds=", ".join(map(str, exp["seeds"]))) if exp.get("seeds") else ""
        w.para(_("Each command's marginal value: the score of the run minus the score without it ({runs} runs").format(
            runs=exp["runs"]) + seeds + ").", muted=True, size=8.5)
        w.para(c["one_seed_text"] if c["one_seed"] else
               _("The analysis praises or questions a decision only when its 95% interval excludes zero."),
               bold=_("One seed.") + " " if c["one_seed"] else "", size=9)
        rows = []
        for e in c["decisions"]:
            verdict = (_("refused") if e["refused"] else
                       (_("helped, beyond chance") if e["value"] > 0 else _("cost, beyond chance")) if e["significant"]
                       else (_("one seed: not judged") if e["low"] is None else _("within chance")))
            text = "; ".join(cmd["text"] for cmd in e["commands"]) + (
                " (" + _("asked for by {who}").format(who="; ".join(e["asked"])) + ")" if e["asked"] else "")
            rows.append([e["rank"], e["commands"][0]["clock"].split(" (")[0],
                         ", ".join(dict.fromkeys(cmd["cell"] for cmd in e["commands"])), text, _signed(e["value"]),
                         "-" if e["low"] is None else _("{low} to {high}").format(low=f"{e['low']:+.2f}",
                                                                                    high=f"{e['high']:+.2f}"),
                         verdict])
        w.table([_("Rank"), _("When"), _("Cell"), _("Command"), _("Value"), _("95% interval"), _("Verdict")],
                rows or [["", "", "", _("No player commands in this replay."), "", "", ""]],
                widths_cm=[1.0, 2.2, 2.8, 5.0, 1.4, 2.3, 2.3], numeric={0, 4, 5})
    else:
        w.para(_("Not computed (the review was made with --no-explain)."), muted=True)
    w.heading("7. " + _("Levers used against domains hit"))
    w.image(images["heatmap.png"], 14.0, _("Orders by DIMEFIL lever against the domains of the red operations they "
                                           "answered."))
    w.heading("8. " + _("Cost of the response"))
    k = c["costs"]
    w.table([_("Staff-days used"), _("Political capital spent"), _("Dutch-side costs (points)"),
             _("Orders that waited"), _("Orders surged")],
            [[_num(score["cost"]["capacity"], 0), _("{spent} of {start} ({left} left)").format(
                spent=f"{k['capital']['spent']:.0f}", start=f"{k['capital']['start']:.0f}",
                left=f"{k['capital']['left']:.0f}"), _num(k["total"], 1), k["waiting"]["waited"],
              k["waiting"]["surged"]]],
            widths_cm=[3.4] * 5, size=9)
    w.table([_("Cell"), _("Staff-days"), _("by players"), _("by doctrine"), _("Orders"), _("Refused"),
             _("Political capital"), _("Costs")],
            [[display(cell), _num(v["capacity"], 0), _num(v["player_capacity"], 0), _num(v["doctrine_capacity"], 0),
              v["orders"], v["refused"], _num(v["political_capital"], 0), _num(v["costs"], 1)]
             for cell, v in score["cost"]["cells"].items()] or [[_("No orders."), "", "", "", "", "", "", ""]],
            widths_cm=[3.8, 1.8, 1.8, 1.8, 1.5, 1.5, 2.2, 1.6], numeric={1, 2, 3, 4, 5, 6, 7})
    se = score["cost"]["side_effects"]
    w.para(_("Side effects: {heavy} heavy-handed order(s), {overreach} overreach event(s), {backfired} public "
             "attribution(s) that backfired.").format(heavy=len(se["heavy_handed"]), overreach=len(se["overreach"]),
                                                      backfired=len(se["backfired_attributions"])))


def _coordination(w: _Writer, c: dict[str, Any]) -> None:
    co = c["coordination"]
    w.heading("9. " + _("Coordination: messages between seats"))
    if not co["messages"]:
        w.para(_("No messages between seats were sent."), muted=True)
        return
    pairs = "; ".join(f"{display(p['from'])} → {display(p['to'])} {p['count']}" for p in co["pairs"])
    w.para(ngettext("{n} message between seats (msg). Who wrote to whom: {pairs}.",
                    "{n} messages between seats (msg). Who wrote to whom: {pairs}.", len(co["messages"])).format(
        n=len(co["messages"]), pairs=pairs), muted=True, size=9)
    w.table([_("When"), _("From"), _("To"), _("Message")],
            [[m["clock"], display(m["from"]), names(m["to"]), m["text"]] for m in co["messages"]],
            widths_cm=[3.6, 2.8, 3.4, 7.2], size=8.5)


def _appendices(w: _Writer, c: dict[str, Any], images: dict[str, bytes]) -> None:
    w.landscape(True)
    w.heading(_("Appendix A: Improvement plan"))
    plan = c["plan"]
    if plan:
        w.para(_("One row per area for improvement, high priority first. The shaded fields are for the responsible "
                 "organisations to fill in or change: corrective action, capability, responsible organisation, start "
                 "and completion date (date pickers)."), muted=True, size=8.5)
        headers = ["#", _("Issue (area for improvement)"), _("Corrective action"), _("Capability"),
                   _("Responsible organisation"), _("Priority"), _("Start date"), _("Completion date")]
        table = w.table(headers, [[r["no"], r["issue"], "", "", "", word(r["priority"]), "", ""] for r in plan],
                        widths_cm=[0.9, 6.2, 4.8, 3.3, 4.0, 1.7, 2.4, 2.4], numeric={0}, tight=True)
        for row, r in zip(table.rows[1:], plan):
            cells = row.cells
            if r["evidence"]:
                from docx.shared import Pt, RGBColor

                run = cells[1].paragraphs[0].add_run(" " + _("Evidence:") + " " + "; ".join(
                    xml_text(e["text"]) for e in r["evidence"]))
                run.italic, run.font.size, run.font.color.rgb = True, Pt(7.5), RGBColor(*MUTED)
            for index, field, date in ((2, "action", False), (3, "capability", False), (4, "responsible", False),
                                       (6, "start", True), (7, "completion", True)):
                fill_in(cells[index], r[field], f"plan-{r['no']}-{field}", date=date)
    else:
        w.para(_("No areas for improvement were found, so there is nothing to plan."))
    w.landscape(False)
    w.heading(_("Appendix B: Participants"))
    people = c["participants"]
    if people["people"]:
        w.table([_("Name"), _("Organisation"), _("Cell")],
                [[p["name"], p["organisation"] or "-", p["cell_title"] or "-"] for p in people["people"]])
    else:
        w.para(_("The scenario lists no participants by name (exercise.participants); the cells and who played "
                 "them:"), muted=True)
    w.table([_("Cell"), _("Organisation"), _("Played by"), _("People")],
            [[f"{cell['title']} ({cell['id']})", cell["organisation"] or "-", word(cell["played"]),
              ", ".join(cell["people"]) or "-"] for cell in people["cells"]])
    w.heading(_("Evaluators"), 3)
    if people["evaluators"]:
        w.table([_("Name"), _("Organisation"), _("Observations")],
                [[e["name"], e["organisation"] or "-", sum(1 for n in c["observed"]["notes"] if n["author"] == e["name"])]
                 for e in people["evaluators"]], numeric={2})
    else:
        w.para(_("No evaluators are listed and none recorded notes."), muted=True)
    w.heading(_("Appendix C: Timeline"))
    w.image(images["timeline.png"], 17.0, _("Injects, red operations, detections, orders and news over the exercise."))
    w.table([_("When"), _("What"), _("Who"), _("Details")],
            [[r["clock"], word(r["lane"]), r["who"], r["what"]] for r in c["timeline"]],
            widths_cm=[2.4, 1.8, 3.0, 9.8], size=7.5)
    w.heading(_("Appendix D: Glossary"))
    w.table([_("Id"), _("Kind"), _("Meaning")], [[g["id"], g["kind"], g["meaning"]] for g in c["glossary"]],
            widths_cm=[4.0, 3.2, 9.8], size=8)
