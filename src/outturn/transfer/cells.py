"""Cell values that are safe to open in a spreadsheet, and exact on the way back.

Every exported cell goes through :func:`neutralise`. A text cell that begins with ``=``,
``+``, ``-`` or ``@`` (or a tab or carriage return, which some programs skip before looking
for those) can be run as a formula when the file is opened in Excel or another spreadsheet,
so a commentary line such as ``=HYPERLINK("http://...")`` could become a live link or worse
("CSV injection", OWASP). Following OWASP's advice such text is written with a leading
apostrophe: the reader sees the text, the spreadsheet never evaluates it. Numbers, dates and
empty cells pass through unchanged, so a negative Decimal is still a number.

:func:`restore` undoes exactly that prefix when a file comes back in, so an exported register
can be imported again without gaining apostrophes.

Decimals in workbooks: a spreadsheet keeps numbers as binary floating point with 15
significant digits. :func:`xlsx_value` writes a Decimal as a number only when that is
lossless (at most 15 significant digits and a float that reads back to the same value);
otherwise it writes the Decimal's exact text, which every Outturn import reads back through
the value parser. :func:`from_xlsx_number` turns a number read from a workbook back into the
shortest Decimal that the float stands for, which is the figure the user typed.
"""

from __future__ import annotations

import math
from decimal import Decimal

__all__ = [
    "FORMULA_TRIGGERS",
    "decimal_number_format",
    "from_xlsx_number",
    "is_lossless_number",
    "neutralise",
    "restore",
    "xlsx_value",
]

#: Leading characters that make a spreadsheet treat text as a formula (OWASP list).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

# The largest number of significant digits a spreadsheet keeps exactly.
_SPREADSHEET_DIGITS = 15


def neutralise(value: object) -> object:
    """Return ``value`` safe to put in a spreadsheet cell: risky text gets a leading ``'``."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def restore(text: str) -> str:
    """Undo :func:`neutralise` on text read back from a file this application wrote.

    Only an apostrophe followed by a formula trigger is removed, so ordinary text that
    happens to begin with an apostrophe (``'tis``) is kept as typed.
    """
    if len(text) > 1 and text[0] == "'" and text[1:].startswith(FORMULA_TRIGGERS):
        return text[1:]
    return text


def is_lossless_number(value: Decimal) -> bool:
    """True when a spreadsheet can hold ``value`` as a number without changing it."""
    if not value.is_finite():
        return False
    digits = value.normalize().as_tuple().digits
    if len(digits) > _SPREADSHEET_DIGITS:
        return False
    as_float = float(value)
    if value and (as_float == 0 or math.isinf(as_float)):
        return False
    return Decimal(repr(as_float)) == value


def xlsx_value(value: object) -> object:
    """Return what to put in a workbook cell for ``value`` (neutralised, exact).

    A Decimal that a spreadsheet cannot hold exactly is written as its text (for example
    ``98765432.1234567891``), never rounded.
    """
    if isinstance(value, Decimal):
        return value if is_lossless_number(value) else format(value, "f")
    return neutralise(value)


def decimal_number_format(value: Decimal) -> str:
    """A number format that shows ``value`` with its own decimal places (``12.50``)."""
    exponent = value.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return "0" if places == 0 else "0." + "0" * places


def from_xlsx_number(number: int | float) -> Decimal:
    """The Decimal a spreadsheet number stands for (``0.1`` for the float 0.1000...0055)."""
    if isinstance(number, bool):
        raise TypeError("a true/false cell is not a number")
    if isinstance(number, int):
        return Decimal(number)
    return Decimal(repr(number))
