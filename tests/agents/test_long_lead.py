"""Legislation is announced within an exercise and in force only years later; what acts quickly is what existed on
the exercise's date: sector powers in 2018, the general screening law from June 2023."""

from __future__ import annotations

from datetime import date

import pytest

from sim.catalogue.instruments import CIVIL_SOCIETY_TRANSPARENCY, FOREIGN_DONATIONS_BAN, hours_at, scenario_date
from sim.exercise import Exercise
from sim.scenario import parse_scenario
from tests.agents.conftest import BENCH, day


def bench_on(start: str, days: int = 60, seed: int = 11) -> Exercise:
    """The catalogue bench set on ``start`` for ``days`` days, its government cell also holding sector_powers."""
    text = BENCH.read_text(encoding="utf-8")
    for old, new in (('start: "2020-01-01T00:00"', f'start: "{start}T00:00"'),
                     ("duration: {days: 120}", f"duration: {{days: {days}}}"),
                     ("actions: [awareness_campaign,", "actions: [sector_powers, awareness_campaign,")):
        assert old in text, old
        text = text.replace(old, new)
    return Exercise(parse_scenario(text, "bench"), seed=seed, players=("government",))


def _order(ex, text):
    result = ex.submit("government", text)
    assert result.accepted, result.message
    return result


def _events(ex, kind, **payload):
    return [e for e in ex.log if e.kind == kind and all(e.payload.get(k) == v for k, v in payload.items())]


def _funding(ex):
    return ex.launch_operation("karsk", "covert_funding", "karsk-union", params={"recipient": "religious"})


# -- bills: announced, in force years later ---------------------------------------------------------------


def test_a_bill_ordered_in_a_60_day_exercise_is_announced_and_never_in_force_within_it():
    """The ban is announced after days, at 15 political capital; covert funding then meets only the announcement's
    barrier (0.9) and attention (1.25), never the law's 0.4, and the log says when the law would enter into force."""
    ex = bench_on("2018-03-19", days=60)
    capital = ex.capital.left
    order = _order(ex, "ban_foreign_donations").order_id
    assert ex.capital.left == pytest.approx(capital - 15)
    assert _events(ex, "capital.spent", order=order, amount=15)
    ex.run_until(day(3.5))
    assert "covert_funding" not in ex.standing.barriers  # the cabinet has not decided yet
    ex.run_until(day(5))
    executed = _events(ex, "response.executed", order=order)
    assert len(executed) == 1
    expected = FOREIGN_DONATIONS_BAN.entry_into_force(date(2018, 3, 22))
    assert executed[0].payload["in_force"] == expected.isoformat() and expected.year >= 2022
    assert "after this exercise" in executed[0].payload["headline"]
    op = _funding(ex)
    assert ex.effect_factor(op) == pytest.approx(0.9)
    assert ex.signature_factor(op) == pytest.approx(1.25)
    ex.run()
    assert ex.standing.barriers["covert_funding"] == pytest.approx(0.9)
    assert not _events(ex, "law.in_force")


def test_a_bill_is_announced_once():
    """A second order of the same bill is refused with the first order's id."""
    ex = bench_on("2018-03-19")
    first = _order(ex, "financing_disclosure_law").order_id
    again = ex.submit("government", "financing_disclosure_law")
    assert not again.accepted and first in again.message


def test_transparency_bill_announced_in_2018_only_makes_funding_a_little_harder_and_more_visible():
    """Announcing the transparency bill gives 0.9 and 1.5, not the law's 0.7 and 3.0."""
    ex = bench_on("2018-04-02")
    _order(ex, "financing_disclosure_law")
    ex.run_until(day(10))
    op = _funding(ex)
    assert ex.effect_factor(op) == pytest.approx(0.9)
    assert ex.signature_factor(op) == pytest.approx(1.5)


def test_a_law_whose_entry_into_force_falls_inside_the_exercise_becomes_a_barrier_from_that_day():
    """Announced in November 2022, the ban enters into force on 1 January 2023, inside a 120-day exercise: from then
    covert funding meets the law's barrier (0.4 in all) and decisions are shielded."""
    ex = bench_on("2022-11-01", days=120)
    order = _order(ex, "ban_foreign_donations").order_id
    entry = hours_at(ex, date(2023, 1, 1))
    ex.run_until(entry - 1)
    assert ex.standing.barriers["covert_funding"] == pytest.approx(0.9)
    assert ex.indicators.shield["decision_integrity"] == pytest.approx(0.0)
    ex.run_until(entry + 1)
    assert ex.standing.barriers["covert_funding"] == pytest.approx(0.4)
    assert ex.indicators.shield["decision_integrity"] == pytest.approx(0.2)
    [event] = _events(ex, "law.in_force", order=order)
    assert event.t == pytest.approx(entry) and scenario_date(ex, event.t) == date(2023, 1, 1)


def test_a_law_ordered_after_its_entry_into_force_is_applied_within_days():
    """In 2024 the ban is the law: ordering it applies it after the lead time, a 0.4 barrier at once."""
    ex = bench_on("2024-03-01")
    order = _order(ex, "ban_foreign_donations").order_id
    ex.run_until(day(5))
    assert ex.standing.barriers["covert_funding"] == pytest.approx(0.4)
    assert ex.effect_factor(_funding(ex)) == pytest.approx(0.4)
    assert "applied" in _events(ex, "response.executed", order=order)[0].payload["headline"]


def test_ordering_early_brings_the_law_forward_but_cannot_overtake_a_process_already_under_way():
    """Ordered before history did, a bill takes the historical process length from the order; ordered later, the
    historical date holds; ordered after it, it is in force."""
    ban = FOREIGN_DONATIONS_BAN
    assert ban.entry_into_force(date(2018, 3, 16)) == date(2022, 2, 20)
    assert ban.entry_into_force(date(2018, 3, 16)) < ban.entry_into_force(date(2018, 12, 1)) == date(2022, 11, 7)
    assert ban.entry_into_force(date(2020, 6, 1)) == date(2023, 1, 1)
    assert ban.entry_into_force(date(2023, 6, 1)) == date(2023, 6, 1) and ban.in_force_on(date(2023, 1, 1))
    assert not CIVIL_SOCIETY_TRANSPARENCY.in_force_on(date(2025, 10, 14))


# -- what acts quickly: the instruments of the exercise's date -------------------------------------------------


def test_investment_screening_is_refused_in_2018_with_the_alternative():
    """No general screening law in 2018: the order is refused, naming the Wet Vifo's date and sector_powers."""
    ex = bench_on("2018-09-03")
    ex.launch_operation("karsk", "strategic_acquisition", "northlink", params={"sector": "telecom"})
    result = ex.submit("government", "investment_screening")
    assert not result.accepted
    assert "Wet Vifo" in result.message and "1 June 2023" in result.message and "sector_powers" in result.message
    assert "\n" not in result.message
    assert _events(ex, "command.refused")


def test_sector_powers_stop_an_energy_takeover_and_cost_openness_and_relations_with_the_investor():
    """In 2018 the Electricity and Gas Acts stop a takeover of an energy company within days; the block costs 2
    points of economic openness and 3 of relations with the investing state."""
    ex = bench_on("2018-09-03")
    op = ex.launch_operation("karsk", "strategic_acquisition", "powerplant", params={"sector": "energy"})
    order = _order(ex, "sector_powers").order_id
    ex.run_until(day(3.9))
    assert op.active
    ex.run_until(day(4.5))
    assert not op.active and "sector powers" in op.outcome and "Elektriciteitswet" in op.outcome
    costs = {e.payload["indicator"]: e for e in _events(ex, "cost.incurred", order=order)}
    assert costs["economic_openness"].payload["points"] == pytest.approx(2.0)
    assert costs["bilateral_relations"].payload["state"] == "karsk"
    assert ex.costs.relations["karsk"] == pytest.approx(3.0)
    assert ex.indicators.damage["economic_openness"] > 0
    ex.run_until(day(40))
    assert ex.indicators.damage["economic_security"] == pytest.approx(0.0)  # the takeover never completed


def test_sector_powers_do_not_reach_telecom_before_october_2020_or_ports_at_all():
    """A telecom takeover in 2018 and a port takeover are outside the sector powers: refused, saying why."""
    ex = bench_on("2018-09-03")
    ex.launch_operation("karsk", "strategic_acquisition", "northlink", params={"sector": "telecom"})
    ex.launch_operation("karsk", "strategic_acquisition", "portsys", params={"sector": "ports"})
    result = ex.submit("government", "sector_powers")
    assert not result.accepted
    assert "northlink (telecom)" in result.message and "1 October 2020" in result.message
    assert "portsys (ports)" in result.message and "Wet Vifo" in result.message


def test_sector_powers_reach_telecom_from_october_2020_and_only_the_covered_takeover_stops():
    """In 2021 a telecom takeover is stopped by the Telecommunications Act; a port takeover goes on."""
    ex = bench_on("2021-03-01")
    telecom = ex.launch_operation("karsk", "strategic_acquisition", "northlink", params={"sector": "telecom"})
    port = ex.launch_operation("karsk", "strategic_acquisition", "portsys", params={"sector": "ports"})
    _order(ex, "sector_powers")
    ex.run_until(day(5))
    assert not telecom.active and "Telecommunicatiewet" in telecom.outcome
    assert port.active


def test_sector_powers_follow_the_kind_of_company_when_the_takeover_names_it():
    """The energy powers cover power plants and LNG, not gas storage (which only the Wet Vifo covers)."""
    ex = bench_on("2019-01-02")
    ex.launch_operation("karsk", "strategic_acquisition", "norgas", params={"sector": "energy", "asset": "gas_storage"})
    result = ex.submit("government", "sector_powers")
    assert not result.accepted and "does not cover a gas storage" in result.message


def test_investment_screening_from_june_2023_stops_every_vital_takeover_and_deters_the_next():
    """Under the Wet Vifo, screening stops a port takeover too, at the same price, and leaves a standing barrier."""
    ex = bench_on("2023-09-01")
    op = ex.launch_operation("karsk", "strategic_acquisition", "portsys", params={"sector": "ports"})
    order = _order(ex, "investment_screening").order_id
    ex.run_until(day(4))
    assert not op.active and "investment screening" in op.outcome
    assert ex.standing.barriers["strategic_acquisition"] == pytest.approx(0.1)
    assert {e.payload["indicator"] for e in _events(ex, "cost.incurred", order=order)} == {
        "economic_openness", "bilateral_relations"}
