"""Indicator values: reading them from text and printing them, in every unit.

Values are exact :class:`~decimal.Decimal` numbers from the moment they are read: a figure a
data owner typed comes back digit for digit, and nothing is rounded except for display, when
the caller asks. Whatever :func:`format_value` prints, :func:`parse_value` reads back to the
same number, so a report exported to a spreadsheet can be imported again.

The council papers mix two figures in one cell: ``31 (11.8)`` is a count with its rate,
``7.7% (548)`` a percentage with its count and ``109 (0.47%)`` a count with its percentage.
A :class:`Reading` keeps both figures as numbers.
"""

from __future__ import annotations

import enum
import math
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal

__all__ = [
    "Reading",
    "Unit",
    "ValueParseError",
    "check_plausible",
    "format_reading",
    "format_value",
    "parse_value",
    "plain",
    "to_decimal",
]


class Unit(enum.StrEnum):
    NUMBER = "number"
    PERCENTAGE = "percentage"
    RATE_PER_1000 = "rate_per_1000"
    RATE_PER_10000 = "rate_per_10000"
    RATE_PER_100000 = "rate_per_100000"
    MONEY = "money"
    RATIO = "ratio"
    DAYS = "days"
    WEEKS = "weeks"
    MILLIONS = "millions"


class ValueParseError(ValueError):
    """Text (or a number) that cannot be read as a value in the expected unit."""


@dataclass(frozen=True, slots=True)
class Reading:
    """A value as reported: a primary figure and, optionally, a second one in brackets.

    ``secondary_unit`` says how to print the second figure: PERCENTAGE for ``109 (0.47%)``,
    NUMBER for the count in ``7.7% (548)``, None for a plain figure such as the rate in
    ``31 (11.8)``.
    """

    value: Decimal
    secondary: Decimal | None = None
    secondary_unit: Unit | None = None

    def __post_init__(self) -> None:
        if self.secondary is None and self.secondary_unit is not None:
            raise ValueError("a reading with no secondary value cannot have a secondary unit")


# How each unit is described in messages: its name, a noun phrase, and examples to follow.
_UNIT_NAME = {
    Unit.NUMBER: "number",
    Unit.PERCENTAGE: "percentage",
    Unit.RATE_PER_1000: "rate per 1,000",
    Unit.RATE_PER_10000: "rate per 10,000",
    Unit.RATE_PER_100000: "rate per 100,000",
    Unit.MONEY: "money",
    Unit.RATIO: "ratio",
    Unit.DAYS: "days",
    Unit.WEEKS: "weeks",
    Unit.MILLIONS: "millions",
}
_UNIT_NOUN = {
    Unit.NUMBER: "a number",
    Unit.PERCENTAGE: "a percentage",
    Unit.RATE_PER_1000: "a rate per 1,000",
    Unit.RATE_PER_10000: "a rate per 10,000",
    Unit.RATE_PER_100000: "a rate per 100,000",
    Unit.MONEY: "an amount of money",
    Unit.RATIO: "a ratio",
    Unit.DAYS: "a number of days",
    Unit.WEEKS: "a number of weeks",
    Unit.MILLIONS: "a number of millions",
}
_UNIT_EXAMPLES = {
    Unit.NUMBER: "1,428, 22.54m or 31 (11.8)",
    Unit.PERCENTAGE: "7.7%, 7.7 or 7.7% (548)",
    Unit.RATE_PER_1000: "11.8",
    Unit.RATE_PER_10000: "11.8",
    Unit.RATE_PER_100000: "11.8",
    Unit.MONEY: "£20,000, £1.2m or £350k",
    Unit.RATIO: "1.25",
    Unit.DAYS: "12",
    Unit.WEEKS: "12",
    Unit.MILLIONS: "22.54m",
}

# Units whose figures may be written with a k (thousand) or m (million) multiplier.
_SCALED_UNITS = frozenset({Unit.NUMBER, Unit.MONEY, Unit.MILLIONS})
_MULTIPLIER_DIGITS = {"": 0, "k": 3, "m": 6}

# Units that count or measure something, so cannot fall below zero.
_NEVER_NEGATIVE = frozenset(
    {
        Unit.NUMBER,
        Unit.RATE_PER_1000,
        Unit.RATE_PER_10000,
        Unit.RATE_PER_100000,
        Unit.RATIO,
        Unit.DAYS,
        Unit.WEEKS,
    }
)

# Far beyond any council figure; the limit stops a typing slip such as 1e999999 from
# becoming a million-digit string when printed.
_MAX_DIGITS = 100

_NUMBER = r"(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)(?:e[+-]?\d+)?"
_PLAIN_RE = re.compile(rf"([+-]?)\s*({_NUMBER})", re.ASCII | re.IGNORECASE)
_PRIMARY_RE = re.compile(
    rf"([+-]?)\s*(£?)\s*([+-]?)\s*({_NUMBER})\s*([km]?)\s*(%?)", re.ASCII | re.IGNORECASE
)
_SECONDARY_RE = re.compile(
    rf"([+-]?)\s*(£?)\s*([+-]?)\s*({_NUMBER})\s*(%?)", re.ASCII | re.IGNORECASE
)
_COMPOUND_RE = re.compile(r"([^()]*)\(([^()]*)\)")
_ANY_NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)*", re.ASCII)


class _Unfit(Exception):
    """Internal: why some text is not a value, before the public message is written."""


def _quote(raw: object) -> str:
    if isinstance(raw, int) and not isinstance(raw, bool) and raw.bit_length() > 400:
        return "a whole number of more than 100 digits"
    text = repr(raw)
    return text if len(text) <= 80 else text[:77] + "..."


def _clean(text: str) -> str:
    """Spreadsheets and word processors use a minus sign and non-breaking spaces."""
    return text.replace("\u2212", "-").replace("\u00a0", " ").strip()


def _exact(d: Decimal) -> Decimal:
    """``d`` checked to be finite and of sensible size, with no positive exponent.

    ``Decimal("1E+2")`` becomes ``Decimal("100")`` so that stored values never carry an
    exponent; the conversion works on the digits, so no context can round them.
    """
    if not d.is_finite():
        raise _Unfit("it is not a finite number")
    sign, digits, exponent = d.as_tuple()
    if not isinstance(exponent, int):  # pragma: no cover - excluded by is_finite
        raise _Unfit("it is not a finite number")
    if not d:
        if exponent > 0:
            return Decimal(0)
        if exponent < -_MAX_DIGITS:
            raise _Unfit(f"it has more than {_MAX_DIGITS} decimal places")
        return d.copy_abs()
    if d.adjusted() >= _MAX_DIGITS:
        raise _Unfit(f"it has more than {_MAX_DIGITS} digits before the decimal point")
    if exponent < -_MAX_DIGITS:
        raise _Unfit(f"it has more than {_MAX_DIGITS} decimal places")
    if exponent > 0:
        return Decimal((sign, digits + (0,) * exponent, 0))
    return d


def _shift(d: Decimal, places: int) -> Decimal:
    """``d`` times ten to the power ``places``, exactly."""
    if not places:
        return d
    sign, digits, exponent = d.as_tuple()
    if not isinstance(exponent, int):  # pragma: no cover - callers pass finite values
        raise _Unfit("it is not a finite number")
    return _exact(Decimal((sign, digits, exponent + places)))


def _from_raw(raw: str | int | float | Decimal) -> Decimal:
    if isinstance(raw, bool):
        raise _Unfit("true and false are not numbers")
    if isinstance(raw, Decimal):
        return _exact(raw)
    if isinstance(raw, int):
        if raw.bit_length() > 400:
            raise _Unfit(f"it has more than {_MAX_DIGITS} digits before the decimal point")
        return _exact(Decimal(raw))
    if isinstance(raw, float):
        if not math.isfinite(raw):
            raise _Unfit("it is not a finite number")
        # repr gives the shortest text that reads back as the same float: 0.1, not 0.1000...
        return _exact(Decimal(repr(raw)))
    if isinstance(raw, str):
        cleaned = _clean(raw)
        if not cleaned:
            raise _Unfit("it is empty")
        match = _PLAIN_RE.fullmatch(cleaned)
        if match is None:
            raise _Unfit("")
        return _exact(Decimal(match[1] + match[2].replace(",", "")))
    raise _Unfit(f"a {type(raw).__name__} is not a number")


def to_decimal(raw: str | int | float | Decimal, *, what: str = "value") -> Decimal:
    """An exact Decimal from a plain number: text such as ``1,428`` or ``-0.5``, or a number.

    JSON numbers arrive as ints and floats; a float is read through its shortest text form,
    so 0.1 becomes Decimal("0.1") rather than the binary fraction nearest to it. Exponent
    forms are accepted and stored without the exponent. True, False, NaN and infinity are
    refused: none of them is a figure anyone reported.
    """
    try:
        return _from_raw(raw)
    except _Unfit as error:
        reason = f": {error}" if str(error) else ""
        raise ValueParseError(
            f"The {what} {_quote(raw)} is not a number{reason}. "
            "Expected a number such as 1,428, -2.5 or 0.000001"
        ) from None


def _fail(text: object, unit: Unit, reason: str = "") -> ValueParseError:
    noun = _UNIT_NOUN[unit]
    because = f": {reason}" if reason else ""
    return ValueParseError(
        f"{_quote(text)} is not {noun}{because}. Expected {noun} such as {_UNIT_EXAMPLES[unit]}"
    )


def _parse_primary(text: str, unit: Unit) -> Decimal:
    match = _PRIMARY_RE.fullmatch(text.strip())
    if match is None:
        if len(_ANY_NUMBER_RE.findall(text)) > 1:
            raise _Unfit("it holds more than one number; put a second figure in brackets")
        raise _Unfit("")
    sign, pound, sign_after_pound, number, multiplier, percent = match.groups()
    name = _UNIT_NAME[unit]
    if sign and sign_after_pound:
        raise _Unfit("it has two signs")
    if percent and unit is not Unit.PERCENTAGE:
        raise _Unfit(f"a % sign marks a percentage, but this indicator's unit is {name}")
    if pound and unit is not Unit.MONEY:
        raise _Unfit(f"a £ sign marks money, but this indicator's unit is {name}")
    multiplier = multiplier.lower()
    if multiplier and unit not in _SCALED_UNITS:
        raise _Unfit(f"'{multiplier}' (thousands or millions) does not apply to a {name} figure")
    value = _from_raw((sign or sign_after_pound) + number)
    places = _MULTIPLIER_DIGITS[multiplier]
    if unit is Unit.MILLIONS and multiplier:
        places -= 6  # a figure in millions: 22.54m is 22.54 of them, 350k is 0.35
    return _shift(value, places)


def _parse_secondary(text: str, unit: Unit) -> tuple[Decimal, Unit | None]:
    match = _SECONDARY_RE.fullmatch(text.strip())
    if match is None:
        raise _Unfit(
            "the figure in brackets should be a number, a percentage or an amount of money, "
            "as in 7.7% (548) or 109 (0.47%)"
        )
    sign, pound, sign_after_pound, number, percent = match.groups()
    if (sign and sign_after_pound) or (pound and percent):
        raise _Unfit("the figure in brackets is not a single number")
    value = _from_raw((sign or sign_after_pound) + number)
    if percent:
        return value, Unit.PERCENTAGE
    if pound:
        return value, Unit.MONEY
    # Beside a percentage, a bare figure is the count it was worked out from.
    return value, Unit.NUMBER if unit is Unit.PERCENTAGE else None


def parse_value(text: str | int | float | Decimal, unit: Unit) -> Reading:
    """Read a value of ``unit`` as a data owner or a spreadsheet writes it.

    Accepted: plain numbers with or without thousands separators (``1,428``, ``-2.5``);
    percentages with or without ``%``; money as ``£20,000``, ``£1.2m`` or ``£350k``; ``k``
    and ``m`` multipliers for numbers and money (``22.54m`` is 22,540,000), while for the
    MILLIONS unit ``22.54m`` is 22.54 (millions); and a second figure in brackets,
    ``31 (11.8)``, ``7.7% (548)``, ``109 (0.47%)``. A sign that contradicts the unit (a
    ``%`` on money) is an error rather than a guess, as is a bracketed figure alone, which
    some ledgers use for a negative amount: write negatives with a minus sign.
    """
    if not isinstance(text, str):
        try:
            return Reading(_from_raw(text))
        except _Unfit as error:
            raise _fail(text, unit, str(error)) from None
    cleaned = _clean(text)
    try:
        if not cleaned:
            raise _Unfit("it is empty")
        if "(" not in cleaned and ")" not in cleaned:
            return Reading(_parse_primary(cleaned, unit))
        match = _COMPOUND_RE.fullmatch(cleaned)
        if match is None:
            raise _Unfit(
                "the brackets do not match; write one figure, then a second figure in "
                "brackets, as in 31 (11.8)"
            )
        if not match[1].strip():
            raise _Unfit(
                "there is no figure before the brackets; write a negative value with a "
                "minus sign, as in -1,200"
            )
        secondary, secondary_unit = _parse_secondary(match[2], unit)
        return Reading(_parse_primary(match[1], unit), secondary, secondary_unit)
    except _Unfit as error:
        raise _fail(text, unit, str(error)) from None


def plain(d: Decimal) -> str:
    """A Decimal as plain digits: no exponent, no trailing zeros, and no sign on zero.

    Decimal("1E+2") -> "100", Decimal("95.0") -> "95", Decimal("-0") -> "0".
    """
    if not d.is_finite():
        raise ValueError(f"{d} is not a finite number")
    text = format(d, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _group(text: str) -> str:
    """Thousands separators in a plain decimal string: "-1234567.5" -> "-1,234,567.5"."""
    sign = "-" if text.startswith("-") else ""
    whole, point, fraction = text.lstrip("-").partition(".")
    head = len(whole) % 3 or 3
    groups = [whole[:head], *(whole[i : i + 3] for i in range(head, len(whole), 3))]
    return sign + ",".join(groups) + point + fraction


def _number_text(value: Decimal, decimals: int | None) -> str:
    if decimals is None:
        return _group(plain(value))
    if decimals < 0:
        raise ValueError(f"decimals must be 0 or more, not {decimals}")
    if not value.is_finite():
        raise ValueError(f"{value} is not a finite number")
    # Enough precision for every digit, so that quantize rounds only where asked to.
    context = Context(prec=max(28, value.adjusted() + decimals + 2))
    rounded = value.quantize(Decimal((0, (1,), -decimals)), ROUND_HALF_UP, context)
    text = format(rounded, "f")
    return _group(text.lstrip("-") if not rounded else text)


def format_value(value: Decimal, unit: Unit, decimals: int | None = None) -> str:
    """The canonical text of a value: ``1,428``, ``7.7%``, ``£20,000``, ``-£1,200``, ``22.54m``.

    With ``decimals`` None every digit the Decimal holds is shown (trailing zeros dropped),
    so the text reads back exactly; with ``decimals`` set the value is rounded half up for
    display only.
    """
    text = _number_text(value, decimals)
    if unit is Unit.PERCENTAGE:
        return text + "%"
    if unit is Unit.MONEY:
        return "-£" + text[1:] if text.startswith("-") else "£" + text
    if unit is Unit.MILLIONS:
        return text + "m"
    return text


def format_reading(
    reading: Reading,
    unit: Unit,
    decimals: int | None = None,
    *,
    secondary_decimals: int | None = None,
) -> str:
    """A reading as the papers print it: ``7.7% (548)``, ``31 (11.8)``, ``109 (0.47%)``.

    ``decimals`` applies to the primary figure only: a count beside a rounded percentage
    keeps its own digits unless ``secondary_decimals`` says otherwise.
    """
    text = format_value(reading.value, unit, decimals)
    if reading.secondary is None:
        return text
    if reading.secondary_unit is None:
        secondary = _number_text(reading.secondary, secondary_decimals)
    else:
        secondary = format_value(reading.secondary, reading.secondary_unit, secondary_decimals)
    return f"{text} ({secondary})"


def check_plausible(value: Decimal, unit: Unit) -> list[str]:
    """Messages for values that cannot be right for the unit; empty when none apply.

    These are warnings for the person entering data, not errors: the value is still exact
    and may be kept. A percentage outside 0 to 100, or a negative count, rate, ratio or
    duration, is almost always a typing slip. Money and millions may be negative (an
    overspend, a deficit).
    """
    messages: list[str] = []
    shown = format_value(value, unit)
    if unit is Unit.PERCENTAGE:
        if value < 0:
            messages.append(f"{shown} is below 0%: a percentage cannot be negative.")
        elif value > 100:
            messages.append(f"{shown} is above 100%: a share of a whole cannot be more than 100%.")
    elif unit in _NEVER_NEGATIVE and value < 0:
        messages.append(f"{shown} is negative: {_UNIT_NOUN[unit]} cannot be below zero.")
    return messages
