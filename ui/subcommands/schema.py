"""``weerbaar schema``: write the JSON Schemas of scenario and command files for editors.

Without ``--out`` it regenerates the bundled schemas (files this command owns). With ``--out DIR`` a
schema file already there is replaced only if it is identical or ``--force`` is given. Files are
written atomically.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from sim.i18n import N_, _
from ui.subcommands._common import EXIT_FAILED, EXIT_OK, err, shown_text

NAME = "schema"
HELP = N_("write the JSON Schemas of scenario and command files for editors")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", metavar="DIR", help=_("folder to write them to (default: the bundled scenarios folder)"))
    parser.add_argument("--force", action="store_true", help=_("replace different schema files already in --out"))


def schema_texts() -> dict[str, str]:
    """The JSON Schemas for editors, by file name: scenario files and command files."""
    from sim.scenario.schema import command_file_model, scenario_model

    out = {}
    for name, model in (("scenario.schema.json", scenario_model()), ("commands.schema.json", command_file_model())):
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **model.model_json_schema(by_alias=True)}
        out[name] = json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    return out


def run(args: argparse.Namespace) -> int:
    from scenarios import HERE
    from sim.outputs import OutputError, check_target, write_atomic

    folder = Path(args.out) if args.out else HERE
    texts = schema_texts()
    try:
        for name, text in texts.items():
            path = folder / name
            unchanged = path.is_file() and path.read_bytes() == text.encode("utf-8")
            # The bundled folder holds this command's own output; elsewhere a different file may be the user's.
            check_target(path, force=args.force or unchanged or args.out is None, what="schema")
    except OutputError as exc:
        err(f"weerbaar schema: {shown_text(exc)}")
        return EXIT_FAILED
    except OSError as exc:
        err(f"weerbaar schema: {shown_text(exc)}")
        return EXIT_FAILED
    for name, text in texts.items():
        path = folder / name
        try:
            write_atomic(path, text)
        except OSError as exc:
            err(f"weerbaar schema: {path}: {exc.strerror}")
            return EXIT_FAILED
        print(_("wrote {path}").format(path=path))
    return EXIT_OK
