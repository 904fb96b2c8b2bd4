"""The report's cost section: what the response cost, laid out for the two templates.

:func:`cost_section` takes the score's ``cost`` (:func:`replays.score.response_cost`) and its
per-indicator metrics and puts them in rows the HTML and Markdown reports print as they are:
staff-days per cell (with the orders that waited and were surged), the Dutch-side costs per
indicator (points incurred beside the indicator's final value and loss) and per state, every cost
with its order and reason, political capital spent and left, and how long orders waited for
capacity. Clock readings are the run's (``day 3 14:00``); nothing is formatted beyond that.
"""

from __future__ import annotations

from typing import Any

from replays.review.lang import clock, indicator, recovered
from replays.score import RunData
from sim.scenario.schemabase import COST_INDICATORS


def _clock(run: RunData, t: float) -> str:
    return clock(run, t, date=False)


def _joined(points: dict[str, float]) -> str:
    """``Bilateral relations 12, Economic openness 3``: points per indicator on one line, by display name."""
    return ", ".join(f"{indicator(name)} {value:g}" for name, value in points.items())


def cost_section(run: RunData, score: dict[str, Any]) -> dict[str, Any]:
    """The rows of the report's "Cost of the response" section (see the module docstring)."""
    cost = score["cost"]
    dutch, capital, waiting = cost["dutch_costs"], cost["political_capital"], cost["waiting"]
    dims = score["dimensions"]
    names = [*COST_INDICATORS, *(n for n in dutch["by_indicator"] if n not in COST_INDICATORS)]
    indicators = [{"name": n, "cost_indicator": n in COST_INDICATORS, "points": dutch["by_indicator"].get(n, 0.0),
                   "start": dims[n]["start"], "final": dims[n]["final"], "loss": dims[n]["loss"],
                   "baseline_loss": dims[n]["baseline"]["loss"], "recorded": n not in run.unrecorded}
                  for n in names if n in dims]
    baseline = score.get("baseline_cost") or {}
    return {
        "indicators": indicators,
        "states": [{"state": state, "total": round(sum(points.values()), 2), "points": _joined(points)}
                   for state, points in dutch["by_state"].items()],
        "entries": [{**item, "clock": _clock(run, item["t"]), "reason": recovered(item.get("reason", ""))}
                    for item in dutch["incurred"]],
        "total": dutch["total"],
        "capital": {**capital, "orders": [{**o, "clock": _clock(run, o["t"])} for o in capital["orders"]]},
        "waiting": {**waiting, "orders": [{**o, "clock": _clock(run, o["t"])} for o in waiting["orders"]]},
        "baseline": {"capacity": baseline.get("capacity", 0.0),
                     "capital_spent": (baseline.get("political_capital") or {}).get("spent", 0.0),
                     "total": (baseline.get("dutch_costs") or {}).get("total", 0.0)},
    }
