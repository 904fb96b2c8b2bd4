"""Campaigns: how a state actor pursues its strategic ends through a plan, and re-plans when blocked.

A hybrid threat is several means under one aim. A :class:`Campaign` holds the state's plan as
**steps** (a technique against a target), grouped in **lines of effort** (:data:`sim.vocabulary.LINES`: information,
cyber, diplomatic, economic, diaspora, covert) and ordered in **phases** (``prepare``: build audiences,
access and holds on a community; ``execute``; ``exploit`` what the earlier steps bought). The decision
model is a hierarchical task network in the sense of Erol, Hendler & Nau (1994), reduced to what a
daily decision needs:

* a step **requires** capabilities (:attr:`sim.techniques.Technique.requires`: access to a network
  before a hack, a seeded narrative before amplification, a hold on a diaspora group before it is
  mobilised, a voice before disinformation) and **provides** others once it has run;
* a step whose requirement is unmet is **decomposed** into the step that provides it (a hack into
  ``network_access`` of the same network first), valued at :data:`PROVIDER_DISCOUNT` of what it unlocks;
* each step is carried out through a **channel** (a method): the state's own people and outlet, a
  proxy (``via``), a cultural association it steers for staff-run work (less effective, but still open
  once its staff are expelled), paid influencers
  instead of a sponsored outlet. A channel is closed when a standing barrier lets less than
  :data:`CLOSED_BELOW` through for this state (a bilateral agreement binds the state, not its
  cut-outs), when its networks are hardened (direct intrusion), or when its staff or outlet are gone.
  The planner takes the first open channel, and logs ``campaign.replans`` when that differs from the
  channel it used before — the switch the Dutch side should see coming.

Among the steps ready now, the state launches the one of highest utility, the actor's utility of
:mod:`agents.state_actor` (value against cost and the risk of being caught, weighed by its deterrence),
with the value of a step multiplied by :data:`LINE_SPREAD` for every operation its line already runs
and by :data:`REPEAT_DECAY` for every time it was carried out before (one cut short by the Dutch side
is weighed by what it learnt instead, :meth:`agents.state_actor.StateActor.value`): combining means under one aim is
worth more than doing one thing harder (the grey-zone campaign literature: Mazarr 2015, *Mastering the
Gray Zone*; the letter's "several means under one strategic aim").

A scenario can give the plan (``plan:`` on the actor: steps in order per line, each launched once
unless ``repeat``) or let the planner build it from the toolbox, the narratives, the state's diaspora
groups and ``aims`` (targets per technique). Operations the MSEL forces on the state are White's: they
give the state what they provide and count as steps done, but not against its ``max_operations``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sim.eventkinds import event_kind
from sim.events import WHITE
from sim.i18n import N_, gettext, name_of
from sim.registry import TECHNIQUES

if TYPE_CHECKING:  # pragma: no cover
    from agents.state_actor import StateActor
    from sim.techniques import Operation, Technique

PHASES = ("prepare", "execute", "exploit")

LINE_SPREAD = 0.5
"""A step's value is multiplied by this for every operation its line already runs."""
REPEAT_DECAY = 0.7
"""A step's value is multiplied by this for every time it was carried out to the end before."""
PROVIDER_DISCOUNT = 0.8
"""A preparatory step is worth this share of the step it unlocks (the pay-off comes later)."""
CLOSED_BELOW = 0.5
"""A channel whose standing barriers let less than this share through is closed."""
ASSOCIATION_EFFECT = 0.6
"""Share of a staff-run technique's effect a cultural association carries once the staff are gone."""
ENABLERS = ("network_access", "audience_building")
"""Preparation every state can do when its toolbox needs it: a state that hacks can gain access, one that
spreads disinformation can build an audience. Others (informants, covert money) must be in its toolbox."""
PROXY_EFFECT = 0.8
"""Share of an operation's effect that a proxy delivers (the state controls a cut-out less well)."""
PROXY_COST = 1.25
"""A proxy costs this many times what the state would spend itself."""
GIVE_UP_AFTER = 2
"""A step the Dutch side disrupted this many times (on any channel) is dropped: that bid, that network is dead."""
RUN_KEYS = frozenset({"via", "association", "voice", "intensity", "false_flag", "report", "leaked", "platform"})
"""Operation parameters that belong to one run (its channel, its cover, what happened), not to the step."""
HOLD_TIES = 0.6
"""A diaspora group tied this closely to its origin can be rallied without informants first."""

event_kind("campaign.planned", "a state actor's campaign plan: its lines of effort and their steps",
           fields=("lines", "given"), audience="white",
           wording="{source} plans its campaign: {line_count} lines of effort", topics=("red",),
           derive=lambda r: {"line_count": len((r.get("payload") or {}).get("lines") or {})})


def channel_words(channel: str) -> str:
    """A channel as an event's description reads it (in the reader's language):
    ``proxy:patriot-hackers`` -> ``proxy patriot-hackers``."""
    words = {"own": N_("its own people"), "outlet": N_("its outlet"), "influencers": N_("paid influencers"),
             "nothing": N_("nothing")}
    kind, _sep, who = channel.partition(":")
    return gettext(words[channel]) if channel in words else f"{kind} {who}".strip()


def _step_target(target: str) -> str:
    """A step's logged target, ``technique target``, with the target by its display name."""
    technique, _, aim = target.partition(" ")
    return f"{technique} {name_of(aim)}".rstrip()


event_kind("campaign.step", "a state actor launched a step of its plan", fields=("operation", "line", "phase", "channel",
           "unlocks"), audience="white",
           wording="{source} {phase}s on its {line} line: {target} (through {through})", topics=("red",),
           derive=lambda r: {"through": channel_words(str((r.get("payload") or {}).get("channel", ""))),
                             "target": _step_target(str(r.get("target", "")))})
event_kind("campaign.replans", "a state actor switches channel or gives up a line because its way is blocked",
           fields=("line", "technique", "from", "to", "why"), audience="white",
           wording="{source} re-plans its {line} line: {technique} from {old} to {new} ({why})",
           important=True, topics=("red",),
           derive=lambda r: {"old": channel_words(str((r.get("payload") or {}).get("from", ""))),
                             "new": channel_words(str((r.get("payload") or {}).get("to", "")))})
event_kind("campaign.lost", "a state actor lost a capability its plan relied on", fields=("capability", "why"),
           audience="white", wording="{source} loses {capability}: {why}", topics=("red",))


@dataclass
class Step:
    """One step of a plan.

    Attributes:
        technique, target: what is launched against what ("" if the technique takes no target).
        line, phase: its line of effort and phase.
        not_before: hours from the start before which it is not launched.
        repeat: may be launched again once its operation ended.
        given: written in the scenario's plan (order within a line is kept).
        launched: how many times it has been launched (by the plan, an order or an inject).
        done: how many of those ran to completion (a step carried out is worth less again).
        failed: how many the Dutch side disrupted; at :data:`GIVE_UP_AFTER` the state drops the step.
        params: what the technique was told the first time the state saw it run (an MSEL's ``sector``,
            ``buyer`` or ``title``): a step launched again is the same bid or hack again.
    """

    technique: str
    target: str
    line: str
    phase: str
    not_before: float = 0.0
    repeat: bool = True
    given: bool = False
    launched: int = 0
    done: int = 0
    failed: int = 0
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str]:
        return (self.technique, self.target)


@dataclass(frozen=True)
class Option:
    """A step that can be launched now, and how.

    Attributes:
        step: the step.
        channel: ``own``, ``outlet``, ``influencers``, ``proxy:<id>`` or ``association:<group>``.
        params: operation parameters the channel sets (``via``, ``association``, ``voice``).
        through: share of its effect that gets past the barriers on that channel.
        visibility: its signature relative to the state's own.
        unlocks: the step it prepares for ("" if it is the step itself).
        worth: the value of what it unlocks (0: its own value).
        cost: its budget cost relative to the technique's (a cut-out must be paid).
    """

    step: Step
    channel: str
    params: dict[str, Any] = field(default_factory=dict)
    through: float = 1.0
    visibility: float = 1.0
    unlocks: str = ""
    worth: float = 0.0
    cost: float = 1.0


def channel_of(op: "Operation") -> str:
    """The channel an operation went through, read off its parameters."""
    params = op.params
    if params.get("via"):
        return f"proxy:{params['via']}"
    if params.get("association"):
        return f"association:{params['association']}"
    voice = params.get("voice")
    if voice in ("outlet", "influencers"):
        return str(voice)
    return "outlet" if "voice" in TECHNIQUES[op.technique].requires else "own"  # the MSEL's speak through its outlet


def requirement(key: str, target: str) -> str:
    """A technique's requirement or provision as a capability key for one target."""
    return key.replace("{target}", target)


class Campaign:
    """A state actor's plan, what it holds, and the choice of its next step (see the module docstring).

    Attributes:
        steps: the plan's steps.
        held: capability key -> the operation that gave it.
        channels: technique -> the channel it was last launched through.
    """

    def __init__(self, actor: "StateActor") -> None:
        self.actor = actor
        self.steps: list[Step] = self._given() if actor.spec.plan else self._built()
        self.held: dict[str, str] = {}
        self.channels: dict[str, str] = {}
        self._seen: set[str] = set()
        self._counted: set[str] = set()
        self._ended: set[str] = set()
        self._blocked: set[tuple[str, str]] = set()

    # -- building the plan ---------------------------------------------------------------------

    def _given(self) -> list[Step]:
        from sim.timeexpr import to_hours

        ex = self.actor.model
        steps = []
        for spec in self.actor.spec.plan:
            tech = TECHNIQUES[spec.technique]
            not_before = to_hours(spec.not_before, ex.start_datetime) if spec.not_before else 0.0
            steps.append(Step(spec.technique, spec.target, spec.line or tech.line, tech.phase, not_before,
                              spec.repeat, given=True))
        return steps

    def _built(self) -> list[Step]:
        """Every technique of the toolbox against every target it can take; providers added for requirements."""
        steps: list[Step] = []
        for name in self.toolbox():
            tech = TECHNIQUES[name]
            for target in self._targets_for(name):
                steps.append(Step(name, target, tech.line, tech.phase))
        return steps

    def _targets_for(self, technique: str) -> list[str]:
        ex, spec = self.actor.model, self.actor.spec
        aims = spec.aims.get(technique)
        if aims:
            return list(aims)
        kind = TECHNIQUES[technique].target
        groups = [g.actor_id for g in ex.actors_of("diaspora_group") if g.spec.origin == self.actor.actor_id]
        if kind == "narrative":
            return list(spec.narratives)
        if kind == "group":
            return groups
        if kind == "recipient":
            return groups or ["party"]
        if kind == "segment":
            pop = ex.scenario.population
            mine = [s.id for s in pop.segments if s.origin == self.actor.actor_id] if pop else []
            return mine[:1]
        if any(r.startswith("access:") for r in TECHNIQUES[technique].provides):
            # a foothold is sought in the networks its toolbox would strike
            nets = [t for other in self.toolbox() if other != technique
                    for r in TECHNIQUES[other].requires if r.startswith("access:")
                    for t in (spec.aims.get(other) or [""])]
            return list(dict.fromkeys(nets)) or [""]
        return [""]

    def plan_payload(self) -> dict[str, list[str]]:
        lines: dict[str, list[str]] = {}
        for step in self.steps:
            lines.setdefault(step.line, []).append(f"{step.phase} {step.technique} {step.target}".rstrip())
        return lines

    # -- what the state holds --------------------------------------------------------------------

    def refresh(self) -> None:
        """Take in what its operations gave it (and injects forced on it), and what the Dutch side took away."""
        ex, me = self.actor.model, self.actor.actor_id
        for op in ex.operations.values():
            if op.actor != me:
                continue
            tech = TECHNIQUES[op.technique]
            if op.id not in self._seen:
                self._seen.add(op.id)
                step = self.step_for(op.technique, op.target)
                if step is not None and not step.params:
                    step.params = {k: v for k, v in op.params.items() if k not in RUN_KEYS}
                if op.id not in self._counted:  # an inject or a red player's order: the campaign takes it in
                    if step is not None:
                        step.launched += 1
                    self.channels[op.technique] = channel_of(op)
                if tech.provides_on == "launch":
                    self._grant(op, tech)
            if not op.active and op.id not in self._ended:
                self._ended.add(op.id)
                step = self.step_for(op.technique, op.target)
                if step is not None and op.outcome == "completed":
                    step.done += 1
                elif step is not None and op.outcome.startswith("disrupted"):
                    step.failed += 1
                    if step.failed == GIVE_UP_AFTER:
                        self._log_replan(step, channel_of(op), "", f"disrupted {step.failed} times: given up")
                if tech.provides_on == "completed" and op.outcome == "completed":
                    self._grant(op, tech)
                if op.outcome.startswith("disrupted"):
                    for key in [k for k, source in self.held.items() if source == op.id and tech.provides_on == "launch"]:
                        self._lose(key, f"{op.technique} {op.target} was {op.outcome}".rstrip())
        self._evict()

    def _grant(self, op: "Operation", tech: "Technique") -> None:
        for key in tech.provides:
            self.held[requirement(key, op.target)] = op.id

    def _lose(self, key: str, why: str) -> None:
        if self.held.pop(key, None) is not None:
            self.actor.model.log_event("campaign.lost", source=self.actor.actor_id, target=key,
                                       payload={"capability": key, "why": why}, visible_to=[WHITE])

    def _evict(self) -> None:
        """Hardened networks evict footholds that were seen; a banned group is no longer held."""
        ex = self.actor.model
        for key, source in list(self.held.items()):
            op = ex.operations.get(source)
            if key.startswith("access:") and "intrusion" in ex.standing.closures and op is not None and op.detected_by:
                self._lose(key, "the network was hardened and the foothold had been seen")
            elif key.startswith("hold:"):
                group = ex.actors.get(key.split(":", 1)[1])
                if group is not None and not group.targetable():
                    self._lose(key, "the organisation was banned")

    def has(self, key: str) -> bool:
        """Whether the state holds capability ``key`` now (``voice`` and ties-based holds are read off the world)."""
        if key == "voice":
            return bool(self.outlets()) or "audience" in self.held
        if key in self.held or self._gained_since_refresh(key):
            return True
        if key.startswith("hold:"):
            group = self.actor.model.actors.get(key.split(":", 1)[1])
            return (group is not None and group.spec.kind == "diaspora_group" and group.targetable()
                    and group.spec.ties_to_origin >= HOLD_TIES)
        return False

    def _gained_since_refresh(self, key: str) -> bool:
        """Whether an operation gave ``key`` since the last :meth:`refresh` (read only: a red cell's
        ``can_order`` must answer as its ``submit``, which refreshes first, would)."""
        ex = self.actor.model
        for op in ex.operations.values():
            if op.actor != self.actor.actor_id:
                continue
            tech = TECHNIQUES[op.technique]
            if key not in (requirement(p, op.target) for p in tech.provides):
                continue
            fresh = (op.id not in self._seen if tech.provides_on == "launch"
                     else op.outcome == "completed" and op.id not in self._ended)
            evicted = key.startswith("access:") and "intrusion" in ex.standing.closures and bool(op.detected_by)
            if fresh and not evicted:
                return True
        return False

    def outlets(self) -> list[str]:
        """Its sponsored outlets still on air."""
        return [o.actor_id for o in self.actor.model.actors_of("media_outlet")
                if o.spec.sponsor == self.actor.actor_id and o.targetable()]

    def unmet(self, technique: str, target: str) -> list[str]:
        """The capabilities ``technique`` against ``target`` still needs."""
        return [k for k in (requirement(r, target) for r in TECHNIQUES[technique].requires) if not self.has(k)]

    def toolbox(self) -> list[str]:
        """Its techniques, and the :data:`ENABLERS` they need."""
        listed = list(self.actor.spec.techniques)
        needed = {r.partition(":")[0] for name in listed for r in TECHNIQUES[name].requires}
        needed |= {"audience"} if "voice" in needed else set()
        extra = [name for name in ENABLERS if name not in listed and name in TECHNIQUES
                 and any(p.partition(":")[0] in needed for p in TECHNIQUES[name].provides)]
        return listed + extra

    def providers(self, key: str) -> list[str]:
        """Techniques of its toolbox that would give it ``key`` (``voice``: one that builds an audience)."""
        wanted = "audience" if key == "voice" else key
        out = []
        for name in self.toolbox():
            for provided in TECHNIQUES[name].provides:
                head, _, tail = provided.partition(":")
                if provided == wanted or (tail == "{target}" and wanted.startswith(head + ":")):
                    out.append(name)
        return out

    def step_for(self, technique: str, target: str) -> Step | None:
        return next((s for s in self.steps if s.key == (technique, target)), None)

    # -- channels ---------------------------------------------------------------------------------

    def channels_for(self, step: Step) -> tuple[list[Option], str]:
        """The open channels for ``step``, best first, and why the state's own way is closed ("" if open)."""
        from sim.detection import PROXY_SIGNATURE

        ex, actor = self.actor.model, self.actor
        tech = TECHNIQUES[step.technique]
        me = actor.actor_id
        own_through = ex.standing.through(me, step.technique)
        closed = ""
        if own_through < CLOSED_BELOW:
            closed = f"a standing barrier lets {own_through:.0%} through"
        elif tech.intrusion and "intrusion" in ex.standing.closures:
            closed = "networks are hardened"
        elif tech.needs_staff and not actor.staff_in_country():
            closed = "no staff left in the country"
        options: list[Option] = []
        if "voice" in tech.requires:
            # its own voice is the outlet; paid influencers are the other channel once an audience is built
            if self.outlets() and not closed:
                options.append(Option(step, "outlet", {"voice": "outlet"}, own_through))
            if "audience" in self.held:
                options.append(Option(step, "influencers", {"voice": "influencers"}, own_through))
            if not options:
                closed = closed or "its outlet is off the air and it has no audience of its own"
            return options, closed
        if not closed:
            options.append(Option(step, "own", {}, own_through))
        if tech.needs_staff:
            group = ex.actors.get(step.target)
            # the association it steers can run it too, less well: the way back once its staff are expelled
            if (group is not None and group.spec.kind == "diaspora_group" and group.targetable()
                    and group.spec.origin == me):
                options.append(Option(step, f"association:{group.actor_id}",
                                      {"association": group.actor_id, "intensity": ASSOCIATION_EFFECT},
                                      own_through * ASSOCIATION_EFFECT, PROXY_SIGNATURE))
        else:
            for proxy in self.proxies_for(step.line):
                through = ex.standing.through(proxy, step.technique)
                if through >= CLOSED_BELOW:
                    options.append(Option(step, f"proxy:{proxy}", {"via": proxy}, through * PROXY_EFFECT,
                                          PROXY_SIGNATURE, cost=PROXY_COST))
        return options, closed

    def proxies_for(self, line: str) -> list[str]:
        """Its proxies that work on ``line`` (a proxy's ``lines``; none listed: any line)."""
        suspects = {s.id: s for s in getattr(self.actor.model.scenario, "suspects", None) or []}
        return [p for p in self.actor.spec.proxies
                if p not in suspects or not suspects[p].lines or line in suspects[p].lines]

    # -- choosing -----------------------------------------------------------------------------------

    def options(self, priming: bool, busy: set[tuple[str, str]], budget: float) -> list[Option]:
        """Every step (or the preparation it needs) that could be launched now, through its best channel."""
        ex = self.actor.model
        out: list[Option] = []
        seen: set[tuple[str, str]] = set()
        for step in self._open_steps():
            if step.not_before > ex.now or not self._target_ok(step):
                continue
            unmet = self.unmet(step.technique, step.target)
            if unmet:
                for key in unmet:
                    for name in self.providers(key):
                        target = "" if key in ("voice", "audience") else key.split(":", 1)[1]
                        prep = self.step_for(name, target) or self._add(name, target, step.line)
                        if prep.key not in seen and self._launchable(prep, priming, busy, budget):
                            seen.add(prep.key)
                            out.extend(self._through(prep, unlocks=step))
                continue
            if step.key not in seen and self._launchable(step, priming, busy, budget):
                seen.add(step.key)
                out.extend(self._through(step))
        return out

    def _open_steps(self) -> list[Step]:
        """Built plans: every step. Given plans: per line, steps up to the first one not yet launched.

        A given step that can never run (given up after the Dutch side disrupted it, or its target gone)
        does not hold its line back.
        """
        out, waiting = [], set()
        for step in self.steps:
            if not step.given:
                out.append(step)
            elif step.line not in waiting:
                out.append(step)
                dead = step.failed >= GIVE_UP_AFTER or not self._target_ok(step)
                if step.launched == 0 and not dead:
                    waiting.add(step.line)
        return out

    def _add(self, technique: str, target: str, line: str) -> Step:
        """Add a preparatory step the plan did not spell out (the decomposition of a requirement)."""
        tech = TECHNIQUES[technique]
        step = Step(technique, target, tech.line or line, tech.phase)
        self.steps.append(step)
        return step

    def _target_ok(self, step: Step) -> bool:
        kind = TECHNIQUES[step.technique].target
        if kind in ("group", "recipient") and step.target and step.target != "party":
            group = self.actor.model.actors.get(step.target)
            return group is not None and group.targetable()
        return True

    def _launchable(self, step: Step, priming: bool, busy: set[tuple[str, str]], budget: float) -> bool:
        from agents.state_actor import PRIMING_MAX_SIGNATURE

        tech = TECHNIQUES[step.technique]
        if step.key in busy or tech.cost > budget or (step.launched and not step.repeat) or step.failed >= GIVE_UP_AFTER:
            return False
        if step.technique in ENABLERS and all(self.has(requirement(p, step.target)) for p in tech.provides):
            return False  # pure preparation is not redone while what it gave still holds
        return not (priming and (tech.phase != "prepare" or tech.signature > PRIMING_MAX_SIGNATURE))

    def _through(self, step: Step, unlocks: Step | None = None) -> list[Option]:
        """The step on each of its open channels (the state weighs them); a step with none is logged as blocked."""
        options, closed = self.channels_for(step)
        if not options:
            if (step.technique, closed) not in self._blocked:  # once per technique and reason, not per target
                self._blocked.add((step.technique, closed))
                self._log_replan(step, self.channels.get(step.technique, "own"), "", closed)
            return []
        if unlocks is not None:
            what, worth = f"{unlocks.technique} {unlocks.target}".rstrip(), self.actor.value(unlocks.technique)
            options = [Option(o.step, o.channel, o.params, o.through, o.visibility, what, worth, o.cost)
                       for o in options]
        return options

    def note_launch(self, option: Option, op: "Operation", channel: str = "") -> None:
        """Record a launched step: its channel (logging a switch of plan), its phase, and the step itself.

        ``channel`` is the one it actually went through when that differs from the plan's choice (the
        state's standing share of deniable work, :attr:`StateActorSpec.deniability`): no re-plan.
        """
        step, ex = option.step, self.actor.model
        step.launched += 1
        self._counted.add(op.id)
        before = self.channels.get(step.technique)
        if before is not None and before != option.channel:
            options, closed = self.channels_for(step)
            left = next((o for o in options if o.channel == before), None)
            disrupted = self.actor.disrupted_on.get((step.technique, before), 0)
            if before in ("own", "outlet") and closed:
                why = closed
            elif left is None:
                why = f"{before} is closed"
            elif disrupted:
                why = f"the Dutch side disrupted it {disrupted} time(s) through {before}"
            elif left.through < 1.0:
                why = f"{before} lets only {left.through:.0%} through"
            else:
                why = f"{option.channel} is less likely to be caught now"
            self._log_replan(step, before, option.channel, why)
        self.channels[step.technique] = option.channel
        ex.log_event("campaign.step", source=self.actor.actor_id, target=f"{step.technique} {step.target}".rstrip(),
                     payload={"operation": op.id, "line": step.line, "phase": step.phase,
                              "channel": channel or option.channel, "unlocks": option.unlocks},
                     visible_to=[WHITE])

    def _log_replan(self, step: Step, before: str, after: str, why: str) -> None:
        self.actor.model.log_event(
            "campaign.replans", source=self.actor.actor_id, target=f"{step.technique} {step.target}".rstrip(),
            payload={"line": step.line, "technique": step.technique, "from": before, "to": after or "nothing",
                     "why": why}, visible_to=[WHITE])
