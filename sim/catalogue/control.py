"""White cell controls: fire an inject now, postpone it, or cancel it; change a state's doctrine profile.

They are actions like any other, so they are logged and replayed, but only the
White cell may order them and they cost nothing.
"""

from __future__ import annotations

from sim.actions import Param, action
from sim.commands import CommandError


def _pending(ex, cell, target, params):
    if not target.isdigit() or int(target) not in ex.injects.pending():
        return f"inject {target} is not pending (pending: {', '.join(map(str, ex.injects.pending())) or 'none'})"
    return None


@action(target="inject", target_required=True, control=True, precondition=_pending, lever="information")
def fire_inject(ex, order):
    """Fire a pending inject now (contingency injects fire only this way)."""
    if int(order.target) not in ex.injects.pending():
        raise CommandError(f"inject {order.target} is no longer pending")
    ex.injects.fire(int(order.target), by="white")
    return {"no": int(order.target)}


@action(target="inject", target_required=True, control=True, precondition=_pending, lever="information",
        params=(Param("by", "hours", default=24.0, low=0.5, high=24 * 60, unit="hours",
                      help="how much later, e.g. 12h or 2d"),))
def postpone_inject(ex, order):
    """Postpone a pending inject (a triggered one becomes timed)."""
    due = ex.injects.postpone(int(order.target), float(order.params["by"]))
    return {"no": int(order.target), "due": due}


@action(target="inject", target_required=True, control=True, precondition=_pending, lever="information")
def cancel_inject(ex, order):
    """Cancel a pending inject."""
    ex.injects.cancel(int(order.target))
    return {"no": int(order.target)}


PROFILE_RISKS = ("same", "cautious", "balanced", "risk_seeking")


def _resolve_value(raw: str) -> float | None:
    """The resolve a profile order sets (None: keep it); raises CommandError on anything but 0-1."""
    if raw == "same":
        return None
    try:
        value = float(raw)
    except ValueError:
        raise CommandError(f"resolve={raw}: write a number from 0 to 1, or 'same'") from None
    if not 0.0 <= value <= 1.0:
        raise CommandError(f"resolve={raw}: must be between 0 and 1")
    return value


def _profile_ok(ex, cell, target, params):
    try:
        _resolve_value(str(params.get("resolve", "same")))
    except CommandError as exc:
        return str(exc)
    return None


@action(target="actor", target_required=True, control=True, lever="information", precondition=_profile_ok,
        params=(Param("risk", "str", default="same", choices=PROFILE_RISKS, help="its risk profile ('same' keeps it)"),
                Param("resolve", "str", default="same", unit="share",
                      help="how much cost it accepts, 0-1 ('same' keeps it)")))
def actor_profile(ex, order):
    """Change a state actor's doctrine profile during the exercise (risk, resolve): White steers the opponent."""
    actor = ex.actors[order.target]
    risk = str(order.params["risk"])
    before = {"risk": actor.spec.risk, "resolve": actor.spec.resolve}
    actor.set_profile(None if risk == "same" else risk, _resolve_value(str(order.params["resolve"])))
    return {"before": before, "after": {"risk": actor.spec.risk, "resolve": actor.spec.resolve},
            "folded": actor.folded}
