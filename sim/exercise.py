"""The exercise: one mesa Model that owns the clock, the seed, the agents, the indicators and the log.

Everything a run does goes through an :class:`Exercise`:

* time is ``self.env.now`` (a simpy Environment), in hours since the scenario
  start; :meth:`Exercise.run_until` advances it — the console in small slices
  between frames, the headless runner in one go — and the result does not depend
  on the slicing;
* randomness comes from ``self.rng`` (mesa's numpy Generator, built with
  ``rng=seed``) or from streams spawned from it at build time;
* agents are mesa agents whose behaviour runs as simpy processes; periodic
  dynamics (population, damage recovery, capacity, sampling, polls, triggers)
  run in one ticker process;
* players and doctrine act through :meth:`Exercise.submit`, which accepts or
  refuses a command with a reason and logs it either way;
* :meth:`Exercise.observe` answers with what a cell knows (see :mod:`sim.observation`).

Listeners (the replay writer, the console) subscribe to the log, to samples and to
submitted commands; the exercise itself writes no files.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import mesa
import simpy

import sim.exercise_events  # noqa: F401  (registers the kinds logged here)
from sim import red_cell
from sim.actions import ACTIONS, Action, Order
from sim.commands import (Command, CommandError, Control, Named, as_message, check_command, parse_command,
                          recorded_text, suggest)
from sim.commands import reason as reason_of
from sim.i18n import M_
from sim.campaign import PROXY_EFFECT
from sim.costs import CREDIBILITY_RECOVERY_PER_DAY, RELATIONS_RECOVERY_PER_DAY, DutchCosts, PoliticalCapital, incur, state_of_target
from sim.detection import PROXY_SIGNATURE, SUSPICION_THRESHOLD
from sim.evidence import DEFAULT_SUSPECTS, LLR_FALSE_FLAG, LLR_TRACE, TRACE_TRUE_SHARE, EvidenceBook, Suspect
from sim.events import EVERYONE, WHITE, Event, EventLog, canonical
from sim.indicators import Indicators
from sim.injects import InjectBook
from sim.observation import POLL_DELAY_HOURS, POLL_NOISE_POINTS, Observation
from sim.plugins import load_plugins
from sim.registry import AGENT_KINDS, DEFAULT_DOCTRINE, DOCTRINES, EVENT_KINDS, TARGET_KINDS, TECHNIQUES, providers
from sim.scenario import LoadedScenario, load_scenario
from sim.standing import StandingEffects
from sim.techniques import Operation
from sim.timeexpr import describe, parse_start

SampleListener = Callable[[dict[str, Any]], None]
CommandListener = Callable[[float, str, str], None]


@dataclass(frozen=True)
class Cell:
    """A role in the exercise.

    Attributes:
        id: cell id.
        title: display name.
        bodies: government bodies it commands.
        actions: actions it may order.
        doctrine: acts on doctrine when no player holds it.
        held: a player holds it.
        actor: for a red cell, the state actor it plays ("" for a Dutch cell; see :mod:`sim.red_cell`).
    """

    id: str
    title: str
    bodies: tuple[str, ...]
    actions: tuple[str, ...]
    doctrine: bool
    held: bool
    actor: str = ""


@dataclass(frozen=True)
class SubmitResult:
    """Outcome of :meth:`Exercise.submit`: accepted or refused, with the line to show the player."""

    accepted: bool
    message: str
    order_id: str = ""


class Exercise(mesa.Model):
    """A running exercise built from a validated scenario and a seed.

    Attributes:
        scenario: the validated scenario model; ``loaded`` keeps its text and hash.
        seed: the seed everything random derives from.
        env: the simpy environment (the clock).
        log: the append-only event log.
        indicators: indicator state and series.
        population: the citizen population, or None.
        cells: cells by id (White is implicit); ``red_cells``: state actor -> the red cell playing it.
        actors: agents by scenario id.
        injects: the MSEL at run time.
        operations: red operations by id.
        orders: accepted orders, in order.
        evidence: attribution evidence, who holds which (:mod:`sim.evidence`).
        polls: published polls, oldest first (``{"t", "as_of", "values"}``).
        standing: standing effects of responses on red techniques (:mod:`sim.standing`).
        costs: what the response has cost the Netherlands (:mod:`sim.costs`); ``capital``: political capital.
        queues: per body, the accepted orders waiting for its capacity (first come, first served).
        started: order id -> when it got its capacity and started; ``dropped``: waiting orders whose
            precondition no longer held when their turn came.
    """

    def __init__(self, loaded: LoadedScenario, seed: int | None = None, players: Iterable[str] = ()) -> None:
        load_plugins()
        scenario = loaded.scenario
        self.seed = int(scenario.seed if seed is None else seed)
        super().__init__(rng=self.seed)
        self.loaded = loaded
        self.scenario = scenario
        self.start_datetime = parse_start(scenario.start)
        self.end = float(scenario.duration.days * 24.0)
        self.tick_hours = float(scenario.tick.hours)
        self.env = simpy.Environment()
        self.log = EventLog()
        self.indicators = Indicators(scenario.start_values())
        self.indicators.recovery["bilateral_relations"] = RELATIONS_RECOVERY_PER_DAY
        self.indicators.recovery["government_credibility"] = CREDIBILITY_RECOVERY_PER_DAY
        self.capital = PoliticalCapital(float(scenario.political_capital))
        self.queues: dict[str, list[Order]] = {}
        self.started: dict[str, float] = {}
        self.dropped: set[str] = set()
        self._rechecking: Order | None = None  # the queued order whose precondition _start_queued checks again
        self.operations: dict[str, Operation] = {}
        self.orders: list[Order] = []
        self.polls: list[dict[str, Any]] = []
        self.standing = StandingEffects()
        self._state: dict[str, Any] = {}
        self.on_sample: list[SampleListener] = []
        self.on_command: list[CommandListener] = []
        self._logged: set[tuple[str, str, str]] = set()
        self._knowledge: dict[str, dict[str, float]] = {}
        self.finished = False

        players = tuple(players)
        unknown = [p for p in players if p not in scenario.cells]
        if unknown:
            raise ValueError(f"no cell {unknown[0]!r} in scenario {scenario.id}{suggest(unknown[0], scenario.cells)}")
        self.cells = {
            cid: Cell(cid, spec.title or cid, tuple(spec.bodies), tuple(spec.actions), spec.doctrine, cid in players,
                      spec.actor or "")
            for cid, spec in scenario.cells.items()
        }
        self.red_cells = {cell.actor: cid for cid, cell in self.cells.items() if cell.actor}
        self._knowledge = {cid: {} for cid in (*self.cells, WHITE)}

        # Streams are spawned in a fixed order at build time, so adding draws to
        # one component never shifts the numbers another one sees.
        population_stream, self.poll_rng, self.detection_rng, self.deception_rng = self.rng.spawn(4)
        self.population = None
        if scenario.population is not None:
            from sim.population import Population  # heavy numpy set-up only when needed

            self.population = Population(scenario.population, scenario.narratives, population_stream)
            self.indicators.anchor_population(self.population.indicator_levels())

        self.actors: dict[str, Any] = {}
        order = {k: AGENT_KINDS[k].order for k in AGENT_KINDS}
        for spec in sorted(getattr(scenario, "actors", []), key=lambda a: order[a.kind]):
            self.actors[spec.id] = AGENT_KINDS[spec.kind].factory(self, spec)
        for actor, cid in self.red_cells.items():
            # A held state's own planner launches nothing: the player's orders are its campaign.
            self.actors[actor].held = self.cells[cid].held
        self.costs = DutchCosts([a.actor_id for a in self.actors_of("state_actor")])
        self.evidence = EvidenceBook(self._suspects())
        self.injects = InjectBook(self)

        self.env.process(self._ticker())
        self.injects.start()
        for agent in self.actors.values():
            agent.start()
        doctrine = DOCTRINES[DEFAULT_DOCTRINE]
        for cell in self.cells.values():
            if cell.doctrine and not cell.held and cell.actions:
                self.env.process(doctrine.process(self, cell))

    @classmethod
    def from_file(cls, path: str | Path, seed: int | None = None, players: Iterable[str] = ()) -> "Exercise":
        """Build from a scenario file (raises :class:`sim.scenario.ScenarioError` on bad input)."""
        return cls(load_scenario(path), seed=seed, players=players)

    # -- the clock -------------------------------------------------------------------------

    @property
    def now(self) -> float:
        """Hours since the scenario start."""
        return float(self.env.now)

    def clock(self, t: float | None = None) -> str:
        """A clock reading as players see it."""
        return describe(self.now if t is None else t, self.start_datetime)

    def run_until(self, t: float) -> None:
        """Advance the clock to ``t`` hours (at most the scenario's end).

        Events at exactly ``t`` run on the next call (simpy stops before them), so a
        command submitted at ``t`` is ordered the same way live and when a replay is
        re-simulated. At the end, everything due at the end time is run too.
        """
        target = min(float(t), self.end)
        if target > self.env.now:
            self.env.run(until=target)
        if target >= self.end and not self.finished:
            while self.env.peek() <= self.end:
                self.env.step()
            self.finished = True

    def run_through(self, t: float) -> None:
        """Advance to ``t`` and also run everything due at exactly ``t`` (a run that stops there)."""
        self.run_until(t)
        target = min(float(t), self.end)
        while self.env.peek() <= target:
            self.env.step()

    def run(self) -> None:
        """Run to the end of the scenario."""
        self.run_until(self.end)

    # -- logging ---------------------------------------------------------------------------

    def log_event(self, kind: str, source: str, target: str = "", payload: dict[str, Any] | None = None,
                  visible_to: Iterable[str] = (), tags: Iterable[str] = ()) -> Event:
        """Append an event at the current time; ``kind`` must be registered (:mod:`sim.eventkinds`)."""
        if kind not in EVENT_KINDS:
            raise ValueError(f"event kind {kind!r} is not registered{suggest(kind, EVENT_KINDS)}")
        # Every (kind, source, target) pattern an MSEL trigger may ask for, "" standing for any.
        self._logged.update({(kind, source, target), (kind, source, ""), (kind, "", target), (kind, "", "")})
        return self.log.append(self.now, kind, source, target, payload, visible_to, tags)

    def has_logged(self, kind: str, source: str | None = None, target: str | None = None) -> bool:
        """Whether an event of ``kind`` (from ``source``, about ``target``) has been logged."""
        return (kind, source or "", target or "") in self._logged

    def publish_news(self, source: str, headline: str, about: str = "", ref: str = "",
                     narrative: str = "", stance: str = "", reach: float = 0.0) -> Event:
        """Publish a news item everyone can read."""
        return self.log_event("news", source=source, target=narrative or ref,
                              payload={"headline": headline, "about": about, "ref": ref, "narrative": narrative,
                                       "stance": stance, "reach": reach},
                              visible_to=[EVERYONE])

    # -- actors and operations ---------------------------------------------------------------

    def actors_of(self, kind: str) -> list[Any]:
        """Agents of one kind, in scenario order."""
        return [a for a in self.actors.values() if a.spec.kind == kind]

    def cells_of_body(self, body: str) -> list[str]:
        """Cells that command ``body``."""
        return [c.id for c in self.cells.values() if body in c.bodies]

    def government_cells(self) -> list[str]:
        """The Dutch cells (every cell but the red ones), in scenario order."""
        return [c.id for c in self.cells.values() if not c.actor]

    def _red_eyes(self, actor: str) -> list[str]:
        """Who sees a state's own operations start and end: White, and the red cell playing it."""
        cell = self.red_cells.get(actor)
        return [WHITE, cell] if cell else [WHITE]

    def launch_operation(self, actor: str, technique: str, target: str = "", staff: str = "",
                         params: dict[str, Any] | None = None, cause: str = "") -> Operation:
        """Start an operation of ``actor`` now (the actor has decided, or an inject forces it)."""
        tech = TECHNIQUES[technique]
        op = Operation(id=f"op{len(self.operations) + 1}", actor=actor, technique=technique, target=target,
                       started=self.now, ends=self.now + tech.duration_hours, staff=staff,
                       params=dict(params or {}))
        self.operations[op.id] = op
        self.log_event("operation.launched", source=actor, target=target,
                       payload={"operation": op.id, "technique": technique, "staff": staff,
                                "ends": op.ends, "cause": cause},
                       visible_to=self._red_eyes(actor), tags=(*tech.tags(), *self._strategic_ends(actor)))
        tech.start(self, op)
        self.env.process(self._operation_timer(op))
        return op

    def _strategic_ends(self, actor: str) -> tuple[str, ...]:
        agent = self.actors.get(actor)
        return tuple(getattr(agent.spec, "strategic_ends", ())) if agent is not None else ()

    def _operation_timer(self, op: Operation):
        yield self.env.timeout(max(0.0, op.ends - self.now))
        if op.active:
            self.stop_operation(op, "completed")

    def stop_operation(self, op: Operation, outcome: str) -> None:
        """End an operation (completed, or disrupted by a response)."""
        if not op.active:
            return
        op.active, op.outcome = False, outcome
        TECHNIQUES[op.technique].stop(self, op)
        learner = getattr(self.actors.get(op.actor), "note_disruption", None)
        if learner is not None and outcome.startswith("disrupted"):
            learner(op)  # the state values that technique less from now on (agents.state_actor)
        self.log_event("operation.ended", source=op.actor, target=op.target,
                       payload={"operation": op.id, "technique": op.technique, "outcome": outcome},
                       visible_to=self._red_eyes(op.actor))

    def apply_amplification(self) -> None:
        """Tell the population each narrative's sharing factor: inauthentic amplification summed over the
        platforms, times what their labels leave of resharing (:mod:`agents.platform`)."""
        if self.population is None:
            return
        platforms = self.actors_of("platform")
        for narrative in self.population.narrative_ids:
            boost = sum(p.networks.get(narrative, 0.0) for p in platforms)
            labelled = math.prod(p.resharing(narrative) for p in platforms)
            self.population.set_amplification(narrative, (1.0 + boost) * labelled)

    def effect_factor(self, op: Operation) -> float:
        """An operation's effect multiplier: what gets past the standing barriers, times its intensity.

        An operation run through a proxy meets the barriers against the technique and against the proxy,
        not those against the state (a bilateral agreement binds the state, not its cut-outs), and the
        proxy delivers only :data:`sim.campaign.PROXY_EFFECT` of it.
        """
        via = str(op.params.get("via", ""))
        if via:
            through = self.standing.through(via, op.technique) * PROXY_EFFECT
        else:
            through = self.standing.through(op.actor, op.technique)
        return through * float(op.params.get("intensity", 1.0))

    def signature_factor(self, op: Operation) -> float:
        """How much more visible an operation is than its technique's base signature.

        Standing exposure (reporting lines, disclosure rules) multiplies it; for operations
        against a diaspora, so does the members' willingness to report (0.25 = as usual).
        """
        factor = self.standing.visibility(op.actor, op.technique)
        if op.params.get("via") or op.params.get("association"):
            factor *= PROXY_SIGNATURE  # run through a cut-out or an association it steers: quieter, and deniable
        if "report" in op.params:
            factor *= 0.5 + 2.0 * float(op.params["report"])
        return factor

    def state_of(self, owner: str, factory: Callable[[], Any]) -> Any:
        """The run-time state a catalogue module keeps for itself (made by ``factory`` on first use).

        Responses and techniques keep what is theirs (running investigations, the last debunk of each
        narrative) here under their own name, so the exercise holds it without knowing what it is.
        """
        if owner not in self._state:
            self._state[owner] = factory()
        return self._state[owner]

    def active_operations(self) -> list[Operation]:
        """Operations still running, oldest first."""
        return [op for op in self.operations.values() if op.active]

    def _suspects(self) -> list[Suspect]:
        """The state actors, then the scenario's other suspects (two generic ones if it names none)."""
        states = [Suspect(a.actor_id, a.display_name, "state", a.actor_id) for a in self.actors_of("state_actor")]
        declared = [Suspect(s.id, s.name, s.kind, s.state or "") for s in self.scenario.suspects]
        return states + (declared or [Suspect(i, name, kind) for i, name, kind in DEFAULT_SUSPECTS])

    def suspicion(self, cell: str) -> tuple[str, float]:
        """``cell``'s leading suspect, or "unknown" below the suspicion threshold, with its confidence."""
        suspect, confidence = self.evidence.leading(cell)
        return (suspect if confidence >= SUSPICION_THRESHOLD else "unknown"), confidence

    def _trace(self, op: Operation, draw: bool) -> tuple[str, float]:
        """Whom a detection of ``op`` points at: a planted false flag, the real actor, or (ambiguous) another suspect."""
        flag = str(op.params.get("false_flag", ""))
        if flag in self.evidence.suspects and flag != op.actor:
            return flag, LLR_FALSE_FLAG
        via = str(op.params.get("via", ""))
        if via in self.evidence.suspects:
            return via, LLR_TRACE  # what is seen is the cut-out; only an investigation links it to the state
        if not draw or self.detection_rng.random() < TRACE_TRUE_SHARE:
            return op.actor, LLR_TRACE
        others = [s for s in self.evidence.suspects if s != op.actor]
        return (others[int(self.detection_rng.integers(len(others)))] if others else op.actor), LLR_TRACE

    def record_detection(self, body: str, op: Operation) -> None:
        """``body`` has detected ``op``: its cells learn of it and get the evidence its trace gives."""
        if body in op.detected_by:
            return
        cells = self.cells_of_body(body)
        points_to, weight = self._trace(op, draw=True)
        self.evidence.add(f"det:{op.id}:{body}", points_to, weight, cells)
        self._notify(op, cells, source=body, points_to=points_to)

    def reveal(self, op: Operation, cells: Iterable[str], source: str) -> None:
        """Tell ``cells`` about an operation outright (an inject that reports it), as a detection would.

        A report names whom its source links the operation to: the real actor, or the false flag.
        """
        cells = [c for c in cells if c in self.cells]
        points_to, weight = self._trace(op, draw=False)
        self.evidence.add(f"rep:{op.id}", points_to, weight, cells)
        self._notify(op, cells, source=source, reported=True, points_to=points_to)

    def _notify(self, op: Operation, cells: list[str], source: str, reported: bool = False,
                points_to: str = "") -> None:
        """``source`` now knows of ``op``: its cells learn of it, and a hardened network closes an intrusion."""
        op.detected_by.setdefault(source, self.now)
        for cell in cells:
            self._knowledge[cell].setdefault(op.id, self.now)
        tech = TECHNIQUES[op.technique]
        suspected, confidence = self.suspicion(cells[0]) if cells else ("unknown", 0.0)
        payload = {"operation": op.id, "technique": op.technique, "suspected": suspected,
                   "confidence": confidence, "points_to": points_to, "summary": tech.summary}
        if reported:
            payload["reported"] = True
        self.log_event("detection", source=source, target=op.target, payload=payload, visible_to=cells,
                       tags=tech.tags())
        if self.standing.closes_on_detection(tech):
            self.stop_operation(op, "disrupted: intrusion closed on detection")

    def share_knowledge(self, from_cell: str, to_cells: Iterable[str]) -> list[str]:
        """Give ``to_cells`` what ``from_cell`` knows and its evidence; returns the operation ids shared."""
        known = self._knowledge[from_cell]
        to_cells = list(to_cells)
        self.evidence.share(from_cell, to_cells)
        for cell in to_cells:
            for op_id, t in known.items():
                self._knowledge[cell].setdefault(op_id, t)
        return sorted(known)

    def known_since(self, cell: str, op_id: str) -> float:
        """When ``cell`` learnt of operation ``op_id`` (it must know of it)."""
        return self._knowledge[cell][op_id]

    def known_operations(self, cell: str) -> list[Operation]:
        """Operations ``cell`` knows of (White: all of them)."""
        if cell == WHITE:
            return list(self.operations.values())
        return [self.operations[i] for i in self._knowledge.get(cell, {})]

    # -- commands ----------------------------------------------------------------------------

    def allowed_actions(self, cell: str) -> tuple[str, ...]:
        """Actions ``cell`` may order."""
        if cell == WHITE:
            return tuple(name for name, a in ACTIONS.items() if a.control)
        return self.cells[cell].actions

    def targets(self, kind: str) -> list[str]:
        """Ids that exist now for a target kind (see :class:`sim.registry.TargetKind`); [] if unknown."""
        target_kind = TARGET_KINDS.get(kind)
        if target_kind is None:
            return []
        if target_kind.ids is not None:
            return list(target_kind.ids(self))
        agent_kinds = providers(kind)
        return [a.actor_id for a in self.actors.values() if a.spec.kind in agent_kinds and a.targetable()]

    @functools.cached_property
    def _may_order(self) -> dict[str, list[str]]:
        """For each action, the cells that may order it (cells do not change during a run)."""
        table: dict[str, list[str]] = {}
        for cell in self.cells.values():
            for name in cell.actions:
                table.setdefault(name, []).append(cell.id)
        return table

    def _payer(self, cell: str, action: Action, surge: bool) -> tuple[str, str]:
        """Which of the cell's bodies carries the order, and how: ``now``, ``surge`` or ``queued``.

        The first body that can start it now takes it; with ``surge`` the first that can borrow for it;
        otherwise it waits for the body that can start it soonest. Raises :class:`CommandError` when
        every body's queue is full.
        """
        if cell == WHITE or action.capacity <= 0:
            return (WHITE if cell == WHITE else self.cells[cell].bodies[0]), "now"
        bodies = [self.actors[b] for b in self.cells[cell].bodies]
        for body in bodies:
            if body.capacity.can_start(action.capacity):
                return body.actor_id, "now"
        if surge:
            for body in bodies:
                if body.capacity.waiting <= 1e-9 and body.capacity.can_surge(action.capacity):
                    return body.actor_id, "surge"
        open_ = [b for b in bodies if b.capacity.can_queue(action.capacity)]
        if not open_:
            best = min(bodies, key=lambda b: b.capacity.waiting)
            booked = dict(action=action.name, days=action.capacity, body=Named(best.actor_id),
                          waiting=best.capacity.waiting, available=best.capacity.available, rate=best.capacity.rate)
            raise CommandError(
                M_("{action} needs {days:g} staff-days; {body} is fully booked ({waiting:.1f} staff-days waiting, "
                   "{available:.1f} available, refills {rate:.1f}/day)", **booked) if surge else
                M_("{action} needs {days:g} staff-days; {body} is fully booked ({waiting:.1f} staff-days waiting, "
                   "{available:.1f} available, refills {rate:.1f}/day); surge=yes borrows if it has any slack", **booked))
        best = min(open_, key=lambda b: b.capacity.hours_until(action.capacity))
        return best.actor_id, "queued"

    def _check(self, cell: str, command: str | Command) -> tuple[Command, Action, dict[str, Any], tuple[str, str]]:
        """Everything that decides acceptance, without side effects: (command, action, params, (body, mode))."""
        if cell != WHITE and cell not in self.cells:
            raise CommandError(M_("no cell {cell!r}{hint}", cell=cell, hint=suggest(cell, [*self.cells, WHITE])))
        parsed = parse_command(command) if isinstance(command, str) else command
        if isinstance(parsed, Control):
            raise CommandError(M_("{word!r} is a console control word, not an order", word=parsed.word))
        foreign = red_cell.foreign_word(self.cells, cell, parsed.action)
        if foreign:
            raise CommandError(foreign)
        kind = ACTIONS[parsed.action].target if parsed.action in ACTIONS else "none"
        targets = {kind: self.targets(kind)} if kind != "none" else {}
        params = check_command(parsed, cell, ACTIONS, self.allowed_actions(cell), self._may_order, targets)
        action = ACTIONS[parsed.action]
        if action.precondition is not None:
            reason = action.precondition(self, cell, parsed.target, params)
            if reason:
                raise CommandError(M_("{action}: {reason}", action=action.name, reason=as_message(reason)))
        if action.political_capital and cell != WHITE:
            short = self.capital.shortfall(action.political_capital)
            if short:
                raise CommandError(M_("{action} {shortfall}", action=action.name, shortfall=as_message(short)))
        surge = params.pop("surge", "no") == "yes"
        return parsed, action, params, self._payer(cell, action, surge)

    def can_order(self, cell: str, command: str | Command, wait: bool = True) -> str | None:
        """Why ``cell`` could not order ``command`` now (None if it could). Logs nothing, changes nothing.

        With ``wait=False`` an order that would have to queue counts as one that cannot be given now.
        """
        if cell in self.cells and self.cells[cell].actor:
            return red_cell.refusal(self, cell, command)
        try:
            *_, (body, mode) = self._check(cell, command)
        except CommandError as exc:
            return str(exc)
        if not wait and mode == "queued":
            return M_("{body} is busy: the order would wait", body=Named(body))
        return None

    def submit(self, cell: str, command: str | Command, by: str = "player") -> SubmitResult:
        """Order ``command`` for ``cell`` now; accepted or refused with a reason, logged either way."""
        text = recorded_text(command if isinstance(command, str) else command.text())
        if by == "player":
            for listener in self.on_command:
                listener(self.now, cell, text)
        if cell in self.cells and self.cells[cell].actor:
            return SubmitResult(*red_cell.submit(self, cell, command, text, by))  # its actor launches or refuses
        try:
            parsed, action, params, (body, mode) = self._check(cell, command)
        except CommandError as exc:
            self.log_event("command.refused", source=cell, payload={"command": text, "reason": str(exc), "by": by},
                           visible_to=[cell])
            return SubmitResult(False, reason_of(exc))
        order = Order(id=f"o{len(self.orders) + 1}", t=self.now, cell=cell, body=body, action=action.name,
                      target=parsed.target, params=canonical(params), by=by)
        self.orders.append(order)
        if action.political_capital and cell != WHITE:
            self.capital.spend(action.political_capital)
            self.log_event("capital.spent", source=cell, target=order.target,
                           payload={"order": order.id, "amount": action.political_capital, "left": self.capital.left},
                           visible_to=[cell, WHITE])
        payload = {"order": order.id, "action": action.name, "params": order.params, "body": body,
                   "by": by, "effective": self.now + action.lead_hours, "capacity": action.capacity}
        capacity = self.actors[body].capacity if body != WHITE and action.capacity > 0 else None
        if mode == "queued":
            starts = self.now + capacity.hours_until(action.capacity)
            payload.update(queued=True, starts=starts, effective=starts + action.lead_hours)
            capacity.waiting += action.capacity
            self.queues.setdefault(body, []).append(order)
        elif mode == "surge":
            payload["surge"] = True
        self.log_event("command.accepted", source=cell, target=order.target, payload=payload,
                       visible_to=[cell], tags=action.tags())
        head = f"{order.id} {action.name} {order.target}".rstrip()
        if mode == "queued":
            asked = any(k == "surge" and v.lower() == "yes" for k, v in parsed.params)
            ahead = capacity.waiting - action.capacity
            why = (M_("{days:g} staff-days of orders ahead of it", days=ahead) if ahead > 1e-9
                   else M_("{available:.1f} of {days:g} staff-days available", available=capacity.available,
                           days=action.capacity))
            fields = dict(head=head, body=Named(body), why=why, starts=self.clock(payload["starts"]),
                          effective=self.clock(payload["effective"]))
            return SubmitResult(True, M_("{head}: accepted, cannot surge (no slack to borrow), so it waits for {body} "
                                         "({why}); starts about {starts}, takes effect about {effective}", **fields)
                                if asked else
                                M_("{head}: accepted, waits for {body} ({why}); starts about {starts}, takes effect "
                                   "about {effective}", **fields), order.id)
        self._start(order, action)
        if mode == "surge":
            when = (M_("{head}: accepted ({body} surges: fatigue follows), takes effect now", head=head, body=Named(body))
                    if action.lead_hours == 0 else
                    M_("{head}: accepted ({body} surges: fatigue follows), takes effect at {when}", head=head,
                       body=Named(body), when=self.clock(self.now + action.lead_hours)))
        else:
            when = (M_("{head}: accepted, takes effect now", head=head) if action.lead_hours == 0 else
                    M_("{head}: accepted, takes effect at {when}", head=head, when=self.clock(self.now + action.lead_hours)))
        return SubmitResult(True, when, order.id)

    def _start(self, order: Order, action: Action) -> None:
        """Spend the order's capacity and run it: its effect comes after the lead time."""
        if order.body != WHITE and action.capacity > 0:
            self.actors[order.body].capacity.spend(action.capacity)
        self.started[order.id] = self.now
        self.env.process(self._execute(order, action))

    def _start_queued(self) -> None:
        """Start the waiting orders whose body now has the capacity, first come first served."""
        for body, queue in self.queues.items():
            capacity = self.actors[body].capacity
            while queue and capacity.available >= ACTIONS[queue[0].action].capacity - 1e-9:
                order = queue.pop(0)
                action = ACTIONS[order.action]
                capacity.waiting = max(0.0, capacity.waiting - action.capacity)
                # What was possible when it was ordered may not be now (an investigation started meanwhile).
                self._rechecking = order  # so that "already ordered" checks (in_flight) do not find it its own rival
                try:
                    reason = (action.precondition(self, order.cell, order.target, dict(order.params))
                              if action.precondition else None)
                finally:
                    self._rechecking = None
                if reason:
                    self.log_event("response.failed", source=order.cell, target=order.target,
                                   payload={"order": order.id, "action": order.action,
                                            "reason": str(M_("when its turn came: {reason}", reason=reason))},
                                   visible_to=[order.cell], tags=action.tags())
                    self.dropped.add(order.id)
                    continue
                self._start(order, action)
                self.log_event("order.started", source=order.cell, target=order.target,
                               payload={"order": order.id, "action": order.action, "body": body,
                                        "waited": self.now - order.t, "effective": self.now + action.lead_hours},
                               visible_to=[order.cell])

    def in_flight(self, action: str, target: str | None = None, including_in_effect: bool = False) -> list[Order]:
        """Accepted orders of ``action`` (on ``target``, if given) that are not dropped and not yet in effect:
        waiting for capacity or in their lead time (``including_in_effect``: every one ever given).

        A precondition's "already ordered" check: the queued order whose turn :meth:`_start_queued` is
        checking is not its own rival, so it is left out.
        """
        return [o for o in self.orders if o.action == action and (target is None or o.target == target)
                and o.id not in self.dropped and o is not self._rechecking
                and (including_in_effect or (e := self.effective_at(o)) is None or e > self.now)]

    def effective_at(self, order: Order) -> float | None:
        """When ``order`` takes effect (None: it is still waiting for capacity)."""
        started = self.started.get(order.id)
        return None if started is None else started + ACTIONS[order.action].lead_hours

    def _execute(self, order: Order, action: Action):
        if action.lead_hours > 0:
            yield self.env.timeout(action.lead_hours)
        try:
            details = dict(action.effect(self, order) or {})
            kind = "response.executed"
        except CommandError as exc:
            details, kind = {"reason": str(exc)}, "response.failed"
        visible = [EVERYONE] if action.public and kind == "response.executed" else [order.cell]
        self.log_event(kind, source=order.cell, target=order.target,
                       payload={"order": order.id, "action": action.name, **details},
                       visible_to=visible, tags=action.tags())
        if kind == "response.executed" and order.cell != WHITE:
            state = state_of_target(self, action.target, order.target)
            for cost in action.costs:
                if cost.indicator == "bilateral_relations" and state is None:
                    continue  # aimed at someone who is not a state: no relations to pay with
                incur(self, order.cell, cost.indicator, cost.points, cost.why or action.name, order=order.id,
                      state=state or "")

    # -- periodic dynamics ---------------------------------------------------------------------

    def _ticker(self):
        """One process for everything periodic: population, recovery, capacity, samples, polls, triggers."""
        self._sample()
        last_poll = 0.0
        while True:
            yield self.env.timeout(self.tick_hours)
            hours = self.tick_hours
            for body in self.actors_of("government_body"):
                body.capacity.refill(hours)
            self._start_queued()
            for op in self.active_operations():
                TECHNIQUES[op.technique].tick(self, op, hours)
            if self.population is not None:
                self.population.step(hours)
                self.indicators.update_population(self.population.indicator_levels())
            self.indicators.recover(hours)
            self._sample()
            if self.now - last_poll >= 24.0 - 1e-9 and self.now >= POLL_DELAY_HOURS:
                self._poll()
                last_poll = self.now
            self.injects.check_triggers()

    def _sample(self) -> None:
        values = self.indicators.sample(self.now)
        if not self.on_sample:
            return  # nobody records samples (counterfactuals, ensembles): skip the population read-out
        record: dict[str, Any] = {"type": "sample", "t": self.now, "indicators": values}
        if self.population is not None:
            record["population"] = self.population.sample()
        record = canonical(record)
        for listener in self.on_sample:
            listener(record)

    def _poll(self) -> None:
        as_of = self.now - POLL_DELAY_HOURS
        noise = self.poll_rng.normal(0.0, POLL_NOISE_POINTS, size=len(self.indicators.start))
        values = {name: round(min(100.0, max(0.0, self.indicators.value_at(name, as_of) + e)), 1)
                  for name, e in zip(self.indicators.start, noise)}
        self.polls.append({"t": self.now, "as_of": as_of, "values": values})
        self.log_event("poll", source="pollster", payload={"as_of": as_of, "values": values}, visible_to=[EVERYONE])

    # -- what a cell knows ----------------------------------------------------------------------

    def observe(self, cell: str, since: int = 0) -> Observation:
        """What ``cell`` knows now (White: the truth). Never draws random numbers.

        ``since`` is a log position: only events logged from there on are included, so a
        display can fetch its feed incrementally (``Observation.log_size`` is where to go on from).
        """
        truth = cell == WHITE
        if not truth and cell not in self.cells:
            raise KeyError(f"no cell {cell!r}")
        if not truth and self.cells[cell].actor:
            return red_cell.observe(self, cell, since)  # a red cell: its own picture (sim.red_cell)
        if truth:
            indicators, as_of = self.indicators.values(), self.now
            series = {k: list(v) for k, v in self.indicators.series.items()}
        else:
            indicators, as_of, series = self.published_polls()
        bodies = self.cells[cell].bodies if not truth else tuple(a.actor_id for a in self.actors_of("government_body"))
        return Observation(
            t=self.now, clock=self.clock(), cell=cell, truth=truth, indicators=indicators, indicators_as_of=as_of,
            series=series,
            events=[e.to_record() for e in self.log.visible(cell, since)],
            log_size=len(self.log),
            capacity={b: round(self.actors[b].capacity.available, 1) for b in bodies},
            orders=self._pending_orders(cell, truth),
            known_operations=[{"id": op.id, "technique": op.technique, "target": op.target, "active": op.active,
                               **({"actor": op.actor} if truth else {})} for op in self.known_operations(cell)],
            pending_injects=self.injects.pending() if truth else [],
        )

    def published_polls(self) -> tuple[dict[str, float], float, dict[str, list[float]]]:
        """What the public knows of the indicators: the latest poll, when it was measured, and every poll so far."""
        if not self.polls:
            indicators = {k: math.nan for k in self.indicators.start}
            return indicators, math.nan, {k: [] for k in indicators}
        latest = self.polls[-1]
        return dict(latest["values"]), latest["as_of"], {k: [p["values"][k] for p in self.polls] for k in latest["values"]}

    def _pending_orders(self, cell: str, truth: bool) -> list[dict[str, Any]]:
        """The cell's orders not yet in effect: waiting for capacity (with when they should start) or in lead time."""
        pending = []
        for o in self.orders:
            if (not truth and o.cell != cell) or o.id in self.dropped:
                continue
            effective = self.effective_at(o)
            if effective is None:
                queue = self.queues[o.body]
                ahead = sum(ACTIONS[q.action].capacity for q in queue[: queue.index(o)])
                starts = self.now + self.actors[o.body].capacity.hours_until(ACTIONS[o.action].capacity, ahead)
                pending.append({"id": o.id, "action": o.action, "target": o.target, "status": "waiting",
                                "starts": starts, "effective": starts + ACTIONS[o.action].lead_hours})
            elif effective > self.now:
                pending.append({"id": o.id, "action": o.action, "target": o.target, "status": "lead time",
                                "effective": effective})
        return pending
