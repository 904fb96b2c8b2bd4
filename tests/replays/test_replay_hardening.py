"""Items 2 and 4 of the hardening issue: replays with bad bytes or numbers, and forged header and footer fields.

Item 2: a line with bytes that are not UTF-8, ``NaN`` / ``Infinity`` / ``1e999`` in a number, a missing or
null indicator, or a footer ``end`` of ``1e308`` is a corrupt record: the reader names its line, keeps what
comes before it (as for a cut line), and every command reports it in one line instead of a traceback.

Item 4: ``verify`` checks what the header and footer claim — the footer's counts and end, the scenario id,
the presence of the scenario hash — and reads only an ``int`` version of at least 1 as a version.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from replays.format import ReplayError, read_replay

COMMANDS = """\
- {at: "day 1 10:00", cell: crisis, command: "investigate vostria"}
- {at: "day 2 09:00", cell: press, command: "share_signals"}
- {at: "day 3 08:00", cell: crisis, command: "cyber_hardening"}
"""
RAW = "\u0000raw\u0000"


@pytest.fixture(scope="module")
def mini_lines(tmp_path_factory, mini_scenario) -> list[bytes]:
    """Lines (bytes) of a five-day run of the mini scenario with player commands, as ``weerbaar run`` writes it."""
    from ui.cli import main

    folder = tmp_path_factory.mktemp("hardening")
    commands = folder / "mini.commands.yaml"
    commands.write_text(COMMANDS, encoding="utf-8")
    path = folder / "mini.jsonl"
    assert main(["run", str(mini_scenario), "--seed", "3", "--days", "5", "--commands", str(commands),
                 "--quiet", "--out", str(path)]) == 0
    return path.read_bytes().splitlines(keepends=True)


def numbered(lines: list[bytes], kind: str) -> list[int]:
    """Line numbers (1-based) of the records of type ``kind``."""
    return [i + 1 for i, line in enumerate(lines) if json.loads(line)["type"] == kind]


def edited(lines: list[bytes], number: int, change, raw: str | None = None) -> list[bytes]:
    """``lines`` with record ``number`` changed by ``change(record)``; :data:`RAW` in it becomes the ``raw`` token."""
    record = json.loads(lines[number - 1])
    change(record)
    text = json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    if raw is not None:
        text = text.replace(json.dumps(RAW), raw)
    out = list(lines)
    out[number - 1] = text.encode("utf-8") + b"\n"
    return out


def write(tmp_path: Path, lines: list[bytes], name: str = "bad.jsonl") -> Path:
    path = tmp_path / name
    path.write_bytes(b"".join(lines))
    return path


def set_indicator(value):
    return lambda r: r["indicators"].update(public_trust=value)


# -- item 2: the reader ---------------------------------------------------------------------------

SAMPLE_DAMAGE = {
    "non-UTF-8 bytes": (None, None),
    "NaN indicator": (set_indicator(RAW), "NaN"),
    "Infinity time": (lambda r: r.update(t=RAW), "Infinity"),
    "-Infinity indicator": (set_indicator(RAW), "-Infinity"),
    "1e999 indicator": (set_indicator(RAW), "1e999"),
    "5000-digit indicator": (set_indicator(RAW), "9" * 5000),
    "huge indicator": (set_indicator(10**30), None),
    "indicator above 100": (set_indicator(100.5), None),
    "negative indicator": (set_indicator(-1), None),
    "missing indicator": (lambda r: r["indicators"].pop("public_trust"), None),
    "null indicator": (set_indicator(None), None),
    "string indicator": (set_indicator("60"), None),
    "indicators as a list": (lambda r: r.update(indicators=list(r["indicators"].values())), None),
    "negative time": (lambda r: r.update(t=-1.0), None),
    "time going back": (lambda r: r.update(t=0.0), None),
    "time past until": (lambda r: r.update(t=1e6), None),
}


def damaged_sample(lines: list[bytes], how: str) -> tuple[list[bytes], int]:
    """``lines`` with the fourth sample record damaged as ``how`` says; returns the lines and its number."""
    number = numbered(lines, "sample")[3]
    change, raw = SAMPLE_DAMAGE[how]
    if change is None:
        out = list(lines)
        out[number - 1] = lines[number - 1][:40] + b"\xff\xfe" + lines[number - 1][40:]
        return out, number
    return edited(lines, number, change, raw), number


@pytest.mark.parametrize("how", sorted(SAMPLE_DAMAGE))
def test_a_damaged_sample_stops_the_reader_at_its_line(mini_lines, tmp_path, how):
    """A sample with bad bytes or a bad number is a corrupt record: named by line, everything before it kept."""
    lines, number = damaged_sample(mini_lines, how)
    replay = read_replay(write(tmp_path, lines))
    assert replay.footer is None and not replay.complete
    assert len(replay.problems) == 1
    assert replay.problems[0].startswith(f"line {number}: ")
    assert replay.problems[0].endswith(f"; read up to line {number - 1}")
    assert replay.lines[-1] == number - 1 and len(replay.records) == number - 2
    assert len(replay.samples) == 3


@pytest.mark.parametrize("token", ["1e308", "1e999", "NaN", "-1", '"120"'])
def test_a_footer_end_out_of_range_is_corrupt(mini_lines, tmp_path, token):
    """A footer ``end`` of 1e308 (or beyond the run, or not a number) is refused; every body record is kept."""
    lines = edited(mini_lines, len(mini_lines), lambda r: r.update(end=RAW), token)
    replay = read_replay(write(tmp_path, lines))
    assert replay.footer is None
    assert replay.problems[0].startswith(f"line {len(lines)}: ")
    assert replay.problems[0].endswith(f"; read up to line {len(lines) - 1}")
    assert len(replay.records) == len(lines) - 2


def test_a_footer_end_before_the_last_record_is_corrupt(mini_lines, tmp_path):
    """The footer cannot end the run before its last record."""
    lines = edited(mini_lines, len(mini_lines), lambda r: r.update(end=r["end"] - 12.0))
    replay = read_replay(write(tmp_path, lines))
    assert replay.footer is None and "before the record above it" in replay.problems[0]


def test_an_event_out_of_sequence_is_corrupt(mini_lines, tmp_path):
    """Events are numbered from 0 in file order: a dropped or repeated event line stops the reader there."""
    events = numbered(mini_lines, "event")
    dropped = mini_lines[: events[2] - 1] + mini_lines[events[2]:]
    replay = read_replay(write(tmp_path, dropped))
    # the reader stops at the next event line, which moved up one (other records may lie between events)
    assert replay.problems[0].startswith(f"line {events[3] - 1}: malformed event record: seq must be 2")


@pytest.mark.parametrize("change", [lambda r: r["payload"].pop("values"),
                                    lambda r: r["payload"].update(values=[1, 2]),
                                    lambda r: r["payload"].update(as_of="yesterday"),
                                    lambda r: r.update(visible_to="crisis"),
                                    lambda r: r.pop("source")],
                         ids=["no values", "values a list", "as_of text", "visible_to text", "no source"])
def test_an_event_whose_fields_readers_use_are_wrong_is_corrupt(mini_lines, tmp_path, change):
    """A poll without its values, or an event whose fields have the wrong type, stops the reader at its line."""
    number = next(n for n in numbered(mini_lines, "event") if json.loads(mini_lines[n - 1])["kind"] == "poll")
    replay = read_replay(write(tmp_path, edited(mini_lines, number, change)))
    assert replay.problems[0].startswith(f"line {number}: malformed event record")


@pytest.mark.parametrize("junk", [b"\xff\xfe", b"\xc3\x28", b"\xed\xa0\x80"])
def test_bad_bytes_in_the_header_are_one_replay_error(mini_lines, tmp_path, junk):
    """A header with bytes that are not UTF-8 is refused with one ReplayError naming line 1."""
    lines = list(mini_lines)
    lines[0] = lines[0][:60] + junk + lines[0][60:]
    path = write(tmp_path, lines)
    with pytest.raises(ReplayError) as info:
        read_replay(path)
    assert str(info.value).startswith(f"{path}:1: header: bytes that are not UTF-8")
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("token", ["NaN", "Infinity", "1e999"])
def test_a_bad_number_in_the_header_is_one_replay_error(mini_lines, tmp_path, token):
    """NaN, Infinity or 1e999 in the header (here its ``until``) is refused, naming line 1."""
    path = write(tmp_path, edited(mini_lines, 1, lambda r: r.update(until=RAW), token))
    with pytest.raises(ReplayError, match=r":1: header: "):
        read_replay(path)


def test_the_writer_output_reads_without_problems(mini_lines, tmp_path):
    """The checks refuse nothing the writer writes (commands keep exact times, events are rounded)."""
    replay = read_replay(write(tmp_path, mini_lines))
    assert replay.complete and replay.problems == []
    assert replay.footer_line == len(mini_lines)
    assert len(replay.records) == len(mini_lines) - 2 and replay.commands


# -- item 2: every command ------------------------------------------------------------------------

LOCATED = re.compile(r"line \d+|:\d+:")


def one_located_line(text: str, path: Path, number: int) -> str:
    """The single non-empty line of ``text``, checked to name ``path`` and line ``number``."""
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == 1, lines
    assert str(path) in lines[0], lines[0]
    assert f"line {number}" in lines[0] or f"{path}:{number}:" in lines[0], lines[0]
    return lines[0]


@pytest.fixture
def nan_sample(mini_lines, tmp_path) -> tuple[Path, int]:
    """A replay whose fourth sample holds NaN: the records before it are usable."""
    lines, number = damaged_sample(mini_lines, "NaN indicator")
    return write(tmp_path, lines, "nan.jsonl"), number


@pytest.fixture
def bad_first_sample(mini_lines, tmp_path) -> tuple[Path, int]:
    """A replay whose first body line (a sample) has bytes that are not UTF-8: nothing usable."""
    lines = list(mini_lines)
    lines[1] = lines[1][:20] + b"\xff" + lines[1][20:]
    return write(tmp_path, lines, "bytes.jsonl"), 2


def test_verify_reports_a_bad_number_in_one_line(cli, nan_sample):
    """verify of a replay with NaN in a sample fails (exit 1) in one line naming the file and the line."""
    path, number = nan_sample
    result = cli("verify", path)
    assert result.code == 1
    line = one_located_line(result.output, path, number)
    assert "incomplete" in line and "Traceback" not in result.output


@pytest.mark.parametrize("command", ["score", "export"])
def test_score_and_export_warn_and_use_what_comes_before(cli, nan_sample, tmp_path, command):
    """score and export of a replay with NaN in a sample warn in one located line and use the records before it."""
    path, number = nan_sample
    extra = ["--out", tmp_path / "out"] if command == "export" else []
    result = cli(command, path, *extra)
    assert result.code == 0, result.output
    assert "warning" in one_located_line(result.err, path, number)


@pytest.mark.parametrize("command", ["score", "compare"])
def test_score_and_compare_refuse_a_replay_without_usable_samples_in_one_line(cli, bad_first_sample, command):
    """score and compare of a replay whose first sample has bad bytes exit 1 in one line naming that line."""
    path, number = bad_first_sample
    result = cli(command, path)
    assert result.code == 1
    assert "no indicator samples" in one_located_line(result.err, path, number)


def test_review_warns_and_reports_on_what_comes_before(cli, nan_sample, tmp_path):
    """review of a replay with NaN in a sample warns in one located line and writes the report of the prefix."""
    path, number = nan_sample
    result = cli("review", path, "--no-explain", "--out", tmp_path / "review")
    assert result.code == 0, result.output
    assert "warning" in one_located_line(result.err, path, number)
    assert (tmp_path / "review" / "report.html").exists()


def test_review_refuses_a_replay_without_usable_samples_in_one_line(cli, bad_first_sample, tmp_path):
    """review of a replay with nothing usable exits 1 in one located line."""
    path, number = bad_first_sample
    result = cli("review", path, "--no-explain", "--out", tmp_path / "review")
    assert result.code == 1
    one_located_line(result.err, path, number)


def test_compare_warns_about_a_cut_replay(cli, nan_sample, mini_lines, tmp_path):
    """compare ranks a damaged replay on what comes before its bad line, and says so in one located line."""
    path, number = nan_sample
    result = cli("compare", path, write(tmp_path, mini_lines, "intact.jsonl"))
    assert result.code == 0, result.output
    assert "warning" in one_located_line(result.err, path, number)


@pytest.mark.parametrize("token", ["1e308", "1e999"])
def test_no_command_trusts_a_footer_end_of_1e308(cli, mini_lines, tmp_path, token):
    """A footer ``end`` of 1e308 is refused by the reader, so score scores the records and verify fails in one line."""
    path = write(tmp_path, edited(mini_lines, len(mini_lines), lambda r: r.update(end=RAW), token))
    score = cli("score", path, "--json")
    assert score.code == 0
    assert json.loads(score.out)["until"] == json.loads(mini_lines[-2])["t"]
    one_located_line(score.err, path, len(mini_lines))
    verify = cli("verify", path)
    assert verify.code == 1
    one_located_line(verify.output, path, len(mini_lines))


def test_the_viewer_opens_a_damaged_replay_as_far_as_it_is_whole(nan_sample, bad_first_sample):
    """The replay viewer's loader opens a damaged replay up to its bad line, and one with no usable samples too."""
    from ui.console.timeline import Timeline

    path, number = nan_sample
    timeline = Timeline.open(path)
    assert len(timeline.samples) == 3 and timeline.replay.problems[0].startswith(f"line {number}:")
    assert timeline.view("white", timeline.end).as_of == timeline.samples[-1]["t"]
    path, number = bad_first_sample
    timeline = Timeline.open(path)
    assert timeline.samples == [] and timeline.replay.problems[0].startswith(f"line {number}:")
    assert timeline.view("white", 0.0).indicators == timeline.start_values


def test_a_header_scenario_that_does_not_validate_is_one_line(cli, mini_lines, tmp_path):
    """A header without a hash whose scenario text no longer validates is refused in one line by every reader."""
    def break_text(record):
        del record["scenario_sha256"]
        record["scenario_text"] = record["scenario_text"].replace("days: 10", "days: -1").replace("tick:", "tock:")

    path = write(tmp_path, edited(mini_lines, 1, break_text))
    for argv in (["score", path], ["export", path, "--out", tmp_path / "out"], ["compare", path], ["verify", path]):
        result = cli(*argv)
        assert result.code == 1, argv
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and str(path) in lines[0] and LOCATED.search(lines[0]), (argv, lines)
        assert "header.scenario_text:" in lines[0] and "(and 1 more problem)" in lines[0], (argv, lines)


# -- item 4: verify does not believe the header and the footer ------------------------------------


def test_the_intact_replay_verifies(cli, mini_lines, tmp_path):
    """The replay every forgery below starts from verifies, so each failure below is the forgery's."""
    result = cli("verify", write(tmp_path, mini_lines))
    assert result.code == 0, result.output


@pytest.mark.parametrize("key, delta", [("events", 1), ("events", -1), ("samples", 1), ("samples", -1),
                                        ("commands", 1), ("commands", -3)])
def test_forged_footer_counts_fail(cli, mini_lines, tmp_path, key, delta):
    """A footer whose event, sample or command count is not what the file holds fails verify in one line."""
    path = write(tmp_path, edited(mini_lines, len(mini_lines), lambda r: r.update({key: r[key] + delta})))
    result = cli("verify", path)
    assert result.code == 1
    line = one_located_line(result.output, path, len(mini_lines))
    assert "FAILED" in line and f"footer: {key}" in line


@pytest.mark.parametrize("change, needle", [
    (lambda r: r.update(scenario_id="another-scenario"), "scenario_id 'another-scenario'"),
    (lambda r: r.pop("scenario_id"), "scenario_id None"),
    (lambda r: r.pop("scenario_sha256"), "no scenario_sha256"),
    (lambda r: r.update(scenario_sha256=None), "no scenario_sha256"),
    (lambda r: r.update(until=10_000.0), "until 10000 is past the scenario's end"),
], ids=["scenario_id mismatch", "no scenario_id", "no scenario_sha256", "null scenario_sha256", "until past the end"])
def test_forged_header_fields_fail(cli, mini_lines, tmp_path, change, needle):
    """A header whose scenario id is not the text's, or that lacks the scenario hash, fails verify in one line."""
    path = write(tmp_path, edited(mini_lines, 1, change))
    result = cli("verify", path)
    assert result.code == 1
    line = one_located_line(result.output, path, 1)
    assert needle in line


@pytest.mark.parametrize("token", ["0", "-1", '"1"', "1.0", "true", "null", "[1]"])
def test_invalid_versions_are_invalid_not_newer(cli, mini_lines, tmp_path, token):
    """Versions 0, -1, "1", 1.0, true (and null) are refused as invalid — not read as 1, not called newer."""
    path = write(tmp_path, edited(mini_lines, 1, lambda r: r.update(version=RAW), token))
    with pytest.raises(ReplayError) as info:
        read_replay(path)
    message = str(info.value)
    assert message == (f"{path}:1: header: invalid replay format version {json.dumps(json.loads(token))} "
                       f"(expected a whole number from 1 to 1)")
    result = cli("verify", path)
    assert result.code == 1 and "newer" not in result.output
    assert result.err.strip() == message


def test_a_newer_version_is_still_newer(mini_lines, tmp_path):
    """Version 2 is a newer format: refused with the upgrade hint."""
    path = write(tmp_path, edited(mini_lines, 1, lambda r: r.update(version=2)))
    with pytest.raises(ReplayError, match=r":1: replay format version 2 is newer .* upgrade weerbaar"):
        read_replay(path)


@pytest.mark.parametrize("command", ["score", "compare", "review"])
def test_a_cut_replay_with_a_bad_header_fails_in_one_line_without_a_warning(cli, mini_lines, tmp_path, command):
    """A damaged replay whose header also fails (players naming no cell) is one error line, not a warning and an error."""
    lines, _ = damaged_sample(mini_lines, "NaN indicator")
    path = write(tmp_path, edited(lines, 1, lambda r: r.update(players=["nobody"])))
    result = cli(command, path, *(["--no-explain", "--out", tmp_path / "review"] if command == "review" else []))
    assert result.code == 1
    assert "no cell 'nobody'" in one_located_line(result.err, path, 1)
