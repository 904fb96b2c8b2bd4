"""``weerbaar new ID [--from SCENARIO] [--out DIR] [--force]``: start a scenario a designer fills in.

Writes ``DIR/ID.yaml`` and ``DIR/ID.commands.yaml`` (DIR: the current folder unless ``--out``; made if
missing). Without ``--from`` they are a small, complete, commented template: every top-level key of
the format with a comment saying what it holds, one government body, one cell, one state actor with
one technique, one media outlet, a small population, one narrative, one objective and three injects,
and a command file with two orders. With ``--from SCENARIO`` (a bundled id or a file) they are a copy
of that scenario with ``id:`` set to ID and a header comment, and a copy of its command file (the
bundled one, or ``X.commands.yaml`` beside a file ``X.yaml``; a commented empty list if it has none).

Both files validate (``weerbaar validate``) and run (``weerbaar run``) as written: each is checked
before anything is written, and nothing is written if either fails. Their modeline points editors at
the JSON Schemas of this installation. Existing files are kept unless ``--force`` is given, and an
input is never written over. A bad ID is a usage error (exit 2), one line.
"""

from __future__ import annotations

import argparse
import re
import string
from pathlib import Path

from sim.i18n import N_, _
from ui.subcommands._common import EXIT_FAILED, EXIT_OK, EXIT_USAGE, err, err_lines, shown_text

NAME = "new"
HELP = N_("write a commented scenario and command file that validate and run, to fill in")

TEMPLATE = string.Template('''\
# yaml-language-server: $$schema=$schema
# $id: a new Weerbaar scenario, written by `weerbaar new $id`. It validates and runs as written:
#   weerbaar validate $id.yaml $id.commands.yaml
#   weerbaar run $id.yaml --commands $id.commands.yaml
# Every name below (actor kinds, techniques, actions, indicators, target kinds) is in the catalogue:
# `weerbaar catalogue` lists them, `weerbaar catalogue actions debunk` shows one in full.
# (The modeline above points editors at this installation's schema; `weerbaar schema --out .` puts a
# copy beside this file, after which `$$schema=scenario.schema.json` works anywhere.)

# id: how commands, replays and reports name the scenario (lower case, digits, - and _).
id: $id
# title: the scenario's name in `weerbaar scenarios`, the console and the after-action report.
title: "$title"
# summary: one line for `weerbaar scenarios`.
summary: "A state actor seeds a false claim; one crisis cell answers it."
# briefing: what the players are told at the start.
briefing: |
  Rivalia (a fictional state) has an interest in a distrustful Netherlands. Its broadcaster has a
  Dutch-language service. Signals suggest a campaign is coming.

  You are the national crisis cell. Keep public trust intact without touching press freedom.
# learning_objectives: what the exercise should teach; shown on the briefing screen and in the report.
learning_objectives:
  - "Recognise a disinformation campaign early and answer it without censorship."
# setting: where it plays (country, language as ISO 639-1, region).
setting: {country: Netherlands, language: nl, region: ""}
# start: the calendar start (an ISO date or date-time, quoted); day 1 begins here.
start: "2018-02-21T00:00"
# duration: how long the exercise runs.
duration: {days: 14}
# tick: the step of the periodic dynamics (population, indicators, sampling, triggers).
tick: {hours: 6}
# seed: the default seed (the same scenario, seed and commands give the same run).
seed: 1
# political_capital: what the government can spend on its heaviest measures and legislation (an
#   action's price: `weerbaar catalogue actions persona_non_grata`); it does not refill.
political_capital: 100
# election_day: when the vote is (a time, quoted), if the scenario has an election: election
#   safeguards must be in place before it. null: no election.
election_day: null
# exercise: the exercise overview for the after-action report (HSEEP AAR/IP): its name, sponsor,
#   venue, date held (quoted ISO date; the replay's recording date when empty), participants and
#   evaluators ({name, organisation, cell}), and a point of contact.
exercise:
  name: "$title"
  sponsor: ""
  venue: ""
  date: ""
  participants: []
  evaluators: []
  point_of_contact: ""
# indicators: starting values 0-100 (100 = intact); those left out start at 80.
#   Names: `weerbaar catalogue indicators`.
indicators:
  public_trust: 60
  fundamental_freedoms: 90

# cells: the roles players take; a cell nobody holds acts on doctrine (doctrine: true).
#   bodies: government_body actors the cell commands; actions: what it may order
#   (`weerbaar catalogue actions`; in this scenario: `weerbaar catalogue --scenario $id.yaml`).
cells:
  crisis-cell:
    title: "National crisis cell"
    bodies: [ministry]
    actions: [investigate, share_signals, debunk, awareness_campaign, demarche]
    doctrine: true

# actors: everyone who acts, by kind (`weerbaar catalogue actors`; one kind's parameters:
#   `weerbaar catalogue actors state_actor`).
actors:
  # A government body: carries out the cell's orders with its capacity (staff-days per day).
  - {id: ministry, kind: government_body, name: "Ministry of the Interior", capacity: 12, info_position: 0.3}
  # A state actor: its techniques (`weerbaar catalogue techniques`) and the narratives it pushes.
  - id: rivalia
    kind: state_actor
    name: "Rivalia"
    objectives: [public_trust]
    risk: balanced
    budget: 60
    techniques: [disinformation_campaign]
    narratives: [false-claim]
    start: "day 1"
    operational: "day 3"
  # A media outlet: who follows it (share of each population segment) and how far they believe it.
  - {id: rivalia-today, kind: media_outlet, name: "Rivalia Today (NL)", ownership: state_affiliated,
     sponsor: rivalia, credibility: 0.35, audience: {general: 0.05}}

# population: the synthetic citizens, in segments whose shares sum to 1.
population:
  size: 2000
  network: {model: sbm, mean_degree: 8, homophily: 0.7}
  segments:
    - {id: general, share: 1.0, trust: 0.55, media_literacy: 0.5}

# narratives: claims that can spread; targets are the indicators they attack when believed.
narratives:
  - {id: false-claim, claim: "The government hides what it knows", targets: [public_trust],
     spread: 0.5, stifle: 0.4, credibility: 0.4}

# suspects: who else could plausibly be behind the campaign, besides the state actors (kind
#   domestic_group, troll_farm, state or proxy); players weigh them when they attribute.
suspects:
  - {id: online-trolls, name: "a domestic group of online trolls", kind: domestic_group}

# objectives: what the score weighs (`weerbaar score`); target is the value to hold.
objectives:
  - {id: trust-held, indicator: public_trust, weight: 1, target: 55, description: "Public trust holds"}

# msel: the master scenario events list. An inject fires `at` a time ("day 2 09:00", quoted),
#   `when` a condition holds, or only when White fires it (contingency: true); `fires` sets off a
#   technique (`weerbaar catalogue techniques`) or a news item.
msel:
  - no: 1
    at: "day 2 09:00"
    from: "Monitoring unit"
    to: [crisis-cell]
    synopsis: "A claim that the government hides what it knows is spreading online."
    expected_action: "investigate rivalia; debunk false-claim"
    objective: trust-held
    fires: {technique: disinformation_campaign, actor: rivalia, target: false-claim}
  - no: 2
    when: "narrative false-claim reach > 0.1"
    from: "Newsroom"
    to: [crisis-cell]
    synopsis: "A national newspaper asks the ministry to respond to the claim."
    expected_action: "debunk false-claim; awareness_campaign"
    objective: trust-held
    critical: true
  - no: 3
    contingency: true
    from: "EXCON"
    to: [crisis-cell]
    synopsis: "A member of parliament asks whether a foreign state is behind the claim."
    expected_action: "demarche rivalia if the evidence holds"
    objective: trust-held
    controller_notes: "Fire if nobody has investigated by day 5."
''')

COMMANDS_TEMPLATE = string.Template('''\
# yaml-language-server: $$schema=$schema
# Commands for $id.yaml: `weerbaar run $id.yaml --commands $id.commands.yaml`.
# Each entry: at (a quoted time), cell (a cell of the scenario, or white), command
# (ACTION [TARGET] [key=value ...]). What each cell may order here, with the targets:
#   weerbaar catalogue --scenario $id.yaml --cell crisis-cell
# Cells named here are held by players; every other cell acts on its doctrine.
- {at: "day 2 10:00", cell: crisis-cell, command: "investigate rivalia"}
- {at: "day 3 09:00", cell: crisis-cell, command: "debunk false-claim"}
''')

EMPTY_COMMANDS = string.Template('''\
# yaml-language-server: $$schema=$schema
# Commands for $id.yaml (its source had no command file): `weerbaar run $id.yaml --commands $id.commands.yaml`.
# Each entry: {at: "day 2 10:00", cell: CELL, command: "ACTION [TARGET] [key=value ...]"}.
# What each cell may order here, with the targets: weerbaar catalogue --scenario $id.yaml
[]
''')

_ID_LINE = re.compile(r"^id:[ \t]*(\"[^\"\n]*\"|'[^'\n]*'|[^\s#]+)[ \t]*(#.*)?$", re.MULTILINE)
"""The scenario's top-level ``id:`` line (a block mapping's keys start in column 0)."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", metavar="ID", help=_("the new scenario's id (lower case, digits, - and _)"))
    parser.add_argument("--from", dest="source", metavar="SCENARIO",
                        help=_("copy this scenario (bundled id or file) and its command file instead of the template"))
    parser.add_argument("--out", metavar="DIR", default=".", help=_("folder to write ID.yaml and ID.commands.yaml in "
                                                                  "(default: the current folder)"))
    parser.add_argument("--force", action="store_true", help=_("replace ID.yaml and ID.commands.yaml if they exist"))


def id_problem(text: str) -> str | None:
    """Why ``text`` cannot be a scenario id (the schema's ``Identifier``), or None."""
    from pydantic import TypeAdapter, ValidationError

    from sim.scenario.schemabase import Identifier

    try:
        TypeAdapter(Identifier).validate_python(text)
    except ValidationError:
        return _("invalid scenario id {text!r}: use lower-case letters, digits, '-' and '_', starting with a "
                 "letter or digit, at most 64 characters").format(text=text)
    return None


def _modeline(schema: Path) -> str:
    """The modeline's target: this installation's schema, as a file URI (the new file lives elsewhere)."""
    return schema.resolve().as_uri()


def _schemas() -> tuple[str, str]:
    import scenarios

    return _modeline(scenarios.SCHEMA_FILE), _modeline(scenarios.HERE / "commands.schema.json")


def template_files(scenario_id: str) -> tuple[str, str]:
    """The template scenario and its command file for ``scenario_id``."""
    scenario_schema, commands_schema = _schemas()
    title = scenario_id.replace("-", " ").replace("_", " ").capitalize()
    return (TEMPLATE.substitute(id=scenario_id, title=title, schema=scenario_schema),
            COMMANDS_TEMPLATE.substitute(id=scenario_id, schema=commands_schema))


_OWN_HEADER = "by `weerbaar new "
"""What marks the header line :func:`copied_files` writes (a copy of a copy gets one header, not two)."""


def _with_header(text: str, schema: str, header: str) -> str:
    """``text`` with a modeline pointing at ``schema`` and the one-line ``header`` first.

    The text's own modeline (its schema path is relative to where it was) and an earlier copy's
    header are dropped.
    """
    from sim.scenario import MODELINE

    lines = text.splitlines(keepends=True)
    if lines and lines[0].startswith(MODELINE):
        lines = lines[1:]
    while lines and lines[0].startswith("#") and _OWN_HEADER in lines[0]:
        lines = lines[1:]
    return f"{MODELINE}{schema}\n{header}\n" + "".join(lines)


def copied_files(scenario_id: str, source: Path, source_ref: str, commands: Path | None) -> tuple[str, str]:
    """A copy of scenario ``source`` with ``id:`` set to ``scenario_id``, and a copy of its command file.

    ``source_ref`` is how the user named the source (a bundled id or a path), for the header.

    Raises:
        ValueError: the source has no top-level ``id:`` line to change (one line for the user).
    """
    from sim.scenario import read_text

    scenario_schema, commands_schema = _schemas()
    text = read_text(source)
    if not _ID_LINE.search(text):
        raise ValueError(_("{source}: no top-level `id:` line to change; copy the file and set its id by hand")
                         .format(source=source))
    text = _ID_LINE.sub(lambda m: f"id: {scenario_id}" + (f"  {m.group(2)}" if m.group(2) else ""), text, count=1)
    made = f"{_OWN_HEADER}{scenario_id} --from {source_ref}`"
    header = (f"# {scenario_id}: a copy of {source.name}, made {made}; check it with "
              f"`weerbaar validate {scenario_id}.yaml`, names it may use: `weerbaar catalogue`.")
    scenario_text = _with_header(text, scenario_schema, header)
    if commands is None:
        return scenario_text, EMPTY_COMMANDS.substitute(id=scenario_id, schema=commands_schema)
    commands_header = (f"# Commands for {scenario_id}.yaml: a copy of {commands.name}, made {made}; "
                       f"`weerbaar run {scenario_id}.yaml --commands {scenario_id}.commands.yaml`.")
    return scenario_text, _with_header(read_text(commands), commands_schema, commands_header)


def _source_commands(source: Path) -> Path | None:
    """The source's command file: ``X.commands.yaml`` beside ``X.yaml``.

    For a bundled scenario that is its bundled command file (:func:`scenarios.commands_for`).
    """
    beside = source.with_name(source.name.rsplit(".", 1)[0] + ".commands.yaml")
    return beside if beside.is_file() else None


def check_pair(scenario_id: str, scenario_text: str, commands_text: str, scenario_name: str,
               commands_name: str) -> None:
    """Validate the scenario, and the command file against it, as ``weerbaar validate`` would.

    Raises:
        ScenarioError: every problem, one ``file:line:col: path: message`` line each.
        ValueError: the scenario validates but its id is not ``scenario_id``.
    """
    from sim.scenario import parse_scenario
    from sim.scenario.command_file import parse_command_file

    loaded = parse_scenario(scenario_text, scenario_name)
    if loaded.scenario.id != scenario_id:  # the id line changed was not the scenario's id
        raise ValueError(_("{name}: the copy's id is {found!r}, not {wanted!r}; set it by hand").format(
            name=scenario_name, found=loaded.scenario.id, wanted=scenario_id))
    parse_command_file(commands_text, commands_name, loaded.scenario)


def _note_bundled_id(scenario_id: str, path: Path) -> None:
    """Warn when the new id is also a bundled scenario's: ``weerbaar run ID`` runs the bundled one."""
    import scenarios

    if scenario_id in scenarios.bundled():
        err("weerbaar new: " + _("note: {id} is also a bundled scenario; name yours by its file ({path}) when you "
                                 "run it").format(id=scenario_id, path=path))


def _texts(args: argparse.Namespace) -> tuple[str, str, tuple[Path | None, ...]]:
    """The two files' texts and the files they were made from (never to be written over).

    Raises:
        FileNotFoundError, ScenarioError, ValueError: the source cannot be copied.
    """
    if args.source is None:
        return (*template_files(args.id), ())
    from scenarios import resolve_scenario
    from sim.scenario import load_scenario

    source = resolve_scenario(args.source)
    load_scenario(source)  # a source that does not validate is not copied
    commands = _source_commands(source)
    return (*copied_files(args.id, source, args.source, commands), (source, commands))


def run(args: argparse.Namespace) -> int:
    from sim.outputs import OutputError, check_folder, write_atomic
    from sim.scenario import ScenarioError

    problem = id_problem(args.id)
    if problem:
        err(f"weerbaar new: {problem}")
        return EXIT_USAGE
    folder = Path(args.out)
    names = (f"{args.id}.yaml", f"{args.id}.commands.yaml")
    try:
        scenario_text, commands_text, inputs = _texts(args)
        check_pair(args.id, scenario_text, commands_text, str(folder / names[0]), str(folder / names[1]))
        check_folder(folder, names, force=args.force, inputs=inputs)
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in zip(names, (scenario_text, commands_text)):
            write_atomic(folder / name, text)
    except ScenarioError as exc:
        err_lines(exc.lines)
        return EXIT_FAILED
    except (FileNotFoundError, OutputError, ValueError) as exc:
        err(f"weerbaar new: {shown_text(exc)}")
        return EXIT_FAILED
    except OSError as exc:
        err(f"weerbaar new: {exc.filename or folder}: {exc.strerror or exc}")
        return EXIT_FAILED
    for name in names:
        print(_("wrote {path}").format(path=folder / name))
    _note_bundled_id(args.id, folder / names[0])
    print(_("next: weerbaar validate {scenario} {commands}; weerbaar catalogue --scenario {scenario}").format(
        scenario=folder / names[0], commands=folder / names[1]))
    return EXIT_OK
