"""Reading the documents back in tests: Word through python-docx, PDF through its bytes."""

from __future__ import annotations

import io
import re
import zlib

from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn


def open_docx(content: bytes) -> DocxDocument:
    return Document(io.BytesIO(content))


def headings(document: DocxDocument) -> list[tuple[str, str]]:
    """(style, text) of every Title and Heading paragraph, in order."""
    return [
        (p.style.name, p.text)
        for p in document.paragraphs
        if p.style is not None and (p.style.name == "Title" or p.style.name.startswith("Heading"))
    ]


def has_header_row(table: object) -> bool:
    first = table.rows[0]._tr  # type: ignore[attr-defined]
    return bool(first.findall(f"{qn('w:trPr')}/{qn('w:tblHeader')}"))


def picture_descriptions(document: DocxDocument) -> list[str | None]:
    return [element.get("descr") for element in document.element.body.iter(qn("wp:docPr"))]


def all_text(document: DocxDocument) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def pdf_objects(content: bytes) -> bytes:
    """The PDF with every Flate stream inflated, so its structure can be searched."""
    inflated = [content]
    for match in re.finditer(rb"stream\r?\n", content):
        end = content.find(b"endstream", match.end())
        try:
            inflated.append(zlib.decompress(content[match.end() : end]))
        except zlib.error:
            continue
    return b"\n".join(inflated)


def pdf_strings(objects: bytes, key: bytes) -> list[str]:
    """Literal strings stored under ``key`` (/Alt, /Title ...), unescaped."""
    found = []
    for match in re.finditer(re.escape(key) + rb" ?\(((?:\\.|[^\\)])*)\)", objects):
        raw = re.sub(rb"\\(.)", rb"\1", match.group(1))
        found.append(raw.decode("latin-1"))
    for match in re.finditer(re.escape(key) + rb" ?<([0-9A-Fa-f]+)>", objects):
        data = bytes.fromhex(match.group(1).decode())
        found.append(
            data.decode("utf-16") if data.startswith(b"\xfe\xff") else data.decode("latin-1")
        )
    return found
