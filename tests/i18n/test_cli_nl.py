"""The command line at --lang nl reads as Dutch: its help, its usage errors and the results of the main subcommands.

The English it must not print is its own: every message of ``ui/cli.py`` and ``ui/subcommands`` (Babel's extractor),
cut at its placeholders into fragments of three words or more; none may appear in the Dutch output, except a
fragment the Dutch translation keeps as it is (a command such as ``weerbaar host --resume``). Result tables name
indicators by their display names, never by ids such as ``decision_integrity``. Text made by other packages
(a verdict, a catalogue summary) is not checked here.
"""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

from sim import i18n
from sim.scenario.schemabase import INDICATOR_NAMES

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = "municipal-elections"
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\([^)]*\)[sr]|%[sr]")


def cli(*argv) -> tuple[int, str]:
    """``ui.cli.main(argv)`` in-process; the exit code and stdout and stderr together."""
    from ui.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        try:
            code = main([str(a) for a in argv])
        except SystemExit as exc:  # --help exits through argparse
            code = int(exc.code or 0)
    return code, out.getvalue()


def _messages() -> list[str | tuple[str, ...]]:
    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir

    return [message for _f, _l, message, _c, _ctx in extract_from_dir(
        ROOT / "ui", [("cli.py", "python"), ("subcommands/**.py", "python")], {},
        keywords={**DEFAULT_KEYWORDS, "M_": None})]


@pytest.fixture(scope="module")
def english_fragments() -> set[str]:
    """The fixed English text of the command line's messages, in pieces of at least three words."""
    catalog = i18n.read_catalog("nl")
    fragments = set()
    for message in _messages():
        ids = message if isinstance(message, tuple) else (message,)
        entry = catalog.get(ids[0])
        dutch = " ".join(entry.string if isinstance(entry.string, tuple) else (entry.string,)) if entry else ""
        for text in ids:
            for part in PLACEHOLDER.split(text):
                part = part.strip(" ;:,.()[]-\n")
                if len(re.findall(r"[A-Za-z]{2,}", part)) >= 3 and part not in dutch:
                    fragments.add(part)
    assert len(fragments) > 150  # the extractor found the command line's messages
    return fragments


def english_in(text: str, fragments: set[str]) -> list[str]:
    return sorted(f for f in fragments if f in text)


@pytest.fixture(scope="module")
def dutch_run(tmp_path_factory):
    """``weerbaar --lang nl run municipal-elections --days 5`` and its replay."""
    folder = tmp_path_factory.mktemp("cli-nl")
    replay = folder / "nl.jsonl"
    code, out = cli("--lang", "nl", "run", SCENARIO, "--days", "5", "--out", replay)
    assert code == 0, out
    return replay, out


def _table_rows(out: str) -> list[str]:
    return [line for line in out.splitlines() if re.search(r"\d+\.\d\s*$", line)]


def test_run_prints_a_dutch_table(dutch_run, english_fragments):
    replay, out = dutch_run
    assert not english_in(out, english_fragments), out
    assert re.search(r"indicator\s+begin\s+minimum\s+eind", out), out
    assert "Besluitvorming" in out and "Vertrouwen van burgers" in out
    assert not [name for name in INDICATOR_NAMES if name in out], out
    assert re.search(r"\d+ gebeurtenissen, \d+ opdrachten? aanvaard, \d+ geweigerd, \d+ rode operaties?", out), out
    assert "dag 6 00:00" in out  # the clock in Dutch
    assert f"replay: {replay}  log sha256: " in out  # the line scripts grep keeps its words


def test_english_run_keeps_its_ids(tmp_path):
    """Without --lang the table is as it was: indicator ids, English headings (scripts read it)."""
    code, out = cli("run", SCENARIO, "--days", "1", "--out", tmp_path / "en.jsonl")
    assert code == 0, out
    assert re.search(r"indicator\s+start\s+minimum\s+final", out)
    assert "decision_integrity" in out and "Besluitvorming" not in out
    assert "log sha256" in out


def test_score_verify_and_export_in_dutch(dutch_run, english_fragments, tmp_path):
    replay, _ = dutch_run
    code, out = cli("--lang", "nl", "score", replay)
    assert code == 0, out
    assert not english_in(out, english_fragments), out
    assert not [name for name in INDICATOR_NAMES if name in out], out
    assert "totaal" in out and "zonder optreden" in out and "toegevoegde waarde" in out
    assert re.search(r"doelstelling\s+indicator\s+gewicht", out), out
    code, out = cli("verify", replay, "--lang", "nl")  # --lang after the subcommand works too
    assert code == 0 and not english_in(out, english_fragments), out
    code, out = cli("--lang", "nl", "export", replay, "--out", tmp_path / "csv")
    assert code == 0 and "geschreven" in out and not english_in(out, english_fragments), out
    code, out = cli("--lang", "nl", "compare", replay, replay)
    assert code == 0 and not english_in(out, english_fragments), out
    assert "beoordelingen (P/S/M/U) per doelstelling" in out


def test_other_subcommands_in_dutch(english_fragments, tmp_path):
    scenario = ROOT / "scenarios" / f"{SCENARIO}.yaml"
    runs = [
        ("scenarios",),
        ("validate", scenario, scenario.with_name(f"{SCENARIO}.commands.yaml")),
        ("catalogue", "--scenario", SCENARIO, "--cell", "intelligence"),
        ("catalogue", "actions", "debunk"),
        ("msel", "export", SCENARIO, "--out", tmp_path / "msel.csv"),
        ("new", "oefening", "--out", tmp_path / "new"),
    ]
    for argv in runs:
        code, out = cli("--lang", "nl", *argv)
        assert code == 0, (argv, out)
        assert not english_in(out, english_fragments), (argv, out)
    code, out = cli("--lang", "nl", "scenarios")
    assert "[standaard]" in out and "[default]" not in out
    code, out = cli("--lang", "nl", "validate", scenario)
    assert re.search(r"ok \(municipal-elections: \d+ injects, \d+ actoren, \d+ cellen\)", out), out


@pytest.mark.parametrize("argv, dutch", [
    (("run", "--days", "abc"), "fout: argument --days: ongeldig getal 'abc'"),
    (("run", "--seed", "-1"), "moet minstens 0 zijn"),
    (("bogus",), "ongeldige keuze: 'bogus'"),
    ((), "de volgende argumenten zijn verplicht: COMMAND"),
    (("run", "--frobnicate"), "onbekende argumenten: --frobnicate"),
    (("catalogue", "actoins"), "geen sectie 'actoins'; bedoelt u 'actions'?"),
    (("new", "BAD"), "ongeldige scenario-id 'BAD'"),
    (("ensemble", SCENARIO, "--runs", "2", "--out", "x.txt"), "--out moet op .csv of .json eindigen"),
])
def test_usage_errors_in_dutch(argv, dutch, english_fragments):
    code, out = cli("--lang", "nl", *argv)
    assert code in (1, 2), out
    assert dutch in out, out
    assert "usage:" not in out and "error:" not in out
    assert not english_in(out, english_fragments), out


def test_help_in_dutch(english_fragments):
    code, out = cli("--lang", "nl", "--help")
    assert code == 0
    assert out.startswith("gebruik: weerbaar") and "opties:" in out and "positionele argumenten:" in out, out
    assert "deze hulptekst tonen en stoppen" in out and "show this help" not in out
    assert not english_in(out, english_fragments), out
    from ui.cli import subcommand_names

    for name in subcommand_names():
        code, out = cli("--lang", "nl", name, "--help")
        assert code == 0, (name, out)
        assert out.startswith(f"gebruik: weerbaar {name}"), out
        assert not english_in(out, english_fragments), (name, english_in(out, english_fragments))
    code, out = cli("--lang", "nl", "run", "--help")
    assert "stoppen na D dagen" in out and "stop after D days" not in out


def test_the_environment_chooses_too(monkeypatch, english_fragments):
    monkeypatch.setenv("WEERBAAR_LANG", "nl")
    code, out = cli("run", "--help")
    assert code == 0 and out.startswith("gebruik:") and not english_in(out, english_fragments), out
    code, out = cli("--lang", "en", "run", "--help")  # --lang beats the environment
    assert out.startswith("usage:") and "stop after D days" in out


def test_english_help_is_english():
    code, out = cli("run", "--help")
    assert code == 0 and out.startswith("usage: weerbaar run") and "stop after D days" in out
    assert i18n.current() == "en"
    import argparse

    assert argparse._("usage: ") == "usage: "  # argparse's hook is given back after main()
