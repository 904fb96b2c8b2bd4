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
    return f"{days:.1f} days left" if days < 10 else f"{days:.0f} days left"


def operation_line(op: dict, now: float) -> str:
    """``op4 hack_and_leak ezk-staff · 3.5 days left · via patriot-hackers · they appear to know``."""
    head = f"{op['id']} {op['technique']} {op['target']}".rstrip()
    parts = [head]
    if op["active"]:
        parts.append(_days_left(op, now))
    else:
        parts.append(f"{op['outcome'] or 'ended'} (ended {short_clock(min(now, float(op['ends'])))})"
                     if op["outcome"] == "completed" else (op["outcome"] or "ended"))
    if op.get("staff"):
        parts.append(f"staff {op['staff']}")
    if op.get("via"):
        parts.append(f"via {op['via']}")
    cause = str(op.get("cause") or "order")
    if cause != "order":  # launched by the planner (before a player held the cell) or forced by an inject
        parts.append("set off by exercise control" if cause.startswith("inject") else
                     "by your planner" if cause == "decision" else cause)
    if op.get("known"):
        parts.append("THEY APPEAR TO KNOW")
    return " · ".join(parts)


def panel_sections(obs: RedObservation, ended: int = 4, public: int = 6) -> list[Section]:
    """The red panel: budget, operations running and lately ended, staff, what the Dutch appear to know
    and did in public (newest first, the last ``ended`` / ``public`` of each)."""
    running = [op for op in obs.operations if op["active"]]
    done = [op for op in obs.operations if not op["active"]]
    sections: list[Section] = []
    share = obs.budget / obs.budget_start if obs.budget_start else 0.0
    sections.append((f"Budget {obs.budget:.1f} of {obs.budget_start:g}",
                     [("bad" if share < 0.2 else "text",
                       f"{len(running)} operation{'s' if len(running) != 1 else ''} running, "
                       f"{len(done)} ended")]))
    lines: list[Line] = [("warn" if op.get("known") else "text", operation_line(op, obs.t)) for op in running]
    lines += [("dim", operation_line(op, obs.t)) for op in done[-ended:][::-1]]
    sections.append(("Operations", lines or [("dim", "none yet: type help for the toolbox")]))
    staff: list[Line] = [("text", "in the country: " + (", ".join(obs.staff) or "nobody"))]
    if obs.expelled:
        staff.append(("bad", "expelled: " + ", ".join(obs.expelled)))
    if obs.proxies or obs.false_flags:
        staff.append(("dim", "proxies: " + (", ".join(obs.proxies) or "none")
                      + " · decoys: " + (", ".join(obs.false_flags) or "none")))
    sections.append(("Staff", staff))
    signs = [("warn", red_cell.sign_text(s)) for s in obs.appear_to_know[::-1]]
    sections.append(("What the Dutch appear to know", signs or [("dim", "no public sign yet")]))
    # How a measure concerns red is said above; here what was done, bright when it was about red.
    measures = [("text" if m["about"] else "dim",
                 f"{short_clock(float(m['t']))} {m['action']} {m['target']}".rstrip()
                 + (f" · {m['headline']}" if m["headline"] else ""))
                for m in obs.dutch_public[::-1][:public]]
    sections.append(("What the Dutch did in public", measures or [("dim", "nothing yet")]))
    return sections


def status_text(obs: RedObservation) -> str:
    """The status strip's part for red: ``budget 19.0/40 · 2 operations running · staff 1 in the country``."""
    running = sum(1 for op in obs.operations if op["active"])
    return (f"budget {obs.budget:.1f}/{obs.budget_start:g} · {running} operation{'s' if running != 1 else ''} "
            f"running · staff {len(obs.staff)} in the country")


# -- help and completion ---------------------------------------------------------------------------------


def help_lines(exercise, cell: str, topic: str = "") -> list[str]:
    """``help`` for a red cell: the toolbox with cost, duration and target kind; ``help TECHNIQUE`` in full."""
    from sim.registry import TECHNIQUES

    ctx = red_cell.context(exercise, cell)
    topic = topic.lower().replace("-", "_")
    if topic:
        if topic not in ctx.toolbox:
            return [f"no help on {topic!r}: not in {ctx.actor}'s toolbox; type help for the list"]
        lines = [f"{red_cell.usage(topic)} {red_cell.COMMON_USAGE}", f"  {red_cell.describe_technique(topic)}"]
        kind = TECHNIQUES[topic].target
        if kind in red_cell.TARGETED_KINDS:
            lines.append(f"  {kind} targets now: {', '.join(sorted(ctx.targets.get(kind, ()))) or 'none'}")
        else:
            lines.append("  target: any name you choose (what or whom it is aimed at), or none")
        for key, why in red_cell.COMMON_PARAMS.items():
            lines.append(f"  {key}=: {why}")
        for key, spec in red_cell.TECHNIQUE_PARAMS.get(topic, {}).items():
            value = "free text (quote it)" if spec == red_cell.FREE_TEXT else (
                f"one of {', '.join(spec)}" if isinstance(spec, tuple) else f"a {spec}")
            lines.append(f"  {key}=: {value}")
        return lines
    lines = [f"{ctx.actor}'s toolbox (help TECHNIQUE for details; order: TECHNIQUE [TARGET] key=value):"]
    for name in ctx.toolbox:
        lines.append(f"  {red_cell.usage(name)}: {red_cell.describe_technique(name)}")
    lines.append(f"  every order may add {red_cell.COMMON_USAGE}")
    lines.append(f"  staff: {', '.join(ctx.staff) or 'none'} · proxies (via=): {', '.join(ctx.proxies) or 'none'}"
                 f" · decoys (false_flag=): {', '.join(ctx.false_flags) or 'none'}")
    lines.append("console: " + ", ".join(CONTROL_WORDS) + " (help WORD); keys: F1 help, Tab complete, Up/Down history")
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
        key, _, value = current.partition("=")
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
