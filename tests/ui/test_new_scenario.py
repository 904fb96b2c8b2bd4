"""``weerbaar new``: the template and a copy of a bundled scenario validate and run as written, and a
designer who fills the template using only names from ``weerbaar catalogue --json`` gets a scenario
that validates, runs and scores."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
import yaml

from sim.scenario import MODELINE
from sim.scenario.yamlsafe import load_yaml


@pytest.fixture
def new_demo(cli, tmp_path) -> tuple[Path, Path]:
    """``weerbaar new demo --out tmp``: the scenario and command file it writes."""
    out = tmp_path / "tmp"
    result = cli("new", "demo", "--out", out)
    assert result.code == 0, result.output
    return out / "demo.yaml", out / "demo.commands.yaml"


def _first(entries: list[dict], besides: list[str] = (), **want) -> dict:
    """The first catalogue entry (they are sorted by name) not in ``besides`` whose fields have the wanted values."""
    return next(e for e in entries if e["name"] not in besides and all(e.get(k) == v for k, v in want.items()))


def _fill(scenario: dict, catalogue: dict) -> None:
    """Add to the template only what the catalogue names: an actor kind, a technique, actions, an indicator."""
    platform_kind = _first(catalogue["actors"], name="platform")
    required = [f["name"] for f in platform_kind["fields"] if f["required"]]
    assert required == ["id", "kind"], "a platform needs only what its usage line says"
    scenario["actors"].append({"id": "socialnet", "kind": platform_kind["name"]})

    state = next(a for a in scenario["actors"] if a["kind"] == "state_actor")
    technique = _first(catalogue["techniques"], state["techniques"], target="narrative", needs_staff=False)
    state["techniques"].append(technique["name"])
    narrative = scenario["narratives"][0]["id"]
    scenario["msel"].append({"no": 4, "at": "day 2 12:00", "to": ["crisis-cell"],
                             "synopsis": "Bots push the claim on SocialNet.",
                             "fires": {"technique": technique["name"], "actor": state["id"], "target": narrative}})

    # An action for each kind of target the filled scenario declares that the cell cannot aim at yet.
    cell = scenario["cells"]["crisis-cell"]
    kinds = {e["target"] for e in catalogue["actions"] if e["name"] in cell["actions"]}
    for kind in ("none", "narrative", "segment", "platform"):
        if kind not in kinds:
            action = _first(catalogue["actions"], cell["actions"], target=kind, heavy_handed=False)
            cell["actions"].append(action["name"])

    indicator = _first(catalogue["indicators"], population=False)
    scenario["objectives"].append({"id": "held-2", "indicator": indicator["name"], "target": 60})


def _commands(orders: dict) -> list[dict]:
    """One command per order the cell may give, aimed at the first target the scenario declares for it."""
    entries = []
    for hour, order in enumerate(orders["orders"]):
        target = order["targets"][0] if order["targets"] else ""
        text = f"{order['name']} {target}".strip()
        entries.append({"at": f"{8 + hour}h", "cell": orders["cell"], "command": text})
    return entries


def test_template_filled_from_the_catalogue_validates_runs_and_scores(cli, new_demo, tmp_path):
    """The issue's test: ``new``, then only catalogue names, then validate, run and score all exit 0."""
    scenario_path, commands_path = new_demo
    catalogue = json.loads(cli("catalogue", "--json").out)
    # The project's loader, not yaml.safe_load: YAML 1.1 would read the MSEL's `no:` keys as false.
    scenario = load_yaml(scenario_path.read_text(encoding="utf-8")).data
    _fill(scenario, catalogue)
    scenario_path.write_text(yaml.safe_dump(scenario, sort_keys=False, allow_unicode=True), encoding="utf-8")

    listed = cli("catalogue", "--scenario", scenario_path, "--cell", "crisis-cell", "--json")
    assert listed.code == 0, listed.output
    [orders] = json.loads(listed.out)["cells"]
    assert [o["name"] for o in orders["orders"]] == scenario["cells"]["crisis-cell"]["actions"]
    commands_path.write_text(yaml.safe_dump(_commands(orders), sort_keys=False), encoding="utf-8")

    checked = cli("validate", scenario_path, commands_path)
    assert checked.code == 0, checked.output
    replay = tmp_path / "demo.jsonl"
    ran = cli("run", scenario_path, "--commands", commands_path, "--days", 3, "--quiet", "--out", replay)
    assert ran.code == 0, ran.output
    records = [json.loads(line) for line in replay.read_text(encoding="utf-8").splitlines()]
    accepted = [r for r in records if r.get("kind") == "command.accepted"]
    refused = [r["payload"] for r in records if r.get("kind") == "command.refused"]
    assert len(accepted) == len(orders["orders"]) and not refused, refused
    scored = cli("score", replay, "--json")
    assert scored.code == 0, scored.output
    assert {o["id"] for o in json.loads(scored.out)["objectives"]} == {"trust-held", "held-2"}


def test_the_template_validates_and_runs_as_written(cli, new_demo, tmp_path):
    """Unedited, both files validate and run; the modeline points at a schema file that exists."""
    scenario_path, commands_path = new_demo
    checked = cli("validate", scenario_path, commands_path)
    assert checked.code == 0, checked.output
    ran = cli("run", scenario_path, "--commands", commands_path, "--days", 3, "--quiet", "--out", tmp_path / "r.jsonl")
    assert ran.code == 0, ran.output
    for path in new_demo:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith(MODELINE)
        assert Path(unquote(urlparse(first[len(MODELINE):]).path)).is_file()


def test_every_top_level_key_of_the_format_is_in_the_template_with_a_comment(new_demo):
    """Each key of the scenario model is written out, under a comment that names it."""
    from sim.scenario.schema import scenario_model

    lines = new_demo[0].read_text(encoding="utf-8").splitlines()
    for name, field in scenario_model().model_fields.items():
        key = field.alias or name
        at = next((i for i, line in enumerate(lines) if re.match(rf"^{key}:", line)), None)
        assert at is not None, f"{key}: not in the template"
        comments = []
        for line in reversed(lines[:at]):
            if not line.startswith("#"):
                break
            comments.append(line)
        assert any(key in c for c in comments), f"{key}: no comment above it says what it is"


def test_new_from_a_bundled_scenario_copies_it_and_its_commands(cli, tmp_path):
    """``--from municipal-elections``: the copy has the new id, a header, the command file; both validate and run."""
    import scenarios

    result = cli("new", "my-elections", "--from", "municipal-elections", "--out", tmp_path)
    assert result.code == 0, result.output
    scenario_path, commands_path = tmp_path / "my-elections.yaml", tmp_path / "my-elections.commands.yaml"
    text = scenario_path.read_text(encoding="utf-8")
    assert re.search(r"^id: my-elections$", text, re.MULTILINE)
    assert "municipal-elections" in text.splitlines()[1]  # the header says where it came from
    bundled_commands = scenarios.commands_for("municipal-elections").read_text(encoding="utf-8")
    assert commands_path.read_text(encoding="utf-8").endswith(bundled_commands.split("\n", 1)[1])
    checked = cli("validate", scenario_path, commands_path)
    assert checked.code == 0, checked.output
    ran = cli("run", scenario_path, "--commands", commands_path, "--days", 3, "--quiet", "--out", tmp_path / "r.jsonl")
    assert ran.code == 0, ran.output


def test_a_copy_without_a_command_file_gets_an_empty_one_that_validates(cli, tmp_path, mini_scenario):
    """A source with no command file beside it: the new command file is a commented empty list."""
    result = cli("new", "small", "--from", mini_scenario, "--out", tmp_path)
    assert result.code == 0, result.output
    assert yaml.safe_load((tmp_path / "small.commands.yaml").read_text(encoding="utf-8")) == []
    checked = cli("validate", tmp_path / "small.yaml", tmp_path / "small.commands.yaml")
    assert checked.code == 0, checked.output


@pytest.mark.parametrize("bad", ["Demo", "my scenario", "_demo", "a" * 65, "démo"])
def test_a_bad_id_is_a_usage_error_in_one_line(cli, tmp_path, bad):
    """An id the scenario format would refuse: exit 2, one line, nothing written."""
    result = cli("new", bad, "--out", tmp_path)
    assert result.code == 2
    assert len(result.err.splitlines()) == 1 and "invalid scenario id" in result.err
    assert list(tmp_path.iterdir()) == []


def test_existing_files_are_kept_unless_forced(cli, new_demo):
    """A second ``new demo`` refuses and leaves the files as they were; ``--force`` replaces them."""
    scenario_path, _ = new_demo
    scenario_path.write_text("# mine\n", encoding="utf-8")
    again = cli("new", "demo", "--out", scenario_path.parent)
    assert again.code == 1
    assert len(again.err.splitlines()) == 1 and "--force" in again.err
    assert scenario_path.read_text(encoding="utf-8") == "# mine\n"
    forced = cli("new", "demo", "--out", scenario_path.parent, "--force")
    assert forced.code == 0, forced.output
    assert scenario_path.read_text(encoding="utf-8").startswith(MODELINE)


def test_never_written_over_its_own_source(cli, tmp_path, mini_scenario):
    """``new mini --from DIR/mini.yaml --out DIR --force`` would replace the input: refused even forced."""
    source = tmp_path / "mini.yaml"
    source.write_bytes(mini_scenario.read_bytes())
    result = cli("new", "mini", "--from", source, "--out", tmp_path, "--force")
    assert result.code == 1
    assert "input" in result.err and len(result.err.splitlines()) == 1
    assert source.read_bytes() == mini_scenario.read_bytes()


def test_an_unknown_source_is_one_line(cli, tmp_path):
    """``--from`` something that is neither a bundled id nor a file: exit 1, one line, nothing written."""
    result = cli("new", "demo", "--from", "municipal-elektions", "--out", tmp_path)
    assert result.code == 1
    assert len(result.err.splitlines()) == 1 and "municipal-elektions" in result.err
    assert list(tmp_path.iterdir()) == []
