"""What the report says: strengths, areas for improvement, the improvement plan, the timeline, the heat-map.

:func:`findings` applies the rules of the :mod:`replays.review` docstring (thresholds are this
module's constants) to the run and its score, each finding filed under one of :data:`THEMES`;
:func:`improvement_plan` turns the areas for improvement into the IP table; :func:`timeline`
picks the events the report lists and words them; :func:`heatmap` counts the orders by DIMEFIL
lever and domain hit. Plain data, no formatting beyond the sentences themselves.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from replays.score import RunData, answers, responses_of
from sim.actions import DIMEFIL
from sim.eventkinds import describe
from sim.scenario.schemabase import COST_INDICATORS

FAST_HOURS = 24.0
SLOW_HOURS = 72.0
INJECT_HOURS = 48.0
ANTICIPATION_HOURS = 7 * 24.0
NOTABLE_POINTS = 0.5
NOTABLE_LOSS = 25.0
NO_THREAD = "no thread"

THEMES = {"objectives": "Objectives and interests at stake", "threads": "Detection and response to threats",
          "decisions": "Decisions that made the difference", "injects": "Answering the injects",
          "conduct": "Conduct: proportionality and procedure"}


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
    """Strengths and areas for improvement drawn from the run (rules in the :mod:`replays.review` docstring).

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
        if name in COST_INDICATORS:
            _cost_finding(found, name, d, compared)
        elif d["loss_avoided"] >= NOTABLE_LOSS:
            found.strength("objectives", name,
                           f"{name} lost {d['loss_avoided']:.0f} points x days less than with no response {compared}.")
        elif d["loss_avoided"] <= -NOTABLE_LOSS:
            found.area("objectives", name,
                       f"{name} lost {-d['loss_avoided']:.0f} points x days more than with no response {compared}: "
                       f"doctrine protected it better.",
                       f"Compare the doctrine's orders that protect {name} (no-response run) with what the players "
                       f"did, and keep the useful ones in the playbook.")


def _cost_finding(found: _Findings, name: str, d: dict[str, Any], compared: str) -> None:
    """A cost indicator is the price of the response, not an interest red attacked: filed under conduct."""
    if name in found.run.unrecorded:
        return
    if d["loss_avoided"] >= NOTABLE_LOSS:
        found.strength("conduct", name, f"The response cost {name} {d['loss_avoided']:.0f} points x days less than "
                                        f"doctrine's would have {compared}.")
    elif d["loss_avoided"] <= -NOTABLE_LOSS:
        found.area("conduct", name,
                   f"The response cost {name} {-d['loss_avoided']:.0f} points x days more than doctrine's would have "
                   f"{compared}.",
                   f"Weigh what the orders that cost {name} bought (the cost section lists each cost and its reason) "
                   f"and keep the costly ones for when the evidence and the stakes call for them.")


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


TIMELINE_LANES = {"inject.fired": "inject", "operation.launched": "red", "detection": "detection",
                  "command.accepted": "command", "command.refused": "command", "leak": "public",
                  "statement": "public", "demonstration": "public", "disorder": "public", "news": "news"}
"""The kinds of event the timeline lists, and the lane of each (orders by doctrine go to the "doctrine" lane)."""


def timeline(run: RunData) -> list[dict[str, Any]]:
    """Injects, red operations, detections, commands and news in time order; repeated news shown once with a count.

    Each row is worded by its kind's registered sentence (:func:`sim.eventkinds.describe`, as in the
    console's feed); a detection that White knows was a false signal says so first. A news row is its
    headline, its ``who`` the outlets that ran it, with ``(xN)`` when the story was repeated.
    """
    from sim.plugins import load_plugins

    load_plugins()  # the wordings are registered with the event kinds
    rows: list[dict[str, Any]] = []
    news: dict[str, dict[str, Any]] = {}  # by headline and reference
    noise = {e["target"] for e in run.events if e["kind"] == "noise"}
    for e in run.events:
        kind, p, t = e["kind"], e["payload"], float(e["t"])
        lane = TIMELINE_LANES.get(kind)
        if lane is None:
            continue
        if kind == "news":
            # The same story (headline and what it refers to) repeated by outlets or day after day is one row.
            headline = p.get("headline", "")
            key = f"{headline}\x00{p.get('ref', '')}"
            if key in news:
                news[key]["count"] += 1
                if e["source"] not in news[key]["outlets"]:
                    news[key]["outlets"].append(e["source"])
                continue
            item = {"t": t, "clock": run.clock(t).split(" (")[0], "lane": "news", "who": e["source"], "what": headline,
                    "count": 1, "outlets": [e["source"]], "operation": None}
            news[key] = item
            rows.append(item)
            continue
        if lane == "command" and p.get("by", "player") != "player":
            lane = "doctrine"
        what = describe(e)
        if kind == "detection" and p.get("operation") in noise:
            what = "false signal: " + what
        rows.append({"t": t, "clock": run.clock(t).split(" (")[0], "lane": lane, "who": e["source"], "what": what,
                     "count": 1, "outlets": [], "operation": p.get("operation")})
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
