"""`weerbaar review` and `weerbaar export` never overwrite unasked and write atomically; their CSV cells
cannot run as spreadsheet formulas; report.md shows scenario and player text without letting it add
HTML, links or images or break a table."""

from __future__ import annotations

import csv
import json
import os
import re
import shutil

import pytest

import scenarios
from replays.runner import TimedCommand, run_headless

EVIL = "<script>alert(1)</script> [x](javascript:alert(1)) | a | b"
DAYS = 3


@pytest.fixture(scope="module")
def short_replay(tmp_path_factory, default_commands):
    """Three days of the default scenario with its command file: a replay that reviews quickly."""
    folder = tmp_path_factory.mktemp("short")
    path = folder / "group-a.jsonl"
    run_headless(None, seed=7, commands=default_commands, out=path, days=DAYS)
    return path


@pytest.fixture
def replay(short_replay, tmp_path):
    """A copy of the short replay in the test's own folder."""
    path = tmp_path / "group-a.jsonl"
    shutil.copyfile(short_replay, path)
    return path


def _snapshot(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


# ------------------------------------------------------------------------------------------- 5. review


def test_review_default_folder_gets_a_fresh_name_when_taken(cli, replay):
    """A second review without --out goes to <replay>-review-2; the first report is untouched."""
    assert cli("review", replay, "--no-explain").code == 0
    first = replay.with_name("group-a-review")
    before = _snapshot(first)
    assert {"report.html", "report.md", "series.csv", "score.json", "indicators.png"} <= set(before)
    result = cli("review", replay, "--no-explain")
    assert result.code == 0, result.output
    assert f"report: {replay.with_name('group-a-review-2') / 'report.html'}" in result.out
    assert _snapshot(first) == before


def test_review_refuses_an_explicit_folder_with_a_report_before_any_rerun(cli, replay, tmp_path, monkeypatch):
    """--out holding report files is refused in one line (before the costly re-runs); --force replaces them."""
    import replays.review

    out = tmp_path / "aar"
    out.mkdir()
    (out / "report.md").write_text("the hot wash notes\n", encoding="utf-8")
    (out / "keep.txt").write_text("unrelated\n", encoding="utf-8")

    def no_rerun(*args, **kwargs):
        raise AssertionError("the review was built although its folder is refused")

    with monkeypatch.context() as patch:
        patch.setattr(replays.review, "build_review", no_rerun)
        result = cli("review", replay, "--out", out, "--no-explain")
    assert result.code == 1 and result.out == ""
    assert result.err.splitlines() == [f"weerbaar review: {out}: already holds report.md; use --force to replace, "
                                       "or choose another folder"]
    assert (out / "report.md").read_text(encoding="utf-8") == "the hot wash notes\n"

    result = cli("review", replay, "--out", out, "--no-explain", "--force")
    assert result.code == 0, result.output
    assert (out / "report.md").read_text(encoding="utf-8").startswith("# After-Action Report")
    assert (out / "keep.txt").read_text(encoding="utf-8") == "unrelated\n"


def test_review_never_writes_over_its_replay(cli, replay, tmp_path):
    """A replay that would be one of the report's files is refused even with --force."""
    out = tmp_path / "aar"
    out.mkdir()
    inside = out / "score.json"
    shutil.copyfile(replay, inside)
    result = cli("review", inside, "--out", out, "--no-explain", "--force")
    assert result.code == 1 and len(result.err.splitlines()) == 1 and "is also an input" in result.err
    assert inside.read_bytes() == replay.read_bytes()


def test_review_files_are_written_atomically(replay, tmp_path, monkeypatch):
    """If a rename fails, every earlier file is either whole and old or whole and new, and no temporary is left."""
    from replays.review import build_review, write_review

    review = build_review(replay, explain=False)
    out = tmp_path / "aar"
    write_review(review, out)
    new = _snapshot(out)
    for path in out.iterdir():
        path.write_bytes(b"old " + path.name.encode())
    real = os.replace
    replaced: list[str] = []

    def fail_third(src, dst):
        if len(replaced) == 2:
            raise OSError(28, "No space left on device")
        real(src, dst)
        replaced.append(os.path.basename(dst))

    monkeypatch.setattr(os, "replace", fail_third)
    with pytest.raises(OSError):
        write_review(review, out, force=True)
    after = _snapshot(out)
    assert set(after) == set(new)  # no temporary files
    assert [name for name in after if after[name] == new[name]] == sorted(replaced)
    assert all(after[name] == b"old " + name.encode() for name in after if name not in replaced)


# ------------------------------------------------------------------------------------------- 5. export


def test_export_refuses_existing_csv_files_unless_forced(cli, replay, tmp_path):
    """A second export into the same folder is refused in one line and changes nothing; --force rewrites."""
    out = tmp_path / "csv"
    assert cli("export", replay, "--out", out).code == 0
    before = _snapshot(out)
    (out / "events.csv").write_text("edited in a spreadsheet\n", encoding="utf-8")
    result = cli("export", replay, "--out", out)
    assert result.code == 1 and result.out == ""
    assert result.err.splitlines() == [f"weerbaar export: {out}: already holds events.csv, commands.csv, series.csv, "
                                       "...; use --force to replace, or choose another folder"]
    assert (out / "events.csv").read_text(encoding="utf-8") == "edited in a spreadsheet\n"
    assert cli("export", replay, "--out", out, "--force").code == 0
    assert _snapshot(out) == before


def test_export_never_writes_over_its_replay(cli, replay, tmp_path):
    """A replay named like one of the CSV files in the target folder is refused even with --force."""
    out = tmp_path / "csv"
    out.mkdir()
    inside = out / "commands.csv"
    shutil.copyfile(replay, inside)
    result = cli("export", inside, "--out", out, "--force")
    assert result.code == 1 and len(result.err.splitlines()) == 1 and "is also an input" in result.err
    assert inside.read_bytes() == replay.read_bytes()


# ------------------------------------------------------------------------------------------- 6. export formulas


def test_export_escapes_formula_text_and_keeps_numbers(cli, tmp_path):
    """A command typed as a formula leaves with a leading quote; numbers, negative ones too, stay numbers."""
    from replays.export import _write

    typed = ['=HYPERLINK("http://evil.example","x")', "-3 points", "@risk", "investigate vostria"]
    replay = tmp_path / "typed.jsonl"
    run_headless(None, seed=7, commands=[TimedCommand(10.0 + i, "intelligence", text) for i, text in enumerate(typed)],
                 out=replay, days=1)
    assert cli("export", replay, "--out", tmp_path / "csv").code == 0
    with (tmp_path / "csv" / "commands.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["text"] for r in rows] == ["'" + typed[0], "'-3 points", "'@risk", "investigate vostria"]
    with (tmp_path / "csv" / "events.csv").open(encoding="utf-8", newline="") as handle:
        for record in csv.reader(handle):
            assert all(cell[:1] not in "=+-@\t\r" or not cell for cell in record), record

    _write(tmp_path / "n.csv", ["value", "text"], [[-3, "-3"], [-0.25, "=1"]])
    assert (tmp_path / "n.csv").read_bytes() == b"value,text\r\n-3,'-3\r\n-0.25,'=1\r\n"


# ------------------------------------------------------------------------------------------- 7. report.md


@pytest.fixture(scope="module")
def hostile_markdown(tmp_path_factory):
    """report.md of a short run whose scenario and player typed text that would be HTML, links and tables."""
    from replays.review import build_review, render_markdown

    folder = tmp_path_factory.mktemp("hostile")
    text = scenarios.bundled()[scenarios.DEFAULT_SCENARIO].read_text(encoding="utf-8")
    replaced = {
        'title: "Municipal elections under pressure"': "title: " + json.dumps(EVIL + "\n# injected heading"),
        "briefing: |\n  It is 21 February.": "briefing: |\n  " + EVIL + "\n  - a list\n  ![i](http://x/i.png)\n"
                                             "  It is 21 February.",
        'description: "The vote is trusted"': "description: " + json.dumps(EVIL),
        '"A partner service reports spear-phishing': json.dumps(EVIL + " `code` &amp;")[:-1] + " spear-phishing",
    }
    for old, new in replaced.items():
        assert old in text
        text = text.replace(old, new, 1)
    scenario = folder / "hostile.yaml"
    scenario.write_text(text, encoding="utf-8")
    replay = folder / "hostile.jsonl"
    typed = [TimedCommand(10.0, "intelligence", EVIL), TimedCommand(11.0, "intelligence", "investigate vostria")]
    run_headless(scenario, seed=7, commands=typed, out=replay, days=2)
    return render_markdown(build_review(replay, explain=True))


def _outside_code_spans(markdown: str) -> tuple[str, list[str]]:
    """The Markdown with its code spans cut out, and their contents (CommonMark: a run of n backticks to the next)."""
    spans: list[str] = []

    def cut(m: re.Match) -> str:
        spans.append(m.group(2))
        return "\x00"

    return re.sub(r"(`+)(.+?)(?<!`)\1(?!`)", cut, markdown), spans


def test_markdown_report_escapes_scenario_and_player_text(hostile_markdown):
    """No live tag, link, image or injected heading; the text itself is still there, shown as written."""
    md = hostile_markdown
    outside, spans = _outside_code_spans(md)
    assert "<script" not in outside and "](" not in outside.replace("](indicators.png)", "").replace(
        "](heatmap.png)", "").replace("](timeline.png)", "")
    assert "&lt;script&gt;alert\\(1\\)&lt;/script&gt; \\[x\\]\\(javascript:alert\\(1\\)\\) \\| a \\| b" in md
    assert not re.search(r"^#+ injected", md, re.MULTILINE) and not re.search(r"^- a list", md, re.MULTILINE)
    assert not re.search(r"(?<!\\)!\[i", md)
    assert "\\`code\\` &amp;amp;" in md  # backticks and an entity in a synopsis are shown, not interpreted
    # The command typed by the player is shown literally, as code, with its pipes escaped for the table.
    assert EVIL.replace("|", "\\|") in spans


def test_markdown_report_tables_keep_their_columns(hostile_markdown):
    """Every row of every table has as many cells as its header, whatever the text in them."""
    lines = hostile_markdown.splitlines()
    cells = lambda line: len(re.findall(r"(?<!\\)\|", line)) - 1  # noqa: E731  (pipes not escaped)
    tables = 0
    for i, line in enumerate(lines):
        if line.startswith("|") and i + 1 < len(lines) and re.fullmatch(r"\|(-+:?\|)+", lines[i + 1].strip()):
            tables += 1
            width = cells(line)
            j = i + 2
            while j < len(lines) and lines[j].startswith("|"):
                assert cells(lines[j]) == width, lines[j]
                j += 1
    assert tables >= 8


def test_code_spans_hold_backticks_and_pipes():
    """A code span is fenced by more backticks than its text holds; in a table its pipes are escaped."""
    from replays.review import md_code

    assert md_code("investigate vostria") == "`investigate vostria`"
    assert md_code("a `b` c") == "``a `b` c``"
    assert md_code("`x``") == "``` `x`` ```"
    assert md_code("a | b", cell=True) == "`a \\| b`" and md_code("a | b") == "`a | b`"
    assert md_code("two\nlines") == "`two lines`"
