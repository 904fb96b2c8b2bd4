"""The justice chain: only offences are reported, the file is as strong as the testimony, the prosecutor decides."""

from __future__ import annotations

import math

import pytest

from sim.catalogue.blue_justice import (ACQUITTAL_CREDIBILITY, EVIDENCE_RATE, FORENSIC_TRACES, INVESTIGATION_DAYS,
                                        OFFICE_HOLDERS_TESTIFY, PROSECUTION_DAYS, TRIAL_DAYS)
from tests.agents.conftest import day
from tests.agents.toolbox import costs, identify, known, order, toolbox

CLOSED = (("{id: diaspora-k, share: 0.15, trust: 0.45, origin: karsk, fear: 0.2}",
           "{id: diaspora-k, share: 0.15, trust: 0.3, origin: karsk, fear: 0.8, ties: 0.2}"),)
"""A closed, frightened community: few dare to testify."""


def _file(ex):
    return next((e for e in ex.log if e.kind == "justice.case_file"), None)


def test_only_offences_can_be_reported():
    """Disinformation and funding are not crimes in themselves: a report is refused until an offence is known."""
    ex = toolbox()
    known(ex, "disinformation_campaign", "rigged")
    known(ex, "covert_funding", "party")
    refused = ex.submit("government", "report_to_police karsk")
    assert not refused.accepted and "no offence" in refused.message
    known(ex, "intimidation_office_holders", "")
    order(ex, "report_to_police karsk")
    assert "already being filed" in ex.submit("government", "report_to_police karsk").message


def test_threats_against_office_holders_are_prosecuted_and_convicted():
    """Office holders testify: after four weeks the file is strong enough and arrests follow a week later, too
    late to stop a three-week campaign of threats; the court convicts two months on, which deters the state."""
    ex = toolbox()
    op = known(ex, "intimidation_office_holders", "")
    order(ex, "report_to_police karsk")
    ex.run_until(day(2 + INVESTIGATION_DAYS + 0.1))
    case = _file(ex)
    assert case.payload["strength"] == pytest.approx(1 - math.exp(-EVIDENCE_RATE * OFFICE_HOLDERS_TESTIFY
                                                                   * INVESTIGATION_DAYS), abs=1e-4)
    assert "prosecutes" in case.payload["decision"]
    assert op.outcome == "completed"  # the three-week campaign of threats was over before the file was
    ex.run_until(day(2 + INVESTIGATION_DAYS + PROSECUTION_DAYS + 0.1))
    [arrests] = [e for e in ex.log if e.kind == "justice.arrests"]
    assert list(arrests.payload["operations"]) == []
    ex.run_until(day(2 + INVESTIGATION_DAYS + PROSECUTION_DAYS + TRIAL_DAYS + 0.1))
    [verdict] = [e for e in ex.log if e.kind == "justice.verdict"]
    assert verdict.payload["verdict"] == "convicted"
    assert "conviction" in [kind for _, kind, _ in ex.actors["karsk"].costs]


def test_a_closed_community_does_not_testify_and_the_extortion_goes_unpunished():
    """The same diaspora tax reported in a frightened, closed community gives a weak file that is dismissed;
    where members dare to report it is prosecuted."""
    strength = {}
    for closed in (True, False):
        ex = toolbox(replace=CLOSED if closed else ())
        op = known(ex, "diaspora_tax", "karsk-union")
        order(ex, "report_to_police karsk")
        ex.run_until(day(2 + INVESTIGATION_DAYS + PROSECUTION_DAYS + 0.1))
        case = _file(ex)
        strength[closed] = case.payload["strength"]
        assert ("dismissed" in case.payload["decision"]) is closed
        assert op.active is closed
    assert strength[True] < 0.5 <= strength[False]


def test_diplomats_are_immune_and_hackers_abroad_out_of_reach():
    """Arrests do not reach a staff member with immunity (only persona non grata does) nor an intrusion from
    abroad; the hack's file rests on forensic traces and the court acquits, which costs credibility."""
    ex = toolbox()
    tax = known(ex, "diaspora_tax", "karsk-union", staff="karsk-charge")
    hack = known(ex, "cyber_operation", "election")
    order(ex, "report_to_police karsk")
    ex.run_until(day(2 + INVESTIGATION_DAYS + PROSECUTION_DAYS + 0.1))
    [arrests] = [e for e in ex.log if e.kind == "justice.arrests"]
    assert list(arrests.payload["immune"]) == ["karsk-charge"] and tax.active
    assert list(arrests.payload["abroad"]) == [hack.id]
    assert list(arrests.payload["operations"]) == []
    strength = _file(ex).payload["strength"]
    assert 0.5 <= strength < 0.75  # enough to prosecute, not to convict
    ex.run_until(day(2 + INVESTIGATION_DAYS + PROSECUTION_DAYS + TRIAL_DAYS + 0.1))
    verdict = next(e for e in ex.log if e.kind == "justice.verdict")
    assert verdict.payload["verdict"] == "acquitted"
    assert ACQUITTAL_CREDIBILITY in [c.payload["points"] for c in costs(ex, "government_credibility")]
    assert "conviction" not in [kind for _, kind, _ in ex.actors["karsk"].costs]


def test_the_inquiry_hinders_each_reported_technique_once_and_only_while_the_police_ask_around():
    """Two reported operations of one technique hinder it once (0.85, not 0.72), and the effect ends with the inquiry."""
    from sim.catalogue.blue_justice import INQUIRY_EXPOSURE, INQUIRY_KEEP

    ex = toolbox()
    identify(ex)
    known(ex, "diaspora_tax", "karsk-union")
    known(ex, "diaspora_tax", "karsk-union")
    oid = order(ex, "report_to_police karsk")
    ex.run_until(ex.now + 2 * 24.0)
    assert ex.standing.through("karsk", "diaspora_tax") == pytest.approx(INQUIRY_KEEP)
    assert ex.standing.visibility("karsk", "diaspora_tax") == pytest.approx(INQUIRY_EXPOSURE)
    ex.run_until(ex.now + (INVESTIGATION_DAYS + 1) * 24.0)
    assert any(e.kind == "justice.case_file" and e.payload.get("order") == oid for e in ex.log)
    assert ex.standing.through("karsk", "diaspora_tax") == pytest.approx(1.0)
    assert ex.standing.visibility("karsk", "diaspora_tax") == pytest.approx(1.0)
