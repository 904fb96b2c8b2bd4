"""The message catalogues (``<lang>/LC_MESSAGES/weerbaar.po`` and the areas' files beside it) and the tool
that keeps them up to date.

``python -m sim.locale`` extracts every message from the source (Babel's extractor over the
packages' Python files and report templates, plus each registered event kind's wording) and
merges it into the Dutch catalogue, keeping the translations it already has (a message an area's
file holds stays in that file); new entries go into ``weerbaar.po`` and come out empty, so the completeness test (``tests/i18n``) names them until they are translated.
"""

from __future__ import annotations

from pathlib import Path

from sim.i18n import DOMAIN, po_path, po_paths

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("sim", "agents", "ui", "replays", "scenarios")
"""The source folders scanned for messages (``scenarios``: its Python, the bundled scenarios' lookup; not the YAML)."""
METHOD_MAP = [("**/templates/**.j2", "jinja2.ext:babel_extract"), ("**.py", "python")]
OPTIONS = {"**/templates/**.j2": {"extensions": "jinja2.ext.i18n", "trimmed": "true"}}


def source_messages():
    """A Babel catalogue of every message the source asks to translate (msgid -> locations)."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir

    from sim.plugins import load_plugins
    from sim.registry import EVENT_KINDS

    catalog = Catalog(domain=DOMAIN, project="Weerbaar", charset="utf-8")
    for package in PACKAGES:
        base = ROOT / package
        for filename, lineno, message, comments, context in extract_from_dir(
                base, METHOD_MAP, OPTIONS, keywords={**DEFAULT_KEYWORDS, "M_": None},
                directory_filter=lambda d: "__pycache__" not in d):
            catalog.add(message, None, [(f"{package}/{filename}", lineno)], auto_comments=comments, context=context)
    load_plugins()
    for name, kind in sorted(EVENT_KINDS.items()):
        catalog.add(kind.wording, None, [(f"eventkind:{name}", 0)], auto_comments=["event kind wording"])
    from sim.registry import ACTIONS, TECHNIQUES

    for name, technique in sorted(TECHNIQUES.items()):  # a detection names the technique by its summary
        if technique.summary:
            catalog.add(technique.summary, None, [(f"technique:{name}", 0)], auto_comments=["technique summary"])

    from sim.registry import AGENT_KINDS, TARGET_KINDS
    from sim.catalogue_view import INDICATOR_SUMMARIES, SECTIONS

    for key, text in [*SECTIONS.items(), *INDICATOR_SUMMARIES.items()]:  # the catalogue's headings and indicators
        catalog.add(str(text), None, [(f"catalogue:{key}", 0)], auto_comments=["catalogue"])

    for registry, what in ((EVENT_KINDS, "event"), (TARGET_KINDS, "target"), (AGENT_KINDS, "actor")):
        for name, kind in sorted(registry.items()):  # what `weerbaar catalogue` lists of a kind
            if getattr(kind, "summary", ""):
                catalog.add(kind.summary, None, [(f"{what}kind:{name}", 0)], auto_comments=[f"{what} kind summary"])

    for name, action in sorted(ACTIONS.items()):  # what help and the briefing show of an action
        if action.summary:
            catalog.add(action.summary, None, [(f"action:{name}", 0)], auto_comments=["action summary"])
        for param in action.params:
            if param.help:
                catalog.add(param.help, None, [(f"action:{name}:{param.name}", 0)], auto_comments=["parameter help"])
        for cost in action.costs:
            if cost.why:
                catalog.add(cost.why, None, [(f"action:{name}:cost", 0)], auto_comments=["what a cost stands for"])
    return catalog


def update(lang: str = "nl") -> Path:
    """Merge the source's messages into ``lang``'s catalogue (translations kept, new ones empty, gone ones dropped)."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    template = source_messages()
    path = po_path(lang)
    # A message an area's file (reports.po, cli.po) translates stays there; messages gone from the source go.
    for area in po_paths(lang):
        if area == path:
            continue
        with area.open("rb") as handle:
            catalog = read_po(handle, locale=lang, domain=DOMAIN)
        for message in list(catalog):
            if message.id and message.id not in template:
                del catalog[message.id]
            elif message.id:
                del template[message.id]
        with area.open("wb") as handle:
            write_po(handle, catalog, width=118, sort_output=True, omit_header=False, include_previous=False)
    if path.exists():
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=lang, domain=DOMAIN)
    else:
        catalog = Catalog(locale=lang, domain=DOMAIN, project="Weerbaar")
    catalog.update(template, no_fuzzy_matching=True)
    catalog.fuzzy = False
    catalog.project, catalog.version = "Weerbaar", "0.1"
    catalog.copyright_holder = "Weerbaar contributors"
    catalog.msgid_bugs_address = ""
    catalog.last_translator = "Weerbaar contributors"
    catalog.language_team = "Nederlands"
    catalog.obsolete.clear()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=118, sort_output=True, omit_header=False, include_previous=False)
    return path
