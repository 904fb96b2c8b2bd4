"""The report's coordination section: the messages seats sent each other (``message.sent`` events).

Coordination between departments is the letter's first theme, and in a networked session the cells
talk through ``msg`` (:mod:`sim.messages`). The section lists every message (when, from, to, what) and
counts who wrote to whom, so the debrief can ask whether the cells that needed each other talked.
White's own messages count like any seat's.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from replays.review.lang import clock
from replays.score import RunData


def coordination(run: RunData) -> dict[str, Any]:
    """``messages`` (t, clock, from, to, text, in time order), ``pairs`` (from, to, count; most first) and
    ``cells`` (per seat: sent and received)."""
    messages = []
    for e in run.events:
        if e["kind"] != "message.sent":
            continue
        p = e["payload"]
        to = [str(x) for x in p.get("to", [])] or [str(e.get("target", ""))]
        messages.append({"t": e["t"], "clock": clock(run, e["t"]),
                         "from": str(p.get("from") or e.get("source", "")), "to": to, "text": str(p.get("text", ""))})
    pairs = Counter((m["from"], r) for m in messages for r in m["to"])
    sent = Counter(m["from"] for m in messages)
    received = Counter(r for m in messages for r in m["to"])
    seats = sorted(set(sent) | set(received))
    return {"messages": messages,
            "pairs": [{"from": a, "to": b, "count": n} for (a, b), n in sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0]))],
            "cells": [{"seat": s, "sent": sent[s], "received": received[s]} for s in seats]}
