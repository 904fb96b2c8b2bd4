"""What the report says: strengths, areas for improvement, the improvement plan, the timeline, the heat-map.

:func:`findings` applies the rules of the :mod:`replays.review` docstring (thresholds are this
module's constants) to the run, its score and what evaluators and cells said
(:mod:`replays.review.observations`), each finding filed under one of :data:`THEMES` and citing its
evidence (``evidence``: what shows it, each with the anchor of the report's place that holds it);
:func:`improvement_plan` turns the areas for improvement into the IP table (capability, the
responsible organisation, start and completion left for the ministry to fill in);
:func:`asked_for` finds the orders the learning objectives, the objectives' evaluation guides and the
injects' expected actions ask for; :func:`timeline` picks the events the report lists and words them;
:func:`heatmap` counts the orders by DIMEFIL lever and domain hit. Plain data, no formatting beyond
the sentences themselves.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from replays.review.lang import clock as clock_of
from replays.review.lang import indicator, recovered, response_label, signal_label
from replays.score import RunData, answers, responses_of
from sim.actions import DIMEFIL
from sim.eventkinds import describe
from sim.i18n import N_, _, localize, name_of, ngettext
from sim.scenario.schemabase import COST_INDICATORS

FAST_HOURS = 24.0
SLOW_HOURS = 72.0
INJECT_HOURS = 48.0
ANTICIPATION_HOURS = 7 * 24.0
NOTABLE_POINTS = 0.5
NOTABLE_LOSS = 25.0
NO_THREAD = "no thread"

THEMES = {"objectives": N_("Objectives and interests at stake"), "threads": N_("Detection and response to threats"),
          "decisions": N_("Decisions that made the difference"), "injects": N_("Answering the injects"),
          "observations": N_("What evaluators and participants observed"),
          "conduct": N_("Conduct: proportionality and procedure")}
"""The analysis' themes (English, marked for translation: shown through the catalogue)."""

ONE_SEED = N_("A value measured on one seed cannot separate a decision from chance: the same order can look costly "
              "or useful in one run by the luck of the draw. The analysis praises or questions a decision only when "
              "its 95% interval over several seeds excludes zero.")
"""What the report says when the decision values carry no interval (``--explain`` on one seed); English, shown
through the catalogue."""


# -- findings --------------------------------------------------------------------------------------


def _action_words(text: str) -> set[str]:
    """The action names a text spells out (``share_signals``): how an inject's ``expected_action`` names them."""
    from sim.plugins import load_plugins
    from sim.registry import ACTIONS

    load_plugins()
    return {w for w in re.findall(r"[a-z_]+", text or "") if w in ACTIONS}


_SUFFIXES = ("ations", "ation", "ions", "ion", "ings", "ing", "ers", "er", "ed", "es", "s", "e")


def _stem(word: str) -> str:
    """A crude English stem, enough that "sharing", "shared" and "share" meet (and "attribution", "attribute")."""
    word = word.lower()
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _asks_for(text: str, action: str) -> bool:
    """Whether prose asks for an action: it names it outright, or holds every word of its name.

    "Share and interpret early signals" asks for ``share_signals``; "weigh public attribution" for
    ``public_attribution``. Every word must be there, so "awareness" alone does not ask for
    ``awareness_campaign``: a learning objective is read for what it says, not for what it might mean.
    """
    if action in _action_words(text):
        return True
    words = {_stem(w) for w in re.findall(r"[A-Za-z]+", text or "")}
    return all(_stem(part) in words for part in action.split("_") if part)


def asked_for(run: RunData) -> dict[str, list[dict[str, Any]]]:
    """The orders the exercise asks for, by action: each with why (``source``, ``text``, ``cells``).

    Sources: the scenario's learning objectives and its objectives' evaluation guides (any cell), and each
    fired inject's ``expected_action`` (its receiving cells). ``cells`` empty means any cell.
    """
    from sim.plugins import load_plugins
    from sim.registry import ACTIONS

    load_plugins()
    scenario = run.scenario
    # Matched in the scenario's own words (English stems), shown in the reader's language.
    prose = [(_("learning objective {number}").format(number=i), text)
             for i, text in enumerate(scenario.learning_objectives, start=1)]
    prose += [(_("the evaluation guide of objective {objective}").format(objective=o.id), text)
              for o in scenario.objectives for text in o.evaluation_guide]
    out: dict[str, list[dict[str, Any]]] = {}
    for action in ACTIONS:
        for source, text in prose:
            if _asks_for(text, action):
                out.setdefault(action, []).append({"source": source, "text": localize(text), "cells": []})
    for e in run.events:
        if e["kind"] != "inject.fired":
            continue
        text = e["payload"].get("expected_action", "")
        for action in sorted(_action_words(text)):
            out.setdefault(action, []).append({"source": _("inject {no}").format(no=e["payload"].get("no")),
                                               "text": text,
                                               "cells": sorted(e.get("visible_to", ())), "seq": e.get("seq")})
    return out


def reasons_for(entry: dict[str, Any], asked: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Why the exercise asked for the order(s) of a decision-value entry (none: nobody asked for them)."""
    reasons: list[dict[str, Any]] = []
    for c in entry["commands"]:
        words = str(c["text"]).split()
        for why in asked.get(words[0] if words else "", ()):
            if (not why["cells"] or c["cell"] in why["cells"]) and why not in reasons:
                reasons.append(why)
    return reasons


def inject_followups(run: RunData) -> list[dict[str, Any]]:
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
        out.append({"no": e["payload"].get("no"), "t": t, "seq": e.get("seq"), "receivers": sorted(receivers),
                    "expected": sorted(expected), "objective": e["payload"].get("objective", ""),
                    "critical": e["payload"].get("critical", False), "answer": answer})
    return out


def evidence(text: str, ref: str = "") -> dict[str, str]:
    """One piece of evidence a finding cites: what it is, and the anchor of the report's place that shows it."""
    return {"text": text, "ref": ref}


def event_ref(seq: Any) -> str:
    """The anchor of an event's row in the timeline appendix ("" for no event)."""
    return "" if seq is None else f"ev-{seq}"


def hotwash_ref(answer: dict[str, Any]) -> str:
    """The anchor of a hot-wash answer (one per cell and objective; ``general`` for one about no objective)."""
    return f"hotwash-{answer['cell']}-{answer['objective'] or 'general'}"


class _Findings:
    """Collects strengths and areas for improvement (see :func:`findings` for their fields)."""

    def __init__(self, run: RunData) -> None:
        self.strengths: list[dict[str, Any]] = []
        self.areas: list[dict[str, Any]] = []
        self.run = run

    def clock(self, t: float) -> str:
        return clock_of(self.run, t, date=False)

    def strength(self, theme: str, capability: str, text: str, cell: str = "", *,
                 cites: list[dict[str, str]] | None = None, objective: str = "", source: str = "simulation") -> None:
        self.strengths.append({"theme": theme, "capability": capability, "cell": cell, "text": text,
                               "evidence": cites or [], "objective": objective, "source": source})

    def area(self, theme: str, capability: str, text: str, action: str, cell: str = "",
             priority: str = "medium", *, cites: list[dict[str, str]] | None = None, objective: str = "",
             source: str = "simulation") -> None:
        self.areas.append({"theme": theme, "capability": capability, "cell": cell, "text": text,
                           "action": action, "priority": priority, "evidence": cites or [], "objective": objective,
                           "source": source})


def findings(run: RunData, score: dict[str, Any], observed: dict[str, Any] | None = None,
             ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Strengths and areas for improvement drawn from the run (rules in the :mod:`replays.review` docstring).

    Each finding: ``theme`` (one of :data:`THEMES`), ``capability`` (the subject: an objective id,
    an indicator, a thread, a cell or a topic), ``text``, ``cell`` (who it concerns, "" if
    everyone; several are joined by ", "), ``evidence`` (:func:`evidence` items), ``objective``
    (the objective it bears on, "" if none) and ``source`` (``simulation``, ``evaluator`` or
    ``hot wash``); areas also have ``priority`` (high / medium) and ``action`` (the corrective action
    the improvement plan proposes). ``observed`` is :func:`replays.review.observations.read_observations`.
    """
    found = _Findings(run)
    _objective_findings(found, score)
    _thread_findings(found, score)
    _decision_findings(found, score)
    _inject_findings(found)
    if observed:
        _observation_findings(found, observed)
    _conduct_findings(found, score)
    return found.strengths, found.areas


def _objective_findings(found: _Findings, score: dict[str, Any]) -> None:
    for o in score["objectives"]:
        ind = indicator(o["indicator"])
        what = _("{objective}: {indicator}").format(objective=localize(o["description"]) or o["id"], indicator=ind)
        numbers = _("(target {target}, lowest {lowest}, final {final}); scored {score} (no response: {baseline})").format(
            target=f"{o['target']:g}", lowest=f"{o['minimum']:.1f}", final=f"{o['final']:.1f}",
            score=f"{o['score']:.1f}", baseline=f"{o['baseline_score']:.1f}")
        cites = [evidence(_("objective {objective}: rated {rating}, lowest {lowest} against target {target}").format(
                     objective=o["id"], rating=o["rating"], lowest=f"{o['minimum']:.1f}", target=f"{o['target']:g}"),
                     f"objective-{o['id']}"),
                 evidence(_("{indicator} over time, against the no-response run").format(indicator=ind),
                          f"dimension-{o['indicator']}")]
        if o["rating"] == "P":
            found.strength("objectives", o["id"], _("{what} stayed above its target {numbers}.").format(
                what=what, numbers=numbers), cites=cites, objective=o["id"])
            continue
        how = {"S": _("{what} never fell below its target but had not recovered to 95% of its start by the end "
                      "{numbers}."),
               "M": _("{what} fell below its target during the exercise {numbers}."),
               "U": _("{what} ended below its target {numbers}.")}[o["rating"]]
        found.area("objectives", o["id"], how.format(what=what, numbers=numbers),
                   _("Review which measures protect {indicator} earlier (see the decision-value table) and rehearse "
                     "them.").format(indicator=ind), priority="high" if o["rating"] in "MU" else "medium",
                   cites=cites, objective=o["id"])
    for name, d in score["dimensions"].items():
        ind = indicator(name)
        compared = _("({loss} against {baseline})").format(loss=f"{d['loss']:.0f}", baseline=f"{d['baseline']['loss']:.0f}")
        cites = [evidence(_("{indicator}: loss {loss} points x days, {baseline} with no response").format(
            indicator=ind, loss=f"{d['loss']:.0f}", baseline=f"{d['baseline']['loss']:.0f}"), f"dimension-{name}")]
        if name in COST_INDICATORS:
            _cost_finding(found, name, d, compared, cites)
        elif d["loss_avoided"] >= NOTABLE_LOSS:
            found.strength("objectives", name,
                           _("{indicator} lost {points} points x days less than with no response {compared}.").format(
                               indicator=ind, points=f"{d['loss_avoided']:.0f}", compared=compared), cites=cites)
        elif d["loss_avoided"] <= -NOTABLE_LOSS:
            found.area("objectives", name,
                       _("{indicator} lost {points} points x days more than with no response {compared}: doctrine "
                         "protected it better.").format(indicator=ind, points=f"{-d['loss_avoided']:.0f}",
                                                        compared=compared),
                       _("Compare the doctrine's orders that protect {indicator} (no-response run) with what the "
                         "players did, and keep the useful ones in the playbook.").format(indicator=ind), cites=cites)


def _cost_finding(found: _Findings, name: str, d: dict[str, Any], compared: str, cites: list[dict[str, str]]) -> None:
    """A cost indicator is the price of the response, not an interest red attacked: filed under conduct."""
    if name in found.run.unrecorded:
        return
    ind = indicator(name)
    cites = [*cites, evidence(_("each cost with its order and reason"), "costs")]
    if d["loss_avoided"] >= NOTABLE_LOSS:
        found.strength("conduct", name, _("The response cost {indicator} {points} points x days less than doctrine's "
                                          "would have {compared}.").format(
            indicator=ind, points=f"{d['loss_avoided']:.0f}", compared=compared), cites=cites)
    elif d["loss_avoided"] <= -NOTABLE_LOSS:
        found.area("conduct", name,
                   _("The response cost {indicator} {points} points x days more than doctrine's would have "
                     "{compared}.").format(indicator=ind, points=f"{-d['loss_avoided']:.0f}", compared=compared),
                   _("Weigh what the orders that cost {indicator} bought (the cost section lists each cost and its "
                     "reason) and keep the costly ones for when the evidence and the stakes call for them.").format(
                       indicator=ind), cites=cites)


def _first_seq(run: RunData, kinds: tuple[str, ...], t: float | None, source: str = "",
               operation: str = "") -> Any:
    """The seq of the first event of ``kinds`` at time ``t`` (from ``source``, about ``operation``), or None."""
    if t is None:
        return None
    for e in run.events:
        if e["kind"] in kinds and float(e["t"]) == float(t) and (not source or e["source"] == source) \
                and (not operation or str(e["payload"].get("operation", "")) == operation):
            return e.get("seq")
    return None


def _thread_findings(found: _Findings, score: dict[str, Any]) -> None:
    run = found.run
    for d in score["decisions"]:
        d = {**d, "cells": [{**c, "signal": signal_label(c["signal"]), "response": response_label(c["response"])}
                            for c in d["cells"]]}
        aim = d["target"] or d["staff"]
        name = (_("{thread} ({technique} against {target})") if aim else _("{thread} ({technique})")).format(
            thread=d["thread"], technique=d["technique"], target=name_of(aim))
        answered = [c for c in d["cells"] if c["latency_hours"] is not None]
        fastest = min(answered, key=lambda c: c["latency_hours"]) if answered else None
        cites = [evidence(_("thread {thread}, launched {when}").format(thread=d["thread"],
                                                                       when=found.clock(d["launched"])),
                          f"thread-{d['thread']}")]
        if fastest is not None:
            signal = _first_seq(run, ("detection", "inject.fired", "signals.shared"), fastest["first_signal"])
            order = _first_seq(run, ("command.accepted",), fastest["first_response"], fastest["cell"])
            cites.append(evidence(_("first signal {when}: {signal}").format(when=found.clock(fastest["first_signal"]),
                                                                            signal=fastest["signal"]),
                                  event_ref(signal) if signal is not None else ""))
            cites.append(evidence(_("first answer {when}: {response} by {cell}").format(
                when=found.clock(fastest["first_response"]), response=fastest["response"],
                cell=name_of(fastest["cell"])), event_ref(order) if order is not None else ""))
        if not any(c["first_signal"] is not None for c in d["cells"]):
            found.area("threads", d["thread"],
                       _("Thread {thread}, launched {when}, was never seen by a responsible cell.").format(
                           thread=name, when=found.clock(d["launched"])),
                       _("Raise the information position (partner sharing, investigations) on this actor's "
                         "techniques."), cites=cites)
        elif fastest is None:
            seen = ", ".join(c["cell"] for c in d["cells"] if c["first_signal"] is not None)
            for c in d["cells"]:
                if c["first_signal"] is not None:
                    cites.append(evidence(_("{cell} had its first signal {when}: {signal}").format(
                        cell=name_of(c["cell"]), when=found.clock(c["first_signal"]), signal=c["signal"])))
            found.area("threads", d["thread"], _("Thread {thread} was seen ({cells}) but never answered.").format(
                           thread=name, cells=", ".join(str(name_of(c.strip())) for c in seen.split(","))),
                       _("Agree who answers {technique} and with which measure ({measures}).").format(
                           technique=d["technique"], measures=", ".join(responses_of(d["technique"]))),
                       cell=seen, priority="high", cites=cites)
        elif fastest["latency_hours"] <= FAST_HOURS:
            found.strength("threads", d["thread"],
                           _("Thread {thread}: {cell} answered within {hours} h of its first signal ({signal}) with "
                             "{response}.").format(thread=name, cell=name_of(fastest["cell"]),
                                                   hours=f"{fastest['latency_hours']:g}", signal=fastest["signal"],
                                                   response=fastest["response"]), fastest["cell"], cites=cites)
        elif fastest["latency_hours"] > SLOW_HOURS:
            found.area("threads", d["thread"],
                       _("Thread {thread}: the first answer ({response} by {cell}) came {days} days after that cell's "
                         "first signal ({signal}).").format(thread=name, response=fastest["response"],
                                                            cell=name_of(fastest["cell"]),
                                                            days=f"{fastest['latency_hours'] / 24:.1f}",
                                                            signal=fastest["signal"]),
                       _("Shorten the path from signal to decision: share signals the same day and pre-agree first "
                         "responses per technique."), cell=fastest["cell"], cites=cites)


def interval_text(entry: dict[str, Any]) -> str:
    """``+0.52 (95% interval +0.10 to +0.94, 5 seeds)``, or the value and "one seed" without an interval."""
    value = f"{entry['value']:+.2f}"
    if entry.get("low") is None or entry.get("high") is None:
        return _("{value} (one seed, no interval)").format(value=value)
    seeds = entry.get("seeds")
    if seeds:
        return _("{value} (95% interval {low} to {high}, {seeds} seeds)").format(
            value=value, low=f"{entry['low']:+.2f}", high=f"{entry['high']:+.2f}", seeds=seeds)
    return _("{value} (95% interval {low} to {high})").format(value=value, low=f"{entry['low']:+.2f}",
                                                              high=f"{entry['high']:+.2f}")


def decision_label(run: RunData, entry: dict[str, Any]) -> str:
    """A decision-value entry's label in the reader's language: ``cell: command``, or for a phase of several
    commands ``3 commands, day 2 08:00 to day 4 10:00`` (as :mod:`replays.explain` labels them, in English)."""
    commands = entry.get("commands") or []
    label = str(entry.get("label", ""))
    if len(commands) == 1:
        first = commands[0]
        if label and label != f"{first['cell']}: {first['text']}":
            return label  # a label of its own: kept as given
        return _("{cell}: {command}").format(cell=name_of(first["cell"]), command=first["text"])
    if not commands:
        return label
    return ngettext("{n} command, {first} to {last}", "{n} commands, {first} to {last}", len(commands)).format(
        n=len(commands), first=clock_of(run, commands[0]["t"], date=False),
        last=clock_of(run, commands[-1]["t"], date=False))


def significant(entry: dict[str, Any]) -> bool:
    """Whether a decision-value entry's 95% interval excludes zero; no interval (one seed) is never significant."""
    low, high = entry.get("low"), entry.get("high")
    if low is None or high is None:
        return False
    if "significant" in entry and entry["significant"] is not None:
        return bool(entry["significant"])
    return low > 0 or high < 0


ASKED_SHOWN = 3
"""Who asked for a questioned order, named in the finding's sentence (the citations list them all)."""


def _decision_findings(found: _Findings, score: dict[str, Any]) -> None:
    """Praise or question a decision only on a value whose interval excludes zero (see :func:`significant`).

    A significantly costly order that the learning objectives, an evaluation guide or an inject asked for
    is questioned for how it was given, not for being given, and the finding says who asked for it.
    """
    asked = asked_for(found.run)
    for entry in score.get("explain", {}).get("commands", []):
        if entry.get("refused") or not significant(entry):
            continue
        cell = ", ".join(dict.fromkeys(c["cell"] for c in entry["commands"]))
        when = clock_of(found.run, entry["commands"][0]["t"], date=False)
        # A phase (several commands left out together) is named by its span; one command by itself.
        label = decision_label(found.run, entry)
        what = label if len(entry["commands"]) > 1 else _("{label} ({when})").format(label=label, when=when)
        cites = [evidence(_("decision rank {rank}: {value}").format(rank=entry["rank"], value=interval_text(entry)),
                          f"decision-{entry['rank']}")]
        reasons = reasons_for(entry, asked)
        if entry["value"] >= NOTABLE_POINTS:
            found.strength("decisions", cell, _("{what} was worth {value} score points.").format(
                what=what, value=interval_text(entry)), cell, cites=cites)
        elif entry["value"] <= -NOTABLE_POINTS:
            if reasons:
                # The sentence names the first few who asked; the citations carry every one.
                shown = "; ".join(_("{source} (\u201c{text}\u201d)").format(source=r["source"], text=r["text"])
                                  for r in reasons[:ASKED_SHOWN])
                more = (_("; and {n} more").format(n=len(reasons) - ASKED_SHOWN) if len(reasons) > ASKED_SHOWN
                        else "")
                subject = (_("{what} is an order the exercise asks for") if len(entry["commands"]) == 1 else
                           _("{what} holds orders the exercise asks for")).format(what=what)
                cites += [evidence(_("asked for by {source}: {text}").format(source=r["source"], text=r["text"]),
                                   event_ref(r["seq"]) if r.get("seq") is not None else "learning-objectives")
                          for r in reasons]
                found.area("decisions", cell,
                           _("{subject} \u2014 {who}{more} \u2014 yet it cost {value} score points: the exercise "
                             "went better without it, beyond chance.").format(subject=subject, who=shown, more=more,
                                                                              value=interval_text(entry)),
                           _("Keep the order in the playbook but examine how it was given here: its timing, its "
                             "target and what it spent that a later, more urgent order lacked."), cell=cell,
                           cites=cites)
            else:
                found.area("decisions", cell,
                           _("{what} cost {value} score points: the exercise went better without it, beyond "
                             "chance.").format(what=what, value=interval_text(entry)),
                           _("Revisit the reasoning behind this order and its timing."), cell=cell, cites=cites)


def _inject_findings(found: _Findings) -> None:
    run = found.run
    held = set(run.players) or set(run.scenario.cells)
    for f in inject_followups(run):
        if not set(f["receivers"]) & held:
            continue
        inject = _("Inject {no} ({when})").format(no=f["no"], when=found.clock(f["t"]))
        cites = [evidence(_("inject {no} fired {when}, expecting {actions}").format(
                     no=f["no"], when=found.clock(f["t"]), actions=", ".join(f["expected"])),
                     event_ref(f["seq"]) if f["seq"] is not None else "")]
        if f["answer"] is not None:
            a = f["answer"]
            delay = float(a["t"]) - f["t"]
            when = (_("after {hours} h").format(hours=f"{delay:g}") if delay >= 0 else
                    _("already on {when}, before the inject").format(when=found.clock(float(a["t"]))))
            cites.append(evidence(_("{cell} ordered {action} {when}").format(
                cell=name_of(a["source"]), action=a["payload"].get("action"), when=found.clock(float(a["t"]))),
                event_ref(a.get("seq"))))
            found.strength("injects", f["objective"] or "msel",
                           _("{inject}: {cell} took an expected action ({action}) {when}.").format(
                               inject=inject, cell=name_of(a["source"]), action=a["payload"].get("action"), when=when),
                           a["source"], cites=cites, objective=f["objective"])
        else:
            found.area("injects", f["objective"] or "msel",
                       _("{inject}: none of its receiving cells took an expected action ({actions}) within {hours} "
                         "h.").format(inject=inject, actions=", ".join(f["expected"]), hours=f"{INJECT_HOURS:g}"),
                       _("Walk through this inject in the hot wash: what was known, what was decided, why."),
                       cell=", ".join(f["receivers"]), priority="high" if f["critical"] else "medium", cites=cites,
                       objective=f["objective"])


def _observation_findings(found: _Findings, observed: dict[str, Any]) -> None:
    """Evaluators' rated notes and the cells' hot-wash points are findings in their own right (HSEEP's core)."""
    for n in observed.get("notes", ()):
        if n["rating"] is None:
            continue
        subject = n["objective"] or "observation"
        cites = [evidence(_("note by {author}, {when}, rated {rating}").format(author=n["author"], when=n["clock"],
                                                                              rating=n["rating"]), f"note-{n['no']}")]
        cites += [evidence(_("about {when}: {what}").format(when=a["clock"], what=a["what"]), event_ref(a["seq"]))
                  if a["clock"] else evidence(_("about event {seq} ({what})").format(seq=a["seq"], what=a["what"]))
                  for a in n["about"]]
        text = _("{author} ({when}, rated {rating}): {text}").format(author=n["author"], when=n["clock"],
                                                                    rating=n["rating"], text=n["text"])
        if n["rating"] == "P":
            found.strength("observations", subject, text, cites=cites, objective=n["objective"] or "",
                           source="evaluator")
        else:
            found.area("observations", subject, text,
                       _("Discuss the observation in the after-action meeting and agree a corrective action."),
                       priority="high" if n["rating"] in "MU" else "medium", cites=cites,
                       objective=n["objective"] or "", source="evaluator")
    for a in observed.get("hotwash", ()):
        subject = a["objective"] or "hot wash"
        cell = name_of(a["cell"])
        if a["objective"] and a["rating"]:
            said = _("hot-wash answer of {cell} on {objective}, self-rated {rating}")
        elif a["objective"]:
            said = _("hot-wash answer of {cell} on {objective}")
        elif a["rating"]:
            said = _("hot-wash answer of {cell}, self-rated {rating}")
        else:
            said = _("hot-wash answer of {cell}")
        cites = [evidence(said.format(cell=cell, objective=a["objective"], rating=a["rating"]), hotwash_ref(a))]
        for point in a["strengths"]:
            found.strength("observations", subject, _("{cell} (hot wash): {point}").format(cell=cell, point=point),
                           a["cell"], cites=cites, objective=a["objective"] or "", source="hot wash")
        for point in a["improvements"]:
            found.area("observations", subject, _("{cell} (hot wash): {point}").format(cell=cell, point=point),
                       _("Take up the cell's proposal: agree what changes, who carries it and by when."),
                       cell=a["cell"], cites=cites, objective=a["objective"] or "", source="hot wash")


def _conduct_findings(found: _Findings, score: dict[str, Any]) -> None:
    run = found.run
    effects = score["cost"]["side_effects"]
    for h in effects["heavy_handed"]:
        seq = _first_seq(run, ("command.accepted",), h["t"], h["cell"])
        found.area("conduct", "proportionality",
                   _("Heavy-handed order {action} {target} by {cell} ({when}).").format(
                       action=h["action"], target=name_of(h["target"]), cell=name_of(h["cell"]),
                       when=found.clock(h["t"])),
                   _("Prefer measures that respect press freedom and journalistic independence."), cell=h["cell"],
                   priority="high", cites=[evidence(_("{cell} ordered {action} {when}").format(
                       cell=name_of(h["cell"]), action=f"{h['action']} {name_of(h['target'])}",
                       when=found.clock(h["t"])), event_ref(seq) if seq is not None else "")])
    for b in effects["backfired_attributions"]:
        found.area("conduct", "attribution",
                   _("Public attribution of {target} ({when}) backfired: the evidence was too thin.").format(
                       target=name_of(b["target"]), when=found.clock(b["t"])),
                   _("Attribute publicly only above the evidence threshold, preferably with partners."), cell=b["cell"],
                   priority="high", cites=[evidence(_("the attribution backfired {when}").format(
                       when=found.clock(b["t"])), "costs")])
    if effects["overreach"]:
        found.area("conduct", "proportionality",
                   ngettext("{n} overreach event cost freedoms and trust.",
                            "{n} overreach events cost freedoms and trust.", len(effects["overreach"])).format(
                       n=len(effects["overreach"])),
                   _("Check measures against fundamental freedoms before ordering them."), priority="high",
                   cites=[evidence(_("overreach {when} ({cell})").format(when=found.clock(o["t"]),
                                                                         cell=name_of(o["cell"])),
                                   event_ref(_first_seq(run, ("overreach",), o["t"], o["cell"])))
                          for o in effects["overreach"][:5]])
    elif not effects["heavy_handed"] and not effects["backfired_attributions"]:
        found.strength("conduct", "proportionality",
                       _("The response stayed proportionate: no heavy-handed measures, no overreach, no attribution "
                         "that backfired."), cites=[evidence(_("side effects: none"), "costs")])
    # White's own refused controls (a mistyped note) are exercise control, not the players' procedure
    refused = [e for e in run.events if e["kind"] == "command.refused" and e["payload"].get("by") == "player"
               and e["source"] != "white"]
    if refused:
        reasons = Counter(e["payload"].get("reason", "") for e in refused)
        top = "; ".join(f"{recovered(r)} (x{n})" if n > 1 else str(recovered(r)) for r, n in reasons.most_common(3))
        found.area("conduct", "procedures",
                   ngettext("{n} order was refused: {reasons}.", "{n} orders were refused: {reasons}.",
                            len(refused)).format(n=len(refused), reasons=top),
                   _("Brief the cells on their permissions and capacity before the next exercise."),
                   cell=", ".join(sorted({e["source"] for e in refused})),
                   cites=[evidence(_("refused {when}: {cell}").format(when=found.clock(float(e["t"])),
                                                                      cell=name_of(e["source"])),
                                   event_ref(e.get("seq")))
                          for e in refused[:5]])


def improvement_plan(areas: list[dict[str, Any]], scenario: Any = None, sponsor: str = "") -> list[dict[str, Any]]:
    """The IP table: one row per area for improvement, high priority first.

    Each row: ``no``, ``issue``, ``action`` (the proposed corrective action), ``capability`` (the
    objective's ``capability`` when the area bears on an objective that names one, else the area's
    theme), ``objective``, ``responsible`` (the organisations of the cells concerned, from each cell's
    ``organisation``, else its title; the sponsor, or the exercise director, for an area that concerns
    everyone), ``cells``, ``priority``, ``evidence``, and ``start`` and ``completion`` left empty: the
    responsible organisation fills them in.
    """
    order = {"high": 0, "medium": 1}
    rows = sorted(areas, key=lambda a: order.get(a.get("priority", "medium"), 2))
    objectives = {o.id: o for o in scenario.objectives} if scenario is not None else {}
    by_indicator = {o.indicator: o for o in objectives.values()}
    cells = scenario.cells if scenario is not None else {}
    plan = []
    for i, a in enumerate(rows, start=1):
        objective = objectives.get(a.get("objective") or a["capability"]) or by_indicator.get(a["capability"])
        capability = (localize(objective.capability) if objective is not None and objective.capability
                      else _(THEMES[a["theme"]]) if a.get("theme") in THEMES else a["capability"])
        names = [c.strip() for c in a["cell"].split(",") if c.strip()]
        organisations = list(dict.fromkeys(
            localize(cells[c].organisation or cells[c].title or c) if c in cells
            else (_("exercise control (White cell)") if c == "white" else name_of(c)) for c in names))
        plan.append({"no": i, "capability": capability, "objective": objective.id if objective is not None else "",
                     "subject": a["capability"], "issue": a["text"], "action": a["action"],
                     "responsible": ", ".join(organisations) or localize(sponsor) or _("exercise director"),
                     "cells": names,
                     "priority": a["priority"], "evidence": a.get("evidence", []), "start": "", "completion": ""})
    return plan


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
                if name_of(e["source"]) not in news[key]["outlets"]:
                    news[key]["outlets"].append(name_of(e["source"]))
                continue
            item = {"t": t, "clock": clock_of(run, t, date=False), "lane": "news", "who": name_of(e["source"]),
                    "what": recovered(headline),
                    "count": 1, "outlets": [name_of(e["source"])], "operation": None, "seq": e.get("seq")}
            news[key] = item
            rows.append(item)
            continue
        if lane == "command" and p.get("by", "player") != "player":
            lane = "doctrine"
        what = describe(e)
        if kind == "detection" and p.get("operation") in noise:
            what = _("false signal: {what}").format(what=what)
        rows.append({"t": t, "clock": clock_of(run, t, date=False), "lane": lane, "who": name_of(e["source"]),
                     "what": what,
                     "count": 1, "outlets": [], "operation": p.get("operation"), "seq": e.get("seq")})
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
