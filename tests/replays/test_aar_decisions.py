"""The report praises or questions a decision only when its 95% interval excludes zero, and says who asked for it."""

from __future__ import annotations

import copy

import pytest

from replays.format import read_replay
from replays.review import ONE_SEED, asked_for, findings, significant
from replays.review.analysis import _asks_for
from replays.runner import run_headless

DAYS = 20


@pytest.fixture(scope="module")
def scored(tmp_path_factory, default_commands):
    """The default scenario with its bundled playbook for 20 days, scored against its counterfactual."""
    from replays.counterfactual import score_replay

    path = tmp_path_factory.mktemp("decisions") / "run.jsonl"
    run_headless(None, seed=7, commands=default_commands, out=path, days=DAYS)
    replay = read_replay(path)
    score, run, _ = score_replay(replay)
    return {"path": path, "replay": replay, "score": score, "run": run}


def _command(run, action: str) -> dict:
    c = next(c for c in run.commands if c["text"].split()[0] == action)
    return {"t": c["t"], "clock": run.clock(c["t"]), "cell": c["cell"], "text": c["text"]}


def _entry(run, action: str, value: float, interval: tuple[float, float] | None, rank: int = 1) -> dict:
    entry = {"rank": rank, "label": f"x: {action}", "commands": [_command(run, action)], "value": value,
             "refused": False, "effects": {}}
    if interval is not None:
        entry.update(low=interval[0], high=interval[1], seeds=5)
    return entry


def _with_explain(score: dict, *entries: dict) -> dict:
    out = copy.deepcopy(score)
    out["explain"] = {"commands": list(entries), "runs": 4, "groups": len(entries), "max_runs": 24,
                      "reference_overall": score["overall"], "reference_drift": 0.0, "seeds": [7, 8, 9, 10, 11]}
    return out


def _decision_findings(run, score):
    strengths, areas = findings(run, score)
    return ([f for f in strengths if f["theme"] == "decisions"], [f for f in areas if f["theme"] == "decisions"])


def test_a_cost_whose_interval_includes_zero_is_not_questioned(scored):
    """-0.87 points with an interval from -2.0 to +0.3 is chance: no area for improvement."""
    run = scored["run"]
    score = _with_explain(scored["score"], _entry(run, "share_signals", -0.87, (-2.0, 0.3)))
    assert _decision_findings(run, score) == ([], [])


def test_a_value_without_an_interval_is_never_judged(scored):
    """One seed (no interval) neither praises nor questions, however large the value."""
    run = scored["run"]
    score = _with_explain(scored["score"], _entry(run, "share_signals", -3.0, None),
                          _entry(run, "investigate", 4.0, None, rank=2))
    assert _decision_findings(run, score) == ([], [])
    assert not significant({"value": -3.0}) and significant({"value": 1.0, "low": 0.2, "high": 1.8})
    assert not significant({"value": 1.0, "low": -0.2, "high": 1.8})


def test_a_significant_cost_of_an_order_the_objectives_ask_for_says_so_with_its_evidence(scored):
    """share_signals costing -0.87 (95% -1.50 to -0.30) is questioned as an order learning objective 1 asks for."""
    run = scored["run"]
    score = _with_explain(scored["score"], _entry(run, "share_signals", -0.87, (-1.5, -0.3)))
    strengths, areas = _decision_findings(run, score)
    assert not strengths and len(areas) == 1
    area = areas[0]
    assert "asks for" in area["text"] and "learning objective 1" in area["text"]
    assert "-0.87 (95% interval -1.50 to -0.30, 5 seeds)" in area["text"]
    assert area["evidence"][0] == {"text": "decision rank 1: -0.87 (95% interval -1.50 to -0.30, 5 seeds)",
                                   "ref": "decision-1"}
    assert "Keep the order in the playbook" in area["action"]


def test_a_significant_value_is_praised_and_a_small_one_is_not(scored):
    """+1.2 (95% +0.4 to +2.0) is a strength; +0.2 (95% +0.1 to +0.3), below the notable threshold, is not."""
    run = scored["run"]
    score = _with_explain(scored["score"], _entry(run, "investigate", 1.2, (0.4, 2.0)),
                          _entry(run, "debunk", 0.2, (0.1, 0.3), rank=2))
    strengths, areas = _decision_findings(run, score)
    assert [f["text"].split(" (")[0] for f in strengths] == ["x: investigate"] and not areas


def test_orders_asked_for_come_from_objectives_guides_and_injects(scored):
    """Learning objectives ask for share_signals and public_attribution; an inject's expected action for its cells."""
    asked = asked_for(scored["run"])
    assert any(r["source"] == "learning objective 1" for r in asked["share_signals"])
    assert any(r["source"] == "learning objective 2" for r in asked["public_attribution"])
    inject = next(r for r in asked["investigate"] if r["source"].startswith("inject "))
    assert inject["cells"] == ["intelligence"] and inject["seq"] is not None
    assert _asks_for("Share and interpret early signals across departments", "share_signals")
    assert _asks_for("Signals are shared the same day", "share_signals")
    assert not _asks_for("Raise awareness among voters", "awareness_campaign")
    assert _asks_for("order share_signals first", "share_signals")


def test_report_says_one_seed_cannot_separate_a_decision_from_chance(scored, monkeypatch):
    """With values but no intervals the report says why it judges no decision, in HTML and Markdown."""
    import replays.explain
    from replays.review import build_review, render_html, render_markdown

    run = scored["run"]
    fake = _with_explain(scored["score"], _entry(run, "share_signals", -0.87, None))["explain"]
    monkeypatch.setattr(replays.explain, "explain", lambda *a, **k: copy.deepcopy(fake))
    review = build_review(scored["replay"], explain=True)
    assert review.context["one_seed"]
    html, md = render_html(review), render_markdown(review)
    assert 'data-key="one_seed"' in html and "one seed: not judged" in html
    assert ONE_SEED.split(":")[0] in html and ONE_SEED.split(":")[0] in md
    assert not [f for f in review.context["improvements"] if f["theme"] == "decisions"]
