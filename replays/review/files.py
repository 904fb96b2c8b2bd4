"""Writing a review's folder: the two reports, the PNGs, ``series.csv`` and ``score.json``.

:func:`write_review` checks the folder first (:func:`sim.outputs.check_folder`: none of
:data:`REPORT_FILES` there unless ``force``, never the replay itself) and writes every file
atomically (:func:`sim.outputs.write_atomic`); :func:`series_csv` is the indicator series of the
run and of its counterfactual as CSV text.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import TYPE_CHECKING

from replays.review.plots import IMAGES
from replays.review.render import render_html, render_markdown
from replays.score import RunData
from sim.outputs import check_folder, write_atomic
from sim.scenario.schemabase import INDICATOR_NAMES

if TYPE_CHECKING:
    from replays.review.build import Review

REPORT_FILES = ("report.html", "report.md", "series.csv", "score.json", *IMAGES)
"""Every file :func:`write_review` writes into its folder."""


def series_csv(run: RunData, baseline: RunData) -> str:
    """Indicator series of the run and of the counterfactual as CSV text, one row per sample time.

    Every cell is a number, except an indicator the replay does not hold (:attr:`RunData.unrecorded`) and a
    time the counterfactual has no sample at: those are empty.
    """
    base = dict(zip(baseline.times, range(len(baseline.times))))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["t_hours", "day", *INDICATOR_NAMES, *(f"{n}.counterfactual" for n in INDICATOR_NAMES)])
    for i, t in enumerate(run.times):
        j = base.get(t)
        writer.writerow([t, round(t / 24.0, 4), *("" if n in run.unrecorded else run.series[n][i] for n in INDICATOR_NAMES),
                         *(baseline.series[n][j] if j is not None else "" for n in INDICATOR_NAMES)])
    return out.getvalue()


def write_series(run: RunData, baseline: RunData, path: Path) -> None:
    """Write :func:`series_csv` to ``path`` (atomically)."""
    write_atomic(path, series_csv(run, baseline))


def write_review(review: Review, out: str | Path, *, force: bool = False) -> dict[str, Path]:
    """Write report.html, report.md, the PNGs, series.csv and score.json into ``out``; returns the paths by name.

    Raises:
        OutputError: ``out`` already holds one of :data:`REPORT_FILES` (and not ``force``), or one of them is
            the replay.
    """
    import json

    folder = check_folder(out, REPORT_FILES, force=force, inputs=(review.run.path or None,))
    folder.mkdir(parents=True, exist_ok=True)
    paths = {name: folder / name for name in ("report.html", "report.md", "series.csv", "score.json")}
    write_atomic(paths["report.html"], render_html(review))
    write_atomic(paths["report.md"], render_markdown(review))
    for name, data in review.images.items():
        paths[name] = folder / name
        write_atomic(paths[name], data)
    write_series(review.run, review.baseline, paths["series.csv"])
    write_atomic(paths["score.json"], json.dumps(review.context["score"], ensure_ascii=False, indent=1) + "\n")
    return paths
