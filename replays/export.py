"""Export a replay as CSV for pandas and spreadsheets: events, commands, indicator series, population.

* ``events.csv`` — one row per event: ``seq, t_hours, day, clock, kind, source,
  target, visible_to, tags, payload`` (lists joined with ``;``, the payload as
  canonical JSON text);
* ``commands.csv`` — what players and White submitted: ``t_hours, day, clock, cell,
  text, outcome`` (``accepted`` / ``refused``), ``order``, ``reason``;
* ``series.csv`` — the twelve indicators at every sample: ``t_hours, day, <indicator>...``
  (the nine resilience dimensions, then the three cost indicators, which are empty
  cells for a replay recorded before they existed);
* ``population.csv`` — when the replay has a population: its per-sample summary
  flattened to dotted columns (``narratives.rigged-count.reach``,
  ``polarisation.bimodality``, ``trust.general`` ...); the 100-bin opinion
  histogram is left out (it is in the replay).

Every file has a header row and one record per line, so ``pandas.read_csv`` reads
each directly.

Text a spreadsheet would run as a formula — a cell starting with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return, such as a command a player typed — gets
a leading ``'`` (:func:`sim.scenario.msel.escape_cell`, the rule of
``docs/msel-csv.md``); numbers are written as numbers, so ``-3`` stays a number.

Nothing is overwritten unasked: :func:`export_replay` refuses a folder that
already holds one of the files it would write unless ``force``, and never writes
over the replay itself; each file is written atomically
(:func:`sim.outputs.write_atomic`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from replays.format import Replay, header_scenario, read_replay
from replays.score import command_outcomes
from sim.events import dumps
from sim.outputs import check_folder, write_atomic
from sim.scenario.msel import escape_cell
from sim.scenario.schemabase import INDICATOR_NAMES
from sim.timeexpr import describe, parse_start

FILES = ("events.csv", "commands.csv", "series.csv", "population.csv")
"""The files :func:`export_replay` may write (``population.csv`` only for a replay with a population)."""


def _safe(value: Any) -> Any:
    """Text with formula characters escaped; numbers (and everything else) as they are."""
    return escape_cell(value) if isinstance(value, str) else value


def _write(path: Path, header: list[str], rows: Iterable[Iterable[Any]]) -> Path:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_safe(name) for name in header])
    writer.writerows([_safe(value) for value in row] for row in rows)
    write_atomic(path, out.getvalue())
    return path


def file_names(replay: Replay) -> list[str]:
    """The names :func:`export_replay` writes for ``replay``."""
    with_population = any(s.get("population") for s in replay.samples)
    return [name for name in FILES if with_population or name != "population.csv"]


def _flatten(value: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested dicts to dotted keys; lists (the opinion histogram) are skipped."""
    out: dict[str, Any] = {}
    for key, item in value.items():
        name = f"{prefix}{key}"
        if isinstance(item, Mapping):
            out.update(_flatten(item, name + "."))
        elif not isinstance(item, list):
            out[name] = item
    return out


def export_replay(replay: str | Replay, out: str | Path, *, force: bool = False) -> dict[str, Path]:
    """Write the CSV files into ``out``; returns their paths by name.

    Raises:
        OutputError: ``out`` already holds one of the files (and not ``force``), or one of them is the replay.
    """
    replay = read_replay(replay) if not isinstance(replay, Replay) else replay
    scenario = header_scenario(replay).scenario  # one line if the header's text does not validate
    folder = check_folder(out, file_names(replay), force=force, inputs=(replay.path,))
    folder.mkdir(parents=True, exist_ok=True)
    start = parse_start(scenario.start)
    when = lambda t: [float(t), round(float(t) / 24.0, 4), describe(float(t), start)]  # noqa: E731
    paths = {}
    paths["events.csv"] = _write(
        folder / "events.csv",
        ["seq", "t_hours", "day", "clock", "kind", "source", "target", "visible_to", "tags", "payload"],
        ([e["seq"], *when(e["t"]), e["kind"], e["source"], e.get("target", ""), ";".join(e.get("visible_to", ())),
          ";".join(e.get("tags", ())), dumps(e.get("payload", {}))] for e in replay.events))
    rows = []
    for c, outcome in zip(replay.commands, command_outcomes(replay.events, len(replay.commands))):
        accepted = outcome is not None and outcome["kind"] == "command.accepted"
        rows.append([*when(c["t"]), c["cell"], c["text"],
                     "" if outcome is None else ("accepted" if accepted else "refused"),
                     outcome["payload"].get("order", "") if accepted else "",
                     outcome["payload"].get("reason", "") if outcome is not None and not accepted else ""])
    paths["commands.csv"] = _write(folder / "commands.csv",
                                   ["t_hours", "day", "clock", "cell", "text", "outcome", "order", "reason"], rows)
    paths["series.csv"] = _write(
        folder / "series.csv", ["t_hours", "day", *INDICATOR_NAMES],
        ([float(s["t"]), round(float(s["t"]) / 24.0, 4), *(s["indicators"].get(n, "") for n in INDICATOR_NAMES)]
         for s in replay.samples))
    population = [(s["t"], _flatten(s["population"])) for s in replay.samples if s.get("population")]
    if population:
        columns: list[str] = []
        for _, flat in population:
            columns += [k for k in flat if k not in columns]
        paths["population.csv"] = _write(
            folder / "population.csv", ["t_hours", "day", *columns],
            ([float(t), round(float(t) / 24.0, 4), *(flat.get(k, "") for k in columns)] for t, flat in population))
    return paths
