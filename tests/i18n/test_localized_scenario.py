"""Scenario texts per language: ``title: {en: ..., nl: ...}`` loads as a Localized text whose plain value (what
logs and checks see) is the English; the reader's language is shown, with a fallback; bad keys are refused in
one located line; the event log does not depend on the language."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

import scenarios
from sim import i18n
from sim.exercise import Exercise
from sim.scenario import ScenarioError, load_scenario

SOURCE = Path(scenarios.bundled()["municipal-elections"])
TITLE = 'title: "Municipal elections under pressure"'


def _with_title(tmp_path, title: str) -> Path:
    text = SOURCE.read_text(encoding="utf-8")
    assert TITLE in text
    path = tmp_path / "localized.yaml"
    path.write_text(text.replace(TITLE, title, 1), encoding="utf-8")
    return path


def _log_hash(loaded) -> str:
    ex = Exercise(loaded, seed=3)
    ex.run_until(24.0 * 5)
    return hashlib.sha256("\n".join(e.to_json() if hasattr(e, "to_json") else repr(e) for e in ex.log).encode()).hexdigest()


def test_a_title_per_language_is_shown_in_the_readers_language(tmp_path):
    loaded = load_scenario(_with_title(tmp_path, 'title: {en: "Under pressure", nl: "Onder druk"}'))
    title = loaded.scenario.title
    assert isinstance(title, i18n.Localized) and str(title) == "Under pressure"
    assert i18n.localize(title, "nl") == "Onder druk" and i18n.localize(title, "en") == "Under pressure"
    with i18n.language("nl"):
        assert i18n.shown(title) == "Onder druk"


def test_only_dutch_falls_back_for_english(tmp_path):
    loaded = load_scenario(_with_title(tmp_path, 'title: {nl: "Onder druk"}'))
    assert i18n.localize(loaded.scenario.title, "en") == "Onder druk"


@pytest.mark.parametrize("title, says", [
    ('title: {en: "x", fr: "y"}', "takes the keys en, nl; not fr"),
    ('title: {en: 3}', "the en text must be a string"),
    ('title: {en: "", nl: ""}', "at least one non-empty text"),
])
def test_bad_texts_per_language_are_refused_in_one_located_line(tmp_path, title, says):
    with pytest.raises(ScenarioError) as caught:
        load_scenario(_with_title(tmp_path, title))
    message = str(caught.value)
    assert says in message and "localized.yaml:5:" in message, message


def test_the_event_log_does_not_depend_on_the_texts_language(tmp_path):
    plain = load_scenario(SOURCE)
    localized = load_scenario(_with_title(tmp_path, 'title: {en: "Municipal elections under pressure", nl: "Onder druk"}'))
    with i18n.language("nl"):
        dutch = _log_hash(localized)
    assert _log_hash(plain) == _log_hash(localized) == dutch
