"""``weerbaar compare A.jsonl B.jsonl ... [--html CLASS.html [--force]] [--json]``: rank replays of one scenario.

Prints the ranking (or, with ``--json``, the rows as a JSON array). ``--html`` also writes the
instructor's class view (:mod:`replays.review.classview`): one self-contained page with the
ranking, the groups side by side per objective and each group's key decisions on one timeline.
The page is not written over an existing file without ``--force``, nor over one of the replays;
that is checked before the replays are scored. A replay cut short or damaged is ranked on what it
recorded, with a one-line warning naming where it stops; replays of different scenarios are
refused in one line naming the file.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from sim.i18n import N_
from ui.subcommands._common import EXIT_FAILED, EXIT_OK, err, input_errors, report_input_error

NAME = "compare"
HELP = N_("rank replays of one scenario side by side")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("replays", nargs="+", metavar="REPLAY")
    parser.add_argument("--json", action="store_true", help="print the ranking as a JSON array")
    parser.add_argument("--html", metavar="FILE", help="also write the class view (ranking, objectives side by side, "
                                                      "key decisions on one timeline) to FILE")
    parser.add_argument("--force", action="store_true", help="replace FILE if it exists")


def run(args: argparse.Namespace) -> int:
    from replays.compare import CompareError, compare_runs
    from sim.outputs import OutputError, check_target, write_atomic

    try:
        if args.html is not None:  # before the slow scoring: a refusal costs nothing
            check_target(args.html, force=args.force, inputs=args.replays, what="class view")
        comparison = compare_runs(args.replays, warn=err)
        if args.html is not None:
            from replays.review.classview import render_class_html

            page = render_class_html(comparison)
            check_target(args.html, force=args.force, inputs=args.replays, what="class view")
            write_atomic(Path(args.html), page)
    except (CompareError, OutputError) as exc:
        err(str(exc) if isinstance(exc, CompareError) else f"weerbaar {NAME}: {exc}")
        return EXIT_FAILED
    except input_errors() as exc:
        return report_input_error(exc, NAME)
    rows = comparison.rows
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
        return EXIT_OK
    objectives = list(rows[0]["ratings"])
    width = max(len(Path(r["replay"]).name) for r in rows)
    print(f"{'#':>2} {'replay':{width}} {'seed':>10} {'score':>6} {'no resp.':>8} {'added':>7}  "
          f"{'ratings':{max(7, 2 * len(objectives))}} {'answered':>8} {'latency':>8} {'capacity':>8}")
    for r in rows:
        ratings = " ".join(r["ratings"][o] for o in objectives)
        latency = "-" if r["median_latency_hours"] is None else f"{r['median_latency_hours']:.0f}h"
        print(f"{r['rank']:2} {Path(r['replay']).name:{width}} {r['seed']:10} {r['overall']:6.2f} "
              f"{r['baseline_overall']:8.2f} {r['value_added']:+7.2f}  {ratings:{max(7, 2 * len(objectives))}} "
              f"{r['answered']:>3}/{r['threads']:<4} {latency:>8} {r['capacity']:8.0f}")
    print(f"ratings (P/S/M/U) per objective: {', '.join(objectives)}; ranked by value added over the no-response run "
          f"of each replay's seed; latency: median from first signal to first response per threat thread")
    if args.html is not None:
        print(f"class view: {args.html}")
    return EXIT_OK
