"""The balance check: does the bundled sound playbook beat the cheap ways of playing?

A scenario is balanced when judgement pays: the bundled command file (the *sound*
playbook) must score clearly above playbooks that need no judgement, and above
doing nothing. :func:`check_balance` plays each scenario with six playbooks over
the same seeds and scores every run with the project's own scoring
(:func:`replays.score.assemble`, the ``overall`` score, against the one
counterfactual of :func:`replays.counterfactual.counterfactual`):

* ``sound`` — the scenario's bundled command file; the cells it names are held
  by players and the others act on doctrine, exactly as ``weerbaar run
  --commands`` plays it;
* ``kitchen-sink`` — every action each cell may order that is neither
  heavy-handed nor exercise control, once, on day 1 at 09:00 (cells in scenario
  order, actions in the cell's order). Target: none for an action without one;
  for a target kind ``actor``, one order per state actor; for any other required
  target, the first id of that kind the scenario declares
  (:func:`sim.registry.declared_targets`); an action whose required target kind
  has no id is left out; an optional target (awareness campaign, the municipal
  tracks) is left off, which means "everyone". Parameters keep their defaults;
* ``silver-bullet`` — one of the kitchen sink's orders, given every day at 09:00
  by the first cell (scenario order) that may give it. Which one is decided per
  scenario by running each candidate alone every day over
  :data:`SELECTION_SEEDS` seeds of their own and taking the largest mean value
  added (ties: the earlier candidate). This costs a run per candidate and seed,
  but it finds the order that repeating pays most, which is the exploit the
  check looks for; the top command of ``score --explain`` would only rank the
  sound playbook's own orders, each given once;
* ``random`` — each day at 09:00 each cell that has any order in the kitchen
  sink's pool gives, with probability ``p``, one order drawn uniformly from its
  pool's actions, with a target drawn uniformly from the ids of that kind the
  scenario declares (for an optional target, "none" is one of the draws).
  ``p`` is chosen so that random play gives as many orders, on average, as the
  sound playbook does over the run (``p = n_sound / (cells x days)``, at most 1):
  the comparison is about what is ordered and when, not how much. The draws come
  from a generator seeded with the run's seed, so each seed has its own random
  playbook and the same seed always gives the same one;
* ``nothing`` — every cell held by a player who never orders anything (no
  doctrine either);
* ``counterfactual`` — nobody playing, every cell on doctrine: the baseline
  ``weerbaar score`` measures value added against.

Every playbook but ``sound`` holds every Dutch cell, so doctrine adds no orders to it; a red cell is
never held by a playbook (its state's planner plays it, as in the counterfactual).
White's commands in the sound file (inject control) are part of the scenario as
played and are copied into every playbook, so all six share the counterfactual.

**Seeds.** The evaluation seeds are spawned from the scenario's seed (or a root
seed) exactly as ``weerbaar ensemble`` spawns them
(:func:`replays.ensemble.spawn_seeds`); every playbook is played on the same
seeds, so playbooks are compared seed by seed (paired). The silver bullet's
selection seeds are other children of the same root (spawn keys
``(SELECTION_BRANCH, i)``), so the choice is not fitted to the seeds it is
judged on and does not change with ``--seeds``.

**The conditions** (from the Dilemmas issue), per scenario, on the paired
differences ``d = overall(sound) - overall(X)`` over the seeds:

* sound beats kitchen-sink, silver-bullet and random **clearly**: the 95%
  Student-t interval of the mean of ``d`` lies above zero;
* sound beats nothing and the counterfactual: the mean of ``d`` is above zero.

A seed whose runs failed is left out of the pairs and reported, and fails the check
(so does a failed selection seed); a condition with fewer than two pairs does not hold.

**Cost.** Per scenario: ``seeds x 6`` runs (five playbooks and one
counterfactual per seed), plus ``SELECTION_SEEDS x (candidates + 1)`` for the
selection. The runs go through the ensemble's executor
(:func:`replays.ensemble.executor`, a process pool for ``workers > 1``, forkserver where available)
one task per scenario and seed; results depend only on the scenario text, the
playbooks, the seeds and the period, never on the number of workers.

This module prints nothing: :func:`render_markdown` and :meth:`BalanceReport.as_dict`
give the table as text and as one JSON-ready object.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from replays.ensemble import describe, executor, map_tasks, row_of, spawn_seeds
from replays.runner import TimedCommand
from sim.events import WHITE

SOUND, KITCHEN_SINK, SILVER_BULLET, RANDOM, NOTHING, COUNTERFACTUAL = (
    "sound", "kitchen-sink", "silver-bullet", "random", "nothing", "counterfactual")
PLAYBOOKS = (SOUND, KITCHEN_SINK, SILVER_BULLET, RANDOM, NOTHING, COUNTERFACTUAL)
CLEARLY = (KITCHEN_SINK, SILVER_BULLET, RANDOM)
"""Playbooks the sound one must beat clearly (paired 95% interval above zero)."""
BEATS = (NOTHING, COUNTERFACTUAL)
"""Playbooks the sound one must beat (paired mean above zero)."""
CONFIDENCE = 0.95
ORDER_HOUR = 9.0
"""Generated orders are given at 09:00, the hour of doctrine's daily meeting."""
SELECTION_SEEDS = 2
SELECTION_BRANCH = 1_000_003
"""First spawn-key word of the selection seeds: no evaluation seed has a two-word key."""
RANDOM_STREAM = 0x5EED_BA1
"""Mixed with the run's seed for the random playbook's generator, so it is not the exercise's own stream."""


# -- playbooks ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Playbook:
    """One way of playing a scenario, as plain picklable data.

    Attributes:
        name: one of :data:`PLAYBOOKS` (selection runs use ``silver-bullet``).
        players: cells held by players (the others act on doctrine).
        commands: ``(t, cell, text)`` in time order.
    """

    name: str
    players: tuple[str, ...]
    commands: tuple[tuple[float, str, str], ...]

    def timed(self) -> list[TimedCommand]:
        return [TimedCommand(*c) for c in self.commands]


@dataclass(frozen=True)
class Choice:
    """An action a cell may order in a generated playbook and the targets it may name ("" = no target)."""

    cell: str
    action: str
    targets: tuple[str, ...]
    every_target: bool = False  # the kitchen sink names each of them (state actors), not only the first

    def text(self, target: str) -> str:
        return f"{self.action} {target}".strip()


def _actions():
    from sim.plugins import load_plugins
    from sim.registry import ACTIONS

    load_plugins()
    return ACTIONS


def choices(scenario, cell: str) -> list[Choice]:
    """The non-heavy, non-control actions ``cell`` may order, each with the targets a generated order may name."""
    from sim.registry import declared_targets

    actions = _actions()
    found = []
    for name in scenario.cells[cell].actions:
        action = actions.get(name)
        if action is None or action.heavy_handed or action.control:
            continue
        if action.target == "none":
            found.append(Choice(cell, name, ("",)))
            continue
        ids = tuple(declared_targets(scenario, action.target))
        if not action.target_required:
            found.append(Choice(cell, name, ("", *ids)))  # no target means everyone; the kitchen sink uses that
        elif ids:
            found.append(Choice(cell, name, ids, every_target=action.target == "actor"))
    return found


def sink_texts(choice: Choice) -> list[str]:
    """The kitchen sink's orders for one choice: every state actor, else the first target ("" if optional)."""
    return [choice.text(t) for t in (choice.targets if choice.every_target else choice.targets[:1])]


def daily_times(until: float) -> list[float]:
    """09:00 of every day that starts before ``until`` hours (and 09:00 of it lies before ``until``)."""
    return [d * 24.0 + ORDER_HOUR for d in range(int(until // 24.0) + 1) if d * 24.0 + ORDER_HOUR < until]


def control_of(sound: Sequence[TimedCommand]) -> tuple[tuple[float, str, str], ...]:
    """The sound file's White commands: exercise control, shared by every playbook."""
    return tuple((float(c.t), c.cell, c.text) for c in sound if c.cell == WHITE)


def _merge(control: tuple, commands: Sequence[tuple[float, str, str]]) -> tuple[tuple[float, str, str], ...]:
    # Stable by time: at equal times the control commands keep going first, as in a file that lists them first.
    return tuple(sorted((*control, *commands), key=lambda c: c[0]))


def sound_playbook(sound: Sequence[TimedCommand], until: float) -> Playbook:
    """The bundled command file, played as ``weerbaar run --commands`` plays it (cells it names are held)."""
    players = tuple(sorted({c.cell for c in sound if c.cell != WHITE}))
    return Playbook(SOUND, players, tuple((float(c.t), c.cell, c.text) for c in sound if c.t <= until))


def kitchen_sink(scenario, control: tuple = ()) -> Playbook:
    """Every permitted non-heavy order once, on day 1 at 09:00, every Dutch cell held."""
    commands = [(ORDER_HOUR, ch.cell, text) for cell in scenario.government_cells() for ch in choices(scenario, cell)
                for text in sink_texts(ch)]
    return Playbook(KITCHEN_SINK, tuple(sorted(scenario.government_cells())), _merge(control, commands))


def candidates(scenario) -> list[tuple[str, str]]:
    """The silver bullet's candidates: each distinct kitchen-sink order, with the first cell that may give it."""
    seen: dict[str, str] = {}
    for cell in scenario.government_cells():
        for ch in choices(scenario, cell):
            for text in sink_texts(ch):
                seen.setdefault(text, cell)
    return [(cell, text) for text, cell in seen.items()]


def silver_bullet(scenario, cell: str, text: str, until: float, control: tuple = ()) -> Playbook:
    """``text`` ordered by ``cell`` every day at 09:00, every Dutch cell held (a red cell stays with its planner)."""
    commands = [(t, cell, text) for t in daily_times(until)]
    return Playbook(SILVER_BULLET, tuple(sorted(scenario.government_cells())), _merge(control, commands))


def random_rate(scenario, sound: Sequence[TimedCommand], until: float) -> float:
    """``p``: as many random orders on average as the sound playbook gives before ``until`` (at most 1)."""
    n_sound = sum(1 for c in sound if c.cell != WHITE and c.t < until)
    slots = sum(1 for cell in scenario.government_cells() if choices(scenario, cell)) * len(daily_times(until))
    return min(1.0, n_sound / slots) if slots else 0.0


def random_playbook(scenario, seed: int, p: float, until: float, control: tuple = ()) -> Playbook:
    """Random valid orders: each day at 09:00 each cell orders with probability ``p`` (reproducible from ``seed``)."""
    rng = np.random.default_rng([RANDOM_STREAM, int(seed)])
    pools = {cell: choices(scenario, cell) for cell in scenario.government_cells()}
    commands = []
    for t in daily_times(until):
        for cell, pool in pools.items():
            # Draw for every cell every day, so one cell's pool does not shift another cell's draws.
            roll, pick, aim = rng.random(), rng.random(), rng.random()
            if pool and roll < p:
                choice = pool[int(pick * len(pool))]
                commands.append((t, cell, choice.text(choice.targets[int(aim * len(choice.targets))])))
    return Playbook(RANDOM, tuple(sorted(scenario.government_cells())), _merge(control, commands))


def nothing(scenario, control: tuple = ()) -> Playbook:
    """Every Dutch cell held, no orders: no Dutch doctrine either (red plays on its planner)."""
    return Playbook(NOTHING, tuple(sorted(scenario.government_cells())), control)


def counterfactual_playbook(control: tuple = ()) -> Playbook:
    """Nobody playing, every cell on doctrine (computed by :func:`replays.counterfactual.counterfactual`)."""
    return Playbook(COUNTERFACTUAL, (), control)


def selection_seeds(root: int, count: int = SELECTION_SEEDS) -> list[int]:
    """Seeds for choosing the silver bullet: children of ``root`` under a spawn key no evaluation seed has."""
    return [int(np.random.SeedSequence(root, spawn_key=(SELECTION_BRANCH, i)).generate_state(1, dtype=np.uint32)[0])
            for i in range(count)]


# -- one task: the playbooks of one scenario and seed ------------------------------------------------


@dataclass(frozen=True)
class Job:
    """Everything one task needs, as plain picklable data: one scenario and seed, several playbooks.

    Attributes:
        key: what the result belongs to (scenario index, phase, seed index), passed back unchanged.
    """

    key: tuple[int, str, int]
    scenario_text: str
    source: str
    seed: int
    until: float
    playbooks: tuple[Playbook, ...]


def order_counts(run) -> dict[str, int]:
    """Orders the run's log records, by who gave them (player or doctrine) and whether they were accepted."""
    counts = {"orders": len([c for c in run.commands if c["cell"] != WHITE]), "accepted": 0, "refused": 0,
              "doctrine_orders": 0}
    for e in run.events:
        if e["kind"] not in ("command.accepted", "command.refused") or e["source"] == WHITE:
            continue
        if (e.get("payload") or {}).get("by") == "doctrine":
            counts["doctrine_orders"] += 1
        else:
            counts["accepted" if e["kind"] == "command.accepted" else "refused"] += 1
    return counts


def run_job(job: Job) -> dict[str, Any]:
    """Play each playbook for the job's seed, score each against the one counterfactual; errors come back as data."""
    try:
        return {"key": job.key, "seed": job.seed, "rows": _run_job(job), "error": ""}
    except Exception as exc:  # noqa: BLE001 - one failing seed must not stop the check
        last = traceback.format_exception_only(type(exc), exc)[-1].strip()
        return {"key": job.key, "seed": job.seed, "rows": [], "error": last}


def _run_job(job: Job) -> list[dict[str, Any]]:
    from replays.counterfactual import counterfactual, simulate
    from replays.score import assemble
    from sim.scenario import parse_scenario

    loaded = parse_scenario(job.scenario_text, job.source)
    runs = [None if pb.name == COUNTERFACTUAL else simulate(loaded, job.seed, pb.players, pb.timed(), job.until)
            for pb in job.playbooks]
    played = [r for r in runs if r is not None]
    if played:
        baseline = counterfactual(played[0])  # the White commands are the same in every playbook
    else:
        control = [c for pb in job.playbooks for c in pb.timed()]
        baseline = simulate(loaded, job.seed, (), control, job.until)
    rows = []
    for pb, run in zip(job.playbooks, runs):
        run = baseline if run is None else run
        row = row_of(0, job.seed, assemble(run, baseline))
        rows.append({"playbook": pb.name, "overall": row["overall"], "value_added": row["value_added"],
                     "baseline_overall": row["baseline_overall"], "capacity": row["capacity"],
                     **order_counts(run)})
    return rows


# -- results ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """A scenario to check: its loaded text and its sound playbook (the bundled command file)."""

    loaded: Any  # sim.scenario.LoadedScenario
    sound: tuple[TimedCommand, ...]
    commands_source: str = ""


@dataclass
class ScenarioBalance:
    """One scenario's runs: per playbook, one row per evaluation seed (None where the seed failed)."""

    id: str
    title: str
    root_seed: int
    seeds: list[int]
    until: float
    silver: dict[str, Any]
    random_p: float
    rows: dict[str, list[dict[str, Any] | None]]
    errors: list[dict[str, Any]] = field(default_factory=list)

    def values(self, playbook: str, key: str = "overall") -> list[float]:
        return [r[key] for r in self.rows[playbook] if r is not None]

    def paired(self, playbook: str) -> list[float]:
        """``overall(sound) - overall(playbook)`` seed by seed, over the seeds where both ran."""
        return [round(a["overall"] - b["overall"], 6) for a, b in zip(self.rows[SOUND], self.rows[playbook])
                if a is not None and b is not None]

    def conditions(self) -> list[dict[str, Any]]:
        """The issue's conditions, each with the paired differences' summary and whether it holds."""
        out = []
        for playbook in (*CLEARLY, *BEATS):
            d = describe(self.paired(playbook), CONFIDENCE)
            clearly = playbook in CLEARLY
            holds = d["n"] >= 2 and (d["ci_low"] > 0 if clearly else d["mean"] > 0)
            out.append({"name": f"sound > {playbook}", "against": playbook,
                        "rule": "95% interval of the paired difference above 0" if clearly else "paired mean above 0",
                        "clearly": clearly, "holds": bool(holds), "difference": d})
        return out

    def summary(self, playbook: str) -> dict[str, Any]:
        rows = [r for r in self.rows[playbook] if r is not None]
        mean = (lambda k: round(float(np.mean([r[k] for r in rows])), 2) if rows else None)
        return {"overall": describe(self.values(playbook), CONFIDENCE),
                "value_added": describe(self.values(playbook, "value_added"), CONFIDENCE),
                "orders": mean("orders"), "accepted": mean("accepted"), "refused": mean("refused"),
                "doctrine_orders": mean("doctrine_orders"),
                "per_seed": {"overall": [r["overall"] if r else None for r in self.rows[playbook]],
                             "value_added": [r["value_added"] if r else None for r in self.rows[playbook]]}}

    def failed(self) -> list[str]:
        return [c["name"] for c in self.conditions() if not c["holds"]]

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "root_seed": self.root_seed, "seeds": self.seeds,
                "days": self.until / 24.0, "silver_bullet": self.silver, "random_p": round(self.random_p, 4),
                "playbooks": {p: self.summary(p) for p in PLAYBOOKS}, "conditions": self.conditions(),
                "holds": not self.failed() and not self.errors, "errors": self.errors}


@dataclass
class BalanceReport:
    """Every scenario's balance; ``holds`` when every condition holds and no run failed."""

    scenarios: list[ScenarioBalance]

    @property
    def holds(self) -> bool:
        return all(not s.failed() and not s.errors for s in self.scenarios)

    def summary_line(self) -> str:
        """One line: that the balance holds, or each scenario's failed conditions and failed seeds."""
        total = sum(len(s.conditions()) for s in self.scenarios)
        if self.holds:
            return f"balance holds: {total} of {total} conditions in {len(self.scenarios)} scenario(s)"
        parts, failed = [], 0
        for s in self.scenarios:
            names = s.failed()
            failed += len(names)
            bits = [n.removeprefix("sound > ") for n in names]
            if s.errors:
                bits.append(f"{len(s.errors)} failed seed(s)")
            if bits:
                parts.append(f"{s.id}: sound not > {', '.join(bits)}" if names else f"{s.id}: {', '.join(bits)}")
        return f"balance fails {failed} of {total} conditions: " + "; ".join(parts)

    def as_dict(self) -> dict[str, Any]:
        return {"holds": self.holds, "summary": self.summary_line(), "confidence": CONFIDENCE,
                "playbooks": list(PLAYBOOKS), "scenarios": [s.as_dict() for s in self.scenarios]}


# -- the check ------------------------------------------------------------------------------------------------


def _silver_choice(results: list[dict[str, Any]], cands: list[tuple[str, str]]) -> dict[str, Any]:
    """The candidate with the largest mean value added over the selection seeds (ties: the earlier one)."""
    totals = [[] for _ in cands]
    errors = [{"seed": r["seed"], "error": r["error"], "phase": "selection"} for r in results if r["error"]]
    for result in results:
        for i, row in enumerate(result["rows"]):
            totals[i].append(row["value_added"])
    means = [float(np.mean(v)) if v else float("-inf") for v in totals]
    ranked = sorted(range(len(cands)), key=lambda i: (-means[i], i))
    ranking = [{"cell": cands[i][0], "command": cands[i][1], "value_added": round(means[i], 2)}
               for i in ranked if totals[i]]
    best = ranking[0] if ranking else None
    return {"cell": best["cell"] if best else None, "command": best["command"] if best else None,
            "selection_seeds": [r["seed"] for r in results], "selection_errors": errors, "ranking": ranking}


def _selection_jobs(index: int, target: Target, until: float, root: int, count: int) -> tuple[list[Job], list]:
    scenario = target.loaded.scenario
    control = control_of(target.sound)
    cands = candidates(scenario)
    books = tuple(silver_bullet(scenario, cell, text, until, control) for cell, text in cands)
    jobs = [Job((index, "select", i), target.loaded.text, target.loaded.source, seed, until, books)
            for i, seed in enumerate(selection_seeds(root, count))] if books else []
    return jobs, cands


def _evaluation_jobs(index: int, target: Target, until: float, seeds: list[int], silver: dict[str, Any],
                     p: float) -> list[Job]:
    scenario = target.loaded.scenario
    control = control_of(target.sound)
    fixed = [sound_playbook(target.sound, until), kitchen_sink(scenario, control)]
    bullet = (silver_bullet(scenario, silver["cell"], silver["command"], until, control) if silver["command"]
              else Playbook(SILVER_BULLET, tuple(sorted(scenario.government_cells())), control))  # nothing to repeat: orders nothing
    jobs = []
    for i, seed in enumerate(seeds):
        books = (*fixed, bullet, random_playbook(scenario, seed, p, until, control), nothing(scenario, control),
                 counterfactual_playbook(control))
        jobs.append(Job((index, "evaluate", i), target.loaded.text, target.loaded.source, seed, until, books))
    return jobs


def period(target: Target, days: float | None) -> float:
    """Hours to run: the scenario's duration, or ``days`` if shorter."""
    end = float(target.loaded.scenario.duration.days * 24.0)
    return end if days is None else min(end, float(days) * 24.0)


def check_balance(targets: Sequence[Target], seeds: int = 10, root_seed: int | None = None,
                  days: float | None = None, workers: int = 1,
                  progress: Callable[[int, int], None] | None = None,
                  selection: int = SELECTION_SEEDS, task: Callable[[Job], dict[str, Any]] = run_job) -> BalanceReport:
    """Play every target with the six playbooks over ``seeds`` seeds and collect the scores.

    Args:
        root_seed: the root the seeds are spawned from (default: each scenario's own seed).
        days: run this many days (default: each scenario's duration).
        workers: local processes (1: in this process).
        progress: ``progress(done, total)`` after each task.
        selection: seeds for choosing the silver bullet.
        task: the per-task function (top-level, so it pickles); tests swap it.
    """
    plans = []
    for index, target in enumerate(targets):
        root = int(target.loaded.scenario.seed if root_seed is None else root_seed)
        until = period(target, days)
        select, cands = _selection_jobs(index, target, until, root, selection)
        plans.append({"target": target, "root": root, "until": until, "select": select, "candidates": cands,
                      "seeds": spawn_seeds(root, seeds)})
    total = sum(len(p["select"]) for p in plans) + len(plans) * seeds
    done = [0]

    def collect(into: list) -> Callable[[int, Any, BaseException | None], None]:
        def on_result(i: int, result: Any, error: BaseException | None) -> None:
            into[i] = result if error is None else {"error": f"{type(error).__name__}: {error}", "rows": []}
            done[0] += 1
            if progress is not None:
                progress(done[0], total)
        return on_result

    with executor(workers) as pool:
        select_jobs = [j for p in plans for j in p["select"]]
        select_results: list = [None] * len(select_jobs)
        map_tasks(task, select_jobs, pool, collect(select_results))
        for index, p in enumerate(plans):
            mine = [r for j, r in zip(select_jobs, select_results) if j.key[0] == index]
            for j, r in zip(p["select"], mine):
                r.setdefault("seed", j.seed)
            p["silver"] = _silver_choice(mine, p["candidates"])
            p["p"] = random_rate(p["target"].loaded.scenario, p["target"].sound, p["until"])
        eval_jobs = [j for i, p in enumerate(plans)
                     for j in _evaluation_jobs(i, p["target"], p["until"], p["seeds"], p["silver"], p["p"])]
        eval_results: list = [None] * len(eval_jobs)
        map_tasks(task, eval_jobs, pool, collect(eval_results))
    return BalanceReport([_scenario_result(i, p, eval_jobs, eval_results) for i, p in enumerate(plans)])


def _scenario_result(index: int, plan: dict[str, Any], jobs: list[Job], results: list) -> ScenarioBalance:
    scenario = plan["target"].loaded.scenario
    rows: dict[str, list] = {name: [None] * len(plan["seeds"]) for name in PLAYBOOKS}
    errors = list(plan["silver"]["selection_errors"])  # a choice made on fewer seeds than asked fails the check too
    for job, result in zip(jobs, results):
        if job.key[0] != index:
            continue
        seed_index = job.key[2]
        if result.get("error"):
            errors.append({"seed": job.seed, "error": result["error"], "phase": "evaluation"})
            continue
        for row in result["rows"]:
            rows[row["playbook"]][seed_index] = row
    return ScenarioBalance(scenario.id, scenario.title, plan["root"], plan["seeds"], plan["until"], plan["silver"],
                           plan["p"], rows, errors)


# -- the table as Markdown ------------------------------------------------------------------------------------------


def _mean_sd(d: dict[str, Any]) -> str:
    return "-" if not d["n"] else f"{d['mean']:.1f} ± {d['sd']:.1f}"


def _table(header: Sequence[str], body: Sequence[Sequence[str]]) -> list[str]:
    """A Markdown table padded to its widest cells, so it reads in a terminal too."""
    widths = [max(len(str(r[i])) for r in (header, *body)) for i in range(len(header))]
    line = lambda cells: "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths)) + " |"  # noqa: E731
    return [line(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *(line(r) for r in body)]


def _condition_cell(c: dict[str, Any]) -> str:
    d = c["difference"]
    if not d["n"]:
        return "FAILS (no runs)"
    verdict = "holds" if c["holds"] else "FAILS"
    if c["clearly"]:
        return f"{verdict} {d['mean']:+.1f} [{d['ci_low']:+.1f}, {d['ci_high']:+.1f}]"
    return f"{verdict} {d['mean']:+.1f}"


def render_markdown(report: BalanceReport) -> str:
    """The tables: overall and value added (scenario x playbook, mean ± sd), the conditions, the playbooks."""
    ss = report.scenarios
    n = sorted({len(s.seeds) for s in ss})
    days = sorted({f"{s.until / 24.0:g}" for s in ss})
    lines = [f"Seeds per scenario: {', '.join(map(str, n))}; days: {', '.join(days)}.", "",
             "**Overall score** (0-100, mean ± sd over the seeds)", ""]
    lines += _table(["scenario", *PLAYBOOKS], [[s.id, *(_mean_sd(s.summary(p)["overall"]) for p in PLAYBOOKS)]
                                               for s in ss])
    lines += ["", "**Value added** over the counterfactual (points, mean ± sd)", ""]
    lines += _table(["scenario", *PLAYBOOKS[:-1]],
                    [[s.id, *(_mean_sd(s.summary(p)["value_added"]) for p in PLAYBOOKS[:-1])] for s in ss])
    lines += ["", "**Conditions**: sound minus each playbook, paired over the same seeds: mean [95% interval]; "
              f"against {', '.join(CLEARLY)} the interval must lie above 0, against {' and '.join(BEATS)} the mean", ""]
    lines += _table(["scenario", *(f"sound > {p}" for p in (*CLEARLY, *BEATS))],
                    [[s.id, *(_condition_cell(c) for c in s.conditions())] for s in ss])
    lines += ["", "**Playbooks** (orders per run: given / accepted, mean over the seeds)", ""]
    lines += _table(["scenario", "silver bullet", "random p", *(f"{p} orders" for p in PLAYBOOKS[:4])],
                    [[s.id, _silver_cell(s), f"{s.random_p:.3f}", *(_orders_cell(s.summary(p)) for p in PLAYBOOKS[:4])]
                     for s in ss])
    failed = [f"{s.id}: {e['phase']} seed {e['seed']}: {e['error']}" for s in ss for e in s.errors]
    if failed:
        lines += ["", "**Failed runs**", "", *(f"- {f}" for f in failed)]
    lines += ["", report.summary_line()]
    return "\n".join(lines) + "\n"


def _silver_cell(s: ScenarioBalance) -> str:
    return f"{s.silver['cell']}: `{s.silver['command']}`" if s.silver.get("command") else "(none)"


def _orders_cell(summary: dict[str, Any]) -> str:
    if summary["orders"] is None:
        return "-"
    return f"{summary['orders']:g} / {summary['accepted']:g}"
