"""The event kinds the exercise itself logs: orders, operations, detections, news and polls.

Registered here, beside :mod:`sim.exercise` which logs them (see :mod:`sim.eventkinds`); the
inject book, the agents and the catalogue register the kinds they log in their own modules.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sim.eventkinds import event_kind, short_clock
from sim.i18n import M_, name_of
from sim.indicator_labels import short_label


def _by(record: Mapping[str, Any]) -> dict[str, Any]:
    return {"by_doctrine": M_(" (doctrine)") if (record.get("payload") or {}).get("by") == "doctrine" else ""}


def _params(params: Mapping[str, Any]) -> str:
    return " ".join(f"{k}={name_of(v)}" for k, v in params.items() if v not in (None, "", [], {}))


# The derived parts are M_ messages so that the feed shows them in the reader's language (the record itself is
# never translated); actors and bodies are named by display name, as the kind's own fields are.
def _accepted(record: Mapping[str, Any]) -> dict[str, Any]:
    p = record.get("payload") or {}
    what = " ".join(x for x in (p.get("action", ""), name_of(record.get("target", "")),
                                _params(p.get("params") or {})) if x)
    body = name_of(p.get("body", ""))
    if p.get("operation"):  # a red cell's order (sim.red_cell): its state launched an operation
        return {**_by(record), "what": what, "effective": float(record.get("t", 0.0)),
                "acts": M_("{operation} launched for {cost} budget units ({left} left), until {until}",
                           operation=p["operation"], cost=f"{float(p.get('cost', 0.0)):g}",
                           left=f"{float(p.get('budget', 0.0)):.1f}", until=short_clock(float(p.get("ends", 0.0))))}
    if p.get("queued"):
        acts = M_("waits for {body} (busy), starts about {starts}", body=body,
                  starts=short_clock(float(p.get("starts", 0.0))))
    elif p.get("surge"):
        acts = M_("{body} acts on borrowed staff-days (surge)", body=body)
    else:
        acts = M_("{body} acts", body=body)
    return {**_by(record), "what": what, "effective": p.get("effective", record.get("t", 0.0)), "acts": acts}


def _order_head(record: Mapping[str, Any]) -> dict[str, Any]:
    p = record.get("payload") or {}
    return {"head": f"{p.get('order', '')} {p.get('action', '')} {name_of(record.get('target', ''))}".rstrip()}


def _executed(record: Mapping[str, Any]) -> dict[str, Any]:
    p = record.get("payload") or {}
    details = {k: v for k, v in p.items() if k not in ("order", "action") and not isinstance(v, (list, dict, tuple))}
    return {**_order_head(record), "details": f" ({_params(details)})" if details else ""}


def _launched(record: Mapping[str, Any]) -> dict[str, Any]:
    p = record.get("payload") or {}
    return {"against": M_(" against {target}", target=name_of(record["target"])) if record.get("target") else "",
            "via": M_(" via {staff}", staff=name_of(p["staff"])) if p.get("staff") else ""}


def _poll(record: Mapping[str, Any]) -> dict[str, Any]:
    values = (record.get("payload") or {}).get("values") or {}
    parts = []
    for name, value in values.items():
        try:
            parts.append(f"{short_label(name).lower()} {float(value):.0f}")
        except (TypeError, ValueError):
            parts.append(f"{short_label(name).lower()} {value}")
    return {"values": ", ".join(parts)}


event_kind("command.accepted", "a cell's order was accepted; its body acts after the lead time",
           fields=("order", "action", "params", "body", "by", "effective", "capacity", "queued", "starts", "surge",
                   "operation", "ends", "cost", "budget"),
           audience="cells", wording="{order} {what} accepted{by_doctrine}: {acts}, effective {effective!c}",
           important=True, topics=("orders",), derive=_accepted)
event_kind("order.started", "a waiting order got its body's capacity and started",
           fields=("order", "action", "body", "waited", "effective"), audience="cells",
           wording="{order} {action} started at {body} after waiting {waited:.0f} h, effective {effective!c}",
           topics=("orders",))
event_kind("command.refused", "an order was refused, with the reason", fields=("command", "reason", "by"),
           audience="cells", wording="{source} refused{by_doctrine}: {command}: {reason}", important=True,
           topics=("orders",), derive=_by)
event_kind("response.executed", "an accepted order took effect (the details depend on the response)",
           fields=("order", "action"), audience="cells", open_fields=True,
           wording="{head} carried out{details}", topics=("orders",), derive=_executed)
event_kind("response.failed", "an accepted order could not take effect, with the reason",
           fields=("order", "action", "reason"), audience="cells", wording="{head} failed: {reason}",
           important=True, topics=("orders",), derive=_order_head)
event_kind("operation.launched", "a red operation started (the truth: White only)",
           fields=("operation", "technique", "staff", "ends", "cause"), audience="white",
           wording="RED {operation} {source} launches {technique}{against}{via}", important=True,
           topics=("red",), derive=_launched)
event_kind("operation.ended", "a red operation ended: completed or disrupted",
           fields=("operation", "technique", "outcome"), audience="white",
           wording="RED {operation} {technique} by {source} ended: {outcome}", topics=("red",))
event_kind("detection", "a body detected a red operation (or a false signal); the suspect once evidence is strong",
           fields=("operation", "technique", "suspected", "confidence", "points_to", "summary", "reported"),
           audience="cells",
           wording="DETECTED by {source}: {technique} ({operation}); traces point to {points_to}; "
                   "leading suspect {suspected} ({confidence:.0%}). {what}",
           important=True, topics=("intel",),
           derive=lambda r: {"what": (r.get("payload") or {}).get("summary") or (r.get("payload") or {}).get("technique", "")})
event_kind("news", "a news item everyone can read", fields=("headline", "about", "ref", "narrative", "stance", "reach"),
           audience="public", wording="{source}: {headline}", topics=("news",))
event_kind("poll", "a published opinion poll: the indicators as measured, with noise and a delay",
           fields=("as_of", "values"), audience="public", wording="poll (fieldwork {as_of!c}): {values}",
           topics=("news",), derive=_poll)
