"""Labels and community notes (agents.platform): late, and they halve resharing where they show.

On the catalogue bench: one platform, ``chat``, with cooperation 1 and reach 0.8.
"""

from __future__ import annotations

import pytest

from agents.platform import LABEL_CUT, LABEL_DELAY_HOURS
from tests.agents.conftest import day


def _debunked(bench, debunk: bool):
    ex = bench()
    ex.launch_operation("karsk", "disinformation_campaign", "rigged", params={"seed_share": 0.01})
    ex.run_until(day(4))
    assert ex.population.narrative_counts()["rigged"]["reach"] > 0.005
    if debunk:
        assert ex.submit("government", "debunk rigged").accepted
    return ex


def test_a_correction_is_labelled_late_and_the_label_cuts_resharing_by_the_measured_share(bench):
    ex = _debunked(bench, debunk=True)
    executed = next(e.t for e in ex.log if e.kind == "command.accepted") + 6.0  # the debunk's lead time
    ex.run_until(executed + LABEL_DELAY_HOURS - 1.0)
    assert not any(e.kind == "narrative.labelled" for e in ex.log)  # not during the viral phase
    ex.run_until(executed + LABEL_DELAY_HOURS + 1.0)
    [label] = [e for e in ex.log if e.kind == "narrative.labelled"]
    chat = ex.actors["chat"]
    assert label.source == "chat" and label.payload["resharing"] == pytest.approx(1 - LABEL_CUT * 1.0 * chat.spec.reach)
    factor = ex.population._narrative("rigged").amplification
    assert factor == pytest.approx(1 - LABEL_CUT * chat.spec.reach)  # no amplification network runs


def test_a_labelled_narrative_reaches_fewer_than_the_same_one_unlabelled(bench, monkeypatch):
    """Same seed, same debunk, same draws: only the label differs (LABEL_CUT 0 in the twin)."""
    reach = {}
    for cut in (LABEL_CUT, 0.0):
        monkeypatch.setattr("agents.platform.LABEL_CUT", cut)
        ex = _debunked(bench, debunk=True)
        ex.run_until(day(20))
        reach[cut] = ex.population.narrative_counts()["rigged"]["reach"]
    assert reach[LABEL_CUT] < reach[0.0]
