"""What the console shows a red cell: its picture, its status line, its help and its completions.

A red cell (:mod:`sim.red_cell`) plays a state actor. In place of the Dutch panels (the actor map of
detections and orders, staff-days, political capital) it sees its own state: the budget, its
operations with the days they have left, its staff, and what the Dutch side did in public and
appears to know. Everything here reads a :class:`sim.red_cell.RedObservation` or the red check
context, never the exercise's truth; nothing here draws (:mod:`ui.console.redpanel` does).
"""

from __future__ import annotations

from collections.abc import Sequence

from sim import red_cell
from sim.commands import CONTROL_WORDS
from sim.eventkinds import short_clock
from sim.i18n import _, ngettext
from sim.red_cell import RedObservation

Line = tuple[str, str]
"""A panel line: (palette colour name, text)."""

Section = tuple[str, list[Line]]
"""A panel section: heading and lines."""


def is_red(exercise, cell: str) -> bool:
    """Whether ``cell`` is a red cell of ``exercise``."""
    spec = getattr(exercise, "cells", {}).get(cell)
    return bool(getattr(spec, "actor", ""))


def _days_left(op: dict, now: float) -> str:
    days = max(0.0, (float(op["ends"]) - now) / 24.0)
    return _("{days} days left").format(days=f"{days:.1f}" if days < 10 else f"{days:.0f}")


def operation_line(op: dict, now: float) -> str:
    """``op4 hack_and_leak ezk-staff · 3.5 days left · via patriot-hackers · they appear to know``."""
    head = f"{op['id']} {op['technique']} {op['target']}".rstrip()
    parts = [head]
    if op["active"]:
        parts.append(_days_left(op, now))
    else:
        parts.append(_("completed (ended {when})").format(when=short_clock(min(now, float(op["ends"]))))
                     if op["outcome"] == "completed" else (_(op["outcome"]) if op["outcome"] else _("ended")))
    if op.get("staff"):
        parts.append(_("staff {who}").format(who=op["staff"]))
    if op.get("via"):
        parts.append(f"via {op['via']}")
    cause = str(op.get("cause") or "order")
    if cause != "order":  # launched by the planner (before a player held the cell) or forced by an inject
        parts.append(_("set off by exercise control") if cause.startswith("inject") else
                     _("by your planner") if cause == "decision" else cause)
    if op.get("known"):
        parts.append(_("THEY APPEAR TO KNOW"))
    return " · ".join(parts)


def panel_sections(obs: RedObservation, ended: int = 4, public: int = 6) -> list[Section]:
    """The red panel: budget, operations running and lately ended, staff, what the Dutch appear to know
    and did in public (newest first, the last ``ended`` / ``public`` of each)."""
    running = [op for op in obs.operations if op["active"]]
    done = [op for op in obs.operations if not op["active"]]
    sections: list[Section] = []
    share = obs.budget / obs.budget_start if obs.budget_start else 0.0
    sections.append((_("Budget {left:.1f} of {start:g}").format(left=obs.budget, start=obs.budget_start),
                     [("bad" if share < 0.2 else "text",
                       ngettext("{n} operation running, {ended} ended", "{n} operations running, {ended} ended",
                                len(running)).format(n=len(running), ended=len(done)))]))
    lines: list[Line] = [("warn" if op.get("known") else "text", operation_line(op, obs.t)) for op in running]
    lines += [("dim", operation_line(op, obs.t)) for op in done[-ended:][::-1]]
    sections.append((_("Operations"), lines or [("dim", _("none yet: type help for the toolbox"))]))
    staff: list[Line] = [("text", _("in the country: {who}").format(who=", ".join(obs.staff) or _("nobody")))]
    if obs.expelled:
        staff.append(("bad", _("expelled: {who}").format(who=", ".join(obs.expelled))))
    if obs.proxies or obs.false_flags:
        staff.append(("dim", _("proxies: {proxies} · decoys: {decoys}").format(
            proxies=", ".join(obs.proxies) or _("none"), decoys=", ".join(obs.false_flags) or _("none"))))
    sections.append((_("Staff"), staff))
    signs = [("warn", red_cell.sign_text(s)) for s in obs.appear_to_know[::-1]]
    sections.append((_("What the Dutch appear to know"), signs or [("dim", _("no public sign yet"))]))
    # How a measure concerns red is said above; here what was done, bright when it was about red.
    measures = [("text" if m["about"] else "dim",
                 f"{short_clock(float(m['t']))} {m['action']} {m['target']}".rstrip()
                 + (f" · {m['headline']}" if m["headline"] else ""))
                for m in obs.dutch_public[::-1][:public]]
    sections.append((_("What the Dutch did in public"), measures or [("dim", _("nothing yet"))]))
    return sections


def status_text(obs: RedObservation) -> str:
    """The status strip's part for red: ``budget 19.0/40 · 2 operations running · staff 1 in the country``."""
    running = sum(1 for op in obs.operations if op["active"])
    return ngettext("budget {left:.1f}/{start:g} · {n} operation running · staff {staff} in the country",
                    "budget {left:.1f}/{start:g} · {n} operations running · staff {staff} in the country",
                    running).format(left=obs.budget, start=obs.budget_start, n=running, staff=len(obs.staff))


# -- help and completion ---------------------------------------------------------------------------------


def help_lines(exercise, cell: str, topic: str = "") -> list[str]:
    """``help`` for a red cell: the toolbox with cost, duration and target kind; ``help TECHNIQUE`` in full."""
    from sim.registry import TECHNIQUES

    ctx = red_cell.context(exercise, cell)
    topic = topic.lower().replace("-", "_")
    if topic:
        if topic not in ctx.toolbox:
            return [_("no help on {topic!r}: not in {actor}'s toolbox; type help for the list").format(
                topic=topic, actor=ctx.actor)]
        lines = [f"{red_cell.usage(topic)} {red_cell.COMMON_USAGE}", f"  {red_cell.describe_technique(topic)}"]
        kind = TECHNIQUES[topic].target
        if kind in red_cell.TARGETED_KINDS:
            lines.append("  " + _("{kind} targets now: {targets}").format(
                kind=kind, targets=", ".join(sorted(ctx.targets.get(kind, ()))) or _("none")))
        else:
            lines.append("  " + _("target: any name you choose (what or whom it is aimed at), or none"))
        for key, why in red_cell.COMMON_PARAMS.items():
            lines.append(f"  {key}=: {_(why)}")
        for key, spec in red_cell.TECHNIQUE_PARAMS.get(topic, {}).items():
            value = _("free text (quote it)") if spec == red_cell.FREE_TEXT else (
                _("one of {choices}").format(choices=", ".join(spec)) if isinstance(spec, tuple)
                else _("a {kind}").format(kind=spec))
            lines.append(f"  {key}=: {value}")
        return lines
    lines = [_("{actor}'s toolbox (help TECHNIQUE for details; order: TECHNIQUE [TARGET] key=value):").format(
        actor=ctx.actor)]
    for name in ctx.toolbox:
        lines.append(f"  {red_cell.usage(name)}: {red_cell.describe_technique(name)}")
    lines.append("  " + _("every order may add {usage}").format(usage=red_cell.COMMON_USAGE))
    lines.append("  " + _("staff: {staff} · proxies (via=): {proxies} · decoys (false_flag=): {decoys}").format(
        staff=", ".join(ctx.staff) or _("none"), proxies=", ".join(ctx.proxies) or _("none"),
        decoys=", ".join(ctx.false_flags) or _("none")))
    lines.append(_("console: {words} (help WORD); keys: F1 help, Tab complete, Up/Down history").format(
        words=", ".join(CONTROL_WORDS)))
    return lines


def words(exercise, cell: str) -> list[str]:
    """Words a red cell may start a line with: its techniques, then the control words."""
    return [*sorted(red_cell.context(exercise, cell).toolbox), *CONTROL_WORDS]


def candidates(tokens: Sequence[str], current: str, index: int, exercise, cell: str) -> list[str]:
    """Completions of the word at ``index`` of a red order (``tokens[0]`` is the technique)."""
    from sim.registry import TECHNIQUES

    ctx = red_cell.context(exercise, cell)
    technique = tokens[0].lower()
    if technique not in ctx.toolbox:
        return []
    keys = red_cell.technique_params(technique)
    if "=" in current:
        key, _eq, value = current.partition("=")
        spec = keys.get(key)
        pool: Sequence[str] = {"via": ctx.proxies, "staff": list(ctx.staff), "false_flag": ctx.false_flags}.get(key, ())
        if isinstance(spec, tuple):
            pool = spec
        elif spec == "platform":
            pool = list(ctx.targets.get("platform", ()))
        return [f"{key}={v}" for v in sorted(pool) if v.startswith(value)]
    options: list[str] = []
    kind = TECHNIQUES[technique].target
    if index == 1 and kind in red_cell.TARGETED_KINDS:
        options += [t for t in sorted(ctx.targets.get(kind, ())) if t.startswith(current.lower())]
    if index >= 1 and not (index == 1 and kind in red_cell.TARGETED_KINDS):
        given = {t.partition("=")[0] for t in tokens[1:] if "=" in t}
        options += [f"{k}=" for k in keys if k not in given and k.startswith(current)]
    return options


def hint(tokens: Sequence[str], exercise, cell: str) -> str | None:
    """The inline hint for a red order being typed: its usage and what it costs (None: not a technique)."""
    ctx = red_cell.context(exercise, cell)
    technique = tokens[0].lower() if tokens else ""
    if technique not in ctx.toolbox:
        return None
    return f"{red_cell.usage(technique)} {red_cell.COMMON_USAGE}  ({red_cell.describe_technique(technique)})"
