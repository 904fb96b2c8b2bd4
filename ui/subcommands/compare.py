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

from sim.i18n import N_, _
from ui.subcommands._common import EXIT_FAILED, EXIT_OK, err, headings, input_errors, report_input_error, shown_text, widths

NAME = "compare"
HELP = N_("rank replays of one scenario side by side")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("replays", nargs="+", metavar="REPLAY")
    parser.add_argument("--json", action="store_true", help=_("print the ranking as a JSON array"))
    parser.add_argument("--html", metavar="FILE", help=_("also write the class view (ranking, objectives side by side, "
                                                      "key decisions on one timeline) to FILE"))
    parser.add_argument("--force", action="store_true", help=_("replace FILE if it exists"))


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
        err(shown_text(exc) if isinstance(exc, CompareError) else f"weerbaar {NAME}: {shown_text(exc)}")
        return EXIT_FAILED
    except input_errors() as exc:
        return report_input_error(exc, NAME)
    rows = comparison.rows
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
        return EXIT_OK
    objectives = list(rows[0]["ratings"])
    head = headings(N_("replay|seed|score|no resp.|added|ratings|answered|latency|capacity"))
    w = widths((0, 10, 6, 8, 7, max(7, 2 * len(objectives)), 8, 8, 8), head,
               [Path(r["replay"]).name for r in rows])
    print(f"{'#':>2} {head[0]:{w[0]}} {head[1]:>{w[1]}} {head[2]:>{w[2]}} {head[3]:>{w[3]}} {head[4]:>{w[4]}}  "
          f"{head[5]:{w[5]}} {head[6]:>{w[6]}} {head[7]:>{w[7]}} {head[8]:>{w[8]}}")
    for r in rows:
        ratings = " ".join(r["ratings"][o] for o in objectives)
        latency = "-" if r["median_latency_hours"] is None else _("{hours:.0f}h").format(hours=r["median_latency_hours"])
        answered = f"{r['answered']:>3}/{r['threads']:<4}"
        print(f"{r['rank']:2} {Path(r['replay']).name:{w[0]}} {r['seed']:{w[1]}} {r['overall']:{w[2]}.2f} "
              f"{r['baseline_overall']:{w[3]}.2f} {r['value_added']:+{w[4]}.2f}  {ratings:{w[5]}} "
              f"{answered:>{w[6]}} {latency:>{w[7]}} {r['capacity']:{w[8]}.0f}")
    print(_("ratings (P/S/M/U) per objective: {objectives}; ranked by value added over the no-response run of each "
            "replay's seed; latency: median from first signal to first response per threat thread").format(
        objectives=", ".join(objectives)))
    if args.html is not None:
        print(_("class view: {path}").format(path=args.html))
    return EXIT_OK
