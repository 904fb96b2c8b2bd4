"""The indicator panel: each indicator's value, change and sparkline.

A row shows what the viewer perceives (a cell: the latest poll; White: the
truth) and, in the replay viewer, a second series beside it (the truth next to
a cell's polls). Sparklines share the time axis of the panel and use a value
range of at least :data:`MIN_SPAN` points, so poll noise does not look like a
collapse. The start value is a faint line; an objective's target a dotted one.
The nine resilience dimensions come first; the three indicators that carry what
the Dutch response costs (:data:`sim.scenario.schemabase.COST_INDICATORS`) follow
under their own heading, :data:`COST_HEADING`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import pygame

from sim.i18n import N_, _
from sim.indicator_labels import LABELS, SHORT_LABELS
from sim.scenario.schemabase import COST_INDICATORS
from ui.console.text import draw_text, panel
from ui.console.theme import PALETTE, Colour, Fonts

MIN_SPAN = 12.0

COST_HEADING = N_("Cost of the response")
"""One-word names for a narrow panel (the presenter scale), where the full name would be cut."""


def fitting_label(fonts: Fonts, name: str, width: int, role: str = "body") -> str:
    """The indicator's full name if it fits in ``width`` pixels, else its one-word name."""
    full = label(name)
    return full if fonts.width(full, role) <= width else _(SHORT_LABELS.get(name, full))

Series = Sequence[tuple[float, float]]


def label(name: str) -> str:
    """Display name of an indicator."""
    return _(LABELS[name]) if name in LABELS else name.replace("_", " ").capitalize()


@dataclass(frozen=True)
class IndicatorRow:
    """One dimension in the panel.

    Attributes:
        name: indicator id.
        value: the value shown (NaN: no measurement yet).
        start: value at the start of the exercise.
        series: ``(t, value)`` points up to now.
        target: an objective's target, if any.
        compare_value / compare_series: a second view (the truth beside a cell's polls).
    """

    name: str
    value: float
    start: float
    series: Series
    target: float | None = None
    compare_value: float | None = None
    compare_series: Series = ()


def _fmt(value: float | None) -> str:
    return "—" if value is None or math.isnan(value) else f"{value:.1f}"


def _delta_colour(delta: float) -> Colour:
    if delta <= -3:
        return PALETTE["bad"]
    if delta >= 1:
        return PALETTE["good"]
    return PALETTE["dim"]


def _dashed_hline(surface: pygame.Surface, colour: Colour, x0: int, x1: int, y: int, dash: int = 4) -> None:
    for x in range(x0, x1, dash * 2):
        pygame.draw.line(surface, colour, (x, y), (min(x + dash, x1), y))


def draw_sparkline(surface: pygame.Surface, rect: pygame.Rect, series: Series, t_max: float, start: float,
                   target: float | None, colour: Colour, compare: Series = (), compare_colour: Colour | None = None) -> None:
    """A sparkline of ``series`` (and ``compare``) over [0, t_max] in ``rect``."""
    values = [v for _, v in series if not math.isnan(v)] + [v for _, v in compare if not math.isnan(v)] + [start]
    if target is not None:
        values.append(target)
    low, high = min(values), max(values)
    if high - low < MIN_SPAN:
        mid = (high + low) / 2
        low, high = mid - MIN_SPAN / 2, mid + MIN_SPAN / 2
    low, high = max(0.0, low - 1), min(100.0, high + 1)
    if high <= low:
        high = low + 1
    span_t = max(t_max, 1e-6)

    def point(t: float, v: float) -> tuple[int, int]:
        x = rect.left + int((rect.width - 1) * min(1.0, max(0.0, t / span_t)))
        y = rect.bottom - 1 - int((rect.height - 1) * (v - low) / (high - low))
        return x, y

    pygame.draw.rect(surface, PALETTE["panel_alt"], rect)
    _dashed_hline(surface, PALETTE["faint"], rect.left, rect.right, point(0, start)[1], 3)
    if target is not None and low <= target <= high:
        _dashed_hline(surface, PALETTE["warn"], rect.left, rect.right, point(0, target)[1], 2)

    def polyline(points: Series, col: Colour, width: int) -> None:
        pts = [point(t, v) for t, v in points if not math.isnan(v)]
        if len(pts) >= 2:
            pygame.draw.lines(surface, col, False, pts, width)
        if pts:
            pygame.draw.circle(surface, col, pts[-1], max(2, width + 1))

    if compare:
        polyline(compare, compare_colour or PALETTE["truth"], 1)
    polyline(series, colour, 2)


def draw_indicator_panel(surface: pygame.Surface, rect: pygame.Rect, fonts: Fonts, rows: Sequence[IndicatorRow],
                         title: str, subtitle: str = "", t_max: float = 1.0, colour: Colour | None = None,
                         compare_label: str = "", compare_colour: Colour | None = None) -> None:
    """Draw the panel: a title, then one row per indicator with its value, change and sparkline."""
    panel(surface, rect, PALETTE["panel"], PALETTE["border"])
    pad = max(6, int(8 * fonts.scale))
    x, y, w = rect.left + pad, rect.top + pad // 2 + 2, rect.width - 2 * pad
    draw_text(surface, fonts, title, (x, y), PALETTE["bright"], "large", "bold", max_width=w)
    y += fonts.line_height("large", "bold")
    if subtitle:
        draw_text(surface, fonts, subtitle, (x, y), PALETTE["dim"], "small", max_width=w)
        y += fonts.line_height("small")
    colour = colour or PALETTE["perceived"]
    if compare_label:
        first = _("bold, thick line: {what}").format(what=title.split(':')[0])
        fw = draw_text(surface, fonts, first, (x, y), colour, "small", max_width=w * 2 // 3)
        draw_text(surface, fonts, "   " + _("grey, thin: {what}").format(what=compare_label), (x + fw, y), compare_colour or PALETTE["truth"], "small",
                  max_width=w - fw)
        y += fonts.line_height("small")
    if not rows:
        return
    body_h = fonts.line_height("body")
    small_h = fonts.line_height("small")
    split = cost_split(rows)
    heading_h = small_h + pad // 2 if split is not None else 0
    row_h = (rect.bottom - pad // 2 - y - heading_h) / len(rows)
    stacked = row_h >= body_h + max(18, int(0.9 * body_h))
    for i, row in enumerate(rows):
        shift = heading_h if split is not None and i >= split else 0
        top = int(y + i * row_h + shift)
        bottom = int(y + (i + 1) * row_h + shift)
        if i == split:
            head_top = top - heading_h
            pygame.draw.line(surface, PALETTE["border"], (x, head_top), (x + w, head_top))
            draw_text(surface, fonts, _(COST_HEADING), (x, head_top + pad // 4 + 1), PALETTE["dim"], "small", "bold",
                      max_width=w)
        elif i:
            pygame.draw.line(surface, PALETTE["grid"], (x, top), (x + w, top))
        value_text = _fmt(row.value)
        # rounded as shown (no "-0.0" for a change too small to show, and its colour follows what is shown)
        delta = None if math.isnan(row.value) else round(row.value - row.start, 1) + 0.0
        value_w = fonts.width("100.0", "body", "bold")
        delta_w = fonts.width("+00.0", "small")
        compare_w = fonts.width("100.0", "small") + pad if row.compare_value is not None else 0
        label_w = w - value_w - delta_w - compare_w - pad
        if stacked:
            text_y = top + 2
            draw_text(surface, fonts, fitting_label(fonts, row.name, label_w), (x, text_y), PALETTE["text"], "body", max_width=label_w)
            right = x + w
            if delta is not None:
                draw_text(surface, fonts, f"{delta:+.1f}", (right, text_y + (body_h - small_h) // 2 + 1),
                          _delta_colour(delta), "small", align="right")
            right -= delta_w + pad // 2
            draw_text(surface, fonts, value_text, (right, text_y), colour, "body", "bold", align="right")
            if row.compare_value is not None:
                right -= value_w + pad // 2
                draw_text(surface, fonts, _fmt(row.compare_value), (right, text_y + (body_h - small_h) // 2 + 1),
                          compare_colour or PALETTE["truth"], "small", align="right")
            spark = pygame.Rect(x, text_y + body_h, w, max(8, bottom - (text_y + body_h) - 4))
        else:
            text_y = top + max(0, (bottom - top - body_h) // 2)
            name_w = int(w * 0.42)
            draw_text(surface, fonts, fitting_label(fonts, row.name, name_w - 4, "small"), (x, text_y), PALETTE["text"], "small",
                      max_width=name_w - 4)
            vx = x + name_w
            draw_text(surface, fonts, value_text, (vx + value_w, text_y), colour, "body", "bold", align="right")
            vx += value_w + pad // 2
            if row.compare_value is not None:
                draw_text(surface, fonts, _fmt(row.compare_value), (vx + value_w, text_y + 1),
                          compare_colour or PALETTE["truth"], "small", align="right")
                vx += value_w + pad // 2
            spark = pygame.Rect(vx, top + 3, max(10, x + w - vx), max(6, bottom - top - 6))
        draw_sparkline(surface, spark, row.series, t_max, row.start, row.target, colour,
                       row.compare_series, compare_colour)


def cost_split(rows: Sequence[IndicatorRow]) -> int | None:
    """Index of the first cost indicator when resilience rows come before it (where the heading goes), else None."""
    first = next((i for i, row in enumerate(rows) if row.name in COST_INDICATORS), None)
    return first if first else None


def objective_targets(scenario) -> dict[str, float]:
    """Each indicator's objective target (the weightiest objective on it)."""
    out: dict[str, tuple[float, float]] = {}
    for objective in getattr(scenario, "objectives", []) or []:
        weight = float(getattr(objective, "weight", 1.0) or 1.0)
        target = getattr(objective, "target", None)
        if target is None:
            continue
        if objective.indicator not in out or weight > out[objective.indicator][0]:
            out[objective.indicator] = (weight, float(target))
    return {k: v[1] for k, v in out.items()}
