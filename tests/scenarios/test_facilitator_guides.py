"""Every bundled scenario has a facilitator's run-through (``docs/facilitator/<id>.md``), and the inject counts it
and the guide's table give are the scenario's own (issue 16: "each scenario's inject count per cell, and its
facilitator's guide"), so a changed MSEL cannot leave a guide that counts wrong."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import scenarios
from sim.scenario import load_scenario
from test_msel_depth import per_cell

DOCS = Path(__file__).resolve().parents[2] / "docs"
GUIDE = DOCS / "facilitator-guide.md"


def _row(text: str, sid: str) -> list[str]:
    rows = [line for line in text.splitlines() if line.startswith(f"| {sid} |")]
    assert len(rows) == 1, f"{sid}: expected one table row, found {len(rows)}"
    return [cell.strip() for cell in rows[0].strip("|").split("|")]


def _counts(cell: str) -> tuple[int, list[int]]:
    match = re.match(r"(\d+) \(([\d / ]+)\)", cell)
    assert match, cell
    return int(match.group(1)), [int(n) for n in match.group(2).split("/")]


@pytest.mark.parametrize("sid", sorted(scenarios.bundled()))
def test_each_scenario_has_a_run_through_whose_counts_are_its_own(sid):
    scenario = load_scenario(scenarios.bundled()[sid]).scenario
    page = DOCS / "facilitator" / f"{sid}.md"
    assert page.exists(), f"no facilitator's run-through {page}"
    total, cells = _counts(_row(page.read_text(encoding="utf-8"), sid)[2])
    assert total == len(scenario.msel)
    assert cells == list(per_cell(scenario).values()), "per-cell counts in the government cells' order"
    assert _row(GUIDE.read_text(encoding="utf-8"), sid) == _row(page.read_text(encoding="utf-8"), sid)
    assert f"facilitator/{sid}.md" in GUIDE.read_text(encoding="utf-8")
