"""The Dutch catalogue is complete: every message the source asks to translate has a Dutch text, none is
fuzzy, and each translation uses the placeholders of its English (no more, no fewer)."""

from __future__ import annotations

import string

import pytest
from sim import i18n
from sim.locale import source_messages

GRAMMAR_FIELDS = {"plural"}
"""English grammar a Dutch sentence may leave out (``operation{plural}``)."""


@pytest.fixture(scope="module")
def dutch():
    return i18n.read_catalog("nl")


@pytest.fixture(scope="module")
def source():
    return source_messages()


def _fields(text: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None and name != ""}
    except ValueError:
        return set()


def _ids(message) -> tuple[str, ...]:
    return message.id if isinstance(message.id, tuple) else (message.id,)


def _strings(message) -> tuple[str, ...]:
    return message.string if isinstance(message.string, tuple) else (message.string,)


def test_every_source_message_has_a_dutch_text(source, dutch):
    missing = [m.id for m in source if m.id and (dutch.get(m.id) is None or not all(_strings(dutch.get(m.id))))]
    assert not missing, f"{len(missing)} messages without Dutch (run python -m sim.locale, then translate): {missing[:20]}"


def test_no_message_is_in_two_files():
    """Each message is translated in one file only, so the areas' translators never disagree unseen."""
    from babel.messages.pofile import read_po

    seen: dict[str, str] = {}
    twice = []
    for path in i18n.po_paths("nl"):
        with path.open("rb") as handle:
            for message in read_po(handle, locale="nl", domain=i18n.DOMAIN):
                if message.id:
                    key = message.id if isinstance(message.id, str) else message.id[0]
                    if key in seen:
                        twice.append((key, seen[key], path.name))
                    seen[key] = path.name
    assert not twice, twice[:10]


def test_no_fuzzy_entries(dutch):
    assert not [m.id for m in dutch if m.id and m.fuzzy]


def test_placeholders_match(dutch):
    wrong = []
    for m in dutch:
        if not m.id:
            continue
        english = set().union(*(_fields(i) for i in _ids(m)))
        for text in _strings(m):
            dutch_fields = _fields(text)
            if dutch_fields - english or (english - dutch_fields) - GRAMMAR_FIELDS:
                wrong.append((m.id, sorted(english ^ dutch_fields)))
    assert not wrong, wrong


def test_catalogue_loads_without_a_compile_step():
    with i18n.language("nl"):
        assert i18n._("{source}: question {question} ({story}) is overdue; the government has not answered") \
            .startswith("{source}: vraag")
    assert i18n.current() == "en"
    assert i18n._("{head} failed: {reason}") == "{head} failed: {reason}"


def test_localized_texts_fall_back():
    text = i18n.Localized({"en": "Election week", "nl": "Verkiezingsweek"})
    assert str(text) == "Election week"
    assert i18n.localize(text, "nl") == "Verkiezingsweek"
    only_dutch = i18n.Localized({"nl": "Alleen Nederlands"})
    assert i18n.localize(only_dutch, "en") == "Alleen Nederlands"
    with i18n.language("nl"):
        assert i18n.localize(text) == "Verkiezingsweek"


def test_language_choice():
    class Setting:
        language = "nl"

    class Scenario:
        setting = Setting()

    assert i18n.choose(None, Scenario()) == "nl"
    assert i18n.choose("en", Scenario()) == "en"
    assert i18n.choose(None, None) == "en"
    assert i18n.choose("fr", None) == "en"


def test_a_message_is_english_in_the_log_and_shown_in_the_readers_language():
    """An M_ message's plain value (what the log keeps) is the English in every language; shown() translates
    it and its nested fields; pickling keeps the template."""
    import pickle

    inner = i18n.M_("{head} failed: {reason}", head="o2", reason="no capacity")
    message = i18n.M_("{head} failed: {reason}", head="o1 debunk", reason=inner)
    with i18n.language("nl"):
        assert str(message) == "o1 debunk failed: o2 failed: no capacity"
        assert i18n.shown(message) == "o1 debunk mislukt: o2 mislukt: no capacity"
    assert i18n.shown(message) == str(message)
    again = pickle.loads(pickle.dumps(message))
    assert again.template == message.template and again == message
    assert i18n.shown("plain") == "plain"


def test_a_logged_sentence_is_recovered_in_the_readers_language():
    """recovered() finds the catalogue template a logged English sentence was made from (the most specific one),
    fills the Dutch one with its fields, recovered in turn; a scenario's own per-language text is looked up."""
    headline = "Fact check: 'The count is rigged' is false"
    with i18n.language("nl"):
        assert i18n.recovered(headline) == "Factcheck: 'The count is rigged' klopt niet"
        assert i18n.recovered("o3 debunk failed: o2 x failed: y") == "o3 debunk mislukt: o2 x mislukt: y"
        assert i18n.recovered("nothing in the catalogue") == "nothing in the catalogue"

        class Narrative:
            claim = i18n.Localized({"en": "The count is rigged", "nl": "De telling is gemanipuleerd"})

        i18n._state["texts"] = i18n.texts_of([Narrative.claim])
        try:
            assert i18n.recovered(headline) == "Factcheck: 'De telling is gemanipuleerd' klopt niet"
        finally:
            i18n._state["texts"] = {}
    assert i18n.recovered(headline) == headline
