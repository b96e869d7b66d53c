"""Numbers and dates from outside are parsed once, within what the database and the
calendar hold (kitemark.inputs)."""

import re
from datetime import date

import pytest
from django import forms
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve
from django.urls.converters import IntConverter

from kitemark import inputs
from kitemark.forms import Form
from panels.models import PanelMember
from tests.panels.factories import PanelMemberFactory

BIGGEST = 2**63 - 1


# --- Plain values ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("7", 7),
        (" 7 ", 7),
        ("+7", 7),
        ("-7", -7),
        ("007", 7),
        (7, 7),
        (str(BIGGEST), BIGGEST),
        (str(-BIGGEST - 1), -BIGGEST - 1),
        (str(BIGGEST + 1), None),
        (str(-BIGGEST - 2), None),
        ("9" * 5000, None),
        ("", None),
        (None, None),
        ("x", None),
        ("1.0", None),
        ("1e3", None),
        ("0x10", None),
        ("٣", None),  # int() reads Arabic-Indic digits; an address or form never needs them
        ("²", None),  # str.isdigit() says yes; int() refuses
        ("1_000", None),
        (True, None),
        (1.0, None),
        ([1], None),
    ],
)
def test_parse_int(value, expected):
    assert inputs.parse_int(value) == expected


def test_an_id_is_from_one_to_the_largest_integer():
    assert inputs.parse_id("1") == 1
    assert inputs.parse_id(str(BIGGEST)) == BIGGEST
    for value in ("0", "-1", str(BIGGEST + 1)):
        assert inputs.parse_id(value) is None


@pytest.mark.parametrize(
    ("value", "page"),
    [("3", 3), (None, 1), ("", 1), ("0", 1), ("-2", 1), ("x", 1), (str(2**63), 1_000_000)],
)
def test_page_number(value, page):
    assert inputs.page_number(value) == page


def test_a_year_is_one_the_service_serves():
    assert inputs.parse_year("2000") == 2000
    assert inputs.parse_year("2100") == 2100
    for value in ("1999", "2101", "0", "10000", str(2**63), "x"):
        assert inputs.parse_year(value) is None


# --- Paths ---------------------------------------------------------------------------------


def _converters(patterns=None, route=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        here = route + str(pattern.pattern)
        for name, converter in getattr(pattern.pattern, "converters", {}).items():
            yield here, name, converter
        if isinstance(pattern, URLResolver):
            yield from _converters(pattern.url_patterns, here)
        else:
            assert isinstance(pattern, URLPattern)


def test_the_walk_sees_every_converter():
    found = {(route, name) for route, name, _ in _converters()}
    assert ("applications/<id:pk>/indicators/<str:code>/", "code") in found
    assert ("staff/celebration/<id:year>/export.csv", "year") in found


def test_no_url_pattern_takes_a_plain_int():
    """Every number in a path is `<id:…>`: Django's `<int:…>` takes any number of digits,
    and one past the database's integers fails in the database driver (a 500) instead of
    finding nothing (a 404). A pattern added later with `<int:…>` fails here."""
    plain = [
        f"{route} <{name}>"
        for route, name, converter in _converters()
        if type(converter) is IntConverter
    ]
    assert plain == []


@pytest.mark.parametrize(
    "path",
    ["/applications/0/", f"/applications/{BIGGEST + 1}/", f"/applications/{'9' * 5000}/"],
)
def test_a_path_id_outside_the_database_s_range_matches_nothing(path):
    with pytest.raises(Resolver404):
        resolve(path)


def test_a_path_id_inside_the_range_is_an_int():
    assert resolve(f"/applications/{BIGGEST}/").kwargs == {"pk": BIGGEST}
    assert resolve("/applications/007/").kwargs == {"pk": 7}


# --- Forms ---------------------------------------------------------------------------------


class NumbersAndDates(Form):
    count = forms.IntegerField(required=False)
    day = forms.DateField(required=False)
    when = forms.DateTimeField(required=False)


@pytest.mark.parametrize("count", [str(BIGGEST + 1), str(-BIGGEST - 2), "9" * 30])
def test_a_form_refuses_an_integer_the_database_cannot_hold(count):
    form = NumbersAndDates({"count": count})
    assert form.errors == {"count": ["Enter a smaller number."]}


def test_a_form_takes_the_database_s_largest_integer():
    assert NumbersAndDates({"count": str(BIGGEST)}).is_valid()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("day", "9999-12-31"),
        ("day", "0001-01-01"),
        ("day", "1999-12-31"),
        ("day", "2101-01-01"),
        ("when", "9999-12-31 23:59"),
        ("when", "0001-01-01 00:00"),
    ],
)
def test_a_form_refuses_a_date_outside_the_service_s_years(field, value):
    form = NumbersAndDates({field: value})
    assert form.errors == {field: ["Enter a date between 2000 and 2100."]}


def test_a_form_takes_the_service_s_first_and_last_days():
    form = NumbersAndDates({"day": "2000-01-01", "when": "2100-12-31 23:59"})
    assert form.is_valid()
    assert form.cleaned_data["day"] == date(2000, 1, 1)


def test_django_s_multiple_choice_field_is_not_allowed_in_a_project_form():
    class Plain(Form):
        members = forms.ModelMultipleChoiceField(queryset=PanelMember.objects.all())

    with pytest.raises(TypeError, match="kitemark.inputs.ModelMultipleChoiceField"):
        Plain()


class Members(Form):
    members = inputs.ModelMultipleChoiceField(queryset=PanelMember.objects.all())


@pytest.mark.django_db
@pytest.mark.parametrize("bad", [str(BIGGEST + 1), "-1", "0", "²", "1.5", "x"])
def test_a_choice_of_several_refuses_an_impossible_id_before_the_query(bad):
    member = PanelMemberFactory()
    form = Members({"members": [str(member.pk), bad]})
    assert not form.is_valid()
    assert form.errors["members"] == [f"“{bad}” is not a valid value."]


@pytest.mark.django_db
def test_a_choice_of_several_takes_real_ids():
    members = PanelMemberFactory.create_batch(2)
    form = Members({"members": [str(m.pk) for m in members]})
    assert form.is_valid()
    assert set(form.cleaned_data["members"]) == set(members)


# --- JSON bodies -------------------------------------------------------------------------


def test_a_json_object_is_read():
    assert inputs.json_object(b'{"a": 1, "b": [2.5, "x"]}') == {"a": 1, "b": [2.5, "x"]}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"[]", inputs.NOT_AN_OBJECT),
        (b"null", inputs.NOT_AN_OBJECT),
        (b'"x"', inputs.NOT_AN_OBJECT),
        (b"123", inputs.NOT_AN_OBJECT),
        (b'{"a": 1e400}', inputs.NOT_FINITE),
        (b'{"a": -1e400}', inputs.NOT_FINITE),
        (b'{"a": Infinity}', inputs.NOT_FINITE),
        (b'{"a": [NaN]}', inputs.NOT_FINITE),
        (b"", inputs.NOT_JSON),
        (b"{", inputs.NOT_JSON),
        (b"\xff\xfe", inputs.NOT_JSON),
        (b"[" * 100_000, inputs.NOT_JSON),
        (b'{"a": 1' + b"0" * 5000 + b"}", inputs.NOT_JSON),
    ],
)
def test_anything_else_is_refused_with_a_message(body, message):
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        inputs.json_object(body)
