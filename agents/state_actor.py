"""State actors: fictional foreign states running hybrid campaigns.

A state actor has objectives (the interests it attacks), a budget, staff in the
country and a toolbox of registered red techniques. Its campaign has two phases:
*priming* (before ``operational``: only quiet, low-signature techniques) and
*operational*. Every day at 06:00 it holds a decision epoch and weighs, for each
technique it could launch now,

    utility = value - cost_term - risk_term
    value     = expected_effect * (1 + 0.5 * escalation) * fit      (fit 1 if it hits an objective, else 0.5)
    cost_term = 10 * cost / budget_left
    risk_term = aversion * deterrence * (1.5 - resolve) * P(caught),  P(caught) = 1 - exp(-signature * days * watch)

where ``watch`` is its estimate of the target state's vigilance (the mean
information position of the bodies) and ``aversion`` comes from its risk profile.
It launches the best technique if the utility is positive. Costly responses
(public attribution, expulsions, sanctions) raise its deterrence; a cautious or
balanced actor then scales back, a risk-seeking one escalates (Edwards et al. 2017
on blame and tolerance: attribution deters only if it carries a cost).

**Resolve** (0-1, a scenario parameter) is how much cost the state accepts for its ends. Deterrence
is not a counter but a memory: each cost ``c_i`` met at ``t_i`` weighs ``c_i 0.5^((t - t_i) / H)`` with
a half-life ``H`` of 10 days for a fully resolute state up to 40 for one without resolve, so a
resolute state goes quiet after heavy costs and comes back. A state whose costs add up to more than
``FOLD_BASE + FOLD_PER_RESOLVE * resolve`` folds: it launches nothing more. It comes back **by other
means**: each of its operations the Dutch side disrupted halves the value it sees in that technique on
that channel (``value * 0.5^disrupted``), so it switches to what has not been countered — another
technique, or the same through a channel the Dutch have not closed (:mod:`sim.campaign`); a standing barrier that
closes a channel does the same through ``barrier``. Every costly response draws an answer in kind
(:mod:`sim.retaliation`).

**Proxies.** A state with ``proxies`` (suspects of kind ``proxy`` that work for it) runs a share
``deniability`` of its operations through one of them: their traces point at the proxy, and the
cut-out makes them quieter (:data:`sim.detection.PROXY_SIGNATURE`).
"""

from __future__ import annotations

import math
from typing import Annotated, Literal

from pydantic import Field

from sim import retaliation
from sim.campaign import (ASSOCIATION_EFFECT, LINE_SPREAD, PROVIDER_DISCOUNT, PROXY_COST, REPEAT_DECAY, Campaign,
                           Option, channel_of)
from sim.agentbase import ActorSpecBase, WeerbaarAgent
from sim.eventkinds import event_kind
from sim.evidence import declared_suspect_ids
from sim.names import suggest
from sim.registry import ACTIONS, TECHNIQUES, register_agent_kind, register_target_kind
from sim.scenario.schema import TimeExpr
from sim.scenario.schemabase import Identifier, Indicator, Strict, TechniqueName, Unit
from sim.staff import successor_id
from sim.timeexpr import to_hours
from sim.vocabulary import LINES

DECISION_HOUR = 6.0
AVERSION = {"cautious": 3.0, "balanced": 1.5, "risk_seeking": 0.5}
PRIMING_MAX_SIGNATURE = 0.15
FOLD_BASE = 2.0
FOLD_PER_RESOLVE = 10.0
"""A state folds once the severity of the costs it met adds up to more than FOLD_BASE + FOLD_PER_RESOLVE x resolve."""
DETERRENCE_HALF_LIFE_DAYS = (10.0, 40.0)
"""Half-life of a cost's deterrence for a fully resolute state, and for one without resolve."""
REPLACEMENT_DAYS = 30
"""Days before an expelled staff member is replaced (unless entry is refused)."""
"""In the priming phase only techniques this quiet are used."""


class StaffSpec(Strict):
    """A member of the actor's staff in the country. Attributes: id, role."""

    id: Identifier
    role: str = "diplomat"


class PlanStepSpec(Strict):
    """One step of a given campaign plan (see :mod:`sim.campaign`).

    Attributes:
        technique: a technique of the actor's toolbox.
        target: what it is aimed at ("" if the technique takes no target).
        line: its line of effort (default: the technique's).
        not_before: not launched before this time.
        repeat: may be launched again once its operation ended.
    """

    technique: TechniqueName
    target: Annotated[str, Field(pattern=r"^([a-z0-9][a-z0-9_.\-]*)?$", max_length=80)] = ""
    line: Literal[tuple(LINES)] | None = None  # type: ignore[valid-type]
    not_before: TimeExpr | None = None
    repeat: bool = False


class StateActorSpec(ActorSpecBase):
    """A (fictional) foreign state.

    Attributes:
        objectives: indicators it attacks.
        strategic_ends: DISARM strategic ends (TA02 "Plan Objectives": T0135 Undermine, T0136 Cultivate
            Support, T0137 Make Money, T0138 Motivate to Act, T0139 Dissuade from Acting, T0140 Cause
            Harm, and their sub-techniques); every operation it launches carries them as tags.
        risk: risk profile: cautious, balanced or risk_seeking.
        budget: budget units for the whole scenario.
        staff: its staff in the country (expellable).
        techniques: its toolbox (registered technique names).
        narratives: the narratives it pushes.
        start: when its campaign starts (time expression).
        operational: when priming ends and the operational phase starts.
        max_operations: operations it runs at once (before escalation).
        false_flags: suspects (``suspects:`` of the scenario) it plants false flags pointing at.
        deception: chance that an operation it launches carries a false flag (0-1).
        resolve: how much cost it accepts for its ends (0 folds at once, 1 never does).
        proxies: suspects of kind ``proxy`` working for it, through which it runs operations.
        deniability: share of its operations it runs through a proxy (0-1).
        plan: its campaign plan, step by step; empty: the planner builds one from the toolbox.
        aims: targets per technique for the planner (networks to hack, sectors to disrupt, ...).
    """

    kind: Literal["state_actor"]
    objectives: list[Indicator] = Field(default_factory=list)
    strategic_ends: list[Annotated[str, Field(pattern=r"^T01(3[5-9]|40)(\.\d{3})?$")]] = Field(default_factory=list)
    risk: Literal["cautious", "balanced", "risk_seeking"] = "balanced"
    budget: float = Field(default=100.0, ge=0, le=100000)
    staff: list[StaffSpec] = Field(default_factory=list)
    techniques: list[TechniqueName] = Field(default_factory=list)
    narratives: list[Identifier] = Field(default_factory=list)
    start: TimeExpr = "day 1"
    operational: TimeExpr = "day 1"
    max_operations: int = Field(default=2, ge=0, le=20)
    false_flags: list[Identifier] = Field(default_factory=list)
    deception: Unit = 0.0
    resolve: Unit = 0.5
    proxies: list[Identifier] = Field(default_factory=list)
    deniability: Unit = 0.0
    plan: list[PlanStepSpec] = Field(default_factory=list, max_length=200)
    aims: dict[TechniqueName, list[Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_.\-]*$", max_length=80)]]] = \
        Field(default_factory=dict)

    def references(self, actors, narratives, segments):
        for j, name in enumerate(self.techniques):
            if name not in TECHNIQUES:
                yield ("techniques", j), f"unknown technique {name!r}{suggest(name, TECHNIQUES)}"
        for j, step in enumerate(self.plan):
            if step.technique not in self.techniques:
                yield ("plan", j, "technique"), (f"{step.technique!r} is not in this actor's techniques"
                                                 f"{suggest(step.technique, self.techniques)}")
            elif TECHNIQUES.get(step.technique) and TECHNIQUES[step.technique].target == "narrative" \
                    and step.target not in self.narratives:
                yield ("plan", j, "target"), (f"{step.technique} needs one of the actor's narratives, not "
                                              f"{step.target!r}{suggest(step.target, self.narratives)}")
        for name in self.aims:
            if name not in self.techniques:
                yield ("aims", name), f"{name!r} is not in this actor's techniques{suggest(name, self.techniques)}"
        for j, name in enumerate(self.narratives):
            if name not in narratives:
                yield ("narratives", j), f"no narrative {name!r}{suggest(name, narratives)}"


event_kind("actor.adapts", "a state actor weighs a Dutch response: its deterrence and escalation change",
           fields=("response", "deterrence", "escalation", "max_operations"), audience="white",
           wording="{source} adapts after {response}: deterrence {deterrence}, escalation {escalation}",
           topics=("red",))
event_kind("actor.folds", "a state gives up: the costs it met exceed what it accepts for its ends",
           fields=("costs", "resolve"), audience="white",
           wording="{source} folds: the costs it met ({costs:.1f}) exceed what its resolve ({resolve:.0%}) accepts",
           important=True, topics=("red",))
event_kind("staff.replaced", "a state sends a successor for expelled staff", fields=("replaces",), audience="public",
           wording="{source} replaces {replaces} with {target}", topics=("red",))


def _aim_at_actor(ex, op, action: str, cell: str) -> str | None:
    """Doctrine answers an operation on the state its cell suspects most, once that clears the action's bar.

    Doctrine knows only what its cell holds: it aims at the state with the most evidence against it
    (a decoy is not a state it can act against), so it can open an investigation while a false flag
    leads, but waits for the action's confidence (``doctrine_confidence``) before anything heavier.
    """
    states = [a.actor_id for a in ex.actors_of("state_actor")]
    if not states:
        return None
    confidence = {s: ex.evidence.confidence(cell, s) for s in states}
    suspect = max(states, key=lambda s: (confidence[s], -states.index(s)))
    return suspect if confidence[suspect] >= ACTIONS[action].doctrine_confidence else None


def _aim_at_suspect(ex, op, action: str, cell: str) -> str | None:
    """Doctrine names the cell's leading suspect (a decoy too, if the cell was misled) once it clears the bar."""
    suspect, confidence = ex.evidence.leading(cell)
    if not suspect or confidence < ACTIONS[action].doctrine_confidence:
        return None
    return suspect


register_target_kind("actor", "a state actor", aim=_aim_at_actor)
register_target_kind(
    "suspect", "anyone who could be behind the campaign: a state actor or another suspect (suspects:)",
    ids=lambda ex: list(ex.evidence.suspects), aim=_aim_at_suspect,
    declared=lambda sc: [*(a.id for a in getattr(sc, "actors", []) if a.kind == "state_actor"),
                         *declared_suspect_ids(sc)])
register_target_kind(
    "staff", "a state actor's staff member in the country (not expelled)",
    ids=lambda ex: [s for a in ex.actors_of("state_actor") for s in a.staff_in_country()],
    aim=lambda ex, op, action, cell: op.staff or None,
    declared=lambda sc: [s.id for a in getattr(sc, "actors", []) if a.kind == "state_actor" for s in a.staff])


@register_agent_kind("state_actor", StateActorSpec, order=40, provides=("actor",), map_column=0, colour=(150, 72, 66))
class StateActor(WeerbaarAgent):
    """A state actor.

    Attributes:
        budget: budget left.
        expelled: staff ids declared persona non grata.
        escalation: grows when a risk-seeking actor answers pressure by escalating.
        costs: the costly responses it has met, as ``(t, kind, severity)``.
        disrupted: technique -> how many of its operations the Dutch side disrupted; ``disrupted_on``
            the same per ``(technique, channel)``.
        folded: it has given up (see the module docstring).
    """

    spec: StateActorSpec

    def __init__(self, model, spec: StateActorSpec) -> None:
        super().__init__(model, spec)
        self.budget = spec.budget
        self.expelled: set[str] = set()
        self.escalation = 0
        self.disrupted: dict[str, int] = {}
        self.disrupted_on: dict[tuple[str, str], int] = {}
        self.folded = False
        self.costs: list[tuple[float, str, float]] = []
        self.extra_staff: list[StaffSpec] = []
        self.entry_refused = False
        self.held = False
        self._own: set[str] = set()

    def targetable(self) -> bool:
        return True

    def staff_in_country(self) -> list[str]:
        """Staff ids not expelled (replacements included)."""
        return [s.id for s in (*self.spec.staff, *self.extra_staff) if s.id not in self.expelled]

    @property
    def aversion(self) -> float:
        return AVERSION[self.spec.risk]

    @property
    def deterrence(self) -> float:
        """1 plus the costs it met, each weighed down by its age (see the module docstring)."""
        fast, slow = DETERRENCE_HALF_LIFE_DAYS
        half_life = 24.0 * (slow - (slow - fast) * float(self.spec.resolve))
        now = self.model.now
        return 1.0 + sum(severity * 0.5 ** ((now - t) / half_life) for t, _, severity in self.costs)

    def set_profile(self, risk: str | None = None, resolve: float | None = None) -> None:
        """White changes its doctrine profile; whether it has folded is weighed again on the new resolve."""
        update = {k: v for k, v in (("risk", risk), ("resolve", resolve)) if v is not None}
        self.spec = self.spec.model_copy(update=update)
        self._weigh_folding()

    def note_disruption(self, op) -> None:
        """One of its operations was disrupted: it values that technique less from now on."""
        self.disrupted[op.technique] = self.disrupted.get(op.technique, 0) + 1
        key = (op.technique, channel_of(op))
        self.disrupted_on[key] = self.disrupted_on.get(key, 0) + 1

    def max_operations(self) -> int:
        """How many operations it runs at once now: fewer when deterred, more when escalating."""
        deterred = int(math.log2(self.deterrence)) if self.spec.risk != "risk_seeking" else 0
        return max(0, self.spec.max_operations + self.escalation - deterred)

    def _phase(self) -> str:
        ex = self.model
        return "operational" if ex.now >= to_hours(self.spec.operational, ex.start_datetime) else "priming"

    def _watch(self) -> float:
        bodies = self.model.actors_of("government_body")
        return sum(b.info_position for b in bodies) / len(bodies) if bodies else 0.0

    def value(self, technique: str, channel: str = "own") -> float:
        """What the state expects ``technique`` to do for its ends: prior effect, escalation, fit, what it learnt.

        ``fit`` is 1 when the technique hits one of its objectives and 0.5 otherwise; every operation of
        it the Dutch side disrupted on ``channel`` halves it (the state switches to what has not been countered).
        """
        tech = TECHNIQUES[technique]
        objectives = set(self.spec.objectives)
        fit = 1.0 if (not objectives or objectives & set(tech.hits)) else 0.5
        return tech.expected_effect * (1 + 0.5 * self.escalation) * fit * self._countered(technique, channel)

    def _countered(self, technique: str, channel: str) -> float:
        """0.5 for every operation of ``technique`` the Dutch side disrupted on ``channel``."""
        return 0.5 ** self.disrupted_on.get((technique, channel), 0)

    def utility(self, technique: str, option: Option | None = None, spread: float = 1.0) -> float:
        """The actor's utility of launching ``technique`` now, through ``option``'s channel (see the module docstring).

        A preparatory option is worth :data:`sim.campaign.PROVIDER_DISCOUNT` of the step it unlocks;
        ``spread`` discounts the value for what its line already runs and how often the step ran.
        """
        tech = TECHNIQUES[technique]
        through = option.through if option is not None else self.model.standing.through(self.actor_id, technique)
        visibility = option.visibility if option is not None else 1.0
        channel = option.channel if option is not None else "own"
        value = self.value(technique, channel)
        if option is not None and option.unlocks:
            # preparation is worth what it unlocks, less each time it was disrupted on this channel
            value = max(value, PROVIDER_DISCOUNT * option.worth * self._countered(technique, channel))
        value *= through * spread
        cost = tech.cost * (option.cost if option is not None else 1.0)
        cost_term = 10.0 * cost / max(self.budget, 1e-9)
        p_caught = 1.0 - math.exp(-tech.signature * visibility * tech.duration_hours / 24.0 * self._watch())
        # resolve is how much cost it accepts for its ends: a resolute state weighs being caught less
        accepts = 1.5 - float(self.spec.resolve)
        return value - cost_term - self.aversion * self.deterrence * accepts * p_caught

    def start(self) -> None:
        self.campaign = Campaign(self)
        self.model.env.process(self._decisions())

    def _decisions(self):
        ex = self.model
        # logged from the clock's first step, not while the exercise is built (a recorder attaches after that)
        ex.log_event("campaign.planned", source=self.actor_id,
                     payload={"lines": self.campaign.plan_payload(), "given": bool(self.spec.plan)},
                     visible_to=["white"])
        start = to_hours(self.spec.start, ex.start_datetime)
        yield ex.env.timeout(max(0.0, start - ex.now) + DECISION_HOUR)
        while True:
            self.decide()
            yield ex.env.timeout(24.0)

    def own_running(self) -> list:
        """Its running operations that it launched itself (the MSEL's are White's and do not count)."""
        return [op for op in self.model.active_operations() if op.id in self._own]

    def decide(self) -> str | None:
        """One decision epoch: launch the best ready step of its campaign if it is worth it; returns its technique."""
        ex = self.model
        self.campaign.refresh()
        if self.folded or self.held:
            return None
        running = self.own_running()
        if len(running) >= self.max_operations():
            return None
        busy = {(op.technique, op.target) for op in ex.active_operations() if op.actor == self.actor_id}
        # every operation of its campaign counts for the spread over lines, the MSEL's included
        lines = [TECHNIQUES[op.technique].line for op in ex.active_operations() if op.actor == self.actor_id]
        best, best_u = None, 0.0
        for option in self.campaign.options(self._phase() == "priming", busy, self.budget):
            step = option.step
            if self.price(step.technique, option.params) > self.budget + 1e-9:
                continue  # a cut-out costs more than the technique itself
            spread = LINE_SPREAD ** lines.count(step.line) * REPEAT_DECAY ** step.done
            u = self.utility(step.technique, option, spread)
            if u > best_u:
                best, best_u = option, u
        if best is None:
            return None
        step, params = best.step, {**best.step.params, **best.params}
        params["intensity"] = float(params.get("intensity", 1.0)) * (1.0 + 0.5 * self.escalation)
        flag = self._false_flag()
        if flag:
            params["false_flag"] = flag
        elif best.channel == "own" and not TECHNIQUES[step.technique].needs_staff:
            proxies = self.campaign.proxies_for(step.line)
            affordable = self.price(step.technique, {"via": "cut-out"}) <= self.budget + 1e-9
            if proxies and affordable and ex.deception_rng.random() < self.spec.deniability:
                # its standing share of deniable work: this one goes through a cut-out after all
                params["via"] = proxies[int(ex.deception_rng.integers(len(proxies)))]
        op = self.launch(step.technique, step.target, params, cause="decision")
        self.campaign.note_launch(best, op, channel_of(op))
        return step.technique

    # -- orders of a red player ----------------------------------------------------------------

    def toolbox(self) -> list[str]:
        """The techniques it can launch: its own and the preparation they need (:data:`sim.campaign.ENABLERS`)."""
        return self.campaign.toolbox()

    def refusal(self, technique: str, target: str = "", params: dict | None = None) -> str | None:
        """Why this state cannot launch ``technique`` at ``target`` now (one line), or None if it can."""
        params = dict(params or {})
        if technique not in self.toolbox():
            return f"{technique!r} is not in {self.actor_id}'s toolbox{suggest(technique, self.toolbox())}"
        tech = TECHNIQUES[technique]
        price = self.price(technique, params)
        if price > self.budget + 1e-9:
            return f"{technique} costs {price:g} budget units; {self.actor_id} has {self.budget:.1f} left"
        via = str(params.get("via", ""))
        if via and via not in self.spec.proxies:
            return (f"{via!r} is not one of {self.actor_id}'s proxies"
                    + (f" ({', '.join(self.spec.proxies)})" if self.spec.proxies else " (it has none)"))
        staff = str(params.get("staff", ""))
        if staff and staff not in self.staff_in_country():
            return f"{staff!r} is not {self.actor_id}'s staff in the country{suggest(staff, self.staff_in_country())}"
        if tech.needs_staff and not self.staff_in_country() and not params.get("association"):
            return (f"{technique} needs staff in the country; {self.actor_id} has none left"
                    + (" (association=GROUP runs it through a cultural association)" if tech.target == "group" else ""))
        association = str(params.get("association", ""))
        if association and not any(g.actor_id == association and g.spec.origin == self.actor_id and g.targetable()
                                   for g in self.model.actors_of("diaspora_group")):
            return f"{association!r} is not an association of {self.actor_id} that is still active"
        unmet = self.campaign.unmet(technique, target)
        if unmet:
            ways = {name for key in unmet for name in self.campaign.providers(key)}
            return (f"{technique} {target} needs {', '.join(unmet)} first".replace("  ", " ")
                    + (f" ({' or '.join(sorted(ways))})" if ways else ""))
        if any(op.active and op.actor == self.actor_id and op.technique == technique and op.target == target
               for op in self.model.active_operations()):
            return f"{technique} {target} is already running".replace("  ", " ")
        return None

    def price(self, technique: str, params: dict | None = None) -> float:
        """What launching ``technique`` costs it: a proxy must be paid on top (:data:`sim.campaign.PROXY_COST`)."""
        return TECHNIQUES[technique].cost * (PROXY_COST if (params or {}).get("via") else 1.0)

    def launch(self, technique: str, target: str = "", params: dict | None = None, cause: str = "order"):
        """Launch ``technique`` at ``target`` for this state, paying its budget (check :meth:`refusal` first)."""
        params = dict(params or {})
        tech = TECHNIQUES[technique]
        self.budget -= self.price(technique, params)
        staff = str(params.pop("staff", "")) or (
            self.staff_in_country()[0] if tech.needs_staff and self.staff_in_country()
            and not params.get("association") else "")
        if params.get("association") and not staff:
            params.setdefault("intensity", ASSOCIATION_EFFECT)
        params.setdefault("intensity", 1.0 + 0.5 * self.escalation)
        op = self.model.launch_operation(self.actor_id, technique, target, staff=staff, params=params, cause=cause)
        self._own.add(op.id)
        return op

    def _false_flag(self) -> str:
        """The decoy this operation's traces are made to point at, or "" (drawn from the deception stream)."""
        flags = self.spec.false_flags
        if not flags or self.spec.deception <= 0:
            return ""
        ex = self.model
        if ex.deception_rng.random() >= self.spec.deception:
            return ""
        return flags[int(ex.deception_rng.integers(len(flags)))]

    def meet_response(self, kind: str, severity: float, order=None) -> None:
        """A costly response hit this actor: deterrence grows; a risk-seeker escalates instead of backing off.

        It answers in kind (:mod:`sim.retaliation`), and folds once the costs exceed its resolve.
        """
        ex = self.model
        self.costs.append((ex.now, kind, severity))
        if self.spec.risk == "risk_seeking":
            self.escalation += 1
        ex.log_event("actor.adapts", source=self.actor_id,
                     payload={"response": kind, "deterrence": self.deterrence, "escalation": self.escalation,
                              "max_operations": self.max_operations()},
                     visible_to=["white"])
        retaliation.answer(ex, self, kind, order)
        was_folded = self.folded
        self._weigh_folding()
        if self.folded and not was_folded:
            total = sum(severity for _, _, severity in self.costs)
            ex.log_event("actor.folds", source=self.actor_id, payload={"costs": total, "resolve": self.spec.resolve},
                         visible_to=["white"])

    def _weigh_folding(self) -> None:
        """Folded while the costs it met add up to more than its resolve accepts."""
        total = sum(severity for _, _, severity in self.costs)
        self.folded = total > FOLD_BASE + FOLD_PER_RESOLVE * float(self.spec.resolve)

    def expel(self, staff: str) -> list[str]:
        """Staff member declared persona non grata: leaves, and the operations they ran stop.

        The state sends a replacement after :data:`REPLACEMENT_DAYS` unless entry is refused.
        """
        ex = self.model
        self.expelled.add(staff)
        ex.env.process(self._replace(staff))
        stopped = []
        for op in ex.active_operations():
            if op.actor == self.actor_id and op.staff == staff:
                ex.stop_operation(op, f"disrupted: {staff} expelled")
                stopped.append(op.id)
        return stopped

    def _replace(self, staff: str):
        ex = self.model
        yield ex.env.timeout(REPLACEMENT_DAYS * 24.0)
        if self.entry_refused:
            return
        role = next((s.role for s in (*self.spec.staff, *self.extra_staff) if s.id == staff), "diplomat")
        successor = successor_id(staff)
        self.extra_staff.append(StaffSpec(id=successor, role=role))
        ex.log_event("staff.replaced", source=self.actor_id, target=successor, payload={"replaces": staff},
                     visible_to=["*"], tags=("domain:diplomacy",))

    def snapshot(self) -> dict:
        return {**super().snapshot(), "budget": round(self.budget, 1), "deterrence": round(self.deterrence, 2),
                "folded": self.folded,
                "escalation": self.escalation, "staff": self.staff_in_country()}
