"""Writing a review's folder: the reports (HTML, Markdown, Word), the PNGs, ``series.csv`` and ``score.json``.

:func:`write_review` writes the reports asked for (:data:`FORMATS`; all three by default) with
``series.csv`` and ``score.json``, and the PNGs when the Markdown report links them. It checks
the folder first (:func:`sim.outputs.check_folder`: none of the files it would write there unless
``force``, never the replay itself) and writes every file atomically
(:func:`sim.outputs.write_atomic`); :func:`series_csv` is the indicator series of the run and of
its counterfactual as CSV text.
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

REPORT_FILES = ("report.html", "report.md", "report.docx", "series.csv", "score.json", *IMAGES)
"""Every file :func:`write_review` may write into its folder."""

FORMATS = {"html": "report.html", "md": "report.md", "docx": "report.docx"}
"""The report formats by name (``--format``), each with the file it is written to."""


def review_files(formats: tuple[str, ...] = tuple(FORMATS)) -> tuple[str, ...]:
    """The files :func:`write_review` writes for ``formats``: the reports, the PNGs with Markdown, the data files.

    Raises:
        ValueError: a format that is not one of :data:`FORMATS`.
    """
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ValueError(f"unknown report format {unknown[0]!r} (choose from {', '.join(FORMATS)})")
    return (*(FORMATS[f] for f in FORMATS if f in formats), "series.csv", "score.json",
            *(IMAGES if "md" in formats else ()))


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


def write_review(review: Review, out: str | Path, *, force: bool = False,
                 formats: tuple[str, ...] = tuple(FORMATS)) -> dict[str, Path]:
    """Write the reports of ``formats``, series.csv and score.json (and the PNGs, with Markdown) into ``out``.

    Returns the paths by file name. Every report is rendered before the first file is written, so a
    failure leaves the folder as it was.

    Raises:
        OutputError: ``out`` already holds one of the files (and not ``force``), or one of them is the replay.
        ValueError: an unknown format.
    """
    import json

    from replays.review.word import render_docx

    names = review_files(formats)
    folder = check_folder(out, names, force=force, inputs=(review.run.path or None,))
    renderers = {"report.html": render_html, "report.md": render_markdown, "report.docx": render_docx}
    reports = {name: renderers[name](review) for name in names if name in renderers}
    folder.mkdir(parents=True, exist_ok=True)
    paths = {name: folder / name for name in names if name in reports or name in ("series.csv", "score.json")}
    for name, data in reports.items():
        write_atomic(paths[name], data)
    for name, data in review.images.items():
        if name in names:
            paths[name] = folder / name
            write_atomic(paths[name], data)
    write_series(review.run, review.baseline, paths["series.csv"])
    write_atomic(paths["score.json"], json.dumps(review.context["score"], ensure_ascii=False, indent=1) + "\n")
    return paths
