"""The report's text fields: plain paragraphs and bullet lists, stored as typed.

Authors type plain text. A blank line starts a new paragraph; lines starting with "- "
or "* " make a bullet list. Nothing typed is ever treated as markup: ``render`` escapes
every character and only adds the paragraph and list tags itself, so the same text is
safe on a page, in an email and in a Word or PDF pack (``blocks`` gives the structure).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

MAX_LENGTH = 20_000
"""Characters per field: several pages of text, far beyond any council form."""

_BULLET = re.compile(r"^\s*[-*•]\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Block:
    """A paragraph (one item: its lines) or a bullet list (one item per bullet)."""

    kind: str  # "paragraph" or "list"
    items: tuple[str, ...]


def clean(text: str) -> str:
    """The text to store: line endings made plain, control characters and edge space gone."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    lines = [line.rstrip() for line in text.split("\n")]
    return "\n".join(lines).strip()


def blocks(text: str) -> list[Block]:
    """Paragraphs and bullet lists, in order."""
    found: list[Block] = []
    paragraph: list[str] = []
    bullets: list[str] = []

    def close() -> None:
        if paragraph:
            found.append(Block("paragraph", ("\n".join(paragraph),)))
            paragraph.clear()
        if bullets:
            found.append(Block("list", tuple(bullets)))
            bullets.clear()

    for line in clean(text).split("\n"):
        if not line.strip():
            close()
        elif _BULLET.match(line):
            if paragraph:
                close()
            bullets.append(_BULLET.sub("", line, count=1).strip())
        elif bullets and line.startswith((" ", "\t")):
            # An indented line continues the bullet above it.
            bullets[-1] = f"{bullets[-1]} {line.strip()}"
        else:
            if bullets:
                close()
            paragraph.append(line.strip())
    close()
    return found


def render(text: str) -> SafeString:
    """GOV.UK paragraphs and bullet lists, every typed character escaped."""
    html: list[SafeString] = []
    for block in blocks(text):
        if block.kind == "list":
            items = format_html_join("", "<li>{}</li>", ((item,) for item in block.items))
            html.append(format_html('<ul class="govuk-list govuk-list--bullet">{}</ul>', items))
        else:
            lines = block.items[0].split("\n")
            joined = format_html_join(SafeString("<br>"), "{}", ((line,) for line in lines))
            html.append(format_html('<p class="govuk-body">{}</p>', joined))
    return SafeString("".join(html))
