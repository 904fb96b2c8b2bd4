"""The event log does not depend on the language; what is shown of it does."""

from __future__ import annotations

from sim import i18n
from ui.cli import main


def test_log_is_byte_identical_in_dutch_and_english(tmp_path):
    english, dutch = tmp_path / "en.jsonl", tmp_path / "nl.jsonl"
    common = ["run", "religious-attache", "--seed", "3", "--days", "6", "--quiet"]
    try:
        assert main([*common, "--out", str(english), "--lang", "en"]) == 0
        assert main([*common, "--out", str(dutch), "--lang", "nl"]) == 0
    finally:
        i18n.reset()
    en_lines, nl_lines = english.read_bytes().splitlines(), dutch.read_bytes().splitlines()
    assert len(en_lines) > 40
    assert en_lines[1:] == nl_lines[1:]  # the header names its own file and time; every record after it is equal


def test_feed_words_a_record_in_dutch_with_display_names():
    from ui.console.feed import describe

    record = {"kind": "parliament.overdue", "source": "tweede-kamer", "t": 30.0,
              "payload": {"question": 2, "story": "the leaked e-mails"}}
    i18n.display_names({"tweede-kamer": "Tweede Kamer"})
    try:
        with i18n.language("nl"):
            line = describe(record)
    finally:
        i18n.display_names({})
    assert line.startswith("Tweede Kamer: vraag 2"), line
    assert "tweede-kamer" not in line
