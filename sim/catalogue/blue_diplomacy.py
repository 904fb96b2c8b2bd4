"""The diplomatic ladder: summoning, a request for withdrawal, and closing an office, in order.

The letter lists the diplomatic means from "early signalling and raising it through diplomatic
channels" to "addressing the country publicly", and for incidents "addressing, refusing entry to the
Netherlands, discouraging travel to the Netherlands, and — in ultimo — declaring diplomats persona non
grata". In the attaché case the cabinet "made clear that lines had been crossed, after which this
person was withdrawn": the state withdrew him at the Netherlands' request, no expulsion was needed.

The rungs, lowest first (:data:`RUNGS`): a démarche (:func:`sim.catalogue.blue.demarche`), summoning
the ambassador, a request to withdraw a staff member, persona non grata
(:func:`sim.catalogue.blue.persona_non_grata`), closing an office. Each rung taken against a state is
remembered (:func:`climb`). Climbing in order pays: a request for withdrawal lets the state save face
(no expulsion in return, a third of the relations cost); an expulsion that skips every lower rung
costs more (:data:`SKIPPED_LADDER_RELATIONS`); closing an office is possible only once an expulsion
or a refused request has shown the lower rungs did not work. A resolute state
(``resolve >= WITHDRAWAL_REFUSAL_RESOLVE``) refuses to withdraw, and persona non grata remains.

The states' answers to these rungs join the escalation ladder of :mod:`sim.retaliation` (a summons
for a summons, a consulate for a consulate). Weights and thresholds are our design.
"""

from __future__ import annotations

from sim.actions import action
from sim.commands import CommandError, Named
from sim.i18n import M_
from sim.costs import Cost, incur
from sim.detection import SUSPICION_THRESHOLD

RUNGS = ("demarche", "summon_ambassador", "request_withdrawal", "persona_non_grata", "close_office")
"""The ladder, lowest first."""

WITHDRAWAL_REFUSAL_RESOLVE = 0.8
"""A state at least this resolute refuses to withdraw its staff member (it makes the Netherlands expel)."""

SKIPPED_LADDER_RELATIONS = 2.0
"""Extra ``bilateral_relations`` points an expulsion costs when no lower rung was taken against the state."""

SUMMONS_REPEAT_DAYS = 14.0
"""A second summons within this many days is worth half (the ambassador has heard it)."""

CLOSE_OFFICE_DIASPORA = 6.0
"""``diaspora_security`` points closing an office costs: passports, papers and consular help now come from
abroad, for a diaspora that needs them (the consular cost)."""

CLOSE_OFFICE_KEEP = 0.5
"""Share of the state's informant network and diaspora tax that gets past a closed office."""

# The states' answers to these rungs are in sim.retaliation.ANSWERS (the ladder in kind: Kahn 1965);
# a withdrawal draws none: the state saved face.


def ladder(ex) -> dict[str, list[tuple[float, str]]]:
    """state -> the rungs taken against it, as ``(t, rung)``, in order."""
    return ex.state_of("diplomatic_ladder", dict)


def climb(ex, state: str, rung: str) -> None:
    """Remember that ``rung`` was taken against ``state`` now."""
    ladder(ex).setdefault(state, []).append((ex.now, rung))


def taken(ex, state: str, *rungs: str) -> bool:
    """Whether any of ``rungs`` was taken against ``state``."""
    return any(r in rungs for _, r in ladder(ex).get(state, []))


def identified(ex, cell: str, actor: str, needed: float = SUSPICION_THRESHOLD) -> None:
    """Refuse a diplomatic measure against a state the cell's evidence does not point at (raises CommandError)."""
    confidence = ex.evidence.confidence(cell, actor)
    if confidence < needed:
        raise CommandError(M_("{actor} is not identified: the cell's evidence gives it {confidence:.0%} (needs "
                              "{needed:.0%}); investigate and share signals first", actor=Named(actor),
                              confidence=confidence, needed=needed))


def staff_owner(ex, staff: str):
    """The state whose staff member in the country ``staff`` is (None if gone)."""
    return next((a for a in ex.actors_of("state_actor") if staff in a.staff_in_country()), None)


def role_of(owner, staff: str) -> str:
    return next((s.role for s in (*owner.spec.staff, *owner.extra_staff) if s.id == staff), "")


def grounds(ex, cell: str, staff: str) -> None:
    """Refuse a measure against a staff member the cell knows of no operation by (raises CommandError)."""
    if not any(op.staff == staff for op in ex.known_operations(cell)):
        raise CommandError(M_("no grounds: the cell knows of no operation {staff} ran; a measure it cannot defend is "
                              "not signed", staff=Named(staff)))


def skipped_ladder(ex, order, state: str) -> bool:
    """An expulsion with no lower rung before it costs more; returns whether the ladder was skipped."""
    if taken(ex, state, *RUNGS[:RUNGS.index("persona_non_grata")]):
        return False
    incur(ex, order.cell, "bilateral_relations", SKIPPED_LADDER_RELATIONS,
          "expelled without an earlier word: the lower rungs were skipped", order=order.id, state=state)
    return True


@action(target="actor", target_required=True, capacity=2, lead_hours=12, lever="diplomatic",
        domains=("diplomacy",), public=True,
        costs=(Cost("bilateral_relations", 2, "summoning the ambassador is a public rebuke"),))
def summon_ambassador(ex, order):
    """Summon the state's ambassador to the ministry: a public rebuke, a rung above the démarche.

    Needs an identified actor (the cell's evidence at least 50%). It costs the state more than a démarche
    and is seen at home (a little trust); the state summons the Dutch ambassador in return. A second
    summons within a fortnight is worth half.
    """
    identified(ex, order.cell, order.target)
    recent = [t for t, r in ladder(ex).get(order.target, [])
              if r == "summon_ambassador" and ex.now - t < 24.0 * SUMMONS_REPEAT_DAYS]
    weight = 0.5 ** len(recent)
    climb(ex, order.target, "summon_ambassador")
    state = ex.actors[order.target]
    state.meet_response("summons", 0.6 * weight, order)
    if ex.population is not None:
        ex.population.trust_signal(0.03 * weight)
    return {"headline": f"Ambassador of {state.display_name} summoned to the Ministry of Foreign Affairs",
            "effect": weight}


@action(target="staff", target_required=True, capacity=2, lead_hours=72, lever="diplomatic",
        domains=("diplomacy",), political_capital=3, public=True,
        costs=(Cost("bilateral_relations", 1, "a request to withdraw a diplomat strains relations a little"),))
def request_withdrawal(ex, order):
    """Ask the state to withdraw a staff member who crossed the line: it saves face, and the person leaves.

    Needs grounds, like an expulsion: the cell must know of an operation the staff member ran. A state
    that complies withdraws them within three days; their operations stop and, as after an expulsion, a
    successor is sent after 30 days unless entry is refused. It costs a third of an expulsion's relations
    and draws no expulsion in return. A resolute state (resolve at least 0.8) refuses: persona non grata
    is then the next rung, and it is in order. The request is made privately; its outcome is public (as the
    cabinet told Parliament the attaché "was withdrawn").
    """
    owner = staff_owner(ex, order.target)
    if owner is None:
        raise CommandError(M_("{staff} has already left", staff=Named(order.target)))
    grounds(ex, order.cell, order.target)
    climb(ex, owner.actor_id, "request_withdrawal")
    role = role_of(owner, order.target) or "staff member"
    if float(owner.spec.resolve) >= WITHDRAWAL_REFUSAL_RESOLVE:
        return {"outcome": "refused", "actor": owner.actor_id,
                "headline": f"{owner.display_name} refuses to withdraw its {role}"}
    stopped = owner.expel(order.target)
    owner.meet_response("withdrawal", 1.0, order)
    return {"outcome": "withdrawn", "actor": owner.actor_id, "operations": stopped,
            "headline": f"{owner.display_name} withdraws its {role} at the Netherlands' request"}


def _close_office_ready(ex, cell, target, params) -> str | None:
    if not taken(ex, target, "request_withdrawal", "persona_non_grata"):
        return M_("the last rung: close an office only after an expulsion or a request for withdrawal against "
                  "{actor} has not stopped it", actor=Named(target))
    return None


@action(target="actor", target_required=True, capacity=6, lead_hours=7 * 24, lever="diplomatic",
        domains=("diplomacy", "social"), public=True, political_capital=15, precondition=_close_office_ready,
        costs=(Cost("bilateral_relations", 6, "closing an office is a grave step between states"),))
def close_office(ex, order):
    """Close a state's consulate or office: its consular staff leave and its diaspora networks lose their base.

    The last rung, for when expulsions have not stopped it, and only on grounds: the cell must know of an
    informant network or a diaspora tax of the state. Consular staff leave (their operations stop), and
    what the state runs through its diaspora gets half as far. The consular cost falls on the diaspora
    itself (passports and papers now come from abroad), and the state closes the Dutch consulate in return.
    """
    known = [op for op in ex.known_operations(order.cell)
             if op.actor == order.target and op.technique in ("informant_network", "diaspora_tax")]
    if not known:
        raise CommandError(M_("no grounds: the cell knows of no informant network or diaspora tax of {actor}",
                              actor=Named(order.target)))
    state = ex.actors[order.target]
    climb(ex, order.target, "close_office")
    leaving = [s for s in state.staff_in_country() if "consul" in role_of(state, s).lower()]
    stopped = [op for s in leaving for op in state.expel(s)]
    for technique in ("informant_network", "diaspora_tax"):
        ex.standing.hinder(f"{order.target}:{technique}", CLOSE_OFFICE_KEEP)
    incur(ex, order.cell, "diaspora_security", CLOSE_OFFICE_DIASPORA,
          "consular services for the diaspora now only abroad", order=order.id)
    state.meet_response("office closed", 2.0, order)
    return {"headline": f"The Netherlands closes the consulate of {state.display_name}", "staff": leaving,
            "operations": stopped}
