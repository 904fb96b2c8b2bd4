"""The report's figures: matplotlib (Agg backend) drawings turned into PNG bytes.

:func:`indicator_plot` draws each of the twelve indicators of the run against the counterfactual,
:func:`timeline_plot` the lanes of :func:`replays.review.analysis.timeline` over the days, and
:func:`heatmap_plot` the lever x domain counts; :data:`IMAGES` names the PNGs as the report embeds
and writes them. No file is written here.
"""

from __future__ import annotations

import io
from typing import Any

from replays.review.analysis import timeline
from replays.review.lang import indicator, word
from replays.score import RunData
from sim.i18n import _
from sim.scenario.schemabase import COST_INDICATORS, INDICATOR_NAMES

IMAGES = ("indicators.png", "timeline.png", "heatmap.png")


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")  # no display; the PNGs go into the report
    import matplotlib.pyplot as plt

    return plt


def _png(fig, tight: bool = True) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, bbox_inches="tight" if tight else None)
    _pyplot().close(fig)
    return buffer.getvalue()


PLOT_COLUMNS = 3
"""Small plots per row of :func:`indicator_plot`: the nine resilience dimensions fill three rows, the three
cost indicators the last."""


def indicator_plot(run: RunData, baseline: RunData) -> bytes:
    """One small plot per indicator (the twelve, in rows of :data:`PLOT_COLUMNS`): the replay against the
    counterfactual, with start and target. The cost indicators' titles say "(cost)"; an indicator the replay
    does not hold (:attr:`RunData.unrecorded`) shows only the counterfactual and says so."""
    plt = _pyplot()
    targets: dict[str, list[float]] = {}
    for o in run.scenario.objectives:
        targets.setdefault(o.indicator, []).append(float(o.target))
    start = run.start
    rows = -(-len(INDICATOR_NAMES) // PLOT_COLUMNS)
    fig, axes = plt.subplots(rows, PLOT_COLUMNS, figsize=(13, 2.85 * rows), sharex=True, squeeze=False)
    days = [t / 24.0 for t in run.times]
    base_days = [t / 24.0 for t in baseline.times]
    for ax in axes.flat[len(INDICATOR_NAMES):]:
        ax.set_visible(False)
    for ax, name in zip(axes.flat, INDICATOR_NAMES):
        values, base = run.series[name], baseline.series[name]
        if name in run.unrecorded:
            ax.plot(base_days, base, color="#757575", linestyle="--", linewidth=1.3, label=_("no response"))
            ax.text(0.5, 0.5, _("not recorded in this replay"), transform=ax.transAxes, ha="center", va="center",
                    fontsize=10, color="#616e7c")
            ax.set_title(_plot_title(name), fontsize=11, color=_title_colour(name))
            ax.grid(alpha=0.25)
            continue
        ax.fill_between(days, values, start[name], where=[v < start[name] for v in values], color="#1565c0",
                        alpha=0.12, linewidth=0, interpolate=True)
        ax.plot(base_days, base, color="#757575", linestyle="--", linewidth=1.3, label=_("no response"))
        ax.plot(days, values, color="#1565c0", linewidth=1.8, label=_("this run"))
        ax.axhline(start[name], color="#9e9e9e", linestyle=":", linewidth=1)
        for target in targets.get(name, []):
            ax.axhline(target, color="#c62828", linewidth=1, alpha=0.7, label=_("target"))
        low = min(min(values), min(base), *targets.get(name, [start[name]]))
        high = max(max(values), max(base), start[name])
        pad = max(1.5, 0.15 * (high - low))
        ax.set_ylim(low - pad, high + pad)
        ax.set_title(_plot_title(name), fontsize=11, color=_title_colour(name))
        ax.grid(alpha=0.25)
    for ax in axes[-1]:
        ax.set_xlabel(_("day"))
        ax.xaxis.set_tick_params(labelbottom=True)
    handles, labels = [], []
    for ax in axes.flat:
        for h, lab in zip(*ax.get_legend_handles_labels()):
            if lab not in labels:
                handles.append(h)
                labels.append(lab)
    fig.legend(handles, labels, loc="upper center", ncol=len(labels), frameon=False, fontsize=10,
               bbox_to_anchor=(0.5, 0.995))
    # Fixed margins instead of tight_layout and a tight bounding box: each of those draws the twelve plots
    # once more, and the figure's layout does not change from run to run.
    fig.subplots_adjust(left=0.045, right=0.99, bottom=0.05, top=0.94, hspace=0.42, wspace=0.16)
    return _png(fig, tight=False)


def _plot_title(name: str) -> str:
    label = indicator(name)
    return _("{indicator} (cost)").format(indicator=label) if name in COST_INDICATORS else label


def _title_colour(name: str) -> str:
    return "#8d6e63" if name in COST_INDICATORS else "black"


LANES = ("inject", "red", "detection", "command", "doctrine", "public", "news")
LANE_COLOURS = {"inject": "#6a1b9a", "red": "#c62828", "detection": "#ef6c00", "command": "#1565c0",
                "doctrine": "#64b5f6", "public": "#8d6e63", "news": "#9e9e9e"}


def timeline_plot(run: RunData) -> bytes:
    """Lanes of events over the days: injects, red operations (bars to their end), detections, orders, news."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(13, 3.6))
    lanes = {lane: i for i, lane in enumerate(reversed(LANES))}
    ended = {e["payload"].get("operation"): float(e["t"]) for e in run.events if e["kind"] == "operation.ended"}
    reds = 0
    for row in timeline(run):
        y, x = lanes[row["lane"]], row["t"] / 24.0
        if row["lane"] == "red":
            # Operations overlap in time: stagger their bars inside the lane so each stays visible.
            y += (reds % 3 - 1) * 0.25
            reds += 1
            end = ended.get(row["operation"], run.until) / 24.0
            ax.plot([x, end], [y, y], color=LANE_COLOURS["red"], alpha=0.45, linewidth=4, solid_capstyle="butt")
        ax.plot([x], [y], marker="|" if row["lane"] == "news" else "o", markersize=9 if row["lane"] == "news" else 6,
                color=LANE_COLOURS[row["lane"]], linestyle="none")
    ax.set_yticks(list(lanes.values()), [word(lane) for lane in lanes])
    ax.set_xlim(0, run.until / 24.0)
    ax.set_ylim(-0.7, len(LANES) - 0.3)
    ax.set_xlabel(_("day"))
    ax.grid(axis="x", alpha=0.25)
    fig.tight_layout()
    return _png(fig)


def heatmap_plot(heat: dict[str, Any]) -> bytes:
    """The lever x domain counts as a heat-map with the numbers written in."""
    plt = _pyplot()
    rows, columns = heat["rows"], heat["columns"]
    data = [[heat["counts"][r][c] for c in columns] for r in rows]
    fig, ax = plt.subplots(figsize=(max(6.0, 1.0 + 1.0 * len(columns)), 0.5 * len(rows) + 1.6))
    image = ax.imshow(data, cmap="Blues", aspect="auto", vmin=0, vmax=max(1, heat["max"]))
    ax.set_xticks(range(len(columns)), [word(c) for c in columns], rotation=35, ha="right")
    ax.set_yticks(range(len(rows)), [word(r) for r in rows])
    for i, row in enumerate(data):
        for j, value in enumerate(row):
            if value:
                ax.text(j, i, str(value), ha="center", va="center", fontsize=9,
                        color="white" if value > 0.6 * max(1, heat["max"]) else "black")
    ax.set_xlabel(_("domain hit (threads the orders answered)"))
    ax.set_ylabel(_("DIMEFIL lever"))
    from matplotlib.ticker import MaxNLocator

    bar = fig.colorbar(image, ax=ax, fraction=0.03, pad=0.02, label=_("orders"))
    bar.locator = MaxNLocator(integer=True)  # counts of orders: no half ticks
    bar.update_ticks()
    fig.tight_layout()
    return _png(fig)
