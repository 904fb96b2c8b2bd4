"""MSEL exchange hardening: formula escaping (CSV injection), rows the scenario could never use, extra
columns, and ``msel export`` refusing to overwrite."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from msel_sheets import csv_of, rows_of
from hypothesis import given, settings
from hypothesis import strategies as st

import scenarios
from sim.scenario.msel import (COLUMNS, FORMULA_STARTS, MselError, escape_cell, export_msel, import_into, import_msel,
                          unescape_cell)
from sim.scenario import load_scenario

DEFAULT = scenarios.bundled()[scenarios.DEFAULT_SCENARIO]
HEADER = [c.name for c in COLUMNS]







def _edited(default_loaded, edits: dict[tuple[int, str], str]) -> str:
    """The default MSEL as CSV with cells replaced: ``{(spreadsheet row, column name): text}``."""
    rows = rows_of(export_msel(default_loaded))
    for (row, column), text in edits.items():
        rows[row - 1][HEADER.index(column)] = text
    return csv_of(rows)


# ------------------------------------------------------------------------------------ 6. formula injection

# Texts that start with every formula character, with quotes in front of one, and the near misses.
DANGEROUS = {
    "synopsis": "=HYPERLINK(\"http://evil.example\",\"click\")",
    "controller_notes": "-3 points if nobody answers",
    "from": "@partner-desk",
    "expected_action": "'=already quoted by the author",
    "news": "+31 20 555 0100 says the mayor",
}


def _dangerous_scenario(tmp_path: Path) -> Path:
    """The default scenario with inject 1's texts replaced by ones a spreadsheet would run."""
    text = DEFAULT.read_text(encoding="utf-8")
    old_synopsis = ('"A partner service reports spear-phishing e-mails to staff of two parties, from '
                    'infrastructure it links to Vostria."')
    assert old_synopsis in text
    text = text.replace(old_synopsis, json.dumps(DANGEROUS["synopsis"]), 1)
    text = text.replace('from: "Partner service (via AIVD liaison)"', f'from: {json.dumps(DANGEROUS["from"])}', 1)
    notes = next(line for line in text.splitlines() if line.startswith("    controller_notes:"))
    text = text.replace(notes, f"    controller_notes: {json.dumps(DANGEROUS['controller_notes'])}", 1)
    action = next(line for line in text.splitlines() if line.startswith("    expected_action:"))
    text = text.replace(action, f"    expected_action: {json.dumps(DANGEROUS['expected_action'])}", 1)
    text = text.replace('fires: {news: "Polling stations open for the municipal elections"}',
                        f'fires: {{news: {json.dumps(DANGEROUS["news"])}}}', 1)
    path = tmp_path / "dangerous.yaml"
    path.write_text(text, encoding="utf-8", newline="")
    loaded = load_scenario(path).scenario
    first = next(i for i in loaded.msel if i.no == 1)
    assert (first.synopsis, first.from_, first.controller_notes, first.expected_action) == (
        DANGEROUS["synopsis"], DANGEROUS["from"], DANGEROUS["controller_notes"], DANGEROUS["expected_action"])
    assert any(i.fires is not None and i.fires.news == DANGEROUS["news"] for i in loaded.msel)
    return path


def test_export_neutralises_formula_cells_and_import_gives_the_text_back(tmp_path, cli):
    """Every cell that starts with a formula character leaves with a leading quote; the import restores the
    scenario file byte for byte."""
    path = _dangerous_scenario(tmp_path)
    before = path.read_bytes()
    sheet = tmp_path / "msel.csv"
    assert cli("msel", "export", path, "--out", sheet).code == 0
    rows = rows_of(sheet.read_text(encoding="utf-8"))
    cells = [cell for row in rows for cell in row]
    assert not [cell for cell in cells if cell[:1] in FORMULA_STARTS and cell], "a cell a spreadsheet would run"
    first = dict(zip(HEADER, rows[1]))
    assert first["Synopsis"] == "'" + DANGEROUS["synopsis"]
    assert first["From"] == "'@partner-desk" and first["Controller Notes"] == "'-3 points if nobody answers"
    assert first["Expected Player Action"] == "''=already quoted by the author"
    assert "'+31 20 555 0100 says the mayor" in cells

    code, _, err = cli("msel", "import", sheet, "--into", path)
    assert code == 0 and err == ""
    assert path.read_bytes() == before


def test_hand_typed_cells_are_read_as_written():
    """Only the export's own quote is removed: a formula typed without it, or a quote before ordinary text, stays."""
    text = ("Inject #,Time,Synopsis,Controller Notes,From\r\n"
            "1,36h,=typed by hand,'just a quote,'@desk\r\n"
            "2,36h,'''-three quotes,it's fine,''\r\n")
    first, second = import_msel(text, "hand.csv")
    assert (first["synopsis"], first["controller_notes"], first["from"]) == ("=typed by hand", "'just a quote", "@desk")
    assert (second["synopsis"], second["controller_notes"], second["from"]) == ("''-three quotes", "it's fine", "''")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(FORMULA_STARTS) + ["'", "a", " ", "1", "\n"]), max_size=8) | st.text())
def test_escape_is_reversible_and_leaves_no_formula(text):
    """unescape(escape(x)) == x for every text, and an escaped cell never starts with a formula character."""
    escaped = escape_cell(text)
    assert unescape_cell(escaped) == text
    assert escaped[:1] not in FORMULA_STARTS or not escaped
    if text[:1] not in FORMULA_STARTS + "'":
        assert escaped == text  # ordinary text is not touched


# ------------------------------------------------------------------------------------ 10. rows and columns


def test_a_time_after_the_end_and_a_blank_synopsis_are_refused_by_row(default_loaded):
    """An inject after day 60 could never fire and a blank synopsis says nothing: each is named by its row."""
    text = _edited(default_loaded, {(2, "Time"): "day 65 09:00", (3, "Synopsis"): "  \t ",
                                    (4, "Time"): "2018-04-22T08:00", (6, "Synopsis"): ""})
    with pytest.raises(MselError) as caught:
        import_msel(text, "sheet.csv", default_loaded.scenario)
    assert caught.value.lines == [
        "sheet.csv:2: Time: 'day 65 09:00' is after the scenario's end (day 61 00:00, after 60 days); "
        "the inject could never fire",
        "sheet.csv:3: Synopsis: blank; write what the receiving cells are told",
        "sheet.csv:4: Time: '2018-04-22T08:00' is after the scenario's end (day 61 00:00, after 60 days); "
        "the inject could never fire",
        "sheet.csv:6: Synopsis: blank; write what the receiving cells are told",
    ]


def test_the_last_moment_of_the_scenario_is_still_accepted(default_loaded):
    """The run fires what is due at its end, so ``day 61 00:00`` of a 60-day scenario (and 1440h) is fine."""
    text = _edited(default_loaded, {(2, "Time"): "day 61 00:00", (3, "Time"): "1440h"})
    injects = import_msel(text, "sheet.csv", default_loaded.scenario)
    assert [i["at"] for i in injects[:2]] == ["day 61 00:00", "1440h"]


def test_a_notes_column_is_ignored_with_one_warning_and_the_import_succeeds(default_loaded, scenario_copy,
                                                                          tmp_path, cli):
    """A facilitator's extra columns do not stop the import; stderr has one warning line that names them."""
    rows = rows_of(export_msel(default_loaded))
    rows[0] += ["Notes", "Owner"]
    for row in rows[1:]:
        row += ["call the mayor first", "Anna"]
    sheet = tmp_path / "with-notes.csv"
    sheet.write_text(csv_of(rows), encoding="utf-8", newline="")
    code, out, err = cli("msel", "import", sheet, "--into", scenario_copy)
    assert code == 0, err
    assert err.splitlines() == [f"{sheet}:1: warning: ignored 2 unknown columns: 'Notes' (column 22), "
                                "'Owner' (column 23)"]
    assert f"{len(default_loaded.scenario.msel)} injects" in out
    assert scenario_copy.read_bytes() == DEFAULT.read_bytes()  # the extra cells went nowhere


def test_import_into_reports_warnings_to_the_caller(default_loaded, scenario_copy, tmp_path):
    """``import_into(..., warnings)`` hands the warning line over; without the list nothing is printed."""
    rows = rows_of(export_msel(default_loaded))
    rows[0].append("Notes")
    sheet = tmp_path / "n.csv"
    sheet.write_text(csv_of(rows), encoding="utf-8", newline="")
    warnings: list[str] = []
    import_into(sheet, scenario_copy, warnings)
    assert warnings == [f"{sheet}:1: warning: ignored 1 unknown column: 'Notes' (column 22)"]


# ------------------------------------------------------------------------------------ 5. msel export writes


def test_msel_export_refuses_an_existing_file_unless_forced(tmp_path, default_loaded, cli):
    """An existing --out is refused with one line and kept; --force replaces it."""
    target = tmp_path / "m.csv"
    target.write_text("the planner's own sheet\n", encoding="utf-8")
    code, out, err = cli("msel", "export", DEFAULT, "--out", target)
    assert code == 1 and out == ""
    assert err.splitlines() == [f"weerbaar msel export: {target}: already exists; use --force to replace it, "
                                "or choose another name"]
    assert target.read_text(encoding="utf-8") == "the planner's own sheet\n"
    code, _, _ = cli("msel", "export", DEFAULT, "--out", target, "--force")
    assert code == 0 and target.read_bytes() == export_msel(default_loaded).encode("utf-8")


def test_msel_export_never_writes_over_its_scenario(scenario_copy, cli):
    """Writing the CSV onto the scenario file itself is refused even with --force (through a link, too)."""
    before = scenario_copy.read_bytes()
    link = scenario_copy.with_name("link.csv")
    link.symlink_to(scenario_copy)
    for target in (scenario_copy, link):
        code, _, err = cli("msel", "export", scenario_copy, "--out", target, "--force")
        assert code == 1 and len(err.splitlines()) == 1 and "is also an input" in err
    assert scenario_copy.read_bytes() == before


def test_msel_export_writes_atomically(tmp_path, monkeypatch, cli):
    """If the final rename fails, the old file is intact and no temporary file is left."""
    target = tmp_path / "m.csv"
    target.write_text("old\n", encoding="utf-8")

    def broken(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken)
    code, _, err = cli("msel", "export", DEFAULT, "--out", target, "--force")
    assert code == 1 and err.splitlines() == [f"weerbaar msel export: {target}: No space left on device"]
    assert target.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.csv"]


def test_a_time_before_the_start_is_refused_by_row(default_loaded):
    """A sheet row timed before the scenario starts is refused as a scenario file's inject is (one rule)."""
    text = _edited(default_loaded, {(2, "Time"): "2018-01-01T08:00"})
    with pytest.raises(MselError) as caught:
        import_msel(text, "sheet.csv", default_loaded.scenario)
    assert caught.value.lines == ["sheet.csv:2: Time: '2018-01-01T08:00' is before the scenario's start "
                                  "(day 1 00:00, 2018-02-21T00:00)"]
