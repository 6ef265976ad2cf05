"""Plain paragraphs and bullet lists, stored as typed and rendered escaped."""

from __future__ import annotations

from outturn.exception_reports.rich_text import Block, blocks, clean, render


def test_paragraphs_and_bullets() -> None:
    text = "First line\nsecond line\n\n- one\n* two\n  continued\n\nLast."

    assert blocks(text) == [
        Block("paragraph", ("First line\nsecond line",)),
        Block("list", ("one", "two continued")),
        Block("paragraph", ("Last.",)),
    ]
    assert render(text) == (
        '<p class="govuk-body">First line<br>second line</p>'
        '<ul class="govuk-list govuk-list--bullet"><li>one</li><li>two continued</li></ul>'
        '<p class="govuk-body">Last.</p>'
    )


def test_a_list_straight_after_a_paragraph_line() -> None:
    assert [b.kind for b in blocks("Three things:\n- a\n- b")] == ["paragraph", "list"]


def test_everything_typed_is_escaped() -> None:
    html = render('<img src=x onerror="alert(1)">\n- <a href="javascript:x">link</a> & co')

    assert "<img" not in html and "<a " not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html
    assert "<li>&lt;a href=&quot;javascript:x&quot;&gt;link&lt;/a&gt; &amp; co</li>" in html


def test_clean_keeps_the_words_and_drops_control_characters() -> None:
    assert clean("\r\n  Hello\x00 world \r\n\r\n- item  \r\n") == "Hello world\n\n- item"


def test_empty_text_renders_nothing() -> None:
    assert render("") == "" and render("  \n\n ") == ""
