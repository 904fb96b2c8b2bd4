"""White cell controls: fire an inject now, postpone it, or cancel it.

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
