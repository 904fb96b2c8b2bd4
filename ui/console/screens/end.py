"""The end screen: where the replay was saved, the score (when scoring is available) and the indicators.

The truth is shown now (this is the hot wash): each indicator's start, minimum
and final value against its objective, with a sparkline of the whole run, and
what the response cost (political capital, the Dutch-side costs, orders that
waited for capacity or were surged: :func:`cost_lines`). If
:mod:`replays.score` is installed and can score the replay file, its result is
shown against the counterfactual; otherwise the screen says so and the
indicator table stands on its own.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

import pygame
import pygame_gui

from sim.i18n import _, ngettext, shown
from ui.console.indicators import draw_sparkline, label, objective_targets
from ui.console.scoring import ScoreJob
from ui.console.screens.base import HelpSection, Screen
from ui.console.session import LiveSession
from ui.console.text import draw_text, panel, wrap
from ui.console.theme import PALETTE


def cost_lines(exercise) -> list[str]:
    """What the response cost, from the exercise's own accounts and log: political capital, the Dutch-side costs
    per indicator, and the orders that waited for capacity or were surged."""
    lines = []
    capital = getattr(exercise, "capital", None)
    if capital is not None:
        lines.append(_("political capital: {spent:g} of {start:g} spent, {left:g} left").format(
            spent=capital.start - capital.left, start=capital.start, left=capital.left))
    costs = getattr(exercise, "costs", None)
    if costs is not None:
        spent = ", ".join(f"{name} {points:g}" for name, points in costs.by_indicator.items())
        lines.append(_("costs to the Netherlands (points): {costs}").format(costs=spent or _("none")))
    accepted = [e.payload for e in exercise.log if e.kind == "command.accepted"]
    waits = [float(e.payload.get("waited", 0.0)) for e in exercise.log if e.kind == "order.started"]
    queued, surged = sum(1 for p in accepted if p.get("queued")), sum(1 for p in accepted if p.get("surge"))
    mean = _(" (mean wait {hours:.0f} h)").format(hours=sum(waits) / len(waits)) if waits else ""
    lines.append(ngettext("{n} order waited for capacity{mean}, {surged} surged",
                          "{n} orders waited for capacity{mean}, {surged} surged", queued).format(
        n=queued, mean=mean, surged=surged))
    return lines


class EndScreen(Screen):
    """After the exercise.

    Attributes:
        session: the finished session (its replay is closed).
        score: the background scoring job, or None when no replay was recorded.
    """

    name = "end"

    def __init__(self, app, session: LiveSession) -> None:
        super().__init__(app)
        self.session = session
        session.close()
        recorded = session.replay_path is not None and session.writer is not None
        # Started on the first update, not here: the worker competes for the interpreter, and the frame
        # that switches screens is already the longest one.
        self.score = ScoreJob(session.replay_path, start=False) if recorded else None
        self._score_started = False
        self.buttons: dict[str, pygame_gui.elements.UIButton] = {}

    @cached_property
    def facts(self) -> dict[str, Any]:
        """What the finished run amounts to, counted once (the exercise no longer changes)."""
        ex = self.session.exercise
        summary = self.session.summary()
        player = sum(1 for o in ex.orders if o.by == "player")
        return {"summary": summary, "player": player, "doctrine": len(ex.orders) - player,
                "targets": objective_targets(ex.scenario), "costs": cost_lines(ex)}

    def build(self) -> None:
        fonts = self.app.fonts
        w, h = self.app.size
        m = max(10, int(14 * fonts.scale))
        bh = fonts.line_height("body") + 16
        labels = {"replay": _("Open the replay viewer (R)"), "quit": _("Quit (Esc)")}
        x = w - m
        for key in ("quit", "replay"):
            bw = fonts.width(labels[key], "body") + 36
            x -= bw
            self.buttons[key] = pygame_gui.elements.UIButton(pygame.Rect(x, h - m - bh, bw, bh), labels[key], self.app.manager)
            x -= m

    def update(self, dt: float, budget: float) -> None:
        if self.score is not None and not self._score_started:
            self._score_started = True
            self.score.start()

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.KEYDOWN:
            if event.key in (pygame.K_ESCAPE, pygame.K_q):
                self.on_close()
                self.app.quit(0)
                return True
            if event.key == pygame.K_r:
                self.open_replay()
                return True
        return False

    def handle_ui_event(self, event: pygame.event.Event) -> None:
        if event.type != pygame_gui.UI_BUTTON_PRESSED:
            return
        if event.ui_element is self.buttons.get("quit"):
            self.on_close()
            self.app.quit(0)
        elif event.ui_element is self.buttons.get("replay"):
            self.open_replay()

    def open_replay(self) -> None:
        """Open this run's replay in the viewer."""
        if self.session.replay_path is None or self.session.writer is None:
            return
        from ui.console.timeline import Timeline

        self.on_close()
        self.app.navigate("replay", Timeline.open(self.session.replay_path))

    def draw(self, surface: pygame.Surface) -> None:
        fonts = self.app.fonts
        s = self.session
        ex = s.exercise
        w, h = self.app.size
        m = max(10, int(14 * fonts.scale))
        heading = (_("{title}: exercise finished at {clock}") if ex.finished else
                   _("{title}: exercise ended early at {clock}"))
        draw_text(surface, fonts, heading.format(title=shown(ex.scenario.title), clock=shown(ex.clock())), (m, m), PALETTE["bright"],
                  "title", "bold", max_width=w - 2 * m)
        y = m + fonts.line_height("title", "bold") + 4
        saved = (_("Replay saved to {path}").format(path=s.replay_path) if s.writer is not None else
                 _("The host saved the replay: {path}").format(path=s.replay_path) if getattr(s, "networked", False)
                 else _("No replay was recorded"))
        draw_text(surface, fonts, saved, (m, y), PALETTE["good"], "body", "bold", max_width=w - 2 * m)
        y += fonts.line_height("body", "bold")
        if s.digest and s.writer is not None:
            draw_text(surface, fonts, _("log sha256 {digest} · check it with: weerbaar verify {path}").format(digest=s.digest, path=s.replay_path),
                      (m, y), PALETTE["dim"], "small", max_width=w - 2 * m)
            y += fonts.line_height("small")
        y += m // 2
        table_w = int(w * 0.64)
        table = pygame.Rect(m, y, table_w, h - y - 2 * m - fonts.line_height("body") - 16)
        side = pygame.Rect(table.right + m, y, w - table.right - 2 * m, table.height)
        self._draw_table(surface, table)
        self._draw_side(surface, side)

    def _draw_table(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        fonts = self.app.fonts
        ex = self.session.exercise
        panel(surface, rect, PALETTE["panel"], PALETTE["border"])
        pad = max(8, int(10 * fonts.scale))
        x, y = rect.left + pad, rect.top + pad // 2
        draw_text(surface, fonts, _("Indicators: the truth, start to end"), (x, y), PALETTE["bright"], "large", "bold",
                  max_width=rect.width - 2 * pad)
        y += fonts.line_height("large", "bold") + 2
        cols = [_("start"), _("lowest"), _("final"), _("change"), _("target")]
        name_w = int((rect.width - 2 * pad) * 0.25)
        num_w = max(fonts.width(_("{target:g} missed").format(target=100), "body"),
                    fonts.width(_("{target:g} met").format(target=100), "body")) + 10
        spark_x = x + name_w + num_w * len(cols)
        spark_w = rect.right - pad - spark_x
        for i, col in enumerate(cols):
            draw_text(surface, fonts, col, (x + name_w + num_w * (i + 1) - 8, y), PALETTE["dim"], "small", align="right")
        draw_text(surface, fonts, _("whole run"), (spark_x + 4, y), PALETTE["dim"], "small")
        y += fonts.line_height("small") + 2
        targets = self.facts["targets"]
        names = list(ex.indicators.series)
        row_h = max(fonts.line_height("body") + 4, (rect.bottom - pad - y) // max(1, len(names)))
        row_h = min(row_h, int(fonts.line_height("body") * 4))
        times = list(ex.indicators.times)
        for name in names:
            series = ex.indicators.series[name]
            if not series:
                continue
            start = ex.indicators.start.get(name, series[0])
            low, final = min(series), series[-1]
            change = round(final - start, 1) + 0.0  # as shown: no "-0.0" for a change too small to show
            target = targets.get(name)
            pygame.draw.line(surface, PALETTE["grid"], (x, y), (rect.right - pad, y))
            ty = y + (row_h - fonts.line_height("body")) // 2
            draw_text(surface, fonts, label(name), (x, ty), PALETTE["text"], "body", max_width=name_w - 6)
            values = [f"{start:.1f}", f"{low:.1f}", f"{final:.1f}", f"{change:+.1f}"]
            colours = [PALETTE["dim"], PALETTE["bad"] if target is not None and low < target else PALETTE["dim"],
                       PALETTE["bright"], PALETTE["good"] if change >= 0 else (PALETTE["bad"] if change < -3 else PALETTE["dim"])]
            if target is not None:
                values.append((_("{target:g} met") if final >= target else _("{target:g} missed")).format(target=target))
                colours.append(PALETTE["good"] if final >= target else PALETTE["bad"])
            else:
                values.append("—")
                colours.append(PALETTE["faint"])
            for i, (text, colour) in enumerate(zip(values, colours)):
                draw_text(surface, fonts, text, (x + name_w + num_w * (i + 1) - 8, ty), colour, "body", align="right")
            if spark_w > 30:
                draw_sparkline(surface, pygame.Rect(spark_x + 4, y + 3, spark_w - 4, row_h - 6), list(zip(times, series)),
                               max(times[-1] if times else 1.0, 1.0), start, target, PALETTE["truth"])
            y += row_h

    def _draw_side(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        fonts = self.app.fonts
        panel(surface, rect, PALETTE["panel"], PALETTE["border"])
        pad = max(8, int(10 * fonts.scale))
        x, y, width = rect.left + pad, rect.top + pad // 2, rect.width - 2 * pad
        lines: list[tuple[str, str, str, tuple]] = []

        def add(text: str, role: str = "body", face: str = "regular", colour=PALETTE["text"]) -> None:
            lines.append((text, role, face, colour))

        add(_("Score"), "large", "bold", PALETTE["bright"])
        job = self.score
        if job is None:
            add(_("No replay was recorded, so there is nothing to score."), "small", "regular", PALETTE["dim"])
        elif not job.done:
            add(_("scoring against the run where nobody responded…"), "small", "regular", PALETTE["warn"])
        elif job.error:
            add(_("{error}; the table shows the indicators against the scenario's objectives.").format(
                error=shown(job.error)), "small",
                "regular", PALETTE["dim"])
        else:
            for text, strong in job.lines:
                add(text, "body" if strong else "small", "bold" if strong else "regular",
                    PALETTE["bright"] if strong else PALETTE["text"])
        add("", "small")
        add(_("What happened"), "large", "bold", PALETTE["bright"])
        summary = self.facts["summary"]
        kinds = summary["kinds"]
        player, doctrine = self.facts["player"], self.facts["doctrine"]
        add(_("{player} orders by players, {doctrine} by doctrine, {refused} refused").format(
            player=player, doctrine=doctrine, refused=kinds.get("command.refused", 0)), "small")
        add(_("{operations} red operations, {detections} detections").format(
            operations=summary["operations"], detections=kinds.get("detection", 0)), "small")
        add(_("{injects} injects fired, {news} news items, {leaks} leaks").format(
            injects=kinds.get("inject.fired", 0), news=kinds.get("news", 0), leaks=kinds.get("leak", 0)), "small")
        for text in self.facts["costs"]:
            add(text, "small")
        add(_("{events} events in the log").format(events=summary["events"]), "small")
        for text, role, face, colour in lines:
            if not text:
                y += fonts.line_height(role) // 2
                continue
            for line in wrap(fonts, text, width, role, face):
                if y + fonts.line_height(role, face) > rect.bottom - pad:
                    return
                draw_text(surface, fonts, line, (x, y), colour, role, face)
                y += fonts.line_height(role, face)

    def help_sections(self) -> list[HelpSection]:
        return [(_("End"), [("R", _("open this run's replay in the viewer")), ("Esc / Q", _("quit"))])]

    def on_close(self) -> None:
        if self.score is not None:
            self.score.close()
