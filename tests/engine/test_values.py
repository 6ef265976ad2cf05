"""Indicator values: exact parsing and canonical formatting in every unit."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from outturn.engine.values import (
    Reading,
    Unit,
    ValueParseError,
    check_plausible,
    format_reading,
    format_value,
    parse_value,
    plain,
    to_decimal,
)

D = Decimal

# --- to_decimal -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1,428", D("1428")),
        ("1428", D("1428")),
        ("-3", D("-3")),
        ("+3", D("3")),
        ("0.000001", D("0.000001")),
        ("98765432.123456789", D("98765432.123456789")),
        ("1,234,567.89", D("1234567.89")),
        (".5", D("0.5")),
        ("  42  ", D("42")),
        ("\u22124", D("-4")),
        ("1E+2", D("100")),
        ("2.5e3", D("2500")),
        ("1e-7", D("0.0000001")),
        (7, D("7")),
        (-12, D("-12")),
        (0.1, D("0.1")),
        (1e16, D("10000000000000000")),
        (-0.0, D("0")),
        (D("2.50"), D("2.50")),
        (D("-0"), D("0")),
    ],
)
def test_to_decimal_accepts(raw: str | int | float | Decimal, expected: Decimal) -> None:
    got = to_decimal(raw)
    assert got == expected
    assert isinstance(got, Decimal)
    assert "E" not in str(got) or got.as_tuple().exponent < 0  # type: ignore[operator]


def test_to_decimal_keeps_every_digit() -> None:
    assert str(to_decimal("98765432.123456789")) == "98765432.123456789"
    assert str(to_decimal("123456789012345678901234567890.123456789")) == (
        "123456789012345678901234567890.123456789"
    )


def test_to_decimal_normalises_exponents_away() -> None:
    assert to_decimal("1E+2").as_tuple().exponent == 0
    assert str(to_decimal(D("1.5E+3"))) == "1500"


def test_to_decimal_keeps_trailing_zeros_as_typed() -> None:
    assert str(to_decimal("95.0")) == "95.0"


@pytest.mark.parametrize(
    "raw",
    [
        True,
        False,
        float("nan"),
        float("inf"),
        float("-inf"),
        D("NaN"),
        D("Infinity"),
        D("-Infinity"),
        "nan",
        "NaN",
        "inf",
        "Infinity",
        "",
        "   ",
        "12.5.3",
        "1,42",
        "1 000",
        "abc",
        "1e999",
        "1e-999",
        10**200,
        "£20",
        "7.7%",
        "--3",
        "3-",
        None,
        [1],
    ],
)
def test_to_decimal_refuses(raw: object) -> None:
    with pytest.raises(ValueParseError):
        to_decimal(raw)  # type: ignore[arg-type]


def test_to_decimal_message_names_what_and_the_input() -> None:
    with pytest.raises(ValueParseError) as caught:
        to_decimal("12.5.3", what="target")
    message = str(caught.value)
    assert message.startswith("The target '12.5.3' is not a number")
    assert "such as 1,428" in message


def test_to_decimal_message_for_an_empty_value() -> None:
    with pytest.raises(ValueParseError, match="The tolerance '' is not a number: it is empty"):
        to_decimal("", what="tolerance")


def test_to_decimal_message_for_a_boolean() -> None:
    with pytest.raises(ValueParseError, match="true and false are not numbers"):
        to_decimal(True)


def test_value_parse_error_is_a_value_error() -> None:
    assert issubclass(ValueParseError, ValueError)


# --- plain ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (D("1E+2"), "100"),
        (D("95.0"), "95"),
        (D("95.50"), "95.5"),
        (D("0.000001"), "0.000001"),
        (D("1E-12"), "0.000000000001"),
        (D("-0"), "0"),
        (D("-0.000"), "0"),
        (D("0E+3"), "0"),
        (D("-2.5"), "-2.5"),
        (D("98765432.123456789"), "98765432.123456789"),
        (D("1234567890123456789012345678901234567890"), "1234567890123456789012345678901234567890"),
    ],
)
def test_plain(value: Decimal, expected: str) -> None:
    assert plain(value) == expected


@pytest.mark.parametrize("value", [D("NaN"), D("Infinity"), D("-Infinity")])
def test_plain_refuses_what_is_not_finite(value: Decimal) -> None:
    with pytest.raises(ValueError, match="not a finite number"):
        plain(value)


# --- parse_value: the forms in the papers -----------------------------------------------


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [
        ("22.54m", Unit.MILLIONS, Reading(D("22.54"))),
        ("31 (11.8)", Unit.NUMBER, Reading(D("31"), D("11.8"))),
        ("7.7% (548)", Unit.PERCENTAGE, Reading(D("7.7"), D("548"), Unit.NUMBER)),
        ("109 (0.47%)", Unit.NUMBER, Reading(D("109"), D("0.47"), Unit.PERCENTAGE)),
        ("£20,000", Unit.MONEY, Reading(D("20000"))),
        ("1,428", Unit.NUMBER, Reading(D("1428"))),
    ],
)
def test_examples_from_the_papers(text: str, unit: Unit, expected: Reading) -> None:
    reading = parse_value(text, unit)
    assert reading == expected
    assert format_reading(reading, unit) == text


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [
        # Numbers
        ("1428", Unit.NUMBER, D("1428")),
        ("-2.5", Unit.NUMBER, D("-2.5")),
        ("+7", Unit.NUMBER, D("7")),
        ("22.54m", Unit.NUMBER, D("22540000")),
        ("22.54 m", Unit.NUMBER, D("22540000")),
        ("22.54M", Unit.NUMBER, D("22540000")),
        ("350k", Unit.NUMBER, D("350000")),
        ("1.5K", Unit.NUMBER, D("1500")),
        ("\u22123", Unit.NUMBER, D("-3")),
        ("1e3", Unit.NUMBER, D("1000")),
        ("\u00a01,428\u00a0", Unit.NUMBER, D("1428")),
        # Percentages, with or without the sign
        ("7.7%", Unit.PERCENTAGE, D("7.7")),
        ("7.7", Unit.PERCENTAGE, D("7.7")),
        ("7.7 %", Unit.PERCENTAGE, D("7.7")),
        ("-0.5%", Unit.PERCENTAGE, D("-0.5")),
        ("100%", Unit.PERCENTAGE, D("100")),
        # Rates, ratios, durations: plain numbers
        ("11.8", Unit.RATE_PER_1000, D("11.8")),
        ("1,011.8", Unit.RATE_PER_10000, D("1011.8")),
        ("0.47", Unit.RATE_PER_100000, D("0.47")),
        ("1.25", Unit.RATIO, D("1.25")),
        ("12", Unit.DAYS, D("12")),
        ("12.5", Unit.WEEKS, D("12.5")),
        # Money
        ("£20,000", Unit.MONEY, D("20000")),
        ("20000", Unit.MONEY, D("20000")),
        ("£1.2m", Unit.MONEY, D("1200000")),
        ("£350k", Unit.MONEY, D("350000")),
        ("£ 350k", Unit.MONEY, D("350000")),
        ("-£1,200", Unit.MONEY, D("-1200")),
        ("£-1,200", Unit.MONEY, D("-1200")),
        ("£0.99", Unit.MONEY, D("0.99")),
        ("1.2m", Unit.MONEY, D("1200000")),
        # Millions: the figure is already in millions
        ("22.54m", Unit.MILLIONS, D("22.54")),
        ("22.54", Unit.MILLIONS, D("22.54")),
        ("350k", Unit.MILLIONS, D("0.35")),
        ("-1.5m", Unit.MILLIONS, D("-1.5")),
    ],
)
def test_parse_value_accepts(text: str, unit: Unit, expected: Decimal) -> None:
    reading = parse_value(text, unit)
    assert reading.value == expected
    assert reading.secondary is None
    assert reading.secondary_unit is None


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [
        ("31 (11.8)", Unit.NUMBER, Reading(D("31"), D("11.8"))),
        ("31(11.8)", Unit.NUMBER, Reading(D("31"), D("11.8"))),
        ("1,031 ( 11.8 )", Unit.NUMBER, Reading(D("1031"), D("11.8"))),
        ("7.7% (548)", Unit.PERCENTAGE, Reading(D("7.7"), D("548"), Unit.NUMBER)),
        ("7.7 (548)", Unit.PERCENTAGE, Reading(D("7.7"), D("548"), Unit.NUMBER)),
        ("7.7% (1,548)", Unit.PERCENTAGE, Reading(D("7.7"), D("1548"), Unit.NUMBER)),
        ("7.7% (0.5%)", Unit.PERCENTAGE, Reading(D("7.7"), D("0.5"), Unit.PERCENTAGE)),
        ("109 (0.47%)", Unit.NUMBER, Reading(D("109"), D("0.47"), Unit.PERCENTAGE)),
        ("109 (-0.47%)", Unit.NUMBER, Reading(D("109"), D("-0.47"), Unit.PERCENTAGE)),
        ("£20,000 (5%)", Unit.MONEY, Reading(D("20000"), D("5"), Unit.PERCENTAGE)),
        ("12 (£3,000)", Unit.NUMBER, Reading(D("12"), D("3000"), Unit.MONEY)),
        ("22.54m (4.2)", Unit.MILLIONS, Reading(D("22.54"), D("4.2"))),
        ("11.8 (31)", Unit.RATE_PER_10000, Reading(D("11.8"), D("31"))),
    ],
)
def test_parse_value_reads_a_second_figure_in_brackets(
    text: str, unit: Unit, expected: Reading
) -> None:
    assert parse_value(text, unit) == expected


@pytest.mark.parametrize(
    ("raw", "unit", "expected"),
    [
        (1428, Unit.NUMBER, D("1428")),
        (7.7, Unit.PERCENTAGE, D("7.7")),
        (0.1, Unit.MONEY, D("0.1")),
        (D("22.54"), Unit.MILLIONS, D("22.54")),
    ],
)
def test_parse_value_accepts_numbers(
    raw: int | float | Decimal, unit: Unit, expected: Decimal
) -> None:
    assert parse_value(raw, unit) == Reading(expected)


# --- parse_value: refusals --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "unit", "fragment"),
    [
        ("", Unit.NUMBER, "'' is not a number: it is empty"),
        ("   ", Unit.PERCENTAGE, "is not a percentage: it is empty"),
        ("12.5.3", Unit.NUMBER, "'12.5.3' is not a number. Expected a number such as 1,428"),
        ("abc", Unit.NUMBER, "'abc' is not a number"),
        ("n/a", Unit.PERCENTAGE, "'n/a' is not a percentage"),
        ("12 13", Unit.NUMBER, "more than one number; put a second figure in brackets"),
        ("7.7% 548", Unit.PERCENTAGE, "more than one number"),
        ("31 (11.8", Unit.NUMBER, "the brackets do not match"),
        ("31 11.8)", Unit.NUMBER, "the brackets do not match"),
        ("31 ((11.8))", Unit.NUMBER, "the brackets do not match"),
        ("31 (11.8) (2)", Unit.NUMBER, "the brackets do not match"),
        ("31 (11.8) extra", Unit.NUMBER, "the brackets do not match"),
        ("(1,200)", Unit.MONEY, "no figure before the brackets"),
        ("31 ()", Unit.NUMBER, "the figure in brackets should be"),
        ("31 (n/a)", Unit.NUMBER, "the figure in brackets should be"),
        ("31 (5k)", Unit.NUMBER, "the figure in brackets should be"),
        ("31 (£5%)", Unit.NUMBER, "not a single number"),
        ("nan", Unit.NUMBER, "'nan' is not a number"),
        ("NaN%", Unit.PERCENTAGE, "'NaN%' is not a percentage"),
        ("inf", Unit.RATIO, "'inf' is not a ratio"),
        ("Infinity", Unit.MONEY, "'Infinity' is not an amount of money"),
        ("7.7%", Unit.MONEY, "a % sign marks a percentage, but this indicator's unit is money"),
        ("7.7%", Unit.NUMBER, "a % sign marks a percentage, but this indicator's unit is number"),
        ("12%", Unit.DAYS, "this indicator's unit is days"),
        ("1.1%", Unit.RATE_PER_10000, "this indicator's unit is rate per 10,000"),
        ("£20,000", Unit.NUMBER, "a £ sign marks money, but this indicator's unit is number"),
        ("£5", Unit.PERCENTAGE, "a £ sign marks money"),
        ("22.54m", Unit.PERCENTAGE, "'m' (thousands or millions) does not apply"),
        ("3k", Unit.DAYS, "'k' (thousands or millions) does not apply"),
        ("-£-5", Unit.MONEY, "two signs"),
        ("1,42", Unit.NUMBER, "'1,42' is not a number"),
        ("1e999", Unit.NUMBER, "more than 100 digits before the decimal point"),
        ("£1e99m", Unit.MONEY, "more than 100 digits before the decimal point"),
        ("5%%", Unit.PERCENTAGE, "'5%%' is not a percentage"),
        ("5m%", Unit.PERCENTAGE, "does not apply"),
    ],
)
def test_parse_value_refuses(text: str, unit: Unit, fragment: str) -> None:
    with pytest.raises(ValueParseError) as caught:
        parse_value(text, unit)
    assert fragment in str(caught.value)


@pytest.mark.parametrize("unit", list(Unit))
def test_refusal_says_what_the_unit_expects(unit: Unit) -> None:
    with pytest.raises(ValueParseError) as caught:
        parse_value("twelve", unit)
    message = str(caught.value)
    assert message.startswith("'twelve' is not ")
    assert "Expected " in message
    assert " such as " in message


@pytest.mark.parametrize("raw", [True, False, float("nan"), float("inf"), None])
def test_parse_value_refuses_numbers_that_are_not_figures(raw: object) -> None:
    with pytest.raises(ValueParseError):
        parse_value(raw, Unit.NUMBER)  # type: ignore[arg-type]


def test_a_reading_cannot_have_a_secondary_unit_without_a_secondary_value() -> None:
    with pytest.raises(ValueError, match="no secondary value"):
        Reading(D("1"), None, Unit.NUMBER)


# --- format_value -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (D("1428"), Unit.NUMBER, "1,428"),
        (D("-1428"), Unit.NUMBER, "-1,428"),
        (D("1234567.5"), Unit.NUMBER, "1,234,567.5"),
        (D("100"), Unit.NUMBER, "100"),
        (D("7.7"), Unit.PERCENTAGE, "7.7%"),
        (D("95.0"), Unit.PERCENTAGE, "95%"),
        (D("11.8"), Unit.RATE_PER_1000, "11.8"),
        (D("1011.8"), Unit.RATE_PER_10000, "1,011.8"),
        (D("0.47"), Unit.RATE_PER_100000, "0.47"),
        (D("20000"), Unit.MONEY, "£20,000"),
        (D("-1200"), Unit.MONEY, "-£1,200"),
        (D("0.5"), Unit.MONEY, "£0.5"),
        (D("1.25"), Unit.RATIO, "1.25"),
        (D("12"), Unit.DAYS, "12"),
        (D("12"), Unit.WEEKS, "12"),
        (D("22.54"), Unit.MILLIONS, "22.54m"),
        (D("-0"), Unit.NUMBER, "0"),
        (D("0.000001"), Unit.NUMBER, "0.000001"),
        (D("98765432.123456789"), Unit.NUMBER, "98,765,432.123456789"),
        (D("1E+3"), Unit.NUMBER, "1,000"),
    ],
)
def test_format_value(value: Decimal, unit: Unit, expected: str) -> None:
    assert format_value(value, unit) == expected


@pytest.mark.parametrize(
    ("value", "unit", "decimals", "expected"),
    [
        (D("7.75"), Unit.PERCENTAGE, 1, "7.8%"),
        (D("7.7"), Unit.PERCENTAGE, 2, "7.70%"),
        (D("2.5"), Unit.NUMBER, 0, "3"),
        (D("-2.5"), Unit.NUMBER, 0, "-3"),
        (D("0.125"), Unit.RATE_PER_1000, 2, "0.13"),
        (D("-0.001"), Unit.NUMBER, 2, "0.00"),
        (D("-0.001"), Unit.MONEY, 2, "£0.00"),
        (D("-1234.567"), Unit.MONEY, 2, "-£1,234.57"),
        (D("20000"), Unit.MONEY, 2, "£20,000.00"),
        (D("22.545"), Unit.MILLIONS, 2, "22.55m"),
        (D("1E+3"), Unit.NUMBER, 1, "1,000.0"),
        (
            D("123456789012345678901234567890.5"),
            Unit.NUMBER,
            0,
            "123,456,789,012,345,678,901,234,567,891",
        ),
    ],
)
def test_format_value_rounds_half_up_for_display(
    value: Decimal, unit: Unit, decimals: int, expected: str
) -> None:
    assert format_value(value, unit, decimals) == expected


def test_format_value_refuses_negative_decimals() -> None:
    with pytest.raises(ValueError, match="decimals must be 0 or more"):
        format_value(D("1"), Unit.NUMBER, -1)


def test_format_value_refuses_what_is_not_finite() -> None:
    with pytest.raises(ValueError, match="not a finite number"):
        format_value(D("NaN"), Unit.NUMBER, 2)


# --- format_reading ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reading", "unit", "expected"),
    [
        (Reading(D("7.7"), D("548"), Unit.NUMBER), Unit.PERCENTAGE, "7.7% (548)"),
        (Reading(D("31"), D("11.8")), Unit.NUMBER, "31 (11.8)"),
        (Reading(D("109"), D("0.47"), Unit.PERCENTAGE), Unit.NUMBER, "109 (0.47%)"),
        (Reading(D("7.7"), D("1548"), Unit.NUMBER), Unit.PERCENTAGE, "7.7% (1,548)"),
        (Reading(D("1031"), D("1011.8")), Unit.NUMBER, "1,031 (1,011.8)"),
        (Reading(D("12"), D("3000"), Unit.MONEY), Unit.NUMBER, "12 (£3,000)"),
        (Reading(D("22.54")), Unit.MILLIONS, "22.54m"),
    ],
)
def test_format_reading(reading: Reading, unit: Unit, expected: str) -> None:
    assert format_reading(reading, unit) == expected


def test_format_reading_rounds_each_figure_separately() -> None:
    reading = Reading(D("7.6543"), D("0.4712"), Unit.PERCENTAGE)
    assert format_reading(reading, Unit.PERCENTAGE, 1) == "7.7% (0.4712%)"
    assert format_reading(reading, Unit.PERCENTAGE, 1, secondary_decimals=2) == "7.7% (0.47%)"
    plain_secondary = Reading(D("31"), D("11.84"))
    assert format_reading(plain_secondary, Unit.NUMBER, 0, secondary_decimals=1) == "31 (11.8)"


# --- check_plausible --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "unit", "fragment"),
    [
        (D("-3"), Unit.PERCENTAGE, "-3% is below 0%"),
        (D("100.1"), Unit.PERCENTAGE, "100.1% is above 100%"),
        (D("-1"), Unit.NUMBER, "-1 is negative"),
        (D("-0.5"), Unit.RATE_PER_1000, "a rate per 1,000 cannot be below zero"),
        (D("-0.5"), Unit.RATE_PER_10000, "a rate per 10,000 cannot be below zero"),
        (D("-0.5"), Unit.RATE_PER_100000, "a rate per 100,000 cannot be below zero"),
        (D("-2"), Unit.DAYS, "a number of days cannot be below zero"),
        (D("-2"), Unit.WEEKS, "a number of weeks cannot be below zero"),
        (D("-1.25"), Unit.RATIO, "a ratio cannot be below zero"),
    ],
)
def test_check_plausible_flags_impossible_values(value: Decimal, unit: Unit, fragment: str) -> None:
    messages = check_plausible(value, unit)
    assert len(messages) == 1
    assert fragment in messages[0]


@pytest.mark.parametrize(
    ("value", "unit"),
    [
        (D("0"), Unit.PERCENTAGE),
        (D("100"), Unit.PERCENTAGE),
        (D("7.7"), Unit.PERCENTAGE),
        (D("0"), Unit.NUMBER),
        (D("1428"), Unit.NUMBER),
        (D("-1200"), Unit.MONEY),
        (D("-1.5"), Unit.MILLIONS),
        (D("2000"), Unit.RATE_PER_1000),
        (D("0"), Unit.DAYS),
    ],
)
def test_check_plausible_accepts_possible_values(value: Decimal, unit: Unit) -> None:
    assert check_plausible(value, unit) == []


# --- properties -------------------------------------------------------------------------

BIG = 10**24


@st.composite
def exact_decimals(draw: st.DrawFn) -> Decimal:
    """Decimals built digit by digit, including exponent forms such as 1.5E+7."""
    digits = draw(st.integers(0, 10**30))
    exponent = draw(st.integers(-12, 10))
    sign = draw(st.integers(0, 1))
    return Decimal((sign, tuple(int(c) for c in str(digits)), exponent))


decimals = st.one_of(
    st.integers(0, 12).flatmap(
        lambda places: st.decimals(
            min_value=-BIG,
            max_value=BIG,
            allow_nan=False,
            allow_infinity=False,
            places=places,
        )
    ),
    st.decimals(allow_nan=False, allow_infinity=False, min_value=-BIG, max_value=BIG),
    st.integers(-(10**40), 10**40).map(Decimal),
    exact_decimals(),
    st.sampled_from([D("98765432.123456789"), D("0.000001"), D("-0"), D("1E+2"), D("95.0")]),
)
units = st.sampled_from(list(Unit))


@given(decimals, units)
def test_canonical_form_round_trips(value: Decimal, unit: Unit) -> None:
    text = format_value(value, unit)
    reading = parse_value(text, unit)
    assert reading.value == value
    assert reading.secondary is None
    assert "E" not in text and "e" not in text


@given(decimals, units, st.integers(0, 6))
def test_rounded_form_reads_back_as_the_rounded_value(
    value: Decimal, unit: Unit, places: int
) -> None:
    text = format_value(value, unit, places)
    got = parse_value(text, unit).value
    step = Decimal((0, (1,), -places))
    assert abs(got - value) <= step / 2
    assert got == value.quantize(step, ROUND_HALF_UP, context=Context(prec=200))


@given(
    decimals,
    units,
    decimals,
    st.sampled_from(["inferred", Unit.PERCENTAGE, Unit.MONEY]),
)
def test_readings_round_trip(
    value: Decimal, unit: Unit, secondary: Decimal, secondary_unit: str
) -> None:
    if secondary_unit == "inferred":
        inferred = Unit.NUMBER if unit is Unit.PERCENTAGE else None
        reading = Reading(value, secondary, inferred)
    else:
        reading = Reading(value, secondary, Unit(secondary_unit))
    assert parse_value(format_reading(reading, unit), unit) == reading


@given(decimals)
def test_plain_is_exact_and_plain(value: Decimal) -> None:
    text = plain(value)
    assert Decimal(text) == value
    assert "E" not in text
    if "." in text:
        assert not text.endswith("0")
        assert not text.endswith(".")
    assert text != "-0"


@given(decimals)
def test_to_decimal_reads_plain_and_grouped_text_exactly(value: Decimal) -> None:
    assert to_decimal(plain(value)) == value
    assert to_decimal(format_value(value, Unit.NUMBER)) == value
    assert to_decimal(str(value)) == value


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e50, max_value=1e50))
def test_floats_become_their_shortest_decimal(number: float) -> None:
    assume(number == 0 or abs(number) > 1e-50)
    got = to_decimal(number)
    assert float(got) == number
    assert got == Decimal(repr(number))


@given(st.integers(-(10**60), 10**60))
def test_ints_are_exact(number: int) -> None:
    assert to_decimal(number) == number
    assert parse_value(number, Unit.NUMBER).value == number


NUMBERISH = st.text(alphabet="0123456789.,-+£%()kmKMeE \u2212\u00a0", max_size=20)


@given(st.one_of(st.text(max_size=30), NUMBERISH), units)
def test_any_text_is_a_reading_or_a_value_parse_error(text: str, unit: Unit) -> None:
    try:
        reading = parse_value(text, unit)
    except ValueParseError as error:
        assert str(error).startswith(repr(text)[:20])
    else:
        assert isinstance(reading.value, Decimal)
        assert reading.value.is_finite()
        again = parse_value(format_reading(reading, unit), unit)
        assert again.value == reading.value
        assert again.secondary == reading.secondary


@given(st.one_of(st.text(max_size=30), NUMBERISH))
def test_to_decimal_on_any_text_is_a_decimal_or_a_value_parse_error(text: str) -> None:
    try:
        got = to_decimal(text)
    except ValueParseError:
        return
    assert got.is_finite()
    assert got.as_tuple().exponent <= 0  # type: ignore[operator]


@given(decimals, decimals, units)
def test_several_numbers_without_brackets_are_refused(a: Decimal, b: Decimal, unit: Unit) -> None:
    text = f"{format_value(a, unit)} {format_value(b, unit)}"
    with pytest.raises(ValueParseError):
        parse_value(text, unit)


@given(decimals, st.sampled_from([u for u in Unit if u is not Unit.PERCENTAGE]))
def test_a_percent_sign_on_another_unit_is_refused(value: Decimal, unit: Unit) -> None:
    with pytest.raises(ValueParseError, match="this indicator's unit is"):
        parse_value(f"{plain(value)}%", unit)


@given(decimals)
def test_values_are_always_decimals(value: Decimal) -> None:
    for unit in Unit:
        assert type(parse_value(format_value(value, unit), unit).value) is Decimal
