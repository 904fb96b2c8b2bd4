"""The after-action review: an HSEEP AAR/IP of one replay, as HTML, Markdown and Word (DOCX), with CSV data.

:func:`build_review` scores the replay against its counterfactual
(:mod:`replays.counterfactual`), optionally ranks its commands
(:mod:`replays.explain`), reads what evaluators and cells said
(:mod:`replays.review.observations`: the evaluators' notes and the hot-wash answers the replay
holds), and draws what the report says from the run:

* **executive summary** — the exercise, the result against the no-response run, the ratings, what
  evaluators and cells said, and the leading strengths and areas for improvement;
* **exercise overview** — name, date held (the scenario's ``exercise.date``, else the day the
  replay was recorded), place, sponsor, type, participants, evaluators, point of contact, the
  scenario, its period, seed, who played which cell, what happened;
* **objectives with HSEEP ratings** (the evaluators' where they rated, else the simulation's rule),
  each with its capability and evaluation guide, the evaluators' observations and the hot-wash
  answers next to the simulated evidence, and the overall score beside the no-response run;
* **strengths** and **areas for improvement**, by rules over the run and the rated observations
  (below), each citing its evidence, and the **improvement plan** (one row per area for improvement:
  issue, corrective action, capability, the responsible organisation, start and completion date,
  editable in the HTML and a table to fill in in the Word file);
* **appendices**: the improvement plan, the participants and evaluators, the timeline and a
  glossary of the ids shown;
* a **timeline** of injects, red operations, detections, commands and news, each
  worded by its kind's registered sentence as in the console's feed
  (:func:`sim.eventkinds.describe`; news items repeated day after day are shown
  once, with a count);
* **indicator plots** against the counterfactual, the **decision-value table**,
  a **heat-map of DIMEFIL levers used against domains hit**, each **threat
  thread's detection and response times**, and the **cost of the response**:
  staff-days per cell, the Dutch-side costs per indicator and per state with
  each cost's reason, political capital spent and left, and the orders that
  waited for capacity or were surged (:mod:`replays.review.costs`).

Rules for strengths and areas for improvement (thresholds are module constants):

* an objective rated P is a strength; S, M or U an area for improvement;
* a thread answered within :data:`FAST_HOURS` of the responsible cell's first
  signal is a strength; a thread never detected, never answered, or answered
  after more than :data:`SLOW_HOURS` is an area for improvement;
* a resilience indicator that lost at least :data:`NOTABLE_LOSS` points x days
  less than in the counterfactual is a strength; one that lost that much more is
  an area for improvement; the same for a cost indicator is a finding on conduct
  (the response cost that much less, or more, than doctrine's);
* a command worth at least :data:`NOTABLE_POINTS` score points (``--explain``) is
  a strength, one that cost that much an area for improvement, **only when its 95% interval
  over seeds excludes zero** (:func:`~replays.review.analysis.significant`; a value without
  an interval, from one seed, is never judged, and the report says why). A costly order that the
  learning objectives, an objective's evaluation guide or an inject's expected action ask for
  (:func:`~replays.review.analysis.asked_for`) is questioned for how it was given, and the
  finding names who asked for it and shows its value and interval;
* an evaluator's note rated P is a strength, one rated S, M or U an area for improvement
  (M and U high priority); each strength and improvement a cell named in the hot wash is one;
* an inject whose expected action (the action words in its ``expected_action``)
  none of its receiving cells ordered within :data:`INJECT_HOURS` after it is an
  area for improvement; one answered in time, or anticipated (ordered in the
  :data:`ANTICIPATION_HOURS` before it), is a strength. Only injects to cells held
  by players count, unless nobody played;
* heavy-handed orders, overreach events, attributions that backfired and refused
  orders are areas for improvement; a run without any of the first three is a
  strength (a proportionate response).

The heat-map counts each accepted order (players' and doctrine's) once per
(lever, domain): the lever from its ``lever:*`` tag, the domains from the
``domain:*`` tags of the red operations and detections of the threads it answers
(:func:`replays.score.answers`); orders that answer no thread fall in the
"no thread" column.

Plots are matplotlib (Agg backend) PNGs, embedded in the HTML as base64 data
URIs so the page is one self-contained file; ``report.md`` links the same PNGs
written beside it; ``series.csv`` has the indicator series of the replay and of
the counterfactual.

Scenario and player text (titles, briefings, synopses, headlines, commands, ids)
is escaped in both reports: the HTML by Jinja's autoescape, the Markdown by
:func:`md_text` for every ``{{ }}`` of its template (``<``, ``>`` and ``&`` as
entities, Markdown punctuation behind a backslash, line breaks of one-line
places folded), :func:`md_block` for the briefing and :func:`md_code` for code
spans, so no scenario can add HTML, links or images to the report or break its
tables.

:func:`write_review` refuses a folder that already holds one of
:data:`REPORT_FILES` unless ``force``, never writes over the replay, and writes
every file atomically (:func:`sim.outputs.write_atomic`).

The package has one module per role: :mod:`~replays.review.build` scores the replay
and assembles the report's context, :mod:`~replays.review.analysis` draws what the
report says from the run, :mod:`~replays.review.observations` reads the notes and hot-wash
answers, :mod:`~replays.review.objectives` sets each objective's evidence side by side,
:mod:`~replays.review.overview` writes the overview, executive summary, participants and
glossary, :mod:`~replays.review.plots` draws its figures, :mod:`~replays.review.costs` lays out
the cost section, :mod:`~replays.review.render` renders the HTML and Markdown,
:mod:`~replays.review.word` the Word document, :mod:`~replays.review.classview` the instructor's
class view of many replays, and :mod:`~replays.review.files` writes the folder. Everything
callers use is importable from :mod:`replays.review` itself.
"""

from replays.review.analysis import (ANTICIPATION_HOURS, FAST_HOURS, INJECT_HOURS, NO_THREAD, NOTABLE_LOSS,
                                     NOTABLE_POINTS, ONE_SEED, SLOW_HOURS, THEMES, asked_for, findings, heatmap,
                                     improvement_plan, significant, timeline)
from replays.review.build import Review, build_review
from replays.review.costs import cost_section
from replays.review.files import FORMATS, REPORT_FILES, review_files, series_csv, write_review, write_series
from replays.review.observations import evaluator_rating, read_observations
from replays.review.word import render_docx
from replays.review.plots import IMAGES, LANE_COLOURS, LANES, heatmap_plot, indicator_plot, timeline_plot
from replays.review.render import RATING_COLOURS, TEMPLATES, md_block, md_code, md_text, render_html, render_markdown

__all__ = [
    "FORMATS", "ONE_SEED", "asked_for", "evaluator_rating", "read_observations", "render_docx", "review_files", "significant",
    "ANTICIPATION_HOURS", "FAST_HOURS", "IMAGES", "INJECT_HOURS", "LANES", "LANE_COLOURS", "NOTABLE_LOSS",
    "NOTABLE_POINTS", "NO_THREAD", "RATING_COLOURS", "REPORT_FILES", "Review", "SLOW_HOURS", "TEMPLATES", "THEMES",
    "build_review", "cost_section", "findings", "heatmap", "heatmap_plot", "improvement_plan", "indicator_plot", "md_block",
    "md_code", "md_text", "render_html", "render_markdown", "series_csv", "timeline", "timeline_plot",
    "write_review", "write_series",
]
