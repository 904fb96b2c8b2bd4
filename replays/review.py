"""The after-action review: an HSEEP-shaped AAR/IP report of one replay, as HTML, Markdown and CSV.

:func:`build_review` scores the replay against its counterfactual
(:mod:`replays.counterfactual`), optionally ranks its commands
(:mod:`replays.explain`), and draws what the report says from the run:

* **exercise overview** — scenario, period, seed, who played which cell, what happened;
* **objectives with HSEEP ratings** and the overall score beside the no-response run;
* **strengths** and **areas for improvement**, by rules over the run (below), and
  the **improvement plan** (one row per area for improvement);
* a **timeline** of injects, red operations, detections, commands and news (news
  items repeated day after day are shown once, with a count);
* **indicator plots** against the counterfactual, the **decision-value table**,
  a **heat-map of DIMEFIL levers used against domains hit**, each **threat
  thread's detection and response times**, and the **cost of the response**.

Rules for strengths and areas for improvement (thresholds are module constants):

* an objective rated P is a strength; S, M or U an area for improvement;
* a thread answered within :data:`FAST_HOURS` of the responsible cell's first
  signal is a strength; a thread never detected, never answered, or answered
  after more than :data:`SLOW_HOURS` is an area for improvement;
* an indicator that lost at least :data:`NOTABLE_LOSS` points x days less than in
  the counterfactual is a strength; one that lost that much more is an area for
  improvement;
* a command worth at least :data:`NOTABLE_POINTS` score points (``--explain``) is
  a strength; one that cost that much is an area for improvement;
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
"""

from __future__ import annotations

import base64
import csv
import io
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from replays.format import Replay, read_replay
from replays.score import RATINGS, RunData, answers, responses_of
from sim.actions import DIMEFIL
from sim.outputs import check_folder, write_atomic
from sim.schemabase import INDICATOR_NAMES

FAST_HOURS = 24.0
SLOW_HOURS = 72.0
INJECT_HOURS = 48.0
ANTICIPATION_HOURS = 7 * 24.0
NOTABLE_POINTS = 0.5
NOTABLE_LOSS = 25.0
TEMPLATES = Path(__file__).resolve().parent / "templates"
NO_THREAD = "no thread"

THEMES = {"objectives": "Objectives and interests at stake", "threads": "Detection and response to threats",
          "decisions": "Decisions that made the difference", "injects": "Answering the injects",
          "conduct": "Conduct: proportionality and procedure"}

RATING_COLOURS = {"P": "#2e7d32", "S": "#9e9d24", "M": "#ef6c00", "U": "#c62828"}

IMAGES = ("indicators.png", "timeline.png", "heatmap.png")
REPORT_FILES = ("report.html", "report.md", "series.csv", "score.json", *IMAGES)
"""Every file :func:`write_review` writes into its folder."""


@dataclass
class Review:
    """A built review: the template context and the runs it came from."""

    context: dict[str, Any]
    run: RunData
    baseline: RunData
    images: dict[str, bytes]


# -- building -------------------------------------------------------------------------------------


def build_review(replay: str | Replay, explain: bool = True, max_runs: int | None = None, workers: int = 1,
                 progress: IO[str] | None = None) -> Review:
    """Score a replay, rank its commands (if ``explain``) and assemble everything the report shows."""
    from replays.counterfactual import score_replay

    replay = read_replay(replay) if not isinstance(replay, Replay) else replay
    score, run, baseline = score_replay(replay)
    if explain:
        from replays.explain import MAX_RUNS
        from replays.explain import explain as rank

        score["explain"] = rank(run, max_runs or MAX_RUNS, workers=workers, progress=progress)
    scenario = run.scenario
    heat = heatmap(run)
    images = dict(zip(IMAGES, (indicator_plot(run, baseline), timeline_plot(run), heatmap_plot(heat))))
    strengths, improvements = findings(run, score)
    held = set(run.players)
    context = {
        "score": score,
        "overview": {
            "title": scenario.title, "id": scenario.id, "summary": scenario.summary, "briefing": scenario.briefing,
            "learning_objectives": list(scenario.learning_objectives), "seed": run.seed,
            "start": run.clock(0.0), "end": run.clock(run.until), "days": round(run.until / 24.0, 2),
            "replay": run.path, "created": replay.header.get("created", ""),
            "weerbaar": replay.header.get("weerbaar", ""), "complete": run.complete,
            "cells": [{"id": cid, "title": spec.title or cid, "bodies": ", ".join(spec.bodies),
                       "played": "player" if cid in held else "doctrine"} for cid, spec in scenario.cells.items()],
            "counts": _counts(run),
            "threat": ", ".join(sorted({d["actor"] for d in score["decisions"]})) or "none",
            "domains": ", ".join(sorted({x for d in score["decisions"] for x in d["domains"]})) or "none",
        },
        "ratings": RATINGS,
        "rating_colours": RATING_COLOURS,
        "strengths": strengths,
        "improvements": improvements,
        "themes": [{"id": key, "title": title, "strengths": [f for f in strengths if f["theme"] == key],
                    "improvements": [f for f in improvements if f["theme"] == key]} for key, title in THEMES.items()],
        "plan": improvement_plan(improvements),
        "timeline": timeline(run),
        "heatmap": heat,
        "threads": _threads_table(run, score),
        "images": {name: "data:image/png;base64," + base64.b64encode(data).decode("ascii")
                   for name, data in images.items()},
    }
    return Review(context, run, baseline, images)


def _counts(run: RunData) -> dict[str, int]:
    kinds = Counter(e["kind"] for e in run.events)
    orders = [e for e in run.events if e["kind"] == "command.accepted"]
    launched = {e["payload"].get("operation") for e in run.events if e["kind"] == "operation.launched"}
    return {"events": len(run.events), "injects": kinds["inject.fired"], "operations": kinds["operation.launched"],
            "detections": sum(1 for e in run.events if e["kind"] == "detection"
                              and e["payload"].get("operation") in launched),
            "false_signals": kinds["noise"],
            "player_orders": sum(1 for e in orders if e["payload"].get("by") == "player"),
            "doctrine_orders": sum(1 for e in orders if e["payload"].get("by") == "doctrine"),
            "refused": kinds["command.refused"], "news": kinds["news"]}


def _threads_table(run: RunData, score: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for d in score["decisions"]:
        rows.append({**d, "launched_clock": run.clock(d["launched"]).split(" (")[0],
                     "cells": [{**c, "signal_clock": run.clock(c["first_signal"]).split(" (")[0],
                                "response_clock": run.clock(c["first_response"]).split(" (")[0]} for c in d["cells"]]})
    return rows


# -- findings --------------------------------------------------------------------------------------


def _action_words(text: str) -> set[str]:
    from sim.plugins import load_plugins
    from sim.registry import ACTIONS

    load_plugins()
    return {w for w in re.findall(r"[a-z_]+", text or "") if w in ACTIONS}


def _inject_followups(run: RunData) -> list[dict[str, Any]]:
    """For each fired inject with expected actions: whether a receiving cell ordered one within INJECT_HOURS."""
    out = []
    orders = [e for e in run.events if e["kind"] == "command.accepted"]
    for e in run.events:
        if e["kind"] != "inject.fired":
            continue
        expected = _action_words(e["payload"].get("expected_action", ""))
        if not expected:
            continue
        t, receivers = float(e["t"]), set(e.get("visible_to", ()))
        fitting = [o for o in orders if o["source"] in receivers and o["payload"].get("action") in expected]
        answer = next((o for o in fitting if t <= float(o["t"]) <= t + INJECT_HOURS), None)
        if answer is None:  # ordered shortly before the inject also counts: the cell saw it coming
            answer = next((o for o in reversed(fitting) if t - ANTICIPATION_HOURS <= float(o["t"]) < t), None)
        out.append({"no": e["payload"].get("no"), "t": t, "receivers": sorted(receivers), "expected": sorted(expected),
                    "objective": e["payload"].get("objective", ""), "critical": e["payload"].get("critical", False),
                    "answer": answer})
    return out


class _Findings:
    """Collects strengths and areas for improvement (see :func:`findings` for their fields)."""

    def __init__(self, run: RunData) -> None:
        self.strengths: list[dict[str, Any]] = []
        self.areas: list[dict[str, Any]] = []
        self.run = run

    def clock(self, t: float) -> str:
        return self.run.clock(t).split(" (")[0]

    def strength(self, theme: str, capability: str, text: str, cell: str = "") -> None:
        self.strengths.append({"theme": theme, "capability": capability, "cell": cell, "text": text})

    def area(self, theme: str, capability: str, text: str, action: str, cell: str = "",
             priority: str = "medium") -> None:
        self.areas.append({"theme": theme, "capability": capability, "cell": cell, "text": text,
                           "action": action, "priority": priority})


def findings(run: RunData, score: dict[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Strengths and areas for improvement drawn from the run (rules in the module docstring).

    Each finding: ``theme`` (one of :data:`THEMES`), ``capability`` (an objective id,
    an indicator, a thread, a cell or a topic), ``text``, ``cell`` (who it concerns,
    "" if everyone); areas also have ``priority`` (high / medium) and ``action``
    (the corrective action the improvement plan proposes).
    """
    found = _Findings(run)
    _objective_findings(found, score)
    _thread_findings(found, score)
    _decision_findings(found, score)
    _inject_findings(found)
    _conduct_findings(found, score)
    return found.strengths, found.areas


def _objective_findings(found: _Findings, score: dict[str, Any]) -> None:
    for o in score["objectives"]:
        what = f"{o['description'] or o['id']}: {o['indicator']}"
        numbers = (f"(target {o['target']:g}, lowest {o['minimum']:.1f}, final {o['final']:.1f}); "
                   f"scored {o['score']:.1f} (no response: {o['baseline_score']:.1f})")
        if o["rating"] == "P":
            found.strength("objectives", o["id"], f"{what} stayed above its target {numbers}.")
            continue
        how = {"S": "never fell below its target but had not recovered to 95% of its start by the end",
               "M": "fell below its target during the exercise", "U": "ended below its target"}[o["rating"]]
        found.area("objectives", o["id"], f"{what} {how} {numbers}.",
                   f"Review which measures protect {o['indicator']} earlier (see the decision-value table) "
                   f"and rehearse them.", priority="high" if o["rating"] in "MU" else "medium")
    for name, d in score["dimensions"].items():
        compared = f"({d['loss']:.0f} against {d['baseline']['loss']:.0f})"
        if d["loss_avoided"] >= NOTABLE_LOSS:
            found.strength("objectives", name,
                           f"{name} lost {d['loss_avoided']:.0f} points x days less than with no response {compared}.")
        elif d["loss_avoided"] <= -NOTABLE_LOSS:
            found.area("objectives", name,
                       f"{name} lost {-d['loss_avoided']:.0f} points x days more than with no response {compared}: "
                       f"doctrine protected it better.",
                       f"Compare the doctrine's orders that protect {name} (no-response run) with what the players "
                       f"did, and keep the useful ones in the playbook.")


def _thread_findings(found: _Findings, score: dict[str, Any]) -> None:
    for d in score["decisions"]:
        aim = d["target"] or d["staff"]
        name = f"{d['thread']} ({d['technique']}{' against ' + aim if aim else ''})"
        answered = [c for c in d["cells"] if c["latency_hours"] is not None]
        fastest = min(answered, key=lambda c: c["latency_hours"]) if answered else None
        if not any(c["first_signal"] is not None for c in d["cells"]):
            found.area("threads", d["thread"],
                       f"Thread {name}, launched {found.clock(d['launched'])}, was never seen by a responsible cell.",
                       "Raise the information position (partner sharing, investigations) on this actor's techniques.")
        elif fastest is None:
            seen = ", ".join(c["cell"] for c in d["cells"] if c["first_signal"] is not None)
            found.area("threads", d["thread"], f"Thread {name} was seen ({seen}) but never answered.",
                       f"Agree who answers {d['technique']} and with which measure "
                       f"({', '.join(responses_of(d['technique']))}).", cell=seen, priority="high")
        elif fastest["latency_hours"] <= FAST_HOURS:
            found.strength("threads", d["thread"],
                           f"Thread {name}: {fastest['cell']} answered within {fastest['latency_hours']:g} h of its "
                           f"first signal ({fastest['signal']}) with {fastest['response']}.", fastest["cell"])
        elif fastest["latency_hours"] > SLOW_HOURS:
            found.area("threads", d["thread"],
                       f"Thread {name}: the first answer ({fastest['response']} by {fastest['cell']}) came "
                       f"{fastest['latency_hours'] / 24:.1f} days after that cell's first signal ({fastest['signal']}).",
                       "Shorten the path from signal to decision: share signals the same day and pre-agree first "
                       "responses per technique.", cell=fastest["cell"])


def _decision_findings(found: _Findings, score: dict[str, Any]) -> None:
    for entry in score.get("explain", {}).get("commands", []):
        cell, when = entry["commands"][0]["cell"], entry["commands"][0]["clock"].split(" (")[0]
        if entry["value"] >= NOTABLE_POINTS:
            found.strength("decisions", cell, f"{entry['label']} ({when}) was worth {entry['value']:+.2f} score points.",
                           cell)
        elif entry["value"] <= -NOTABLE_POINTS:
            found.area("decisions", cell,
                       f"{entry['label']} ({when}) cost {-entry['value']:.2f} score points: the exercise went better "
                       f"without it.", "Revisit the reasoning behind this order and its timing.", cell=cell)


def _inject_findings(found: _Findings) -> None:
    run = found.run
    held = set(run.players) or set(run.scenario.cells)
    for f in _inject_followups(run):
        if not set(f["receivers"]) & held:
            continue
        inject = f"Inject {f['no']} ({found.clock(f['t'])})"
        if f["answer"] is not None:
            a = f["answer"]
            delay = float(a["t"]) - f["t"]
            when = f"after {delay:g} h" if delay >= 0 else f"already on {found.clock(float(a['t']))}, before the inject"
            found.strength("injects", f["objective"] or "msel",
                           f"{inject}: {a['source']} took an expected action ({a['payload'].get('action')}) {when}.",
                           a["source"])
        else:
            found.area("injects", f["objective"] or "msel",
                       f"{inject}: none of its receiving cells took an expected action ({', '.join(f['expected'])}) "
                       f"within {INJECT_HOURS:g} h.",
                       "Walk through this inject in the hot wash: what was known, what was decided, why.",
                       cell=", ".join(f["receivers"]), priority="high" if f["critical"] else "medium")


def _conduct_findings(found: _Findings, score: dict[str, Any]) -> None:
    effects = score["cost"]["side_effects"]
    for h in effects["heavy_handed"]:
        found.area("conduct", "proportionality",
                   f"Heavy-handed order {h['action']} {h['target']} by {h['cell']} ({found.clock(h['t'])}).",
                   "Prefer measures that respect press freedom and journalistic independence.", cell=h["cell"],
                   priority="high")
    for b in effects["backfired_attributions"]:
        found.area("conduct", "attribution",
                   f"Public attribution of {b['target']} ({found.clock(b['t'])}) backfired: the evidence was too thin.",
                   "Attribute publicly only above the evidence threshold, preferably with partners.", cell=b["cell"],
                   priority="high")
    if effects["overreach"]:
        found.area("conduct", "proportionality", f"{len(effects['overreach'])} overreach event(s) cost freedoms and trust.",
                   "Check measures against fundamental freedoms before ordering them.", priority="high")
    elif not effects["heavy_handed"] and not effects["backfired_attributions"]:
        found.strength("conduct", "proportionality",
                       "The response stayed proportionate: no heavy-handed measures, no overreach, no attribution "
                       "that backfired.")
    refused = [e for e in found.run.events if e["kind"] == "command.refused" and e["payload"].get("by") == "player"]
    if refused:
        reasons = Counter(e["payload"].get("reason", "") for e in refused)
        top = "; ".join(f"{r} (x{n})" if n > 1 else r for r, n in reasons.most_common(3))
        found.area("conduct", "procedures", f"{len(refused)} order(s) were refused: {top}.",
                   "Brief the cells on their permissions and capacity before the next exercise.",
                   cell=", ".join(sorted({e["source"] for e in refused})))


def improvement_plan(areas: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The IP table: one row per area for improvement, high priority first."""
    order = {"high": 0, "medium": 1}
    rows = sorted(areas, key=lambda a: order.get(a.get("priority", "medium"), 2))
    return [{"no": i, "capability": a["capability"], "issue": a["text"], "action": a["action"],
             "responsible": a["cell"] or "exercise director", "priority": a["priority"],
             "due": "before the next exercise"} for i, a in enumerate(rows, start=1)]


# -- timeline ---------------------------------------------------------------------------------------


def timeline(run: RunData) -> list[dict[str, Any]]:
    """Injects, red operations, detections, commands and news in time order; repeated news shown once with a count."""
    rows: list[dict[str, Any]] = []
    news: dict[str, dict[str, Any]] = {}  # by headline and reference
    noise = {e["target"] for e in run.events if e["kind"] == "noise"}
    for e in run.events:
        kind, p, t = e["kind"], e["payload"], float(e["t"])
        row = None
        if kind == "inject.fired":
            row = ("inject", f"#{p.get('no')} {e['source']} to {e['target']}", p.get("synopsis", ""))
        elif kind == "operation.launched":
            row = ("red", e["source"], f"{p.get('operation')} {p.get('technique')} {e['target']}".strip())
        elif kind == "detection":
            false = p.get("operation") in noise
            row = ("detection", e["source"], f"{'false signal: ' if false else ''}{p.get('technique')} "
                                              f"({p.get('operation')}), suspect {p.get('suspected')}")
        elif kind in ("command.accepted", "command.refused"):
            by = p.get("by", "player")
            text = f"{p.get('action', '')} {e['target']}".strip() if kind == "command.accepted" else p.get("command", "")
            extra = "" if kind == "command.accepted" else f" - refused: {p.get('reason', '')}"
            row = ("command" if by == "player" else "doctrine", e["source"], text + extra)
        elif kind in ("leak", "statement", "demonstration", "disorder"):
            row = ("public", e["source"], p.get("title") or p.get("text") or kind)
        elif kind == "news":
            # The same story (headline and what it refers to) repeated by outlets or day after day is one row.
            headline = p.get("headline", "")
            key = f"{headline}\x00{p.get('ref', '')}"
            if key in news:
                news[key]["count"] += 1
                if e["source"] not in news[key]["outlets"]:
                    news[key]["outlets"].append(e["source"])
                continue
            item = {"t": t, "clock": run.clock(t).split(" (")[0], "lane": "news", "who": e["source"], "what": headline,
                    "count": 1, "outlets": [e["source"]]}
            news[key] = item
            rows.append(item)
            continue
        if row is not None:
            rows.append({"t": t, "clock": run.clock(t).split(" (")[0], "lane": row[0], "who": row[1], "what": row[2],
                         "count": 1, "outlets": []})
    for item in news.values():
        item["who"] = ", ".join(item["outlets"])
        if item["count"] > 1:
            item["what"] += f" (x{item['count']})"
    return rows


# -- heat-map ---------------------------------------------------------------------------------------


def heatmap(run: RunData) -> dict[str, Any]:
    """Counts of orders by DIMEFIL lever (rows) and domain hit by the threads they answer (columns)."""
    threads_domains: dict[str, set[str]] = {}
    for e in run.events:
        op = str(e["payload"].get("operation", ""))
        if e["kind"] in ("operation.launched", "detection") and op:
            threads_domains.setdefault(op, set()).update(t.split(":", 1)[1] for t in e.get("tags", ())
                                                         if t.startswith("domain:"))
    launched = {str(e["payload"].get("operation")) for e in run.events if e["kind"] == "operation.launched"}
    domains = sorted({d for op, ds in threads_domains.items() if op in launched for d in ds})
    columns = [*domains, NO_THREAD]
    counts = {lever: dict.fromkeys(columns, 0) for lever in DIMEFIL}
    for order, hit in answers(run):
        levers = [t.split(":", 1)[1] for t in order.get("tags", ()) if t.startswith("lever:")]
        hit_domains = sorted({d for th in hit for d in threads_domains.get(th.id, ())}) or [NO_THREAD]
        for lever in levers:
            row = counts.setdefault(lever, dict.fromkeys(columns, 0))
            for d in hit_domains:
                row[d] = row.get(d, 0) + 1
    return {"rows": list(counts), "columns": columns, "counts": counts,
            "max": max((v for r in counts.values() for v in r.values()), default=0)}


# -- plots -----------------------------------------------------------------------------------------------


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")  # no display; the PNGs go into the report
    import matplotlib.pyplot as plt

    return plt


def _png(fig) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
    _pyplot().close(fig)
    return buffer.getvalue()


def indicator_plot(run: RunData, baseline: RunData) -> bytes:
    """Nine small plots: each indicator in the replay against the counterfactual, with start and target."""
    plt = _pyplot()
    targets: dict[str, list[float]] = {}
    for o in run.scenario.objectives:
        targets.setdefault(o.indicator, []).append(float(o.target))
    start = run.start
    fig, axes = plt.subplots(3, 3, figsize=(13, 8.5), sharex=True)
    days = [t / 24.0 for t in run.times]
    base_days = [t / 24.0 for t in baseline.times]
    for ax, name in zip(axes.flat, INDICATOR_NAMES):
        values, base = run.series[name], baseline.series[name]
        ax.fill_between(days, values, start[name], where=[v < start[name] for v in values], color="#1565c0",
                        alpha=0.12, linewidth=0, interpolate=True)
        ax.plot(base_days, base, color="#757575", linestyle="--", linewidth=1.3, label="no response")
        ax.plot(days, values, color="#1565c0", linewidth=1.8, label="this run")
        ax.axhline(start[name], color="#9e9e9e", linestyle=":", linewidth=1)
        for target in targets.get(name, []):
            ax.axhline(target, color="#c62828", linewidth=1, alpha=0.7, label="target")
        low = min(min(values), min(base), *targets.get(name, [start[name]]))
        high = max(max(values), max(base), start[name])
        pad = max(1.5, 0.15 * (high - low))
        ax.set_ylim(low - pad, high + pad)
        ax.set_title(name.replace("_", " "), fontsize=11)
        ax.grid(alpha=0.25)
    for ax in axes[-1]:
        ax.set_xlabel("day")
    handles, labels = [], []
    for ax in axes.flat:
        for h, lab in zip(*ax.get_legend_handles_labels()):
            if lab not in labels:
                handles.append(h)
                labels.append(lab)
    fig.legend(handles, labels, loc="upper center", ncol=len(labels), frameon=False, fontsize=10,
               bbox_to_anchor=(0.5, 1.02))
    fig.tight_layout()
    return _png(fig)


LANES = ("inject", "red", "detection", "command", "doctrine", "public", "news")
LANE_COLOURS = {"inject": "#6a1b9a", "red": "#c62828", "detection": "#ef6c00", "command": "#1565c0",
                "doctrine": "#64b5f6", "public": "#8d6e63", "news": "#9e9e9e"}


def timeline_plot(run: RunData) -> bytes:
    """Lanes of events over the days: injects, red operations (bars to their end), detections, orders, news."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(13, 3.6))
    lanes = {lane: i for i, lane in enumerate(reversed(LANES))}
    ended = {e["payload"].get("operation"): float(e["t"]) for e in run.events if e["kind"] == "operation.ended"}
    reds = 0
    for row in timeline(run):
        y, x = lanes[row["lane"]], row["t"] / 24.0
        if row["lane"] == "red":
            # Operations overlap in time: stagger their bars inside the lane so each stays visible.
            y += (reds % 3 - 1) * 0.25
            reds += 1
            op = row["what"].split(" ")[0]
            end = ended.get(op, run.until) / 24.0
            ax.plot([x, end], [y, y], color=LANE_COLOURS["red"], alpha=0.45, linewidth=4, solid_capstyle="butt")
        ax.plot([x], [y], marker="|" if row["lane"] == "news" else "o", markersize=9 if row["lane"] == "news" else 6,
                color=LANE_COLOURS[row["lane"]], linestyle="none")
    ax.set_yticks(list(lanes.values()), [lane for lane in lanes])
    ax.set_xlim(0, run.until / 24.0)
    ax.set_ylim(-0.7, len(LANES) - 0.3)
    ax.set_xlabel("day")
    ax.grid(axis="x", alpha=0.25)
    fig.tight_layout()
    return _png(fig)


def heatmap_plot(heat: dict[str, Any]) -> bytes:
    """The lever x domain counts as a heat-map with the numbers written in."""
    plt = _pyplot()
    rows, columns = heat["rows"], heat["columns"]
    data = [[heat["counts"][r][c] for c in columns] for r in rows]
    fig, ax = plt.subplots(figsize=(max(6.0, 1.0 + 1.0 * len(columns)), 0.5 * len(rows) + 1.6))
    image = ax.imshow(data, cmap="Blues", aspect="auto", vmin=0, vmax=max(1, heat["max"]))
    ax.set_xticks(range(len(columns)), columns, rotation=35, ha="right")
    ax.set_yticks(range(len(rows)), rows)
    for i, row in enumerate(data):
        for j, value in enumerate(row):
            if value:
                ax.text(j, i, str(value), ha="center", va="center", fontsize=9,
                        color="white" if value > 0.6 * max(1, heat["max"]) else "black")
    ax.set_xlabel("domain hit (threads the orders answered)")
    ax.set_ylabel("DIMEFIL lever")
    from matplotlib.ticker import MaxNLocator

    bar = fig.colorbar(image, ax=ax, fraction=0.03, pad=0.02, label="orders")
    bar.locator = MaxNLocator(integer=True)  # counts of orders: no half ticks
    bar.update_ticks()
    fig.tight_layout()
    return _png(fig)


# -- writing ---------------------------------------------------------------------------------------------


class _Markdown(str):
    """Text already fit for the Markdown report: the template's finalize leaves it alone."""


_MD_ESCAPE = {"&": "&amp;", "<": "&lt;", ">": "&gt;", **{c: "\\" + c for c in "\\`*_[]()#|~"}}
_MD_SPECIAL = re.compile("[" + re.escape("".join(_MD_ESCAPE)) + "]")
# A list item, thematic break or setext heading underline where the text starts a line.
_MD_LINE_START = re.compile(r"^([ \t]*)(?:([-+=])|(\d{1,9})([.)])(?=[ \t]|$))", re.MULTILINE)
_BREAKS = re.compile(r"\r\n|[\r\n\u2028\u2029\x85]")


def md_text(text: str) -> str:
    """Text for one place in a line of Markdown (a table cell, a list item, a heading): shown as written.

    ``<``, ``>`` and ``&`` become entities (no HTML), ``\\ ` * _ [ ] ( ) # | ~`` get a backslash (no
    emphasis, links, images, code or table breaks), a leading ``-``, ``+``, ``=`` or ``1.`` is escaped (no
    list or heading), and line breaks become spaces so the text stays in its place.
    """
    return md_block(_BREAKS.sub(" ", text))


def md_block(text: str) -> str:
    """Like :func:`md_text` for text of several lines (the briefing): its line breaks are kept."""
    escaped = _MD_SPECIAL.sub(lambda m: _MD_ESCAPE[m.group()], _BREAKS.sub("\n", text))
    return _MD_LINE_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[2] else f"{m[1]}{m[3]}\\{m[4]}", escaped)


def md_code(text: str, cell: bool = False) -> str:
    """A Markdown code span showing ``text`` literally (monospace): fenced by more backticks than it holds.

    Nothing inside a code span is Markdown or HTML; only a backtick could end it, and in a table cell a
    ``|`` (``cell=True`` escapes those, which GFM tables undo inside code).
    """
    text = _BREAKS.sub(" ", text)
    if not text:
        return ""
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    if text.startswith("`") or text.endswith("`") or (text.startswith(" ") and text.endswith(" ") and text.strip()):
        text = f" {text} "  # one space each side is dropped by the reader
    if cell:
        text = text.replace("|", "\\|")
    return f"{fence}{text}{fence}"


def _md_finalize(value: Any) -> Any:
    """Every ``{{ }}`` of the Markdown template: numbers and marked text as they are, anything else escaped."""
    if isinstance(value, (_Markdown, int, float)):
        return value
    return md_text(str(value))


def _environment(autoescape: bool):
    """The Jinja environment: HTML-escaping for ``report.html.j2``, Markdown-escaping otherwise."""
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=autoescape,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=True, finalize=None if autoescape else _md_finalize)
    filters = {
        "num": lambda v, digits=2: "-" if v is None else f"{v:.{digits}f}",
        "signed": lambda v, digits=2: "-" if v is None else f"{v:+.{digits}f}",
        "hours": _hours,
        "short": lambda v: f"{v:+.3g}",  # three significant digits: +580, +12.1, +0.02
    }
    if autoescape:
        env.filters.update(filters)
        return env
    # Numbers the filters format are the report's own text: not escaped, so "-" and "+0.52" stay as they are.
    env.filters.update({name: (lambda f: lambda *a, **k: _Markdown(f(*a, **k)))(f) for name, f in filters.items()})
    env.filters["md"] = lambda v, empty="": _Markdown(md_text(str(v)) if v else empty)
    env.filters["md_block"] = lambda v: _Markdown(md_block(str(v)))
    env.filters["code"] = lambda v, cell=False: _Markdown(md_code(str(v), cell))
    return env


def _hours(value: float | None, missing: str = "-") -> str:
    if value is None:
        return missing
    return f"{value:.0f} h" if value < 72 else f"{value / 24:.1f} d"


def render_html(review: Review) -> str:
    """The self-contained HTML report."""
    return _environment(True).get_template("report.html.j2").render(**review.context)


def render_markdown(review: Review) -> str:
    """The same report as Markdown (images linked as files beside it)."""
    return _environment(False).get_template("report.md.j2").render(**review.context)


def series_csv(run: RunData, baseline: RunData) -> str:
    """Indicator series of the run and of the counterfactual as CSV text, one row per sample time (all numbers)."""
    base = dict(zip(baseline.times, range(len(baseline.times))))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["t_hours", "day", *INDICATOR_NAMES, *(f"{n}.counterfactual" for n in INDICATOR_NAMES)])
    for i, t in enumerate(run.times):
        j = base.get(t)
        writer.writerow([t, round(t / 24.0, 4), *(run.series[n][i] for n in INDICATOR_NAMES),
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
