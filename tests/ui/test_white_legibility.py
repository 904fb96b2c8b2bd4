"""Legibility: text sizes at 1920x1080 and at the presenter scale, WCAG contrast of every text colour, and repeated
news grouped into one line."""

from __future__ import annotations

import json

import pytest

from ui.console.feed import FeedEntry, group_repeats
from ui.console.theme import PALETTE, PRESENTER, PRESENTER_SHARE, THEME_FILE, font_sizes, parse_zoom, scale_for

BACKGROUNDS = ("bg", "panel", "panel_alt")
NOT_TEXT = ("bg", "panel", "panel_alt", "border", "grid")
TOAST_FILL = (30, 26, 18)


def luminance(colour) -> float:
    """WCAG 2.x relative luminance of an sRGB colour."""
    def channel(v: float) -> float:
        v /= 255.0
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
    r, g, b = colour[:3]
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a, b) -> float:
    """WCAG contrast ratio of two colours."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def hex_colour(text: str):
    text = text.lstrip("#")
    return tuple(int(text[i:i + 2], 16) for i in (0, 2, 4))


def test_contrast_helper_matches_wcag():
    """White on black is 21:1; the helper is the WCAG formula."""
    assert contrast((255, 255, 255), (0, 0, 0)) == pytest.approx(21.0)
    assert contrast((118, 118, 118), (255, 255, 255)) == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("name", [n for n in PALETTE if n not in NOT_TEXT])
def test_every_text_colour_has_at_least_4_5_to_1_on_every_panel(name):
    """Each palette colour text is drawn in keeps 4.5:1 against the window, the panels and the toast fill."""
    worst = min(contrast(PALETTE[name], PALETTE[bg]) for bg in BACKGROUNDS)
    assert worst >= 4.5, f"{name} {PALETTE[name]}: {worst:.2f}:1"
    assert contrast(PALETTE[name], TOAST_FILL) >= 4.5


def test_widget_theme_text_has_at_least_4_5_to_1():
    """Every text colour of the pygame_gui theme against every background colour of the same block."""
    theme = json.loads(THEME_FILE.read_text(encoding="utf-8"))
    checked = 0
    for block, spec in theme.items():
        colours = spec.get("colours", {})
        texts = {k: v for k, v in colours.items() if k.endswith("_text")}
        backs = {k: v for k, v in {**theme["defaults"]["colours"], **colours}.items() if k.endswith("_bg")}
        for tname, tvalue in texts.items():
            state = tname[: -len("_text")]
            back = backs.get(f"{state}_bg") or backs.get("normal_bg")
            if state == "normal" and block == "text_entry_line":
                back = colours.get("dark_bg", back)
            ratio = contrast(hex_colour(tvalue), hex_colour(back))
            assert ratio >= 4.5, f"{block}.{tname} on {back}: {ratio:.2f}:1"
            checked += 1
    assert checked >= 5


def test_body_text_is_at_least_20_px_at_1920x1080():
    """By default the body text is 20 px or more at 1920x1080, and the feed's small text too."""
    sizes = font_sizes(scale_for((1920, 1080)))
    assert sizes["body"] >= 20 and sizes["small"] >= 20


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080), (3840, 2160)])
def test_presenter_scale_makes_feed_text_3_5_percent_of_the_height(size):
    """At the presenter scale the feed's and the indicators' text is at least 3.5% of the screen's height."""
    sizes = font_sizes(scale_for(size, PRESENTER))
    assert sizes["small"] >= PRESENTER_SHARE * size[1]


def test_text_keeps_its_share_of_the_screen():
    """Fonts grow with the window: the feed's text is the same share of the height at 720 and 1080 lines."""
    small = [font_sizes(scale_for(s))["small"] / s[1] for s in ((1280, 720), (1920, 1080))]
    assert abs(small[0] - small[1]) < 0.002


@pytest.mark.parametrize("text,expected", [("1.5", 1.5), ("presenter", PRESENTER), ("PRESENTER", PRESENTER)])
def test_scale_values(text, expected):
    """--scale takes a factor or 'presenter'."""
    assert parse_zoom(text) == expected


@pytest.mark.parametrize("text", ["big", "0", "9", "nan"])
def test_bad_scale_is_one_line(text):
    """A bad --scale names itself and what to write."""
    with pytest.raises(ValueError) as info:
        parse_zoom(text)
    assert "--scale" in str(info.value) and "\n" not in str(info.value)


def news(t: float, source: str, headline: str, seq: int) -> FeedEntry:
    return FeedEntry(t=t, kind="news", text=f"{source}: {headline}", seq=seq, visible_to=("*",),
                     group="news\x00" + headline, source=source)


def test_repeated_news_is_one_line_with_a_count():
    """The same headline from five outlets within two days is one line naming the outlets, at the newest time."""
    entries = [news(1.0 + i, src, "Fact-checkers: the count is sound", i) for i, src in
               enumerate(["NOS", "RTL", "Volkskrant", "NRC", "Trouw"])]
    other = FeedEntry(t=3.5, kind="detection", text="DETECTED something", seq=10, visible_to=("white",))
    later = news(100.0, "NOS", "Fact-checkers: the count is sound", 11)
    grouped = group_repeats([*entries[:3], other, *entries[3:], later])
    texts = [e.text for e in grouped]
    assert texts[0] == "DETECTED something"
    assert texts[1] == "Fact-checkers: the count is sound (5 outlets: NOS, RTL, Volkskrant and 2 more)"
    assert grouped[1].seqs == (0, 1, 2, 3, 4) and grouped[1].t == 5.0
    assert texts[2] == "NOS: Fact-checkers: the count is sound"  # two days later it is news again
    assert len(grouped) == 3


def test_actor_map_fits_every_actor_of_hybrid_campaign_at_1280x720(make_app, kb, tmp_path):
    """The replay viewer's actor map draws every actor of the biggest scenario inside its panel at 1280x720."""
    from replays.runner import run_headless
    from ui.console import replay_app

    path = tmp_path / "hc.jsonl"
    run_headless("hybrid-campaign", out=path, days=2)
    app = make_app(replay_app, path, size=(1280, 720), t=40.0)
    kb.frames(app, 3)
    boxes, panel = app.screen.map_view.boxes, app.screen.layout.map
    assert {"eu", "nato", "hybrid-coe", "morvask"} <= set(boxes)
    outside = [name for name, box in boxes.items() if not panel.contains(box)]
    assert not outside, f"drawn outside the map panel: {outside}"
