"""Costs on the Dutch side: what a response costs the Netherlands besides staff time.

Every response has a price. An action declares the costs it always carries
(:attr:`sim.actions.Action.costs`, applied when it takes effect) and the political capital it spends
(:attr:`sim.actions.Action.political_capital`, spent when it is accepted); an effect adds the costs
that depend on the situation it meets (an expulsion without evidence, an attribution that proves
wrong, a partner that will not back it) with :func:`incur`. Every cost is logged as a
``cost.incurred`` event for the ordering cell and White, so the score's cost section and the
after-action report can say what the response cost and why.

Where the costs land (indicators, :mod:`sim.indicators`; they are damage, so they mend slowly):

* ``bilateral_relations`` — relations with the states of the scenario (trade, consular
  cooperation, the other state's restraint). Each state has its own account in
  :attr:`DutchCosts.relations`; the indicator is their mean, so a cost to relations with one of
  two states moves it by half. Relations mend at :data:`RELATIONS_RECOVERY_PER_DAY`.
* ``government_credibility`` — a public attribution that proves wrong, or that partners will not
  back, and announced measures that do not come.
* ``economic_openness`` — a blocked investment's jobs, trade measures (and the state's answers to them).
* ``diaspora_security`` — consular services the diaspora needs, cut when an office or its staff go.
* ``fundamental_freedoms`` — press freedom and free speech (pressure on outlets or platforms).

**Political capital** (0-100, :class:`PoliticalCapital`) is what the government can spend on its
heaviest measures and on legislation before parliament and the public stop following it; it does
not refill within a scenario. An order that needs more than is left is refused with the amount. It is
spent when the order is accepted, whether or not the order can work when it takes effect: the
political decision was taken, and an expulsion that fails for lack of grounds has been seen to fail.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sim.eventkinds import event_kind
from sim.events import WHITE
from sim.i18n import M_, name_of

if TYPE_CHECKING:  # pragma: no cover
    from sim.exercise import Exercise

RELATIONS_RECOVERY_PER_DAY = 0.01
"""Relations mend three times slower than other damage (half-life about 70 days)."""

CREDIBILITY_RECOVERY_PER_DAY = 0.015
"""A government's lost credibility comes back slowly too (half-life about 46 days)."""

DEFAULT_POLITICAL_CAPITAL = 100.0

def _relations_note(record) -> str:
    state = (record.get("payload") or {}).get("state")
    return M_(", relations with {state}", state=name_of(state)) if state else ""


event_kind("cost.incurred", "a response cost the Netherlands something (relations, credibility, the open economy, ...)",
           fields=("indicator", "points", "reason", "order", "state"), audience="cells",
           wording="cost of {order_label}: {indicator} -{points:.1f} ({reason}){state_note}", topics=("orders",),
           derive=lambda r: {"order_label": (r.get("payload") or {}).get("order") or r.get("source", ""),
                             "state_note": _relations_note(r)})
event_kind("capital.spent", "an order spent political capital", fields=("order", "amount", "left"),
           audience="cells", wording="{order} spent {amount:g} political capital ({left:g} left)", topics=("orders",))


@dataclass(frozen=True)
class Cost:
    """A cost an action always carries when it takes effect.

    Attributes:
        indicator: the indicator it lowers (``bilateral_relations``: with the state the order targets).
        points: how many points, before the indicator's shield.
        why: what the cost stands for, for ``help`` and the catalogue.
    """

    indicator: str
    points: float
    why: str = ""

    def describe(self) -> str:
        """``bilateral_relations -3 (the state recalls its ambassador)``."""
        return f"{self.indicator} -{self.points:g}" + (f" ({self.why})" if self.why else "")

    def shown(self) -> str:
        """:meth:`describe` in the reader's language (in English: the same; in Dutch the indicator by its name)."""
        from sim.i18n import _, current

        if current() == "en":
            return self.describe()
        from sim.indicator_labels import label

        return f"{label(self.indicator)} -{self.points:g}" + (f" ({_(self.why)})" if self.why else "")


@dataclass
class PoliticalCapital:
    """The government's political capital: spent by heavy measures and legislation, not refilled.

    Attributes:
        start: what the scenario starts with.
        left: what is left.
    """

    start: float = DEFAULT_POLITICAL_CAPITAL
    left: float = field(default=-1.0)

    def __post_init__(self) -> None:
        if self.left < 0:
            self.left = self.start

    def shortfall(self, amount: float) -> str | None:
        """Why ``amount`` cannot be spent now (None if it can)."""
        if amount > self.left + 1e-9:
            return f"needs {amount:g} political capital; {self.left:g} of {self.start:g} is left"
        return None

    def spend(self, amount: float) -> None:
        """Spend ``amount`` (the caller has checked :meth:`shortfall`)."""
        self.left = round(self.left - amount, 6)


class DutchCosts:
    """What the Dutch response has cost so far.

    Attributes:
        relations: state id -> points lost in relations with it (before the shield; not mended).
        by_indicator: indicator -> points incurred in all.
    """

    def __init__(self, states: list[str]) -> None:
        self.states = list(states)
        self.relations: dict[str, float] = dict.fromkeys(self.states, 0.0)
        self.by_indicator: dict[str, float] = {}


def incur(ex: "Exercise", cell: str, indicator: str, points: float, reason: str, order: str = "",
          state: str = "", everyone: bool = False) -> float:
    """Lower ``indicator`` by ``points`` as the cost of a response; logs it and returns the damage taken.

    ``state`` names the state a ``bilateral_relations`` cost is with; without one (or for a state
    that is not in the scenario) the cost is to relations with every state. ``everyone``: a cost to the
    government as a whole (Parliament's), shown to every Dutch cell, not only to ``cell``.
    """
    if points <= 0:
        return 0.0
    costs = ex.costs
    amount = float(points)
    if indicator == "bilateral_relations":
        if state in costs.relations:
            costs.relations[state] += amount
            taken = ex.indicators.hit(indicator, amount / max(1, len(costs.states)))
        else:
            state = ""
            for s in costs.relations:
                costs.relations[s] += amount
            taken = ex.indicators.hit(indicator, amount)
    else:
        taken = ex.indicators.hit(indicator, amount)
    costs.by_indicator[indicator] = costs.by_indicator.get(indicator, 0.0) + amount
    visible = (ex.government_cells() if everyone else [c for c in (cell,) if c in ex.cells]) + [WHITE]
    ex.log_event("cost.incurred", source=cell, target=state,
                 payload={"indicator": indicator, "points": round(amount, 3), "reason": reason, "order": order,
                          "state": state},
                 visible_to=visible)
    return taken


def state_of_target(ex: "Exercise", kind: str, target: str) -> str | None:
    """The state an order is aimed at, for its relations costs.

    The actor itself, or a staff member's state; "" for an order aimed at no one in particular (its
    relations costs fall on every state); None for an order aimed at someone who is not a state (a
    domestic suspect: no relations cost).
    """
    if kind in ("actor", "suspect"):
        return target if target in ex.costs.relations else None
    if kind == "staff":
        owner = next((a for a in ex.actors_of("state_actor") if target in a.staff_in_country()
                      or target in getattr(a, "expelled", ())), None)
        return owner.actor_id if owner is not None else None
    return ""
