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

from ui.subcommands._common import (EXIT_FAILED, EXIT_OK, add_rerun_arguments, count_type, err, input_errors,
                                    read_replay_for, report_input_error)

NAME = "score"
HELP = "score a replay against the run where nobody responded"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("replay", metavar="REPLAY")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of tables")
    parser.add_argument("--explain", action="store_true",
                        help="re-run without each command in turn and rank the commands by marginal value")
    add_rerun_arguments(parser, "--explain")
    add_seeds_argument(parser)


def add_seeds_argument(parser: argparse.ArgumentParser) -> None:
    """``--seeds N`` for the subcommands that explain a replay, and ``--workers`` defaulting to every core."""
    from replays.explain import DEFAULT_SEEDS

    parser.add_argument("--seeds", type=count_type, default=DEFAULT_SEEDS, metavar="N",
                        help=f"seeds each decision's value is measured on, the replay's own first; its 95%% "
                             f"interval needs at least 2 (default {DEFAULT_SEEDS})")


def hours(value: float | None, missing: str = "-") -> str:
    """Hours as ``36h`` or ``2.5d`` for tables."""
    if value is None:
        return missing
    return f"{value:.0f}h" if value < 72 else f"{value / 24:.1f}d"


def cost_lines(cost: dict[str, Any]) -> list[str]:
    """The Dutch-side costs, political capital, and waiting and surging of :func:`replays.score.response_cost`."""
    dutch, capital, waiting = cost["dutch_costs"], cost["political_capital"], cost["waiting"]
    per = lambda points: ", ".join(f"{name} {value:g}" for name, value in points.items())  # noqa: E731
    lines = [f"dutch-side costs: {dutch['total']:g} points" + (f" ({per(dutch['by_indicator'])})" if dutch["by_indicator"] else "")]
    lines += [f"  with {state}: {per(points)}" for state, points in dutch["by_state"].items()]
    lines.append(f"political capital: {capital['spent']:g} of {capital['start']:g} spent, {capital['left']:g} left"
                 + "".join(f"; {cell} {v:g}" for cell, v in capital["by_cell"].items()))
    wait = f"orders that waited for capacity: {waiting['waited']}"
    if waiting["mean_wait_hours"] is not None:
        wait += f" (mean wait {hours(waiting['mean_wait_hours'])}, longest {hours(waiting['longest_wait_hours'])})"
    if waiting["still_waiting"]:
        wait += f", still waiting at the end: {', '.join(waiting['still_waiting'])}"
    lines.append(f"{wait}; orders surged: {waiting['surged']}")
    return lines


def print_tables(score: dict[str, Any], out=None) -> None:
    """The score as plain-text tables (on stdout unless ``out`` is given)."""
    p = lambda *a: print(*a, file=out or sys.stdout)  # noqa: E731
    p(f"{score['title']} - seed {score['seed']} - {score['until'] / 24:g} days - "
      f"players: {', '.join(score['players']) or 'none (all cells on doctrine)'}")
    p(f"overall {score['overall']:.2f}   no response {score['baseline_overall']:.2f}   "
      f"value added {score['value_added']:+.2f}")
    p("")
    p(f"{'indicator':22} {'start':>6} {'loss':>8} {'robust':>7} {'recovery':>9} {'final':>6} {'avoided':>8}")
    for name, d in score["dimensions"].items():
        p(f"{name:22} {d['start']:6.1f} {d['loss']:8.1f} {d['robustness']:7.1f} "
          f"{'never' if d['recovery_hours'] == 0 else hours(d['recovery_hours'], 'not rec.'):>9} "
          f"{d['final']:6.1f} {d['loss_avoided']:+8.1f}")
    p("(loss in points x days; recovery = time to get back to 95% of the start; never = never fell below it)")
    p("")
    p(f"{'objective':16} {'indicator':22} {'weight':>6} {'target':>6} {'score':>6} {'no resp.':>8}  rating")
    for o in score["objectives"]:
        p(f"{o['id']:16} {o['indicator']:22} {o['weight']:6g} {o['target']:6g} {o['score']:6.1f} "
          f"{o['baseline_score']:8.1f}  {o['rating']} (no response: {o['baseline_rating']})")
    p(f"rating rule: {score['rating_rule']}")
    p("")
    p(f"{'thread':7} {'technique':26} {'target':16} {'launched':>8} {'detected':>9} {'response':>9} {'latency':>8}")
    for d in score["decisions"]:
        p(f"{d['thread']:7} {d['technique']:26} {(d['target'] or d['staff'] or '-'):16} {hours(d['launched']):>8} "
          f"{hours(d['detection_hours'], 'never'):>9} {hours(d['response_hours'], 'none'):>9} {hours(d['latency_hours']):>8}")
    p("(detected / response: after the launch; latency: from the responsible cell's first signal to its first response)")
    p("")
    cost = score["cost"]
    p(f"capacity used: {cost['capacity']:g} staff-days"
      + "".join(f"; {cell} {c['capacity']:g}" for cell, c in cost["cells"].items()))
    for line in cost_lines(cost):
        p(line)
    effects = cost["side_effects"]
    p(f"side effects: {len(effects['heavy_handed'])} heavy-handed orders, {len(effects['overreach'])} overreach events, "
      f"{len(effects['backfired_attributions'])} attributions that backfired")
    if "explain" in score:
        for line in explain_lines(score["explain"]):
            p(line)


def explain_lines(ex: dict[str, Any]) -> list[str]:
    """The decision-value table of :func:`replays.explain.explain` as text lines."""
    seeds = ex["seeds"]
    n = len(seeds)
    lines = ["", f"what made the difference: value = score points lost without it, mean over {n} "
                 f"seed{'s' if n != 1 else ''} ({', '.join(map(str, seeds))})"
                 + (f" with its {ex['confidence']:.0%} t-interval; * = the interval excludes zero" if n > 1 else
                    "; one seed gives no interval")]
    lines.append(f"({ex['runs']} re-runs, {ex['cost_runs']:g} runs' worth of simulation "
                 f"{'from checkpoints' if ex['method'] == 'fork' else 'from day 1'} on {ex['workers']} "
                 f"worker{'s' if ex['workers'] != 1 else ''})")
    for e in ex["commands"]:
        note = " (refused)" if e["refused"] else ""
        if e["low"] is None:
            span = " " * 18
        else:
            span = f"[{e['low']:+7.2f},{e['high']:+7.2f}]"
        star = "*" if e["significant"] else " "
        lines.append(f"{e['rank']:3}. {e['value']:+7.2f} {span}{star} {e['commands'][0]['clock'].split(' (')[0]:14} "
                     f"{e['label']}{note}")
    if ex.get("budget_runs") is not None and any(len(e["commands"]) > 1 for e in ex["commands"]):
        lines.append(f"(commands left out in {ex['groups']} phases to keep within {ex['budget_runs']:g} runs a seed; "
                     f"--max-runs N leaves up to N out one by one)")
    if ex["reference_drift"]:
        lines.append(f"note: the replay does not re-simulate exactly with this weerbaar (score differs by "
                     f"{ex['reference_drift']:+.2f}); values are measured against the re-simulation")
    return lines


def run(args: argparse.Namespace) -> int:
    from replays.counterfactual import score_replay

    try:
        replay = read_replay_for(args.replay, "score")
        if args.explain:
            score = explain_replay(replay, args)
        else:
            score, _, _ = score_replay(replay)
    except input_errors() as exc:
        return report_input_error(exc, NAME)
    except (ValueError, KeyError, TypeError, RuntimeError) as exc:
        err(f"{args.replay}: cannot score this replay: {exc}")
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
