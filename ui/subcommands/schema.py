"""``weerbaar schema``: write the JSON Schemas of scenario and command files for editors."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ui.subcommands._common import EXIT_FAILED, EXIT_OK, err

NAME = "schema"
HELP = "write the JSON Schemas of scenario and command files for editors"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", metavar="DIR", help="folder to write them to (default: the bundled scenarios folder)")


def schema_texts() -> dict[str, str]:
    """The JSON Schemas for editors, by file name: scenario files and command files."""
    from sim.schema import command_file_model, scenario_model

    out = {}
    for name, model in (("scenario.schema.json", scenario_model()), ("commands.schema.json", command_file_model())):
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **model.model_json_schema(by_alias=True)}
        out[name] = json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    return out


def run(args: argparse.Namespace) -> int:
    from scenarios import HERE

    folder = Path(args.out) if args.out else HERE
    for name, text in schema_texts().items():
        path = folder / name
        try:
            path.write_text(text, encoding="utf-8")
        except OSError as exc:
            err(f"weerbaar schema: {path}: {exc.strerror}")
            return EXIT_FAILED
        print(f"wrote {path}")
    return EXIT_OK
