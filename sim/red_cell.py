"""Red cells: a player holds a state actor, gives its orders and sees the picture it has.

A red cell is declared in the scenario with the state actor it plays
(``cells: {red-morvask: {title: "Morvask (red cell)", actor: morvask}}``). Held by a player, the
actor's own planner launches nothing (:attr:`agents.state_actor.StateActor.held`); not held, the
planner plays it (its doctrine). The player's lines use the command language of the Dutch cells
(:func:`sim.commands.parse_command`), with the actor's techniques as words::

    hack_and_leak ezk-staff via=patriot-hackers title="minutes of the energy talks"
    disinformation_campaign energy-betrayal
    meddling_statement staff=morvask-consul text="The Hague betrays its own consumers"

An order goes through :meth:`sim.exercise.Exercise.submit` like any other, so command files and
replays record it and a re-simulation gives it again. :func:`check_order` checks the words (the
technique is in the toolbox, the target fits the technique's kind, the keys are known) against a
:class:`RedContext`, built from the running actor (:func:`context`) or, for a command file that has
not run, from the scenario (:func:`static_context`); then the actor's own
:meth:`~agents.state_actor.StateActor.refusal` decides whether it can launch now (budget, staff,
proxies, what is already running) and :meth:`~agents.state_actor.StateActor.launch` pays and launches.

What red knows (:class:`RedObservation`, from :func:`observe`) is its own state (budget, its
operations and how they ended, staff in the country and expelled, proxies, toolbox), the published
polls, public events, its own orders and refusals, and what the Dutch side has done in public and
*appears* to know. That last part is read only from public events (an attribution, an expulsion, a
debunk of its narrative, a measure that names one of its operations) and from its own operations
ending disrupted: never from a detection, the evidence book, the true indicators or a Dutch cell's
orders.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sim.commands import Command, CommandError, Control, Named, as_message, parse_command, suggest, target_kind
from sim.commands import reason as reason_of
from sim.i18n import M_, N_, gettext, ngettext, shown
from sim.eventkinds import short_clock
from sim.events import EVERYONE, WHITE, canonical
from sim.observation import Observation
from sim.registry import TECHNIQUES

if TYPE_CHECKING:  # pragma: no cover
    from sim.exercise import Exercise

FREE_TEXT = "text"
"""A parameter whose value is free text (quote it when it has spaces)."""

TECHNIQUE_PARAMS: dict[str, dict[str, str | tuple[str, ...]]] = {
    "inauthentic_amplification": {"platform": "platform"},
    "hack_and_leak": {"title": FREE_TEXT},
    "cyber_operation": {"sector": FREE_TEXT},
    "meddling_statement": {"text": FREE_TEXT},
    "covert_funding": {"recipient": ("religious", "civil_society", "party", "media")},
    "strategic_acquisition": {"buyer": FREE_TEXT, "sector": FREE_TEXT},
    "diaspora_mobilisation": {"theme": FREE_TEXT},
}
"""The technique parameters a red player may set, per technique: free text, a target kind whose ids it
names (``platform``), or a tuple of choices. Only what a technique reads and what changes its
wording or aim: intensities and seeding sizes are the engine's calibration, not a free lever that
would cost nothing more."""

COMMON_PARAMS = {
    "via": N_("run it through one of the state's proxies (its traces point at the proxy; a proxy costs more)"),
    "staff": N_("the staff member in the country who runs it"),
    "association": N_("run staff work through one of the state's diaspora associations (once its staff are gone)"),
    "false_flag": N_("plant traces pointing at one of the state's decoys"),
}
"""Parameters every red order takes."""

TARGETED_KINDS = ("narrative", "group", "recipient", "platform")
"""Technique target kinds whose ids red must name from what exists; any other kind takes a free name."""


@dataclass(frozen=True)
class RedContext:
    """What a red order is checked against (from a running actor or from the scenario alone).

    Attributes:
        cell: the red cell.
        actor: the state actor it plays.
        toolbox: its techniques.
        targets: ids per target kind it may name (:data:`TARGETED_KINDS`).
        proxies: its proxies.
        staff: its staff ids (in the country, or as declared with their successors).
        false_flags: the decoys it may plant traces for.
    """

    cell: str
    actor: str
    toolbox: tuple[str, ...]
    targets: Mapping[str, Collection[str]]
    proxies: tuple[str, ...] = ()
    staff: Collection[str] = ()
    false_flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class RedObservation(Observation):
    """What a red cell knows (see the module docstring); the inherited fields hold the polls and events.

    Attributes:
        actor: the state actor played.
        title: its display name.
        budget / budget_start: budget units left and at the start.
        operations: its operations, oldest first (id, technique, target, started, ends, active, outcome,
            staff, via, cause, known: whether the Dutch side appears to know of it).
        staff: its staff in the country; ``expelled``: declared persona non grata.
        proxies, narratives, false_flags: what it works with.
        toolbox: its techniques (name, summary, cost, days, target kind, needs_staff, ready or why not).
        dutch_public: what the Dutch side has done in public (time, order, action, target, headline,
            about: "" or how it concerns this state).
        appear_to_know: what the Dutch side appears to know, each with its public sign.
    """

    actor: str = ""
    title: str = ""
    budget: float = 0.0
    budget_start: float = 0.0
    operations: list[dict[str, Any]] = field(default_factory=list)
    staff: list[str] = field(default_factory=list)
    expelled: list[str] = field(default_factory=list)
    proxies: list[str] = field(default_factory=list)
    narratives: list[str] = field(default_factory=list)
    false_flags: list[str] = field(default_factory=list)
    toolbox: list[dict[str, Any]] = field(default_factory=list)
    dutch_public: list[dict[str, Any]] = field(default_factory=list)
    appear_to_know: list[dict[str, Any]] = field(default_factory=list)


# -- checking an order ------------------------------------------------------------------------------


def technique_params(technique: str) -> dict[str, str | tuple[str, ...]]:
    """The keys a red order of ``technique`` takes: the common ones and the technique's own."""
    return {**{k: k for k in COMMON_PARAMS}, **TECHNIQUE_PARAMS.get(technique, {})}


COMMON_USAGE = "[via=PROXY] [staff=STAFF] [association=GROUP] [false_flag=DECOY]"
"""What every red order may add (:data:`COMMON_PARAMS`), written once rather than in every usage."""


def usage(technique: str) -> str:
    """``hack_and_leak [TARGET] [title=TEXT]`` (every order also takes :data:`COMMON_USAGE`)."""
    tech = TECHNIQUES[technique]
    target = f"{tech.target.upper()}" if tech.target in TARGETED_KINDS else "[TARGET]"
    keys = [f"[{k}={'TEXT' if v == FREE_TEXT else (v.upper() if isinstance(v, str) else '|'.join(v))}]"
            for k, v in TECHNIQUE_PARAMS.get(technique, {}).items()]
    return " ".join([technique, target, *keys])


def describe_technique(technique: str) -> str:
    """``cost 15, 5 days, target: narrative, needs staff · summary`` for help and the toolbox."""
    tech = TECHNIQUES[technique]
    days = tech.duration_hours / 24.0
    target = target_kind(tech.target) if tech.target else M_("free name")
    staff = gettext(", needs staff") if tech.needs_staff else ""
    return ngettext("cost {cost:g}, {days:g} day, target: {target}{staff} · {summary}",
                    "cost {cost:g}, {days:g} days, target: {target}{staff} · {summary}", 1 if days == 1 else 2).format(
        cost=tech.cost, days=days, target=shown(target), staff=staff, summary=gettext(tech.summary))


def check_order(ctx: RedContext, command: Command) -> tuple[str, str, dict[str, str]]:
    """Check a parsed red order's words; returns (technique, target, params). Raises :class:`CommandError`.

    Whether the state can launch it *now* (budget, staff, what runs) is the actor's to say
    (:meth:`agents.state_actor.StateActor.refusal`).
    """
    technique = command.action
    if technique not in ctx.toolbox:
        fields = dict(technique=technique, actor=Named(ctx.actor), hint=suggest(technique, ctx.toolbox))
        raise CommandError(M_("{technique!r} is not in {actor}'s toolbox{hint} (type help for the toolbox)", **fields)
                           if technique in TECHNIQUES else
                           M_("{technique!r} is no technique of {actor}'s toolbox{hint} (type help for the toolbox)",
                              **fields))
    kind = TECHNIQUES[technique].target
    target = command.target
    if kind in TARGETED_KINDS:
        options = sorted(ctx.targets.get(kind, ()))
        if not target:
            listed = ", ".join(options[:8]) or M_("{actor} has none", actor=Named(ctx.actor))
            raise CommandError(M_("{action} needs a {kind} as target: {listed}", action=technique,
                                  kind=target_kind(kind), listed=listed))
        if target not in options:
            raise CommandError(M_("{technique}: no {kind} {target!r} for {actor}{hint} (usage: {usage} {common})",
                                  technique=technique, kind=target_kind(kind), target=target, actor=Named(ctx.actor),
                                  hint=suggest(target, options), usage=usage(technique), common=COMMON_USAGE))
    keys = technique_params(technique)
    params: dict[str, str] = {}
    for key, value in command.params:
        spec = keys.get(key)
        if spec is None:
            raise CommandError(M_("{technique} has no parameter {key!r}{hint} (usage: {usage} {common})",
                                  technique=technique, key=key, hint=suggest(key, keys), usage=usage(technique),
                                  common=COMMON_USAGE))
        where = f"{technique} {key}={value}"
        if key == "via" and value not in ctx.proxies:
            raise CommandError(M_("{where}: not one of {actor}'s proxies ({options}){hint}", where=where,
                                  actor=Named(ctx.actor), options=", ".join(ctx.proxies),
                                  hint=suggest(value, ctx.proxies)) if ctx.proxies else
                               M_("{where}: not one of {actor}'s proxies (it has none)", where=where,
                                  actor=Named(ctx.actor)))
        if key == "staff" and value not in ctx.staff:
            raise CommandError(M_("{where}: not {actor}'s staff in the country{hint}", where=where,
                                  actor=Named(ctx.actor), hint=suggest(value, list(ctx.staff))))
        if key == "association" and value not in ctx.targets.get("group", ()):
            options = sorted(ctx.targets.get("group", ()))
            raise CommandError(M_("{where}: not one of {actor}'s diaspora associations ({options}){hint}",
                                  where=where, actor=Named(ctx.actor), options=", ".join(options),
                                  hint=suggest(value, options)) if options else
                               M_("{where}: not one of {actor}'s diaspora associations (it has none)", where=where,
                                  actor=Named(ctx.actor)))
        if key == "false_flag" and value not in ctx.false_flags:
            raise CommandError(M_("{where}: {actor} has no such decoy ({options}){hint}", where=where,
                                  actor=Named(ctx.actor), options=", ".join(ctx.false_flags),
                                  hint=suggest(value, ctx.false_flags)) if ctx.false_flags else
                               M_("{where}: {actor} has no such decoy (it declares no false_flags)", where=where,
                                  actor=Named(ctx.actor)))
        if isinstance(spec, tuple) and value.lower() not in spec:
            raise CommandError(M_("{where}: not one of {options}{hint}", where=where, options=", ".join(spec),
                                  hint=suggest(value.lower(), spec)))
        if spec not in (FREE_TEXT, key) and isinstance(spec, str) and value not in ctx.targets.get(spec, ()):
            options = sorted(ctx.targets.get(spec, ()))
            raise CommandError(M_("{where}: no {kind} {value!r}{hint}", where=where, kind=target_kind(spec),
                                  value=value, hint=suggest(value, options)))
        params[key] = value.lower() if isinstance(spec, tuple) else value
    return technique, target, params


def context(ex: "Exercise", cell: str) -> RedContext:
    """The check context of red cell ``cell`` now: what its actor has and may name."""
    actor = ex.actors[ex.cells[cell].actor]
    spec = actor.spec
    own_groups = [g for g in ex.targets("group") if getattr(ex.actors[g].spec, "origin", None) == actor.actor_id]
    targets = {"narrative": list(spec.narratives), "group": own_groups, "recipient": [*own_groups, "party"],
               "platform": ex.targets("platform")}
    return RedContext(cell, actor.actor_id, toolbox(actor), targets, tuple(spec.proxies),
                      actor.staff_in_country(), tuple(spec.false_flags))


def toolbox(actor) -> tuple[str, ...]:
    """What the state can launch: its ``toolbox()`` (its techniques and the preparation they need) where it
    has one, else its declared techniques."""
    listed = getattr(actor, "toolbox", None)
    return tuple(listed()) if callable(listed) else tuple(actor.spec.techniques)


def static_context(scenario: Any, cell: str, staff: Collection[str]) -> RedContext:
    """The check context of red cell ``cell`` from the scenario alone (a command file before it runs).

    ``staff`` is what the caller accepts as the actor's staff (declared, and the successors it may send).
    """
    actor_id = scenario.cells[cell].actor
    spec = next(a for a in scenario.actors if a.id == actor_id)
    own_groups = [a.id for a in scenario.actors if a.kind == "diaspora_group" and getattr(a, "origin", None) == actor_id]
    platforms = [a.id for a in scenario.actors if a.kind == "platform"]
    targets = {"narrative": list(spec.narratives), "group": own_groups, "recipient": [*own_groups, "party"],
               "platform": platforms}
    # Before a run the preparation a state may need is not worked out: every enabler passes here, and the
    # run refuses one the state has no use for.
    from sim import campaign  # noqa: PLC0415  (the planner's module; only its list of enablers is read)

    enablers = tuple(n for n in getattr(campaign, "ENABLERS", ()) if n in TECHNIQUES and n not in spec.techniques)
    return RedContext(cell, actor_id, (*spec.techniques, *enablers), targets, tuple(spec.proxies), staff,
                      tuple(spec.false_flags))


def foreign_word(ex_or_cells: Any, cell: str, word: str) -> str | None:
    """Why ``cell`` cannot use ``word`` when it belongs to the other side (None if it does not).

    A Dutch cell typing a technique, or a red cell typing a Dutch action, gets this instead of
    "unknown action".
    """
    from sim.registry import ACTIONS

    red = getattr(ex_or_cells.get(cell), "actor", None) if cell != WHITE else None
    if not red and word in TECHNIQUES and word not in ACTIONS:
        reds = [c for c, spec in ex_or_cells.items() if getattr(spec, "actor", None)]
        if reds:
            return M_("{word!r} is a red technique: only a red cell orders it ({cells})", word=word,
                      cells=", ".join(reds))
        return M_("{word!r} is a red technique: only a red cell orders it (this scenario has none)", word=word)
    if red and word in ACTIONS:
        return M_("{word!r} is a Dutch action; red cell {cell!r} orders {actor}'s techniques (type help for the "
                  "toolbox)", word=word, cell=cell, actor=Named(red))
    return None


# -- submitting ---------------------------------------------------------------------------------------


def _orders(ex: "Exercise") -> list[dict[str, Any]]:
    return ex.state_of("red_cell.orders", list)


def _checked(ex: "Exercise", cell: str, command: str | Command) -> tuple[str, str, dict[str, str]]:
    parsed = parse_command(command) if isinstance(command, str) else command
    if isinstance(parsed, Control):
        raise CommandError(M_("{word!r} is a console control word, not an order", word=parsed.word))
    foreign = foreign_word(ex.cells, cell, parsed.action)
    if foreign:
        raise CommandError(foreign)
    technique, target, params = check_order(context(ex, cell), parsed)
    actor = ex.actors[ex.cells[cell].actor]
    reason = actor.refusal(technique, target, dict(params))
    if reason:
        raise CommandError(as_message(reason))
    return technique, target, params


def refusal(ex: "Exercise", cell: str, command: str | Command) -> str | None:
    """Why red cell ``cell`` could not order ``command`` now (None if it could). Logs nothing, changes nothing."""
    try:
        _checked(ex, cell, command)
    except CommandError as exc:
        return str(exc)
    return None


def submit(ex: "Exercise", cell: str, command: str | Command, text: str, by: str) -> tuple[bool, str, str]:
    """Order ``command`` for red cell ``cell`` now: launched (and paid) or refused, logged either way.

    Returns (accepted, the line to show the player, the order id or ""), which
    :meth:`sim.exercise.Exercise.submit` hands back as its ``SubmitResult``.

    Both outcomes are logged as the Dutch cells' are (``command.accepted`` / ``command.refused``), seen
    by the red cell only (and White), so reviews and replays pair them with the commands recorded.
    """
    # what its operations gave it since the last decision epoch counts now (refusal() reads it; it may log
    # a loss, so only an order, which is replayed at the same moment, does this)
    ex.actors[ex.cells[cell].actor].campaign.refresh()
    try:
        technique, target, params = _checked(ex, cell, command)
    except CommandError as exc:
        ex.log_event("command.refused", source=cell, payload={"command": text, "reason": str(exc), "by": by},
                     visible_to=[cell])
        return False, reason_of(exc), ""
    actor = ex.actors[ex.cells[cell].actor]
    tech = TECHNIQUES[technique]
    orders = _orders(ex)
    order_id = f"r{len(orders) + 1}"
    before = actor.budget
    op = actor.launch(technique, target, dict(params), cause="order")
    paid = before - actor.budget  # what the state paid (a proxy costs more than the technique's own cost)
    orders.append({"id": order_id, "t": ex.now, "cell": cell, "operation": op.id})
    ex.log_event("command.accepted", source=cell, target=target,
                 payload={"order": order_id, "action": technique, "params": canonical(params), "by": by,
                          "operation": op.id, "ends": op.ends, "cost": paid, "budget": actor.budget},
                 visible_to=[cell], tags=tech.tags())
    head = f"{order_id} {technique} {target}".rstrip()
    return True, M_("{head}: accepted, {operation} launched for {paid:g} budget units ({left:.1f} left), runs until "
                    "{until}", head=head, operation=op.id, paid=paid, left=actor.budget, until=ex.clock(op.ends)), order_id


# -- what red knows -------------------------------------------------------------------------------------


def _concerns(actor, ops: Mapping[str, Any], record: Mapping[str, Any]) -> tuple[str, list[str]]:
    """How a public Dutch measure concerns ``actor`` ("" if it does not) and which of its operations it names."""
    spec = actor.spec
    target = record.get("target", "")
    payload = record.get("payload") or {}
    named = payload.get("operations") or ([payload["operation"]] if payload.get("operation") else [])
    mine = [o for o in named if o in ops]
    staff = {s.id for s in (*spec.staff, *actor.extra_staff)}
    if target in staff:
        why = M_("aimed at your {target}", target=Named(target))
    elif target == actor.actor_id or payload.get("actor") == actor.actor_id or payload.get("origin") == actor.actor_id:
        why = M_("aimed at you")
    elif target in spec.proxies:
        why = M_("names your proxy {target}", target=Named(target))
    elif target in spec.narratives:
        why = M_("answers your narrative {target}", target=target)
    elif target and getattr(getattr(actor.model.actors.get(target), "spec", None), "origin", None) == actor.actor_id:
        why = M_("aimed at your diaspora organisation {target}", target=Named(target))
    else:
        why = ""
    if mine:
        stops = M_("stops {operations}", operations=", ".join(f"your {o} {ops[o].technique}" for o in mine))
        if len(mine) == 1:
            stops = M_("stops your {operation} {technique}", operation=mine[0], technique=ops[mine[0]].technique)
        why = M_("{why}; {stops}", why=why, stops=stops) if why else stops
    return why, mine


def dutch_picture(ex: "Exercise", actor) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(what the Dutch side did in public, what it appears to know), from public events and red's own operations."""
    ops = {op.id: op for op in ex.operations.values() if op.actor == actor.actor_id}
    public: list[dict[str, Any]] = []
    signs: list[dict[str, Any]] = []
    checked: set[str] = set()
    for event in ex.log:
        if EVERYONE not in event.visible_to:
            continue  # red reads the papers and the official statements, nothing else
        record = event.to_record()
        payload = record["payload"]
        if event.kind == "response.executed":
            why, mine = _concerns(actor, ops, record)
            entry = {"t": event.t, "order": payload.get("order", ""), "action": payload.get("action", ""),
                     "target": event.target, "headline": payload.get("headline", ""), "about": why}
            public.append(entry)
            if why:
                earlier = [o for o, op in ops.items() if op.started <= event.t
                           and (event.target in (op.target, op.staff) or o in mine)]
                signs.append({"t": event.t, "sign": M_("{measure}: {why}", measure=f"{entry['action']} {event.target}".rstrip(),
                                                       why=why),
                              "operations": sorted(set(earlier) | set(mine), key=_op_number)})
        elif event.kind == "news" and payload.get("about") == "debunk":
            narrative = payload.get("narrative", "")
            if narrative in actor.spec.narratives and narrative not in checked:
                checked.add(narrative)  # the first fact-check says it; the repeats say nothing new
                earlier = [o for o, op in ops.items() if op.target == narrative and op.started <= event.t]
                public.append({"t": event.t, "order": "", "action": "fact-check", "target": narrative,
                               "headline": payload.get("headline", ""), "about": M_("answers your narrative {target}", target=narrative)})
                signs.append({"t": event.t, "sign": M_("{source} fact-checks your narrative {narrative}",
                                                       source=Named(event.source), narrative=narrative),
                              "operations": earlier})
    for event in ex.log:
        if event.kind == "operation.ended" and event.source == actor.actor_id:
            outcome = str(event.payload.get("outcome", ""))
            op_id = str(event.payload.get("operation", ""))
            named = any(s["t"] == event.t and op_id in s["operations"] for s in signs)
            if outcome.startswith("disrupted") and not named:  # a measure that already said so is sign enough
                signs.append({"t": event.t, "sign": M_("your {operation} {technique} was {outcome}", operation=op_id,
                                                       technique=event.payload.get("technique", ""), outcome=outcome),
                              "operations": [op_id]})
    signs.sort(key=lambda s: s["t"])
    return public, signs


def _op_number(op_id: str) -> int:
    digits = op_id.lstrip("op")
    return int(digits) if digits.isdigit() else 0


def _toolbox(ex: "Exercise", actor) -> list[dict[str, Any]]:
    out = []
    for name in toolbox(actor):
        tech = TECHNIQUES[name]
        # What the state can tell without a target; the rest (preconditions, what runs) is checked per order.
        why = ""
        if tech.cost > actor.budget + 1e-9:
            why = f"costs {tech.cost:g}, {actor.budget:.1f} left"
        elif tech.needs_staff and not actor.staff_in_country():
            why = "needs staff in the country; none left"
        out.append({"name": name, "summary": tech.summary, "cost": tech.cost, "days": tech.duration_hours / 24.0,
                    "target": tech.target, "needs_staff": tech.needs_staff, "why_not": why})
    return out


def observe(ex: "Exercise", cell: str, since: int = 0) -> RedObservation:
    """What red cell ``cell`` knows now (see the module docstring). Never draws random numbers."""
    actor = ex.actors[ex.cells[cell].actor]
    indicators, as_of, series = ex.published_polls()  # red reads the same published polls as the public
    public, signs = dutch_picture(ex, actor)
    known = {o for s in signs for o in s["operations"]}
    ops = [op for op in ex.operations.values() if op.actor == actor.actor_id]
    causes = {e.payload.get("operation"): e.payload.get("cause", "") for e in ex.log
              if e.kind == "operation.launched" and e.source == actor.actor_id}
    operations = [{"id": op.id, "technique": op.technique, "target": op.target, "started": op.started,
                   "ends": op.ends, "active": op.active, "outcome": op.outcome, "staff": op.staff,
                   "via": str(op.params.get("via", "")), "cause": causes.get(op.id, ""), "known": op.id in known}
                  for op in ops]
    return RedObservation(
        t=ex.now, clock=ex.clock(), cell=cell, truth=False, indicators=indicators, indicators_as_of=as_of,
        series=series, events=[e.to_record() for e in ex.log.visible(cell, since)], log_size=len(ex.log),
        known_operations=[{"id": o["id"], "technique": o["technique"], "target": o["target"], "active": o["active"],
                           "actor": actor.actor_id} for o in operations],
        actor=actor.actor_id, title=actor.display_name, budget=round(actor.budget, 3),
        budget_start=float(actor.spec.budget), operations=operations, staff=actor.staff_in_country(),
        expelled=sorted(actor.expelled), proxies=list(actor.spec.proxies), narratives=list(actor.spec.narratives),
        false_flags=list(actor.spec.false_flags), toolbox=_toolbox(ex, actor), dutch_public=public,
        appear_to_know=signs,
    )


def sign_text(sign: Mapping[str, Any]) -> str:
    """One line of :attr:`RedObservation.appear_to_know`: ``d12 08:00 persona_non_grata ...: aimed at your ...``."""
    return f"{short_clock(float(sign['t']))} {shown(sign['sign'])}"
