"""Rendering: the review's context through the Jinja templates as HTML and as Markdown.

The templates are ``replays/templates/report.html.j2`` and ``report.md.j2``. The HTML is escaped
by Jinja's autoescape; the Markdown by :func:`md_text` for every ``{{ }}`` (the environment's
finalize), with :func:`md_block` for text of several lines and :func:`md_code` for code spans, so
scenario and player text cannot add HTML, links or images or break a table. Numbers are formatted
by the same filters in both.

The report's own words go through the message catalogue (:mod:`sim.i18n`, jinja2's i18n extension:
``{{ _("...") }}`` and ``{% trans %}``), in the language of the scenario or of ``--lang``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from replays.review.build import Review

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
RATING_COLOURS = {"P": "#2e7d32", "S": "#9e9d24", "M": "#ef6c00", "U": "#c62828"}


class _Markdown(str):
    """Text already fit for the Markdown report: the template's finalize leaves it alone.

    A catalogue sentence is one (the report's own words): ``.format()`` on it escapes the values put in
    (scenario and player text) unless they are marked already, so ``_("{n} injects").format(n=...)`` is safe."""

    def format(self, *args: Any, **kwargs: Any) -> "_Markdown":  # noqa: A003 - str.format, escaping
        return _Markdown(str.format(self, *map(_md_value, args), **{k: _md_value(v) for k, v in kwargs.items()}))


def _md_value(value: Any) -> Any:
    """A value put into a catalogue sentence of the Markdown report: escaped unless marked or a number."""
    if isinstance(value, (_Markdown, int, float)):
        return value
    return md_text(str(value))


_MD_ESCAPE = {"&": "&amp;", "<": "&lt;", ">": "&gt;", **{c: "\\" + c for c in "\\`*_[]()#|~"}}
_MD_SPECIAL = re.compile("[" + re.escape("".join(_MD_ESCAPE)) + "]")
# A list item, thematic break or setext heading underline where the text starts a line.
_MD_LINE_START = re.compile(r"^([ \t]*)(?:([-+=])|(\d{1,9})([.)])(?=[ \t]|$))", re.MULTILINE)
_BREAKS = re.compile(r"\r\n|[\r\n\u2028\u2029\x85]")


def md_text(text: str) -> str:
    """Text for one place in a line of Markdown (a table cell, a list item, a heading): shown as written.

    ``<``, ``>`` and ``&`` become entities (no HTML), ``\\ ` * _ [ ] ( ) # | ~`` get a backslash (no
    emphasis, links, images, code or table breaks), a leading ``-``, ``+``, ``=`` or ``1.`` is escaped (no
    list or heading), and line breaks become spaces so the text stays in its place.
    """
    return md_block(_BREAKS.sub(" ", text))


def md_block(text: str) -> str:
    """Like :func:`md_text` for text of several lines (the briefing): its line breaks are kept."""
    escaped = _MD_SPECIAL.sub(lambda m: _MD_ESCAPE[m.group()], _BREAKS.sub("\n", text))
    return _MD_LINE_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[2] else f"{m[1]}{m[3]}\\{m[4]}", escaped)


def md_code(text: str, cell: bool = False) -> str:
    """A Markdown code span showing ``text`` literally (monospace): fenced by more backticks than it holds.

    Nothing inside a code span is Markdown or HTML; only a backtick could end it, and in a table cell a
    ``|`` (``cell=True`` escapes those, which GFM tables undo inside code).
    """
    text = _BREAKS.sub(" ", text)
    if not text:
        return ""
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    if text.startswith("`") or text.endswith("`") or (text.startswith(" ") and text.endswith(" ") and text.strip()):
        text = f" {text} "  # one space each side is dropped by the reader
    if cell:
        text = text.replace("|", "\\|")
    return f"{fence}{text}{fence}"


def _md_finalize(value: Any) -> Any:
    """Every ``{{ }}`` of the Markdown template: numbers and marked text as they are, anything else escaped."""
    if isinstance(value, (_Markdown, int, float)):
        return value
    return md_text(str(value))


def environment(autoescape: bool):
    """The Jinja environment: HTML-escaping for ``report.html.j2``, Markdown-escaping otherwise."""
    import jinja2
    from markupsafe import Markup

    from replays.review import lang
    from sim import i18n

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=autoescape,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=True, finalize=None if autoescape else _md_finalize,
                             extensions=["jinja2.ext.i18n"])
    # The report's own words come from the same catalogue as the console's (sim.i18n), in the current language.
    if autoescape:  # a catalogue sentence is markup: its .format() escapes the values put in (markupsafe)
        env.install_gettext_callables(lambda m: Markup(i18n.gettext(m)),  # type: ignore[attr-defined]
                                      lambda s, p, n: Markup(i18n.ngettext(s, p, n)), newstyle=False)
    else:  # the catalogue's words are the report's own text: not Markdown-escaped, like the template's
        env.install_gettext_callables(lambda m: _Markdown(i18n.gettext(m)),  # type: ignore[attr-defined]
                                      lambda s, p, n: _Markdown(i18n.ngettext(s, p, n)), newstyle=False)
    env.policies["ext.i18n.trimmed"] = True
    filters = {
        "num": lambda v, digits=2: "-" if v is None else f"{v:.{digits}f}",
        "signed": lambda v, digits=2: "-" if v is None else f"{v:+.{digits}f}",
        "hours": lambda v, missing="-": lang.hours(v, i18n.gettext(missing)),
        "short": lambda v: f"{v:+.3g}",  # three significant digits: +580, +12.1, +0.02
        "loc": i18n.localize,  # a scenario text given per language ({en: ..., nl: ...}): the current one
        "name": lambda v: lang.word(i18n.name_of(v)),  # an actor's, body's or cell's display name for its id
        "names": lambda ids: lang.names(ids),  # ids joined, each by its display name
        "ind": lang.indicator,  # an indicator's display name
        "word": lang.word,  # a code the report shows as a word (player, high, a lane)
        "tr": i18n.gettext,  # a text marked for translation elsewhere (a theme's title)
        "rating_name": lang.rating_name,  # what an HSEEP rating letter means
    }
    env.globals["lang"] = lang.lang()
    if autoescape:
        env.filters.update(filters)
        return env
    # Numbers the filters format are the report's own text: not escaped, so "-" and "+0.52" stay as they are;
    # names and words (a scenario's display names among them) are text like any other, escaped by finalize.
    text_filters = ("loc", "name", "names", "ind", "word", "tr", "rating_name")
    env.filters.update({name: f if name in text_filters else (lambda f: lambda *a, **k: _Markdown(f(*a, **k)))(f)
                        for name, f in filters.items()})
    env.filters["md"] = lambda v, empty="": _Markdown(md_text(str(v)) if v else empty)
    env.filters["md_block"] = lambda v: _Markdown(md_block(str(v)))
    env.filters["code"] = lambda v, cell=False: _Markdown(md_code(str(v), cell))
    # A macro's output: its own {{ }} were escaped as it rendered, so the whole is not escaped again.
    env.filters["rendered"] = lambda v: _Markdown(str(v))
    return env


def _adopt(review: Review) -> None:
    """The scenario's language (unless ``--lang`` chose one) and its display names, before rendering."""
    from sim import i18n

    run = getattr(review, "run", None)
    i18n.adopt(getattr(run, "scenario", None), getattr(run, "exercise", None))


def render_html(review: Review) -> str:
    """The self-contained HTML report."""
    _adopt(review)
    return environment(True).get_template("report.html.j2").render(**review.context)


def render_markdown(review: Review) -> str:
    """The same report as Markdown (images linked as files beside it)."""
    _adopt(review)
    return environment(False).get_template("report.md.j2").render(**review.context)
