"""The report's coordination section: messages between seats reach the AAR in HTML, Markdown and Word."""

from __future__ import annotations

import io

from replays.review import build_review
from replays.review.render import render_html, render_markdown
from replays.review.word import render_docx
from replays.runner import TimedCommand, run_headless


def test_messages_between_seats_are_listed_and_counted_in_every_format(tmp_path):
    commands = [TimedCommand(2.0, "white", 'msg intelligence from=national-crisis-cell text="Share what you have on the phishing"'),
                TimedCommand(5.0, "white", 'msg national-crisis-cell from=intelligence text="Vostria infrastructure, 39% so far"'),
                TimedCommand(6.0, "white", 'msg all from=national-crisis-cell text="Line: no comment on attribution yet"')]
    replay = run_headless("municipal-elections", seed=3, commands=commands, out=tmp_path / "r.jsonl", days=1).replay
    review = build_review(str(replay), explain=False)
    co = review.context["coordination"]
    assert [m["from"] for m in co["messages"]] == ["national-crisis-cell", "intelligence", "national-crisis-cell"]
    assert co["messages"][0]["to"] == ["intelligence"] and len(co["messages"][2]["to"]) >= 3
    assert {"from": "national-crisis-cell", "to": "intelligence", "count": 2} in co["pairs"]
    html, md = render_html(review), render_markdown(review)
    for text in ("Share what you have on the phishing", "Vostria infrastructure, 39% so far"):
        assert text in html and text in md
    from docx import Document

    words = "\n".join(cell.text for table in Document(io.BytesIO(render_docx(review))).tables
                      for row in table.rows for cell in row.cells)
    assert "Line: no comment on attribution yet" in words


def test_a_run_without_messages_says_so(tmp_path):
    replay = run_headless("municipal-elections", seed=3, out=tmp_path / "r.jsonl", days=1).replay
    review = build_review(str(replay), explain=False)
    assert review.context["coordination"]["messages"] == []
    assert "No messages between seats were sent" in render_html(review)


def test_a_message_line_names_sender_and_recipients_by_display_name(tmp_path):
    """The feed's MESSAGE line names the recipients as it names the sender: by the cells' titles, not their ids."""
    from sim import i18n
    from sim.eventkinds import describe
    from sim.exercise import Exercise
    from sim.scenario import load_scenario
    import scenarios

    ex = Exercise(load_scenario(scenarios.bundled()["municipal-elections"]))
    ex.submit("white", 'msg all from=municipality text="The Cultural Union asked for a meeting"')
    ex.run_until(ex.now + 1)
    record = next(e.to_record() for e in ex.log if e.kind == "message.sent")
    try:
        i18n.adopt(ex.scenario, ex)
        line = str(describe(record))
    finally:
        i18n.reset()
    titles = {cid: str(i18n.localize(spec.title)) for cid, spec in ex.cells.items()}
    assert line.startswith(f"MESSAGE {titles['municipality']} to {titles['national-crisis-cell']}, "), line
    assert "national-crisis-cell" not in line and "foreign-affairs" not in line
