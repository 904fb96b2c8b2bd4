"""MSEL exchange with spreadsheets: CSV export and import, the YAML merge, and the ``weerbaar msel`` command."""

from __future__ import annotations

import csv
import io
import os

import pytest
from msel_sheets import csv_of, rows_of
from hypothesis import given, settings
from hypothesis import strategies as st

import scenarios
from sim.scenario import ScenarioError, load_scenario, parse_scenario
from sim.scenario.msel import COLUMNS, MselError, export_msel, import_into, import_msel, merge_into, write_atomic
from sim.scenario.schema import Fires, Inject

BUNDLED = scenarios.bundled()
DEFAULT = BUNDLED[scenarios.DEFAULT_SCENARIO]
HEADER = [c.name for c in COLUMNS]



def _by_number(msel: list[Inject]) -> list[Inject]:
    return sorted(msel, key=lambda i: i.no)






def _badrows_of(default_loaded, edits: dict[tuple[int, str], str], extra_columns: tuple[str, ...] = ()) -> str:
    """The default MSEL as CSV with cells replaced: ``{(spreadsheet row, column name): text}``."""
    rows = rows_of(export_msel(default_loaded))
    rows[0] += list(extra_columns)
    for row in rows[1:]:
        row += ["x"] * len(extra_columns)
    for (row, column), text in edits.items():
        rows[row - 1][HEADER.index(column)] = text
    return csv_of(rows)


# ------------------------------------------------------------------------------------------- round trip


@pytest.mark.parametrize("scenario_id", sorted(BUNDLED))
def test_round_trip_every_bundled_scenario(scenario_id, tmp_path):
    """Exporting a bundled scenario's MSEL and importing it into a copy gives back the same injects and the same rest."""
    original = load_scenario(BUNDLED[scenario_id])
    copy = tmp_path / f"{scenario_id}.yaml"
    copy.write_bytes(BUNDLED[scenario_id].read_bytes())
    sheet = tmp_path / "msel.csv"
    sheet.write_text(export_msel(original), encoding="utf-8", newline="")

    import_into(sheet, copy)

    back = load_scenario(copy)
    assert _by_number(back.scenario.msel) == _by_number(original.scenario.msel)
    assert back.scenario.model_copy(update={"msel": []}) == original.scenario.model_copy(update={"msel": []})
    assert export_msel(back) == export_msel(original)


def test_default_scenario_round_trip_is_byte_identical(default_loaded, scenario_copy, tmp_path):
    """The default scenario file comes back byte for byte: its YAML style is the one the merge writes."""
    sheet = tmp_path / "msel.csv"
    sheet.write_text(export_msel(default_loaded), encoding="utf-8", newline="")
    import_into(sheet, scenario_copy)
    assert scenario_copy.read_bytes() == DEFAULT.read_bytes()


def test_an_edited_cell_changes_only_that_inject(default_loaded, scenario_copy, tmp_path):
    """Unchanged injects keep their lines as written; a long edited text is folded within 100 columns."""
    long = ("A reporter asks the municipality whether it knew that party staff were targeted, and why the "
            "council was not told; she has the e-mails and will publish tonight.")
    sheet = tmp_path / "m.csv"
    sheet.write_text(_badrows_of(default_loaded, {(8, "Synopsis"): long}), encoding="utf-8", newline="")
    import_into(sheet, scenario_copy)
    old, new = DEFAULT.read_text(encoding="utf-8").splitlines(), scenario_copy.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(old) if line.startswith("    synopsis: \"A reporter asks"))
    assert new[:at] == old[:at] and new[at:at + 3] == [
        "    synopsis: >-",
        "      A reporter asks the municipality whether it knew that party staff were targeted, and why the",
        "      council was not told; she has the e-mails and will publish tonight.",
    ]
    assert new[at + 3:] == old[at + 1:]
    assert load_scenario(scenario_copy).scenario.msel[6].synopsis == long


def test_export_has_one_header_row_and_rows_by_inject_number(default_loaded):
    """The CSV has the documented header, then one row per inject in inject-number order."""
    shuffled = default_loaded.scenario.model_copy(update={"msel": list(reversed(default_loaded.scenario.msel))})
    rows = rows_of(export_msel(shuffled))
    assert rows[0] == HEADER
    assert [int(r[0]) for r in rows[1:]] == sorted(i.no for i in default_loaded.scenario.msel)
    first = dict(zip(HEADER, rows[1]))
    assert first["Time"] == "day 2 09:00" and first["Contingency"] == "no"
    assert first["Fires Params"] == "title=internal e-mails of party staff"
    nine = dict(zip(HEADER, rows[9]))
    assert nine["To"] == "national-crisis-cell; foreign-affairs" and nine["Critical"] == "yes"


_TEXT = st.one_of(
    st.text(max_size=60),
    st.lists(st.sampled_from([",", '"', "\n", "\r\n", "\r", ";", " ", "é", "日本", "\u2028", "\x85", "\t", "'",
                              "#", ": ", "- ", "yes", "12:30", "\ufeff", "=1", "\x00", "😀"]), max_size=12).map("".join),
)


_WORDS = st.lists(st.text(st.characters(blacklist_categories=("Cs", "Zs", "Cc")), min_size=1, max_size=12),
                  min_size=1, max_size=40).map(" ".join)
_TEXT = st.one_of(_TEXT, _WORDS)

TWO_CELLS = "id: t\ntitle: T\nsummary: S\nstart: \"2018-02-21\"\nduration: {days: 3}\ncells: {intelligence: {}, municipality: {}}\n"


@settings(max_examples=150, deadline=None)
@given(synopsis=_TEXT.filter(lambda s: s.strip() != ""), notes=_TEXT, news=_TEXT.filter(lambda s: s.strip() != ""),
       title=_TEXT, weight=st.one_of(st.integers(-10**6, 10**6), st.floats(allow_nan=False, allow_infinity=False)))
def test_arbitrary_text_survives_the_round_trip(synopsis, notes, news, title, weight):
    """Commas, quotes, line breaks and any Unicode in Synopsis, Controller Notes, Fires News and Fires Params come back as written."""
    inject = Inject.model_validate({
        "no": 3, "at": "day 2 09:00", "to": ["intelligence", "municipality"], "synopsis": synopsis,
        "controller_notes": notes, "fires": {"news": news, "params": {"title": title, "weight": weight}},
    })
    scenario = parse_scenario(TWO_CELLS).scenario.model_copy(update={"msel": [inject]})

    rows = import_msel(export_msel(scenario), "t.csv", scenario)
    merged = parse_scenario(merge_into(TWO_CELLS, rows, "t.yaml"), "t.yaml")

    assert merged.scenario.msel == [inject]


# ------------------------------------------------------------------------------------------- problems


def test_unknown_columns_are_ignored_with_one_warning_naming_them(default_loaded):
    """Columns the MSEL does not have are ignored; one warning line names them (with a suggestion), on row 1."""
    text = _badrows_of(default_loaded, {}, extra_columns=("Owner",)).replace("Controller Notes", "Controler Notes")
    warnings: list[str] = []
    injects = import_msel(text, "sheet.csv", default_loaded.scenario, warnings)
    assert warnings == ["sheet.csv:1: warning: ignored 2 unknown columns: 'Controler Notes' (column 10; did you mean "
                        "'Controller Notes'?), 'Owner' (column 22)"]
    expected = [i.model_copy(update={"controller_notes": ""}) for i in _by_number(default_loaded.scenario.msel)]
    assert [Inject.model_validate(i) for i in injects] == expected


def test_missing_required_column_is_reported_once(default_loaded):
    """Without a Synopsis column the header is the one problem, not every row."""
    rows = rows_of(export_msel(default_loaded))
    at = HEADER.index("Synopsis")
    text = csv_of([r[:at] + r[at + 1:] for r in rows])
    with pytest.raises(MselError) as caught:
        import_msel(text, "sheet.csv")
    assert caught.value.lines == ["sheet.csv:1: Synopsis: required column is missing"]


def test_bad_rows_are_all_reported_by_row_number(default_loaded):
    """A bad time, an unknown cell in To, an unknown objective, a bad flag and a repeated number each name their row."""
    text = _badrows_of(default_loaded, {
        (2, "Time"): "day two",
        (3, "To"): "intelligance; foreign-affairs",
        (4, "Objective"): "trust-heldd",
        (5, "Critical"): "maybe",
        (6, "Inject #"): "3",
        (7, "Fires Params"): "platform=chatapp; oops",
        (8, "Domains"): "cyber; spaceship",
        (11, "Fires Actor"): "vostia",
    })
    with pytest.raises(MselError) as caught:
        import_msel(text, "sheet.csv", default_loaded.scenario)
    lines = caught.value.lines
    assert lines[0].startswith("sheet.csv:2: Time: 'day two' is not a time")
    assert lines[1:] == [
        "sheet.csv:3: To: no cell 'intelligance'; did you mean 'intelligence'?",
        "sheet.csv:4: Objective: no objective 'trust-heldd'; did you mean 'trust-held'?",
        "sheet.csv:5: Critical: 'maybe' is neither yes nor no",
        "sheet.csv:6: Inject #: inject number 3 is also on row 4",
        "sheet.csv:7: Fires Params: 'oops' is not key=value",
        "sheet.csv:8: Domains: 'spaceship' is not one of 'infrastructure', 'cyber', 'space', 'economy', 'military', "
        "'culture', 'social', 'public_administration', 'legal', 'intelligence', 'diplomacy', 'political' or 'information'",
        "sheet.csv:11: Fires Actor: no state_actor 'vostia'; did you mean 'vostria'?",
    ]


def test_time_and_trigger_rules_use_csv_words(default_loaded):
    """A row with both Time and Trigger, or neither (and no Contingency), is refused in the sheet's own terms."""
    text = _badrows_of(default_loaded, {(2, "Trigger"): "public_trust < 50", (3, "Time"): ""})
    with pytest.raises(MselError) as caught:
        import_msel(text, "sheet.csv", default_loaded.scenario)
    assert caught.value.lines == ["sheet.csv:2: Time: give either a Time or a Trigger, not both",
                                  "sheet.csv:3: Time: needs a Time or a Trigger (or Contingency yes)"]


def test_failed_import_leaves_the_scenario_byte_identical(default_loaded, scenario_copy, tmp_path):
    """When any row is bad, the scenario file is untouched and no temporary file is left behind."""
    before = scenario_copy.read_bytes()
    sheet = tmp_path / "bad.csv"
    sheet.write_text(_badrows_of(default_loaded, {(11, "To"): "nobody"}), encoding="utf-8", newline="")
    with pytest.raises(MselError) as caught:
        import_into(sheet, scenario_copy)
    assert caught.value.lines == [f"{sheet}:11: To: no cell 'nobody'"]
    assert scenario_copy.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.csv", "scenario.yaml"]


def test_a_failing_write_leaves_the_old_file(scenario_copy, monkeypatch):
    """If replacing the file fails, the old file is intact and the temporary file is removed."""
    before = scenario_copy.read_bytes()

    def broken(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OSError):
        write_atomic(scenario_copy, "msel: []\n")
    assert scenario_copy.read_bytes() == before
    assert [p.name for p in scenario_copy.parent.iterdir()] == ["scenario.yaml"]


def test_write_atomic_keeps_permissions(scenario_copy):
    """A replaced file keeps its mode bits."""
    scenario_copy.chmod(0o640)
    write_atomic(scenario_copy, scenario_copy.read_text(encoding="utf-8"))
    assert scenario_copy.stat().st_mode & 0o777 == 0o640


# ------------------------------------------------------------------------------------------- reading sheets


def test_semicolon_sheet_with_bom_and_blank_rows_imports(default_loaded):
    """A Dutch-locale export (semicolons, a BOM, blank rows) reads the same; row numbers count the blank rows."""
    rows = rows_of(export_msel(default_loaded))
    rows.insert(3, [""] * len(HEADER))
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)
    injects = import_msel("\ufeff" + out.getvalue(), "nl.csv", default_loaded.scenario)
    assert [Inject.model_validate(i) for i in injects] == _by_number(default_loaded.scenario.msel)

    rows[4][HEADER.index("Time")] = "day 0"
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows(rows)
    with pytest.raises(MselError) as caught:
        import_msel(out.getvalue(), "nl.csv")
    assert caught.value.lines == ["nl.csv:5: Time: 'day 0': days count from 'day 1'"]


def test_minimal_sheet_gets_the_defaults():
    """Only the required columns, in any case and order: From is EXCON, To is everyone, flags are off."""
    text = "synopsis, inject #\r\nSomething happens,2\r\n"
    with pytest.raises(MselError) as caught:
        import_msel(text, "min.csv")
    assert caught.value.lines == ["min.csv:2: Time: needs a Time or a Trigger (or Contingency yes)"]
    injects = import_msel("Synopsis,Inject #,Contingency\nSomething happens,2,YES\n", "min.csv")
    assert Inject.model_validate(injects[0]) == Inject(no=2, synopsis="Something happens", contingency=True)


def test_params_values_are_typed_and_quoted_texts_kept():
    """Fires Params: numbers become numbers; JSON-quoted text keeps semicolons, spaces and digits."""
    text = ('Inject #,Time,Synopsis,Fires Params\n'
            '1,36h,s,"budget=12; share=0.25; label=""a; b""; code=""007""; note= plain text "\n')
    [inject] = import_msel(text, "p.csv")
    assert inject["fires"] == {"params": {"budget": 12, "share": 0.25, "label": "a; b", "code": "007",
                                          "note": "plain text"}}
    model = Inject.model_validate(inject)
    assert model.fires == Fires(params={"budget": 12, "share": 0.25, "label": "a; b", "code": "007", "note": "plain text"})


def test_header_only_and_empty_files():
    """A header with no rows is an empty MSEL; an empty file has no header."""
    assert import_msel(",".join(HEADER) + "\r\n", "h.csv") == []
    with pytest.raises(MselError) as caught:
        import_msel("", "e.csv")
    assert caught.value.lines[0].startswith("e.csv:1: (header): the first row must name the columns")


def test_values_under_no_header_are_refused():
    """A value in a column without a header is reported with its row and column number."""
    text = "Inject #,Time,Synopsis,\n1,36h,s,stray\n"
    with pytest.raises(MselError) as caught:
        import_msel(text, "x.csv")
    assert caught.value.lines == ["x.csv:2: column 4: a value in a column without a header"]


def test_malformed_quoting_names_its_row():
    """A quote in the wrong place is reported on the row where the CSV breaks."""
    with pytest.raises(MselError) as caught:
        import_msel('Inject #,Time,Synopsis\n1,36h,fine\n2,36h,"quoted"tail\n', "q.csv")
    assert caught.value.lines == ["q.csv:3: (csv): ',' expected after '\"'"]


def test_non_utf8_file_is_refused(tmp_path, scenario_copy):
    """A sheet saved in a legacy code page is refused with advice, and the scenario is unchanged."""
    sheet = tmp_path / "legacy.csv"
    sheet.write_bytes("Inject #,Time,Synopsis\n1,36h,attaché\n".encode("cp1252"))
    before = scenario_copy.read_bytes()
    with pytest.raises(MselError) as caught:
        import_into(sheet, scenario_copy)
    assert "not UTF-8 text" in caught.value.lines[0] and "CSV UTF-8" in caught.value.lines[0]
    assert scenario_copy.read_bytes() == before


# ------------------------------------------------------------------------------------------- YAML merge


SMALL = (
    "# yaml-language-server: $schema=scenario.schema.json\r\n"
    "id: small\r\n"
    "title: Small\r\n"
    "summary: A small scenario.\r\n"
    "start: \"2018-02-21\"\r\n"
    "duration: {days: 3}\r\n"
    "cells:\r\n"
    "  crisis: {title: Crisis}\r\n"
    "msel:   # the injects\r\n"
    "  - no: 9\r\n"
    "    contingency: true\r\n"
    "    synopsis: old\r\n"
    "  # an indented comment inside the old block\r\n"
    "\r\n"
    "# objectives follow\r\n"
    "objectives: []\r\n"
)


def test_merge_replaces_only_the_msel_block():
    """The modeline, comments, CRLF line ends and the keys after the block are kept; the new block is readable YAML."""
    new = merge_into(SMALL, [{"no": 1, "at": "day 1 12:30", "to": ["crisis"], "synopsis": "It's \"here\"\n"}])
    assert new == (
        "# yaml-language-server: $schema=scenario.schema.json\r\n"
        "id: small\r\n"
        "title: Small\r\n"
        "summary: A small scenario.\r\n"
        "start: \"2018-02-21\"\r\n"
        "duration: {days: 3}\r\n"
        "cells:\r\n"
        "  crisis: {title: Crisis}\r\n"
        "msel:  # the injects\r\n"
        "  - no: 1\r\n"
        "    at: \"day 1 12:30\"\r\n"
        "    from: \"EXCON\"\r\n"
        "    to: [crisis]\r\n"
        "    synopsis: \"It's \\\"here\\\"\\n\"\r\n"
        "\r\n"
        "# objectives follow\r\n"
        "objectives: []\r\n"
    )


def test_merge_appends_a_block_when_there_is_none_and_writes_an_empty_one():
    """Without an msel key a block is appended; an empty MSEL is written as ``msel: []``."""
    text = SMALL.split("msel:")[0].replace("\r\n", "\n").rstrip("\n")
    new = merge_into(text, [{"no": 2, "when": "public_trust < 50", "synopsis": "s", "critical": True}])
    assert new.endswith("  crisis: {title: Crisis}\n\nmsel:\n  - no: 2\n    when: \"public_trust < 50\"\n"
                        "    from: \"EXCON\"\n    to: [all]\n    synopsis: \"s\"\n    critical: true\n")
    assert merge_into(SMALL, []).count("msel: []  # the injects\r\n") == 1


def test_merge_quotes_ids_yaml_would_misread():
    """Ids such as ``no`` or ``123`` are quoted so YAML 1.1 reads them back as text."""
    text = SMALL.replace("  crisis: {title: Crisis}", "  crisis: {title: Crisis}\r\n  \"no\": {}\r\n  \"123\": {}")
    new = merge_into(text, [{"no": 1, "at": "2d", "to": ["no", "123"], "synopsis": "s"}])
    assert "    to: [\"no\", \"123\"]\r\n" in new
    assert parse_scenario(new).scenario.msel[0].to == ["no", "123"]


def test_merge_validates_the_whole_scenario():
    """A merge that would leave an invalid scenario raises instead of returning text."""
    with pytest.raises(ScenarioError) as caught:
        merge_into(SMALL, [{"no": 1, "at": "2d", "to": ["nobody"], "synopsis": "s"}], "small.yaml")
    assert any("msel[0].to[0]: no cell 'nobody'" in line for line in caught.value.lines)


# ------------------------------------------------------------------------------------------- command line


def test_cli_export_to_stdout_and_file(tmp_path, default_loaded, cli):
    """``weerbaar msel export`` prints the CSV, or writes it with ``--out``."""
    code, out, _ = cli("msel", "export", scenarios.DEFAULT_SCENARIO)
    assert code == 0 and out == export_msel(default_loaded)
    target = tmp_path / "m.csv"
    code, out, _ = cli("msel", "export", DEFAULT, "--out", target)
    assert code == 0 and target.read_bytes() == export_msel(default_loaded).encode("utf-8")
    code, _, err = cli("msel", "export", "no-such-scenario")
    assert code == 1 and "no such scenario" in err


def test_cli_import_round_trip_and_failure(tmp_path, scenario_copy, default_loaded, cli):
    """``weerbaar msel import`` replaces the MSEL; on bad rows it exits 1, lists them, and changes nothing."""
    sheet = tmp_path / "m.csv"
    assert cli("msel", "export", scenario_copy, "--out", sheet).code == 0
    code, out, _ = cli("msel", "import", sheet, "--into", scenario_copy)
    assert code == 0 and f"{len(default_loaded.scenario.msel)} injects" in out
    assert scenario_copy.read_bytes() == DEFAULT.read_bytes()

    sheet.write_text(_badrows_of(default_loaded, {(2, "Time"): "25:00", (4, "To"): "ghost"}, ("Owner",)),
                     encoding="utf-8", newline="")
    code, _, err = cli("msel", "import", sheet, "--into", scenario_copy)
    lines = err.splitlines()
    assert code == 1
    assert [line.split(": ")[0:2] for line in lines[:3]] == [[f"{sheet}:1", "warning"], [f"{sheet}:2", "Time"],
                                                             [f"{sheet}:4", "To"]]
    assert "'Owner' (column 22)" in lines[0]
    assert lines[-1] == f"weerbaar msel import: 2 problem(s); {scenario_copy} left unchanged"
    assert scenario_copy.read_bytes() == DEFAULT.read_bytes()


def test_cli_import_needs_into(tmp_path, cli):
    """``--into`` is required: a usage error (exit 2)."""
    assert cli("msel", "import", tmp_path / "m.csv").code == 2
