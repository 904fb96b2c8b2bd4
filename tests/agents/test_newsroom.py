"""The news model (agents.newsroom, agents.media_outlet): each development once, follow-ups when it moves on,
fewer as the outlet tires, the developments players act on in the news, and framing by ownership."""

from __future__ import annotations

import collections
import functools
from pathlib import Path

import pytest

from agents.newsroom import FIRST_FOLLOW_UP_HOURS, MAX_FOLLOW_UPS, Newsroom, framed
from replays.runner import commands_from_file, drive
from sim.exercise import Exercise
from sim.scenario import load_scenario

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


@functools.cache
def _played(name: str, seed: int = 1, sound: bool = True) -> Exercise:
    loaded = load_scenario(SCENARIOS / f"{name}.yaml")
    commands = commands_from_file(SCENARIOS / f"{name}.commands.yaml", loaded.scenario) if sound else []
    ex = Exercise(loaded, seed=seed, players=sorted({c.cell for c in commands if c.cell != "white"}))
    drive(ex, commands, ex.end)
    return ex


def _news(ex: Exercise) -> list:
    return [e for e in ex.log if e.kind == "news" and e.source in ex.actors
            and ex.actors[e.source].spec.kind == "media_outlet"]


def test_a_story_is_news_once_then_again_only_when_it_moves_on_and_less_often():
    room = Newsroom()
    key = ("narrative", "hoax")
    assert room.due(key, 0.0, value=0.05) == "first"
    room.covered(key, 0.0, 0.05)
    assert room.due(key, 100.0, value=0.06) == ""  # grown, but not by half: not news
    assert room.due(key, 10.0, value=0.2) == ""  # grown, but yesterday's story is too recent
    waits = []
    t, value = 0.0, 0.05
    while True:
        value *= 2
        t_next = t + 1.0
        while room.due(key, t_next, value=value) == "" and t_next - t < 10_000:
            t_next += 1.0
        if t_next - t >= 10_000:
            break
        room.covered(key, t_next, value)
        waits.append(t_next - t)
        t = t_next
    assert len(waits) == MAX_FOLLOW_UPS  # then it tires of the story
    assert waits == [FIRST_FOLLOW_UP_HOURS * 2 ** i for i in range(MAX_FOLLOW_UPS)]


@pytest.mark.parametrize("name", ["municipal-elections", "hybrid-campaign", "religious-financing"])
def test_no_outlet_prints_a_headline_more_than_its_follow_ups_allow(name):
    """The public broadcaster used to print the same fact-check 94 times in one run."""
    counts = collections.Counter((e.source, e.payload["headline"]) for e in _news(_played(name)))
    assert counts and max(counts.values()) <= 1 + MAX_FOLLOW_UPS, counts.most_common(3)
    per_story = collections.Counter((e.source, e.payload.get("about"), e.payload.get("narrative") or e.payload.get("ref"))
                                    for e in _news(_played(name)))
    assert max(per_story.values()) <= 2 * (1 + MAX_FOLLOW_UPS), per_story.most_common(3)


def test_statements_demonstrations_takeovers_and_expulsions_make_the_news():
    about = {name: collections.Counter(e.payload["about"] for e in _news(_played(name)))
             for name in ("municipal-elections", "hybrid-campaign", "religious-attache", "vital-takeover")}
    assert about["municipal-elections"]["statement"] >= 1
    assert about["hybrid-campaign"]["demonstration"] >= 1 and about["hybrid-campaign"]["takeover"] >= 1
    assert about["vital-takeover"]["takeover"] >= 1
    ex = _played("religious-attache")
    # the attaché leaves at the Netherlands' request, as in the letter's case (sim.catalogue.blue_diplomacy)
    expelled = [e for e in _news(ex) if e.payload["about"] == "government"
                and ("persona non grata" in e.payload["headline"] or "withdraws" in e.payload["headline"])]
    public = {a.actor_id for a in ex.actors_of("media_outlet") if not a.sponsored}
    assert {e.source for e in expelled} == public  # every national outlet reports the withdrawal, once
    assert len(expelled) == len(public)


def test_an_outlet_frames_by_its_ownership():
    facts = {"who": "Vostria", "what": "Minister expels the attache"}
    assert framed("measure", "public", False, facts) == "Minister expels the attache"
    assert "baseless" in framed("measure", "state_affiliated", True, facts)
    assert framed("takeover", "proxy", True, {"who": "Morvask", "what": "gas storage"}) == "Morvask invests in gas storage"
    assert framed("takeover", "independent", False, {"who": "Morvask", "what": "gas storage"}) == "Morvask takes over gas storage"
    ex = _played("hybrid-campaign")
    sponsored = {a.actor_id for a in ex.actors_of("media_outlet") if a.sponsored}
    denials = [e for e in _news(ex) if e.source in sponsored and e.payload["about"] == "denial"]
    plain = [e for e in _news(ex) if e.source not in sponsored and e.payload["about"] == "government"]
    assert denials and plain
    assert not any(e.payload["about"] == "government" for e in _news(ex) if e.source in sponsored)


def test_the_news_changes_what_is_printed_not_what_happens():
    """Corrections reach the audience every day an outlet carries them, printed or not: the indicators are the ones
    a run gives whatever the newsroom prints (compared with a newsroom that prints everything every day)."""
    import agents.newsroom as newsroom

    quiet = _played("municipal-elections", seed=2, sound=False).indicators.values()
    original = newsroom.Newsroom.due
    try:
        newsroom.Newsroom.due = lambda self, key, now, value=None, moved=False: "first"
        loaded = load_scenario(SCENARIOS / "municipal-elections.yaml")
        ex = Exercise(loaded, seed=2, players=[])
        drive(ex, [], ex.end)
    finally:
        newsroom.Newsroom.due = original
    assert ex.indicators.values() == quiet


DEVELOPMENTS = {"leak": {"leak"}, "statement": {"statement"}, "demonstration": {"demonstration"},
                "acquisition.announced": {"takeover"}, "acquisition.completed": {"takeover"},
                "law.in_force": {"government"}}
"""Kinds of development in the log and the news items (``about``) that report them."""


@pytest.mark.parametrize("name", sorted(p.stem for p in SCENARIOS.glob("*.yaml") if ".commands" not in p.name))
def test_in_a_default_run_headlines_are_mostly_distinct_and_every_kind_of_development_is_news(name):
    """Issue 16: in a default run (doctrine only) most of what an outlet prints is new, and each kind of
    development the scenario produced, the government's public measures among them, is in the news."""
    ex = _played(name, sound=False)
    news = _news(ex)
    printed = [(e.source, e.payload["headline"]) for e in news]
    assert printed and len(set(printed)) > 0.5 * len(printed), collections.Counter(printed).most_common(3)
    about = {e.payload["about"] for e in news}
    happened = {e.kind for e in ex.log}
    missing = {kind: wanted for kind, wanted in DEVELOPMENTS.items() if kind in happened and not wanted & about}
    measures = [e for e in ex.log if e.kind == "response.executed" and "*" in e.visible_to and e.payload.get("headline")]
    if measures:
        assert about & {"government", "denial"}, "the government's public measures never make the news"
    assert not missing, f"developments never in the news: {missing}"
