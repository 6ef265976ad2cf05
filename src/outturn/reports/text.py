"""Plain text as officers type it, split into paragraphs and bulleted lists.

Front sheets, commentary and exception reports are typed as plain text: a blank line
separates paragraphs and lines starting with "- " or "* " are bullet points. Every
renderer reads text through :func:`blocks`, so Word, PDF and HTML break it the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_BULLET = re.compile(r"^\s*[-*•]\s+")


@dataclass(frozen=True)
class Block:
    kind: str  # "p" or "ul"
    lines: tuple[str, ...]


def blocks(text: str) -> list[Block]:
    """Paragraphs and bullet lists, in order; single line breaks inside a paragraph stay."""
    found: list[Block] = []
    for chunk in re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip()):
        paragraph: list[str] = []
        bullets: list[str] = []
        for line in chunk.split("\n"):
            if _BULLET.match(line):
                if paragraph:
                    found.append(Block("p", ("\n".join(paragraph),)))
                    paragraph = []
                bullets.append(_BULLET.sub("", line).strip())
            elif bullets and line.startswith((" ", "\t")) and line.strip():
                bullets[-1] = f"{bullets[-1]} {line.strip()}"
            elif line.strip():
                if bullets:
                    found.append(Block("ul", tuple(bullets)))
                    bullets = []
                paragraph.append(line.strip())
        if paragraph:
            found.append(Block("p", ("\n".join(paragraph),)))
        if bullets:
            found.append(Block("ul", tuple(bullets)))
    return found
