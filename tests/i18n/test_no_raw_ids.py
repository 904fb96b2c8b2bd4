"""Generated text names actors, bodies, cells and indicators by their display names, never by ids (issue 16):
every event of the first twenty days of each bundled scenario, worded in Dutch as the feed and the report word
it, with the scenario's own prose (injects' texts, headlines, claims) left out, shows no id that has a name."""

from __future__ import annotations

import re

import pytest

import scenarios
from sim import i18n
from sim.exercise import Exercise
from sim.indicator_labels import LABELS, short_label
from sim.scenario import load_scenario
from ui.console.feed import describe

PROSE = {"synopsis", "notes", "text", "headline", "title", "claim", "summary", "reason", "theme", "expected_action"}
"""Payload fields that carry the scenario's own prose, which may use a word that is also an id ("municipality")."""


@pytest.mark.parametrize("sid", sorted(scenarios.bundled()))
def test_no_raw_id_where_a_display_name_exists(sid):
    loaded = load_scenario(scenarios.bundled()[sid])
    ex = Exercise(loaded, seed=1)
    ex.run_until(24.0 * 20)
    try:
        i18n.adopt(loaded.scenario, ex)
        with i18n.language("nl"):  # an id that is also a word the text uses (the cell 'cyber', the poll's "cyber")
            words = {short_label(name).lower() for name in LABELS}
        names = ({k for k, v in i18n.names_of(ex).items() if k != v} | set(LABELS)) - words
        raw = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, sorted(names, key=len, reverse=True))) + r")(?![\w-])")
        shown = []
        with i18n.language("nl"):
            for event in ex.log:
                record = event.to_record()
                if event.source and not (event.source in ex.actors or event.source in ex.cells):
                    record["source"] = ""  # an inject's sender is prose ("Alderman, municipality of Utrecht")
                record["payload"] = {k: ("" if k in PROSE else v) for k, v in (record.get("payload") or {}).items()}
                line = describe(record)
                shown += [(event.kind, found, line) for found in raw.findall(line)]
    finally:
        i18n.reset()
    assert len(ex.log) > 50
    assert not shown, shown[:5]
