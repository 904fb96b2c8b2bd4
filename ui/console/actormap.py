"""The actor map as drawn: actors in four columns, operations (red) and responses (blue) as arrows.

The picture comes from :mod:`ui.console.mapmodel`. Boxes are sized to the
column and their labels shortened to fit; arrows run between box sides with an
arrowhead at the target; labels sit on the arrow with a dark backing and are
moved down when they would cover another label. Dashed arrows are orders in
their lead time or suspected operations.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pygame

from sim.i18n import _
from ui.console.mapmodel import COLUMNS, Edge, Node
from ui.console.text import draw_text, ellipsize, panel
from ui.console.theme import PALETTE, Colour, Fonts

NODE_COLOURS: dict[str, Colour] = {
    "state_affiliated": (140, 98, 58),
    "narrative": (92, 78, 110),
    "target": (70, 78, 88),
}
"""Colours of what is not an actor kind (targets, narratives) and of flavours (state-affiliated outlets);
each actor kind registers its own colour (:attr:`sim.registry.AgentKind.colour`)."""


def node_colour(node: Node) -> Colour:
    """The fill of a node: its flavour's, else its actor kind's registered colour, else the targets'."""
    from sim.registry import AGENT_KINDS

    if node.flavour in NODE_COLOURS:
        return NODE_COLOURS[node.flavour]
    registered = AGENT_KINDS.get(node.kind)
    if registered is not None:
        return registered.colour
    return NODE_COLOURS.get(node.kind, NODE_COLOURS["target"])


def _blend(colour: Colour, fade: float) -> Colour:
    bg = PALETTE["panel"]
    return tuple(int(bg[i] + (colour[i] - bg[i]) * fade) for i in range(3))  # type: ignore[return-value]


def _dashed(surface: pygame.Surface, colour: Colour, a: tuple[float, float], b: tuple[float, float], width: int,
            dash: int = 7) -> None:
    length = math.dist(a, b)
    if length < 1:
        return
    steps = int(length // dash)
    for i in range(0, steps, 2):
        s, e = i / steps, min(1.0, (i + 1) / steps)
        pygame.draw.line(surface, colour, (a[0] + (b[0] - a[0]) * s, a[1] + (b[1] - a[1]) * s),
                         (a[0] + (b[0] - a[0]) * e, a[1] + (b[1] - a[1]) * e), width)


def _dashed_path(surface: pygame.Surface, colour: Colour, points: Sequence[tuple[float, float]], width: int) -> None:
    for a, b in zip(points, points[1:]):
        _dashed(surface, colour, a, b, width, dash=6)


def _bezier(a: tuple[float, float], b: tuple[float, float], bend: float, steps: int = 18) -> list[tuple[float, float]]:
    """Points of a quadratic curve from a to b whose middle is pushed ``bend`` pixels sideways."""
    mx, my = (a[0] + b[0]) / 2, (a[1] + b[1]) / 2
    length = math.dist(a, b) or 1.0
    nx, ny = -(b[1] - a[1]) / length, (b[0] - a[0]) / length
    cx, cy = mx + nx * bend * 2, my + ny * bend * 2  # the curve's middle lies halfway to the control point
    out = []
    for i in range(steps + 1):
        t = i / steps
        u = 1 - t
        out.append((u * u * a[0] + 2 * u * t * cx + t * t * b[0], u * u * a[1] + 2 * u * t * cy + t * t * b[1]))
    return out


def _crosses(points: Sequence[tuple[float, float]], boxes: Sequence[pygame.Rect]) -> bool:
    for a, b in zip(points, points[1:]):
        for box in boxes:
            if box.clipline(a, b):
                return True
    return False


def _arrowhead(surface: pygame.Surface, colour: Colour, a: tuple[float, float], b: tuple[float, float], size: int) -> None:
    angle = math.atan2(b[1] - a[1], b[0] - a[0])
    left = (b[0] - size * math.cos(angle - 0.45), b[1] - size * math.sin(angle - 0.45))
    right = (b[0] - size * math.cos(angle + 0.45), b[1] - size * math.sin(angle + 0.45))
    pygame.draw.polygon(surface, colour, [b, left, right])


class ActorMapView:
    """Draws the map; remembers the boxes it drew (tests and clicks use them).

    Attributes:
        boxes: node id -> its rectangle in the last drawing.
        labels: the edge labels in the last drawing.
    """

    def __init__(self) -> None:
        self.boxes: dict[str, pygame.Rect] = {}
        self.labels: list[str] = []
        self.overflow: list[str] = []

    def draw(self, surface: pygame.Surface, rect: pygame.Rect, fonts: Fonts, nodes: Sequence[Node],
             edges: Sequence[Edge], title: str, subtitle: str = "") -> None:
        """Draw the map of ``nodes`` and ``edges`` in ``rect``."""
        panel(surface, rect, PALETTE["panel"], PALETTE["border"])
        pad = max(6, int(8 * fonts.scale))
        x, y, w = rect.left + pad, rect.top + pad // 2 + 2, rect.width - 2 * pad
        sub_w = fonts.width(subtitle, "small") if subtitle else 0
        draw_text(surface, fonts, title, (x, y), PALETTE["bright"], "large", "bold", max_width=w - sub_w - pad)
        if subtitle:
            draw_text(surface, fonts, subtitle, (x + w, y + 4), PALETTE["dim"], "small", align="right",
                      max_width=w // 2)
        y += fonts.line_height("large", "bold") + 2
        col_w = w / len(COLUMNS)
        small_h = fonts.line_height("small")
        for i, name in enumerate(COLUMNS):
            cx = int(x + (i + 0.5) * col_w)
            draw_text(surface, fonts, _(name), (cx, y), PALETTE["faint"], "small", align="centre", max_width=int(col_w) - 4)
        y += small_h + 4
        area = pygame.Rect(x, y, w, rect.bottom - pad - y)
        self.boxes = self._layout(fonts, nodes, area)
        geometry, overflow = self._route(fonts, edges, rect)
        if overflow:  # make room under the boxes for the arrows whose labels did not fit, then lay out again
            rows = min(len(overflow), 4)
            area.height -= rows * small_h + 6
            self.boxes = self._layout(fonts, nodes, area)
            geometry, overflow = self._route(fonts, edges, rect)
        for edge, path, colour, spot in geometry:  # arrows under the boxes
            width = 2 if edge.fade > 0.6 else 1
            if edge.dashed:
                _dashed_path(surface, colour, path, width)
            else:
                pygame.draw.lines(surface, colour, False, path, width)
            _arrowhead(surface, colour, path[-2], path[-1], max(7, int(9 * fonts.scale)))
        self.labels = []
        for edge, path, colour, spot in geometry:
            if spot is not None:
                text = ellipsize(fonts, edge.label, spot.width - 8, "small")
                self.labels.append(text)
                pygame.draw.rect(surface, PALETTE["bg"], spot, border_radius=3)
                pygame.draw.rect(surface, colour, spot, width=1, border_radius=3)
                draw_text(surface, fonts, text, (spot.left + 4, spot.top), tuple(min(255, c + 40) for c in colour), "small")
        for node in nodes:
            box = self.boxes.get(node.id)
            if box is not None:
                self._draw_node(surface, fonts, node, box)
        self.overflow = [text for text, _ in overflow]
        yy = area.bottom + 4
        shown = overflow[:4] if len(overflow) <= 4 else overflow[:3]
        for text, colour in shown:
            draw_text(surface, fonts, text, (x, yy), colour, "small", max_width=w)
            yy += small_h
        if len(overflow) > len(shown):
            draw_text(surface, fonts, f"and {len(overflow) - len(shown)} more", (x, yy), PALETTE["dim"], "small")

    def _layout(self, fonts: Fonts, nodes: Sequence[Node], area: pygame.Rect) -> dict[str, pygame.Rect]:
        columns: list[list[Node]] = [[] for _ in COLUMNS]
        for node in nodes:
            columns[max(0, min(len(COLUMNS) - 1, node.column))].append(node)
        col_w = area.width / len(COLUMNS)
        gap_x = max(8, int(col_w * 0.14))
        box_w = int(col_w - gap_x)
        small_h = fonts.line_height("small")
        boxes: dict[str, pygame.Rect] = {}
        for i, column in enumerate(columns):
            if not column:
                continue
            heights = [self._box_height(fonts, n) for n in column]
            if sum(heights) + 2 * (len(column) - 1) > area.height:
                heights = [small_h + 6 for _ in column]  # too many actors: names only, so every one is there
            stacks = [column]
            if sum(heights) + 2 * (len(column) - 1) > area.height:
                half = (len(column) + 1) // 2  # still too many: two stacks side by side in the column
                stacks, heights = [column[:half], column[half:]], [small_h + 6] * len(column)
            width = box_w if len(stacks) == 1 else (box_w - 4) // 2
            for k, stack in enumerate(stacks):
                stack_heights = heights[:len(stack)]
                free = max(0, area.height - sum(stack_heights))
                gap = min(free / (len(stack) + 1), small_h * 3)
                total = sum(stack_heights) + gap * (len(stack) - 1)
                top = area.top + max(0.0, (area.height - total) / 2)
                left = int(area.left + i * col_w + gap_x / 2) + k * (width + 4)
                for node, h in zip(stack, stack_heights):
                    boxes[node.id] = pygame.Rect(left, int(top), width, h)
                    top += h + gap
        return boxes

    def _route(self, fonts: Fonts, edges: Sequence[Edge], bounds: pygame.Rect):
        """Arrow ends, colours and label spots; labels that fit nowhere on their arrow go to the overflow list."""
        geometry = []
        overflow: list[tuple[str, Colour]] = []
        placed: list[pygame.Rect] = []
        pair_count: dict[tuple[str, str], int] = {}
        boxes = list(self.boxes.values())
        for edge in edges:
            a, b = self.boxes.get(edge.source), self.boxes.get(edge.target)
            if a is None or b is None:
                continue
            k = pair_count.get((edge.source, edge.target), 0)
            pair_count[(edge.source, edge.target)] = k + 1
            offset = k * 6
            if a.centerx < b.centerx - 2:
                start, end = (a.right, a.centery + offset), (b.left, b.centery + offset)
            elif a.centerx > b.centerx + 2:
                start, end = (a.left, a.centery + offset), (b.right, b.centery + offset)
            else:
                start, end = ((a.centerx + offset, a.bottom), (b.centerx + offset, b.top)) if a.centery < b.centery \
                    else ((a.centerx + offset, a.top), (b.centerx + offset, b.bottom))
            base = PALETTE["bad"] if edge.failed else (PALETTE["red"] if edge.side == "red" else PALETTE["blue"])
            colour = _blend(base, max(0.25, edge.fade))
            others = [box.inflate(4, 4) for key, box in self.boxes.items() if key not in (edge.source, edge.target)]
            path = [start, end]
            if _crosses(path, others):  # bend around the boxes in the way, the gentlest curve that clears them
                step = max(a.height, b.height) * 0.8
                for bend in (step, -step, 2 * step, -2 * step, 3 * step, -3 * step):
                    curve = _bezier(start, end, bend)
                    if not _crosses(curve, others):
                        path = curve
                        break
            spot = None
            if edge.label:
                spot = self._label_spot(fonts, edge.label, path, placed, boxes, bounds)
                if spot is None:
                    verb = f"{edge.source}: {edge.label} on {edge.target}" if edge.side == "red" \
                        else f"{edge.source}: {edge.label} {edge.target}"
                    overflow.append((verb, tuple(min(255, c + 30) for c in colour)))
                else:
                    placed.append(spot)
            geometry.append((edge, path, colour, spot))
        return geometry, overflow

    @staticmethod
    def _label_spot(fonts: Fonts, text: str, path: Sequence[tuple[float, float]], placed: list[pygame.Rect],
                    boxes: list[pygame.Rect], bounds: pygame.Rect) -> pygame.Rect | None:
        lengths = [math.dist(a, b) for a, b in zip(path, path[1:])]
        total = sum(lengths)
        max_w = int(min(total - 16, bounds.width / 3))
        if max_w < 40:
            return None
        short = ellipsize(fonts, text, max_w, "small")
        if not short or (short != text and len(short) < 6):
            return None
        tw, th = fonts.width(short, "small") + 8, fonts.line_height("small")

        def at(fraction: float) -> tuple[float, float]:
            goal = total * fraction
            for (a, b), length in zip(zip(path, path[1:]), lengths):
                if goal <= length and length > 0:
                    f = goal / length
                    return a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f
                goal -= length
            return path[-1]

        for f in (0.5, 0.4, 0.6, 0.3, 0.7, 0.22, 0.78):  # along the arrow, from the middle out
            mx, my = at(f)
            box = pygame.Rect(int(mx - tw / 2), int(my - th / 2), tw, th)
            if bounds.contains(box) and box.collidelist(placed) < 0 and box.collidelist(boxes) < 0:
                return box
        return None

    def _box_height(self, fonts: Fonts, node: Node) -> int:
        h = fonts.line_height("small") + 6
        if node.bar is not None:
            h += 5
        if node.badges:
            h += fonts.line_height("small") * min(2, len(node.badges))
        return h

    def _draw_node(self, surface: pygame.Surface, fonts: Fonts, node: Node, box: pygame.Rect) -> None:
        base = node_colour(node)
        fill = _blend(base, 0.45) if node.muted else base
        border = PALETTE["bright"] if node.highlight else tuple(min(255, c + 40) for c in base)
        pygame.draw.rect(surface, fill, box, border_radius=5)
        pygame.draw.rect(surface, border, box, width=2 if node.highlight else 1, border_radius=5)
        line_h = fonts.line_height("small")
        text_colour = PALETTE["dim"] if node.muted else PALETTE["bright"]
        label = ellipsize(fonts, node.label, box.width - 8, "small")
        draw_text(surface, fonts, label, (box.centerx, box.top + 3), text_colour, "small", align="centre")
        if node.muted:
            tw = fonts.width(label, "small")
            yy = box.top + 3 + line_h // 2
            pygame.draw.line(surface, PALETTE["bad"], (box.centerx - tw // 2, yy), (box.centerx + tw // 2, yy), 2)
        yy = box.top + line_h + 5
        if node.bar is not None and yy + 3 <= box.bottom:
            bar = pygame.Rect(box.left + 5, yy, box.width - 10, 3)
            pygame.draw.rect(surface, _blend(PALETTE["bg"], 1.0), bar)
            filled = bar.copy()
            filled.width = int(bar.width * node.bar)
            colour = PALETTE["warn"] if node.kind == "narrative" else PALETTE["good"]
            pygame.draw.rect(surface, colour, filled)
            yy += 5
        for index, badge in enumerate(node.badges[:2]):
            if yy + line_h > box.bottom:
                break  # a compact box (a crowded map) shows the name only
            more = f" +{len(node.badges) - 2}" if index == 1 and len(node.badges) > 2 else ""
            text = ellipsize(fonts, badge + more, box.width - 8, "small")
            colour = PALETTE["blue"] if node.kind in ("government_body", "partner") else PALETTE["red"]
            draw_text(surface, fonts, text, (box.centerx, yy), tuple(min(255, c + 50) for c in colour), "small",
                      align="centre")
            yy += line_h
