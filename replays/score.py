"""Scoring a run: resilience metrics per indicator, the objective-weighted score, HSEEP ratings,
decision latency per threat thread, and the cost of the response.

Everything here is a pure function of a :class:`RunData` — the indicator series
and the event log of one run, read from a replay (:meth:`RunData.from_replay`) or
taken from an exercise that has just run (:meth:`RunData.from_exercise`). Both
give the same numbers for the same run, because sample values are the canonical
(6-decimal) values the replay stores. Comparing with the counterfactual lives in
:mod:`replays.counterfactual`; :func:`assemble` puts the two together.

**Per indicator** (``Q0`` the scenario's starting value, ``Q(t)`` the sampled
series, linear between samples, ``T`` the scored period):

* ``loss`` — the resilience triangle of Bruneau et al. (2003, Earthquake Spectra
  19:733): ``∫ max(0, Q0 - Q(t)) dt`` in points x days. Integrated exactly for the
  piecewise-linear series (a segment that crosses ``Q0`` counts only its part below).
* ``robustness`` — ``min Q`` (points).
* ``recovery_hours`` — rapidity: from the moment ``Q`` first fell below
  ``level x Q0`` (``level`` = 0.95) to the moment it came back to that level for
  good; ``0`` if it never fell below, ``None`` ("not recovered") if it is below at
  the end. Crossings are interpolated between samples.
* ``final`` — the last value.
* ``resilience`` — Cimellaro et al. (2010, Eng. Struct. 32:3639):
  ``R = (1/T) ∫ Q(t)/Q0 dt`` (above 1 when the indicator ends up above its start).

Worked example (docs/models.md): a drop from 100 to 60 at t = 0 with linear recovery
over 10 days gives loss = 200 points x days, a recovery time of 10 days to 100%
(``level=1``), and over a 20-day period R = 0.90.

**Overall score (0-100).** Each objective ``k`` (indicator, weight ``w``, target)
scores how much of the band between its *floor* and the start the indicator kept,
averaged over time — Cimellaro's R with functionality normalised between the floor
(0) and the start (1)::

    F_k = min(target_k, Q0 - MIN_BAND)          (a band of at least 5 points)
    s_k = 100 (1/T) ∫ clip((Q(t) - F_k) / (Q0 - F_k), 0, 1) dt
    overall = Σ w_k s_k / Σ w_k

Rising above the start earns nothing extra: the score measures what was kept, not
gained. A scenario without objectives weights all twelve indicators equally
(the nine resilience dimensions and the three cost indicators) with
``F = Q0 - DEFAULT_BAND``.

**HSEEP rating per objective** (P performed without challenges, S with some
challenges, M with major challenges, U unable to be performed; the mapping is
ours), from the objective's indicator over the scored period:

* **U** — it ended below the target (``final < target``);
* **M** — it ended at or above the target but fell below it on the way (``min < target``);
* **S** — it never fell below the target but ended below 95% of its start (not recovered);
* **P** — it never fell below the target and ended at or above 95% of its start.

**Threat threads and decision latency.** A *thread* is one red operation (an
``operation.launched`` event: actor, technique, target, staff). The *responsible
cells* of a thread are the cells that may order at least one of the responses its
technique lists (``Technique.responses``, the ones doctrine reaches for); when no
cell may, every cell is responsible. For each responsible cell:

* its **first signal** is the earliest event that cell could see (``visible_to``
  names it or is public) that concerns the thread: a ``detection`` of the
  operation by one of its bodies, a ``signals.shared`` listing the operation, the
  ``inject.fired`` that launched the operation when the inject is addressed to
  the cell, any other event naming the operation in its payload (a public
  ``leak``, ``statement``, ``demonstration``, ``acquisition.announced`` ...), or a
  ``news`` item about the operation (``ref``) or, for a narrative operation, a
  news item pushing that narrative (``about: narrative``) after the launch. The
  launch and end records themselves are White's and never count;
* its **first response** is its first ``command.accepted`` (by a player or by
  doctrine) at or after that signal that is *aimed at the thread*: the order's
  target is the thread's actor, target or staff, or the order's action is one of
  the technique's listed responses and its target does not name a different
  actor, narrative or staff member (``cyber_hardening`` answers a hack-and-leak,
  ``platform_notice chatapp`` an amplification);
* its **latency** is first response minus first signal, in hours (``None``: no
  signal, or no response).

The thread's ``latency_hours`` is the smallest latency among its cells; its
``detection_hours`` and ``response_hours`` are the first detection by any body and
the first aimed response by any cell, in hours after the launch.

**Response cost.** What the response cost the Netherlands, from the log:

* capacity (staff-days) spent per cell, from the ``command.accepted`` events,
  split into player and doctrine orders; refused and failed orders;
* **Dutch-side costs** (:mod:`sim.costs`): the ``cost.incurred`` events summed per
  indicator and per state (the state an order was aimed at; a cost of an order
  aimed at no one state counts in the indicator's sum only), in points before the
  indicator's shield, each with its order, action and reason;
* **political capital**: the scenario's start, what ``capital.spent`` events spent
  (per cell and per order) and what was left;
* **waiting and surging**: orders that waited for their body's capacity
  (``command.accepted`` with ``queued``), how many started (``order.started``) and
  after how long (mean and longest wait, hours), how many were still waiting at
  the end, and orders surged (``surge``) on borrowed staff-days;
* side effects: heavy-handed actions ordered, ``overreach`` events, and public
  attributions that backfired.

The costs land on the three cost indicators (``bilateral_relations``,
``government_credibility``, ``economic_openness``) and on ``diaspora_security`` or
``fundamental_freedoms``, so they also show in the per-indicator metrics, and, for
a scenario without objectives, in the overall score.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sim.events import EVERYONE, canonical
from sim.scenario.schemabase import INDICATOR_NAMES
from sim.timeexpr import describe, parse_start

if TYPE_CHECKING:  # pragma: no cover
    from replays.format import Replay
    from sim.exercise import Exercise
    from sim.scenario import LoadedScenario

RECOVERY_LEVEL = 0.95
"""Recovered = back at 95% of the starting value."""

MIN_BAND = 5.0
"""Smallest band (points) between an objective's floor and the start, so a target at or above the start still scores."""

DEFAULT_BAND = 20.0
"""Band used when a scenario has no objectives."""

RATINGS = {
    "P": "Performed without challenges",
    "S": "Performed with some challenges",
    "M": "Performed with major challenges",
    "U": "Unable to be performed",
}
RATING_RULE = ("U: ended below target; M: fell below target but ended at or above it; "
               "S: never below target but ended below 95% of start; P: never below target and ended at or above 95% of start")

HOURS_PER_DAY = 24.0


# -- the run --------------------------------------------------------------------------------------


@dataclass
class RunData:
    """One run as scoring sees it: the scenario, the seed, the series and the log.

    Attributes:
        loaded: the validated scenario with its text (re-runs use the text).
        seed: the seed.
        players: cells held by players.
        until: hours the run covers.
        times: sample times (hours).
        series: sampled indicator values by name, aligned with ``times``.
        events: event records (``Event.to_record`` form), in log order.
        commands: command records ``{"t", "cell", "text"}`` as submitted by players and White.
        path: the replay file, if the run was read from one.
        complete: the run finished (a replay with its footer).
        unrecorded: indicators the replay's samples do not hold (the cost indicators, in a replay recorded
            before they existed); their series is the starting value throughout, and reports say so.
    """

    loaded: "LoadedScenario"
    seed: int
    players: tuple[str, ...]
    until: float
    times: list[float]
    series: dict[str, list[float]]
    events: list[dict[str, Any]]
    commands: list[dict[str, Any]] = field(default_factory=list)
    path: str = ""
    complete: bool = True
    unrecorded: tuple[str, ...] = ()

    @property
    def scenario(self):
        """The scenario model."""
        return self.loaded.scenario

    @property
    def start(self) -> dict[str, float]:
        """Starting value of each indicator."""
        return self.scenario.start_values()

    @property
    def start_datetime(self) -> datetime:
        return parse_start(self.scenario.start)

    def clock(self, hours: float | None) -> str:
        """A clock reading (``day 3 08:00 (Fri 23 Feb 2018)``), or "" for None."""
        return "" if hours is None else describe(hours, self.start_datetime)

    @classmethod
    def from_replay(cls, replay: "Replay") -> "RunData":
        """The run a replay records (the scenario is re-validated from the header's text)."""
        from replays.format import header_scenario
        from sim.scenario import ScenarioError

        header = replay.header
        loaded = header_scenario(replay)  # one line if the text does not validate; players checked against its cells
        if header.get("scenario_sha256") not in (None, loaded.sha256):
            raise ScenarioError([f"{replay.path}:1: header: scenario_sha256 does not match the scenario text"])
        until = replay.until
        samples = [s for s in replay.samples if float(s["t"]) <= until + 1e-9]
        unrecorded = tuple(n for n in INDICATOR_NAMES if samples and any(n not in s["indicators"] for s in samples))
        start = loaded.scenario.start_values()
        return cls(
            loaded=loaded,
            seed=int(header["seed"]),
            players=tuple(header.get("players", ())),
            until=until,
            times=[float(s["t"]) for s in samples],
            series={name: [float(s["indicators"].get(name, start[name])) for s in samples] for name in INDICATOR_NAMES},
            events=list(replay.events),
            commands=[{"t": float(c["t"]), "cell": str(c["cell"]), "text": str(c["text"])} for c in replay.commands],
            path=str(replay.path),
            complete=replay.complete,
            unrecorded=unrecorded,
        )

    @classmethod
    def from_exercise(cls, exercise: "Exercise", commands: Iterable[Any] = (), until: float | None = None) -> "RunData":
        """The run an exercise has just made; values are rounded the way the replay writer stores them."""
        return cls(
            loaded=exercise.loaded,
            seed=exercise.seed,
            players=tuple(sorted(c.id for c in exercise.cells.values() if c.held)),
            until=float(exercise.now if until is None else until),
            times=[canonical(t) for t in exercise.indicators.times],
            series={name: [canonical(v) for v in exercise.indicators.series[name]] for name in INDICATOR_NAMES},
            events=[e.to_record() for e in exercise.log],
            commands=[{"t": float(c.t), "cell": c.cell, "text": c.text} for c in commands],
        )


# -- integrals over a piecewise-linear series -------------------------------------------------------


def _positive_area(t0: float, f0: float, t1: float, f1: float) -> float:
    """∫ max(f, 0) over one linear segment, exactly (a crossing segment counts its positive part)."""
    dt = t1 - t0
    if dt <= 0:
        return 0.0
    if f0 >= 0 and f1 >= 0:
        return 0.5 * (f0 + f1) * dt
    if f0 <= 0 and f1 <= 0:
        return 0.0
    high = max(f0, f1)
    return 0.5 * high * high / (abs(f0) + abs(f1)) * dt


def integrate_positive(times: Sequence[float], values: Sequence[float]) -> float:
    """∫ max(f(t), 0) dt for a series linear between samples (same units as ``times``)."""
    return sum(_positive_area(times[i], values[i], times[i + 1], values[i + 1]) for i in range(len(times) - 1))


def _mean_clipped(times: Sequence[float], x: Sequence[float]) -> float:
    """(1/T) ∫ clip(x(t), 0, 1) dt, exactly for a piecewise-linear x."""
    span = times[-1] - times[0] if len(times) > 1 else 0.0
    if span <= 0:
        return min(1.0, max(0.0, x[0])) if x else 1.0
    area = integrate_positive(times, x) - integrate_positive(times, [v - 1.0 for v in x])
    return area / span


# -- metrics per indicator -------------------------------------------------------------------------


def resilience_loss(times_hours: Sequence[float], values: Sequence[float], q0: float) -> float:
    """Bruneau's resilience triangle ∫ max(0, Q0 - Q) dt, in points x days."""
    return integrate_positive(times_hours, [q0 - v for v in values]) / HOURS_PER_DAY


def cimellaro_resilience(times_hours: Sequence[float], values: Sequence[float], q0: float) -> float:
    """Cimellaro's R = (1/T) ∫ Q/Q0 dt over the period the samples span."""
    span = times_hours[-1] - times_hours[0] if len(times_hours) > 1 else 0.0
    if span <= 0 or q0 <= 0:
        return 1.0
    area = sum(0.5 * (values[i] + values[i + 1]) * (times_hours[i + 1] - times_hours[i]) for i in range(len(values) - 1))
    return area / (q0 * span)


def _crossing(t0: float, v0: float, t1: float, v1: float, level: float) -> float:
    """Time at which the segment reaches ``level`` (linear interpolation)."""
    if v1 == v0:
        return t1
    return t0 + (level - v0) / (v1 - v0) * (t1 - t0)


def recovery_hours(times_hours: Sequence[float], values: Sequence[float], q0: float,
                   level: float = RECOVERY_LEVEL) -> float | None:
    """Hours from first falling below ``level x Q0`` to being back at it for good; 0 if never below, None if below at the end."""
    threshold = level * q0
    below = [v < threshold - 1e-9 for v in values]
    if not any(below):
        return 0.0
    if below[-1]:
        return None
    first = below.index(True)
    t_fail = times_hours[0] if first == 0 else _crossing(times_hours[first - 1], values[first - 1],
                                                          times_hours[first], values[first], threshold)
    last = len(below) - 1 - below[::-1].index(True)
    t_back = _crossing(times_hours[last], values[last], times_hours[last + 1], values[last + 1], threshold)
    return t_back - t_fail


@dataclass(frozen=True)
class DimensionMetrics:
    """The resilience metrics of one indicator over a run.

    Attributes:
        start: starting value Q0.
        loss: Bruneau loss, points x days.
        robustness: minimum value.
        recovery_hours: hours to recover to 95% of the start (0 never below, None not recovered).
        final: last value.
        resilience: Cimellaro's R (0-1).
    """

    start: float
    loss: float
    robustness: float
    recovery_hours: float | None
    final: float
    resilience: float

    def as_dict(self) -> dict[str, Any]:
        return {"start": round(self.start, 2), "loss": round(self.loss, 2), "robustness": round(self.robustness, 2),
                "recovery_hours": None if self.recovery_hours is None else round(self.recovery_hours, 1),
                "final": round(self.final, 2), "resilience": round(self.resilience, 4)}


def dimension_metrics(times_hours: Sequence[float], values: Sequence[float], q0: float,
                      level: float = RECOVERY_LEVEL) -> DimensionMetrics:
    """All metrics of one indicator series (see the module docstring)."""
    return DimensionMetrics(
        start=q0,
        loss=resilience_loss(times_hours, values, q0),
        robustness=min(values),
        recovery_hours=recovery_hours(times_hours, values, q0, level),
        final=values[-1],
        resilience=cimellaro_resilience(times_hours, values, q0),
    )


# -- objectives, the overall score and ratings ---------------------------------------------------------


@dataclass(frozen=True)
class ObjectiveSpec:
    """What the score weighs: one objective (or, without objectives, one indicator)."""

    id: str
    indicator: str
    weight: float
    target: float
    description: str = ""


def objectives_of(scenario) -> list[ObjectiveSpec]:
    """The scenario's objectives, or every indicator at weight 1 when it has none."""
    if scenario.objectives:
        return [ObjectiveSpec(o.id, o.indicator, float(o.weight), float(o.target), o.description)
                for o in scenario.objectives]
    start = scenario.start_values()
    return [ObjectiveSpec(name, name, 1.0, start[name] - DEFAULT_BAND, name.replace("_", " "))
            for name in INDICATOR_NAMES]


def objective_score(times_hours: Sequence[float], values: Sequence[float], q0: float, target: float) -> float:
    """0-100: the time-averaged share of the band between the floor and the start that the indicator kept."""
    floor = min(target, q0 - MIN_BAND)
    band = q0 - floor
    return 100.0 * _mean_clipped(times_hours, [(v - floor) / band for v in values])


def rate(values: Sequence[float], q0: float, target: float) -> str:
    """HSEEP rating P/S/M/U of one objective's indicator series (rule in the module docstring)."""
    if values[-1] < target:
        return "U"
    if min(values) < target:
        return "M"
    if values[-1] < RECOVERY_LEVEL * q0 - 1e-9:
        return "S"
    return "P"


def overall_score(run: RunData) -> float:
    """The objective-weighted overall score (0-100), unrounded."""
    specs = objectives_of(run.scenario)
    start = run.start
    total = sum(o.weight for o in specs)
    return sum(o.weight * objective_score(run.times, run.series[o.indicator], start[o.indicator], o.target)
               for o in specs) / total


def score_run(run: RunData) -> dict[str, Any]:
    """Dimensions, objectives and the overall score of one run (no counterfactual)."""
    start = run.start
    dims = {name: dimension_metrics(run.times, run.series[name], start[name]) for name in INDICATOR_NAMES}
    objectives = []
    for o in objectives_of(run.scenario):
        values = run.series[o.indicator]
        objectives.append({
            "id": o.id, "indicator": o.indicator, "description": o.description, "weight": o.weight,
            "target": o.target,
            "score": round(objective_score(run.times, values, start[o.indicator], o.target), 2),
            "rating": rate(values, start[o.indicator], o.target),
            "minimum": round(min(values), 2), "final": round(values[-1], 2),
        })
    return {"overall_raw": overall_score(run), "dimensions": {k: v.as_dict() for k, v in dims.items()},
            "objectives": objectives}


def command_outcomes(events: Sequence[Mapping[str, Any]], count: int) -> list[Mapping[str, Any] | None]:
    """For each of ``count`` command records, the ``command.accepted`` / ``command.refused`` event it produced.

    Every command a player (or White) submits is recorded and logs exactly one of
    the two with ``by: player``, in the same order, so they pair up by position.
    """
    decided = [e for e in events if e["kind"] in ("command.accepted", "command.refused")
               and e["payload"].get("by", "player") == "player"]
    return [decided[i] if i < len(decided) else None for i in range(count)]


# -- threads and decisions ----------------------------------------------------------------------------


@dataclass
class Thread:
    """One red operation as the log shows it."""

    id: str
    actor: str
    technique: str
    target: str
    staff: str
    launched: float
    cause: str
    tags: tuple[str, ...]
    ended: float | None = None
    outcome: str = ""


def threads_of(events: Sequence[Mapping[str, Any]]) -> list[Thread]:
    """Every red operation launched in the log, with when and how it ended."""
    threads: dict[str, Thread] = {}
    for e in events:
        p = e["payload"]
        if e["kind"] == "operation.launched":
            threads[p["operation"]] = Thread(p["operation"], e["source"], p["technique"], e["target"], p.get("staff", ""),
                                             float(e["t"]), p.get("cause", ""), tuple(e.get("tags", ())))
        elif e["kind"] == "operation.ended" and p.get("operation") in threads:
            threads[p["operation"]].ended, threads[p["operation"]].outcome = float(e["t"]), p.get("outcome", "")
    return list(threads.values())


def _visible(event: Mapping[str, Any], cell: str) -> bool:
    seen = event.get("visible_to", ())
    return EVERYONE in seen or cell in seen


def _signal_label(event: Mapping[str, Any]) -> str:
    kind = event["kind"]
    if kind == "detection":
        return f"detection by {event['source']}"
    if kind == "inject.fired":
        return f"inject {event['payload'].get('no')}"
    if kind == "signals.shared":
        return f"signals shared by {event['source']}"
    return f"{kind} ({event['source']})"


def _concerns(event: Mapping[str, Any], thread: Thread, narratives: set[str]) -> bool:
    """Whether an event is a signal about ``thread`` (see "first signal" in the module docstring)."""
    kind, p = event["kind"], event["payload"]
    if float(event["t"]) < thread.launched:
        return False
    if p.get("operation") == thread.id:
        return kind not in ("operation.launched", "operation.ended")
    if kind == "signals.shared":
        return thread.id in p.get("operations", ())
    if kind == "inject.fired":
        return thread.cause == f"inject {p.get('no')}"
    if kind == "news":
        if p.get("ref") == thread.id:
            return True
        return p.get("about") == "narrative" and thread.target in narratives and p.get("narrative") == thread.target
    return False


def _aimed(order: Mapping[str, Any], thread: Thread, responses: tuple[str, ...], named: set[str]) -> bool:
    """Whether an accepted order answers ``thread`` (see "first response" in the module docstring)."""
    target = order["target"]
    own = {thread.actor, thread.target, thread.staff} - {""}
    if target and target in own:
        return True
    return order["payload"].get("action") in responses and target not in named


def _named(scenario, threads: Sequence[Thread]) -> set[str]:
    """Ids a targeted order can name that identify one thread rather than another (actors, staff, narratives, targets)."""
    states = [a for a in getattr(scenario, "actors", []) if a.kind == "state_actor"]
    named = {n.id for n in scenario.narratives} | {a.id for a in states}
    named |= {s.id for a in states for s in getattr(a, "staff", [])}
    return named | ({t.target for t in threads} - {""})


def responses_of(technique: str) -> tuple[str, ...]:
    """The blue actions a technique lists as its answers (doctrine's and the scoring's notion of a response)."""
    from sim.plugins import load_plugins
    from sim.registry import TECHNIQUES

    load_plugins()
    tech = TECHNIQUES.get(technique)
    return tuple(tech.responses) if tech is not None else ()


def answers(run: RunData) -> list[tuple[dict[str, Any], list[Thread]]]:
    """Each accepted order with the threads it is aimed at among those launched by then."""
    threads = threads_of(run.events)
    named = _named(run.scenario, threads)
    out = []
    for order in (e for e in run.events if e["kind"] == "command.accepted"):
        t = float(order["t"])
        hit = [th for th in threads if th.launched <= t
               and _aimed(order, th, responses_of(th.technique), named - ({th.actor, th.target, th.staff} - {""}))]
        out.append((order, hit))
    return out


def decisions(run: RunData) -> list[dict[str, Any]]:
    """Per threat thread: detection and response times and each responsible cell's decision latency."""
    scenario = run.scenario
    narratives = {n.id for n in scenario.narratives}
    threads = threads_of(run.events)
    named = _named(scenario, threads)
    orders = [e for e in run.events if e["kind"] == "command.accepted"]
    detections = [e for e in run.events if e["kind"] == "detection"]
    out = []
    for thread in threads:
        responses = responses_of(thread.technique)
        cells = [c for c, spec in scenario.cells.items() if set(spec.actions) & set(responses)] or list(scenario.cells)
        own = {thread.actor, thread.target, thread.staff} - {""}
        others = named - own
        signals = [e for e in run.events if _concerns(e, thread, narratives)]
        per_cell = []
        for cell in cells:
            signal = next((e for e in signals if _visible(e, cell)), None)
            response = None
            if signal is not None:
                response = next((o for o in orders if o["source"] == cell and float(o["t"]) >= float(signal["t"])
                                 and _aimed(o, thread, responses, others)), None)
            per_cell.append({
                "cell": cell,
                "first_signal": None if signal is None else float(signal["t"]),
                "signal": "" if signal is None else _signal_label(signal),
                "first_response": None if response is None else float(response["t"]),
                "response": "" if response is None else f"{response['payload'].get('action')} {response['target']}".strip(),
                "by": "" if response is None else response["payload"].get("by", ""),
                "latency_hours": None if response is None else round(float(response["t"]) - float(signal["t"]), 2),
            })
        detected = next((float(e["t"]) for e in detections if e["payload"].get("operation") == thread.id), None)
        responded = [c["first_response"] for c in per_cell if c["first_response"] is not None]
        latencies = [c["latency_hours"] for c in per_cell if c["latency_hours"] is not None]
        first_response = min(responded) if responded else None
        out.append({
            "thread": thread.id, "actor": thread.actor, "technique": thread.technique, "target": thread.target,
            "staff": thread.staff, "cause": thread.cause, "launched": thread.launched, "ended": thread.ended,
            "outcome": thread.outcome,
            "domains": [t.split(":", 1)[1] for t in thread.tags if t.startswith("domain:")],
            "detected": detected,
            "detection_hours": None if detected is None else round(detected - thread.launched, 2),
            "first_response": first_response,
            "response_hours": None if first_response is None else round(first_response - thread.launched, 2),
            "latency_hours": min(latencies) if latencies else None,
            "cells": per_cell,
        })
    return out


# -- response cost -------------------------------------------------------------------------------------


def _sums(pairs: Iterable[tuple[str, float]]) -> dict[str, float]:
    """Points summed per key, rounded, in order of first appearance."""
    out: dict[str, float] = {}
    for key, points in pairs:
        out[key] = out.get(key, 0.0) + points
    return {k: round(v, 2) for k, v in out.items()}


def dutch_costs(events: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The ``cost.incurred`` events: each one, and their points summed per indicator and per state.

    ``incurred`` lists each cost (time, cell, order, action, indicator, points, reason, state); ``by_state``
    maps a state to its points per indicator (only costs of orders aimed at that state); ``total`` is every
    point incurred.
    """
    actions = {e["payload"].get("order"): e["payload"].get("action", "") for e in events
               if e["kind"] == "command.accepted"}
    items = [{"t": float(e["t"]), "cell": e["source"], "order": p.get("order", ""),
              "action": actions.get(p.get("order"), ""), "indicator": p.get("indicator", ""),
              "points": round(float(p.get("points", 0.0)), 3), "reason": p.get("reason", ""), "state": p.get("state", "")}
             for e in events if e["kind"] == "cost.incurred" for p in (e["payload"],)]
    states: dict[str, list[tuple[str, float]]] = {}
    for item in items:
        if item["state"]:
            states.setdefault(item["state"], []).append((item["indicator"], item["points"]))
    return {"total": round(sum(i["points"] for i in items), 2),
            "by_indicator": _sums((i["indicator"], i["points"]) for i in items),
            "by_state": {state: _sums(pairs) for state, pairs in sorted(states.items())},
            "incurred": items}


def political_capital(events: Sequence[Mapping[str, Any]], start: float) -> dict[str, Any]:
    """Political capital: the start, what the ``capital.spent`` events spent (per cell, per order) and what is left."""
    actions = {e["payload"].get("order"): e["payload"].get("action", "") for e in events
               if e["kind"] == "command.accepted"}
    spent = [{"t": float(e["t"]), "cell": e["source"], "order": e["payload"].get("order", ""),
              "action": actions.get(e["payload"].get("order"), ""), "amount": float(e["payload"].get("amount", 0.0))}
             for e in events if e["kind"] == "capital.spent"]
    left = float(next((e["payload"]["left"] for e in reversed(events) if e["kind"] == "capital.spent"
                       and "left" in e["payload"]), start - sum(s["amount"] for s in spent)))
    return {"start": float(start), "spent": round(sum(s["amount"] for s in spent), 2), "left": round(left, 2),
            "by_cell": _sums((s["cell"], s["amount"]) for s in spent), "orders": spent}


def waiting_and_surging(events: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Orders that waited for capacity (and how long) and orders surged on borrowed staff-days."""
    queued = {e["payload"].get("order"): e for e in events if e["kind"] == "command.accepted" and e["payload"].get("queued")}
    started = {e["payload"].get("order"): float(e["payload"].get("waited", 0.0)) for e in events
               if e["kind"] == "order.started"}
    waits = [started[o] for o in queued if o in started]
    surged = [e for e in events if e["kind"] == "command.accepted" and e["payload"].get("surge")]
    return {"waited": len(queued), "started": len(waits),
            "still_waiting": sorted(o for o in queued if o not in started),
            "mean_wait_hours": round(sum(waits) / len(waits), 1) if waits else None,
            "longest_wait_hours": round(max(waits), 1) if waits else None,
            "surged": len(surged),
            "orders": [{"t": float(e["t"]), "cell": e["source"], "order": o, "action": e["payload"].get("action", ""),
                        "wait_hours": None if o not in started else round(started[o], 1)} for o, e in queued.items()]}


def response_cost(run: RunData) -> dict[str, Any]:
    """What the response cost: capacity per cell, Dutch-side costs, political capital, waiting and surging,
    and the side effects (see the module docstring)."""
    from sim.costs import DEFAULT_POLITICAL_CAPITAL
    from sim.plugins import load_plugins
    from sim.registry import ACTIONS

    load_plugins()
    cells: dict[str, dict[str, Any]] = {}

    def row(cell: str) -> dict[str, Any]:
        return cells.setdefault(cell, {"capacity": 0.0, "player_capacity": 0.0, "doctrine_capacity": 0.0,
                                       "orders": 0, "refused": 0, "failed": 0, "queued": 0, "surged": 0,
                                       "political_capital": 0.0, "costs": 0.0, "bodies": {}})

    heavy, overreach, backfired = [], [], []
    for e in run.events:
        kind, p = e["kind"], e["payload"]
        if kind == "command.accepted":
            r = row(e["source"])
            cost = float(p.get("capacity", 0.0))
            r["capacity"] += cost
            r["doctrine_capacity" if p.get("by") == "doctrine" else "player_capacity"] += cost
            r["orders"] += 1
            r["queued"] += bool(p.get("queued"))
            r["surged"] += bool(p.get("surge"))
            body = p.get("body", "")
            r["bodies"][body] = r["bodies"].get(body, 0.0) + cost
            action = ACTIONS.get(p.get("action", ""))
            if action is not None and action.heavy_handed:
                heavy.append({"t": float(e["t"]), "cell": e["source"], "action": p.get("action"), "target": e["target"],
                              "by": p.get("by", "")})
        elif kind == "command.refused":
            row(e["source"])["refused"] += 1
        elif kind == "capital.spent":
            row(e["source"])["political_capital"] += float(p.get("amount", 0.0))
        elif kind == "cost.incurred":
            row(e["source"])["costs"] += float(p.get("points", 0.0))
        elif kind == "response.failed":
            row(e["source"])["failed"] += 1
        elif kind == "overreach":
            overreach.append({"t": float(e["t"]), "cell": e["source"], "target": e["target"]})
        elif kind == "response.executed" and p.get("outcome") == "backfired":
            backfired.append({"t": float(e["t"]), "cell": e["source"], "action": p.get("action"), "target": e["target"]})
    for r in cells.values():
        for key in ("capacity", "player_capacity", "doctrine_capacity", "political_capital", "costs"):
            r[key] = round(r[key], 2)
    start = float(getattr(run.scenario, "political_capital", DEFAULT_POLITICAL_CAPITAL))
    return {"cells": dict(sorted(cells.items())),
            "capacity": round(sum(r["capacity"] for r in cells.values()), 2),
            "dutch_costs": dutch_costs(run.events),
            "political_capital": political_capital(run.events, start),
            "waiting": waiting_and_surging(run.events),
            "side_effects": {"heavy_handed": heavy, "overreach": overreach, "backfired_attributions": backfired}}


# -- the whole score --------------------------------------------------------------------------------------


def assemble(run: RunData, baseline: RunData) -> dict[str, Any]:
    """The score of ``run`` against its counterfactual ``baseline`` (same scenario, seed and period).

    The keys ``overall``, ``baseline_overall``, ``value_added``, ``dimensions`` (per
    name: ``loss``, ``robustness``, ``recovery_hours``, ``final``, ...),
    ``objectives`` (each ``id``, ``rating``, ...), ``decisions`` and ``cost`` (and
    ``baseline_cost``: :func:`response_cost`) are what ``weerbaar score --json``
    prints; ``unrecorded`` names the indicators the replay does not hold
    (:attr:`RunData.unrecorded`).
    """
    mine, base = score_run(run), score_run(baseline)
    dims = {}
    for name, d in mine["dimensions"].items():
        b = base["dimensions"][name]
        dims[name] = {**d, "baseline": b, "loss_avoided": round(b["loss"] - d["loss"], 2)}
    objectives = []
    for o, b in zip(mine["objectives"], base["objectives"]):
        objectives.append({**o, "baseline_score": b["score"], "baseline_rating": b["rating"],
                           "value_added": round(o["score"] - b["score"], 2)})
    overall, baseline_overall = mine["overall_raw"], base["overall_raw"]
    return {
        "replay": run.path,
        "scenario": run.scenario.id,
        "title": run.scenario.title,
        "seed": run.seed,
        "players": list(run.players),
        "until": run.until,
        "complete": run.complete,
        "unrecorded": list(run.unrecorded),
        "overall": round(overall, 2),
        "baseline_overall": round(baseline_overall, 2),
        "value_added": round(overall - baseline_overall, 2),
        "rating_rule": RATING_RULE,
        "dimensions": dims,
        "objectives": objectives,
        "decisions": decisions(run),
        "cost": response_cost(run),
        "baseline_cost": response_cost(baseline),
    }

