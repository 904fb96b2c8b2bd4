"""``weerbaar score REPLAY``: resilience score against the counterfactual, HSEEP ratings, decisions, cost.

``--json`` prints one JSON object (see :func:`replays.score.assemble`); ``--explain``
adds each command's marginal value over ``--seeds`` seeds with its 95% interval
(:mod:`replays.explain`), the re-runs spread over every core unless ``--workers``
says otherwise; the counterfactual runs meanwhile in a process of its own.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from sim.i18n import N_, _, name_of, ngettext
from ui.subcommands._common import (EXIT_FAILED, EXIT_OK, add_rerun_arguments, count_type, err, headings, indicator,
                                    input_errors, read_replay_for, report_input_error, shown_text, widths)

NAME = "score"
HELP = N_("score a replay against the run where nobody responded")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("replay", metavar="REPLAY")
    parser.add_argument("--json", action="store_true", help=_("print one JSON object instead of tables"))
    parser.add_argument("--explain", action="store_true",
                        help=_("re-run without each command in turn and rank the commands by marginal value"))
    add_rerun_arguments(parser, "--explain")
    add_seeds_argument(parser)


def add_seeds_argument(parser: argparse.ArgumentParser) -> None:
    """``--seeds N`` for the subcommands that explain a replay, and ``--workers`` defaulting to every core."""
    from replays.explain import DEFAULT_SEEDS

    parser.add_argument("--seeds", type=count_type, default=DEFAULT_SEEDS, metavar="N",
                        help=_("seeds each decision's value is measured on, the replay's own first; its 95%% "
                               "interval needs at least 2 (default {seeds})").format(seeds=DEFAULT_SEEDS))


def hours(value: float | None, missing: str = "-") -> str:
    """Hours as ``36h`` or ``2.5d`` for tables."""
    if value is None:
        return missing
    return _("{hours:.0f}h").format(hours=value) if value < 72 else _("{days:.1f}d").format(days=value / 24)


def cost_lines(cost: dict[str, Any]) -> list[str]:
    """The Dutch-side costs, political capital, and waiting and surging of :func:`replays.score.response_cost`."""
    dutch, capital, waiting = cost["dutch_costs"], cost["political_capital"], cost["waiting"]
    per = lambda points: ", ".join(f"{indicator(name)} {value:g}" for name, value in points.items())  # noqa: E731
    lines = [_("dutch-side costs: {total:g} points").format(total=dutch["total"])
             + (f" ({per(dutch['by_indicator'])})" if dutch["by_indicator"] else "")]
    lines += [_("  with {state}: {points}").format(state=name_of(state), points=per(points))
              for state, points in dutch["by_state"].items()]
    lines.append(_("political capital: {spent:g} of {start:g} spent, {left:g} left").format(
        spent=capital["spent"], start=capital["start"], left=capital["left"])
                 + "".join(f"; {cell} {v:g}" for cell, v in capital["by_cell"].items()))
    wait = _("orders that waited for capacity: {n}").format(n=waiting["waited"])
    if waiting["mean_wait_hours"] is not None:
        wait += _(" (mean wait {mean}, longest {longest})").format(mean=hours(waiting["mean_wait_hours"]),
                                                                  longest=hours(waiting["longest_wait_hours"]))
    if waiting["still_waiting"]:
        wait += _(", still waiting at the end: {orders}").format(orders=", ".join(waiting["still_waiting"]))
    lines.append(_("{waiting}; orders surged: {n}").format(waiting=wait, n=waiting["surged"]))
    return lines


def print_tables(score: dict[str, Any], out=None) -> None:
    """The score as plain-text tables (on stdout unless ``out`` is given)."""
    p = lambda *a: print(*a, file=out or sys.stdout)  # noqa: E731
    players = ", ".join(score["players"]) or _("none (all cells on doctrine)")
    p(_("{title} - seed {seed} - {days:g} days - players: {players}").format(
        title=shown_text(score["title"]), seed=score["seed"], days=score["until"] / 24, players=players))
    p(_("overall {overall:.2f}   no response {baseline:.2f}   value added {added:+.2f}").format(
        overall=score["overall"], baseline=score["baseline_overall"], added=score["value_added"]))
    p("")
    names = {name: indicator(name) for name in score["dimensions"]}
    recoveries = {name: _("never") if d["recovery_hours"] == 0 else hours(d["recovery_hours"], _("not rec."))
                  for name, d in score["dimensions"].items()}
    head = headings(N_("indicator|start|loss|robust|recovery|final|avoided"))
    w = widths((22, 6, 8, 7, 9, 6, 8), head, names.values(), (), (), (), recoveries.values())
    p(f"{head[0]:{w[0]}} {head[1]:>{w[1]}} {head[2]:>{w[2]}} {head[3]:>{w[3]}} {head[4]:>{w[4]}} {head[5]:>{w[5]}} "
      f"{head[6]:>{w[6]}}")
    for name, d in score["dimensions"].items():
        p(f"{names[name]:{w[0]}} {d['start']:{w[1]}.1f} {d['loss']:{w[2]}.1f} {d['robustness']:{w[3]}.1f} "
          f"{recoveries[name]:>{w[4]}} {d['final']:{w[5]}.1f} {d['loss_avoided']:+{w[6]}.1f}")
    p(_("(loss in points x days; recovery = time to get back to 95% of the start; never = never fell below it)"))
    p("")
    head = headings(N_("objective|indicator|weight|target|score|no resp.|rating"))
    goals = [indicator(o["indicator"]) for o in score["objectives"]]
    w = widths((16, 22, 6, 6, 6, 8), head, (), goals)
    p(f"{head[0]:{w[0]}} {head[1]:{w[1]}} {head[2]:>{w[2]}} {head[3]:>{w[3]}} {head[4]:>{w[4]}} {head[5]:>{w[5]}}  "
      f"{head[6]}")
    for o, goal in zip(score["objectives"], goals):
        p(f"{o['id']:{w[0]}} {goal:{w[1]}} {o['weight']:{w[2]}g} {o['target']:{w[3]}g} {o['score']:{w[4]}.1f} "
          f"{o['baseline_score']:{w[5]}.1f}  " + _("{rating} (no response: {baseline})").format(
              rating=o["rating"], baseline=o["baseline_rating"]))
    p(_("rating rule: {rule}").format(rule=_(score["rating_rule"])))
    p("")
    head = headings(N_("thread|technique|target|launched|detected|response|latency"))
    w = widths((7, 26, 16, 8, 9, 9, 8), head)
    p(f"{head[0]:{w[0]}} {head[1]:{w[1]}} {head[2]:{w[2]}} {head[3]:>{w[3]}} {head[4]:>{w[4]}} {head[5]:>{w[5]}} "
      f"{head[6]:>{w[6]}}")
    for d in score["decisions"]:
        p(f"{d['thread']:{w[0]}} {d['technique']:{w[1]}} {(d['target'] or d['staff'] or '-'):{w[2]}} "
          f"{hours(d['launched']):>{w[3]}} {hours(d['detection_hours'], _('never')):>{w[4]}} "
          f"{hours(d['response_hours'], _('none')):>{w[5]}} {hours(d['latency_hours']):>{w[6]}}")
    p(_("(detected / response: after the launch; latency: from the responsible cell's first signal to its first "
        "response)"))
    p("")
    cost = score["cost"]
    p(_("capacity used: {capacity:g} staff-days").format(capacity=cost["capacity"])
      + "".join(f"; {cell} {c['capacity']:g}" for cell, c in cost["cells"].items()))
    for line in cost_lines(cost):
        p(line)
    effects = cost["side_effects"]
    p(_("side effects: {heavy} heavy-handed orders, {overreach} overreach events, {backfired} attributions that "
        "backfired").format(heavy=len(effects["heavy_handed"]), overreach=len(effects["overreach"]),
                            backfired=len(effects["backfired_attributions"])))
    if "explain" in score:
        for line in explain_lines(score["explain"]):
            p(line)


def explain_lines(ex: dict[str, Any]) -> list[str]:
    """The decision-value table of :func:`replays.explain.explain` as text lines."""
    seeds = ex["seeds"]
    n = len(seeds)
    lines = ["", ngettext("what made the difference: value = score points lost without it, mean over {n} seed "
                          "({seeds})", "what made the difference: value = score points lost without it, mean over "
                          "{n} seeds ({seeds})", n).format(n=n, seeds=", ".join(map(str, seeds)))
             + (_(" with its {confidence:.0%} t-interval; * = the interval excludes zero").format(
                 confidence=ex["confidence"]) if n > 1 else _("; one seed gives no interval"))]
    source = _("from checkpoints") if ex["method"] == "fork" else _("from day 1")
    workers = ngettext("{n} worker", "{n} workers", ex["workers"]).format(n=ex["workers"])
    lines.append(_("({runs} re-runs, {cost:g} runs' worth of simulation {source} on {workers})").format(
        runs=ex["runs"], cost=ex["cost_runs"], source=source, workers=workers))
    for e in ex["commands"]:
        note = _(" (refused)") if e["refused"] else ""
        if e["low"] is None:
            span = " " * 18
        else:
            span = f"[{e['low']:+7.2f},{e['high']:+7.2f}]"
        star = "*" if e["significant"] else " "
        when = _recovered(e["commands"][0]["clock"]).split(" (")[0]
        lines.append(f"{e['rank']:3}. {e['value']:+7.2f} {span}{star} {when:14} {_recovered(e['label'])}{note}")
    if ex.get("budget_runs") is not None and any(len(e["commands"]) > 1 for e in ex["commands"]):
        lines.append(_("(commands left out in {groups} phases to keep within {budget:g} runs a seed; "
                       "--max-runs N leaves up to N out one by one)").format(groups=ex["groups"],
                                                                              budget=ex["budget_runs"]))
    if ex["reference_drift"]:
        lines.append(_("note: the replay does not re-simulate exactly with this weerbaar (score differs by "
                       "{drift:+.2f}); values are measured against the re-simulation").format(
                           drift=ex["reference_drift"]))
    return lines


def _recovered(text: str) -> str:
    """A clock reading logged in English (``day 3 08:00 (Fri ...)``, read back from JSON as plain text) in the
    current language (:func:`sim.i18n.recovered`, where this version of sim.i18n has it)."""
    import sim.i18n

    recover = getattr(sim.i18n, "recovered", None)
    return str(recover(text)) if recover is not None else shown_text(text)


def run(args: argparse.Namespace) -> int:
    from replays.counterfactual import score_replay

    try:
        replay = read_replay_for(args.replay, "score")
        if args.explain:
            score = explain_replay(replay, args)
        else:
            score = score_replay(replay)[0]
    except input_errors() as exc:
        return report_input_error(exc, NAME)
    except (ValueError, KeyError, TypeError, RuntimeError) as exc:
        err(_("{replay}: cannot score this replay: {problem}").format(replay=args.replay, problem=shown_text(exc)))
        return EXIT_FAILED
    if args.json:
        print(json.dumps(score, ensure_ascii=False, allow_nan=False))
    else:
        print_tables(score)
    return EXIT_OK


def explain_replay(replay, args: argparse.Namespace) -> dict[str, Any]:
    """The score with ``explain``; the counterfactual is simulated in the background meanwhile."""
    from replays.counterfactual import counterfactual_later
    from replays.explain import explain
    from replays.score import RunData, assemble

    run_data = RunData.from_replay(replay)
    progress = sys.stderr if sys.stderr.isatty() and not args.json else None
    with counterfactual_later(run_data) as baseline:
        explanation = explain(run_data, args.max_runs, workers=args.workers, progress=progress, seeds=args.seeds)
        score = assemble(run_data, baseline.result())
    score["explain"] = explanation
    return score
