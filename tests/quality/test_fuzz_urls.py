"""No request makes the server fail: every URL pattern, as every role, with hostile values.

The walk finds every URL pattern of the site (Django's admin aside, as in the permission
matrix) and every field name of the project's forms and filters, so a page or a field
added later is fuzzed without anyone listing it. For each pattern and role, Hypothesis
draws a few requests: each path parameter is either its real value (from the permission
matrix, when it has the pattern) or a hostile one (huge and negative numbers, empty,
very long, odd Unicode, invalid UTF-8 percent-encoded), with hostile values for some of
the common query and form fields, sent as a GET and as a POST (a form, or a JSON body of
the wrong shape). Every answer must be below 500.

The budget is fixed, and each cell has its own fixed seed, so a run is the same every
time and a failure can be replayed.
"""

import importlib
import json
import logging
import pkgutil
import re
import zlib
from dataclasses import dataclass
from urllib.parse import quote, quote_from_bytes

import django_filters
import pytest
from django import forms
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, Phase, example, given, seed, settings
from hypothesis import strategies as st

from tests.quality.matrix import MATRIX, ROLES

pytestmark = pytest.mark.django_db

PROJECT_APPS = [
    "kitemark",
    "accounts",
    "jobs",
    "organisations",
    "assessments",
    "panels",
    "certificates",
    "audit",
    "console",
    "portal",
    "credentials",
    "api",
]

# Requests Hypothesis draws for each pattern and role that may use the page, beside the
# fixed ones below; each request is sent as a GET and as a POST.
DRAWN_PER_CELL = 1

# --- The site: its URL patterns and its form fields --------------------------------------

PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def url_patterns(patterns=None, prefix="", namespace=""):
    """(name, route) of every URL pattern of the site except Django's admin; a route is
    the full path pattern with its <converter:parameter> parts."""
    found = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            if inner == "admin" or inner.startswith("admin:"):
                continue
            found += url_patterns(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace else str(pattern.name)
            found.append((name, prefix + str(pattern.pattern)))
    return found


def _project_classes(base):
    for app in PROJECT_APPS:
        package = importlib.import_module(app)
        for module in pkgutil.walk_packages(package.__path__, f"{app}."):
            if ".migrations" not in module.name and ".management" not in module.name:
                importlib.import_module(module.name)
    classes, todo = [], [base]
    while todo:
        for cls in todo.pop().__subclasses__():
            todo.append(cls)
            if cls.__module__.split(".")[0] in PROJECT_APPS:
                classes.append(cls)
    return classes


# What a form field takes, by its class (the first that matches).
KINDS = [
    (forms.ModelMultipleChoiceField, "ids"),
    (forms.ModelChoiceField, "id"),
    (forms.BooleanField, "bool"),
    (forms.IntegerField, "int"),
    (forms.DateTimeField, "datetime"),
    (forms.DateField, "date"),
    (forms.TimeField, "time"),
    (forms.EmailField, "email"),
    (forms.URLField, "url"),
    (forms.FileField, "text"),
    (forms.ChoiceField, "choice"),
    (forms.Field, "text"),
]
# The query parameters pages read themselves, and the JSON endpoints' fields.
READ_BY_VIEWS = {
    "page": "int",
    "per_page": "int",
    "year": "int",
    "sort": "text",
    "next": "text",
    "indicator": "id",
    "answer": "id",
    "item": "id",
    "client_ts": "datetime",
}


def _kind(field_class):
    return next(kind for cls, kind in KINDS if issubclass(field_class, cls))


def form_fields():
    """{field name: kind} for every field of the project's forms and filters, and the
    parameters the views read themselves."""
    fields = dict(READ_BY_VIEWS)
    for form in _project_classes(forms.BaseForm):
        for name, field in form.base_fields.items():
            fields.setdefault(name, _kind(type(field)))
    for filterset in _project_classes(django_filters.FilterSet):
        for name, declared in filterset.base_filters.items():
            fields.setdefault(name, _kind(declared.field_class))
    return dict(sorted(fields.items()))


PATTERNS = url_patterns()
FIELDS = form_fields()
CELLS = [(name, route, role) for name, route in PATTERNS for role in ROLES]

# --- Values --------------------------------------------------------------------------------
# Query and form values are written percent-encoded, as they arrive.

BIGGEST = 2**63 - 1  # the database's largest integer
HUGE = [str(BIGGEST + 1), str(2**64), str(10**30), "9" * 5000]
# For each kind, values at the edges of what it can be: the largest and the smallest.
EDGES = {
    "ids": (str(BIGGEST + 1), str(-BIGGEST - 2)),
    "id": (str(BIGGEST + 1), "-1"),
    "int": (str(BIGGEST + 1), str(-BIGGEST - 2)),
    "datetime": ("9999-12-31%2023:59:59", "0001-01-01%2000:00"),
    "date": ("9999-12-31", "0001-01-01"),
    "time": ("23:59:59", "00:00"),
    "bool": ("on", "off"),
    "email": (quote(f"{'a' * 300}@example.org"), "%40"),
    "url": (quote("https://example.org/" + "a" * 3000), "javascript:alert(1)"),
    "choice": ("%F0%9F%8E%89", ""),
    "text": ("a" * 5000, "%00%0D%0ABcc:%20x@example.org"),
}
PLAUSIBLE = {
    "ids": "1",
    "id": "1",
    "int": "60",
    "datetime": "2030-06-01%2010:00",
    "date": "2030-06-01",
    "time": "10:00",
    "bool": "on",
    "email": "jo@example.org",
    "url": "https://example.org/",
    "choice": "1",
    "text": "Youth%20Hub",
}
HOSTILE = [
    "",
    "0",
    "-1",
    *HUGE,
    "1e400",
    "-0",
    "+1",
    "%201",
    "1.5",
    "NaN",
    "Infinity",
    "0x10",
    quote("٣"),  # an Arabic-Indic digit: str.isdigit() says yes, int() reads it
    quote("²"),  # str.isdigit() says yes, int() refuses it
    quote("½"),
    "a" * 5000,
    quote("é" * 1000),
    quote("\u202eevil\u200b"),
    quote("𝕏🎉"),
    "%00",
    "%0D%0ABcc:%20x@example.org",
    "%FF",
    "%C3%28",
    "%ED%A0%80",  # a UTF-16 surrogate, which UTF-8 may not hold
    "%E2%82",  # a character cut short
    "..",
    "%2E%2E%2F%2E%2E%2F",
    "9999-12-31",
    "0001-01-01",
    "9999-12-31T23:59:59-14:00",
    "0001-01-01T00:00:00%2B14:00",
    "2023-02-29",
    "24:00",
    "%3Cscript%3E",
]
hostile = st.one_of(
    st.sampled_from(HOSTILE),
    st.integers(min_value=-(2**80), max_value=2**80).map(str),
    st.text(max_size=30).map(lambda text: quote(text.encode("utf-8", "surrogatepass"))),
    st.binary(max_size=30).map(quote_from_bytes),
)


def _value_for(kind):
    return st.one_of(st.sampled_from([*EDGES[kind], PLAUSIBLE[kind]]), hostile)


# JSON values written out as text, so that a body may hold what json.dumps refuses.
JSON_EDGES = [
    "1e400",
    "-1e400",
    "Infinity",
    "NaN",
    str(BIGGEST + 1),
    "1" + "0" * 5000,
    "-1",
    "2.5",
    "true",
    "null",
    "[]",
    "{}",
    '"x"',
    '""',
    '"9999-12-31T23:59:59-14:00"',
    '"0001-01-01T00:00:00+14:00"',
    '"\\u0000"',
    '"\\ud800"',  # a lone surrogate, which no database text column holds
    "[" * 1000 + "]" * 1000,
]
json_value = st.one_of(
    st.sampled_from(JSON_EDGES),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.text(max_size=20).map(json.dumps),
)
# "\udcff\udcfe": the bytes FF FE once encoded (surrogateescape), which are not UTF-8.
NOT_AN_OBJECT = ["[]", "null", '"x"', "123", "", "{", "[" * 10_000, "\udcff\udcfe"]


def _json_object(fields):
    return "{" + ", ".join(f"{json.dumps(name)}: {value}" for name, value in fields.items()) + "}"


json_body = st.one_of(
    st.sampled_from(NOT_AN_OBJECT),
    st.dictionaries(st.sampled_from(list(FIELDS)), json_value, max_size=4).map(_json_object),
)


@dataclass(frozen=True)
class Fuzzed:
    """One request's values: the path's parameters, the query or form fields (each
    already percent-encoded), and, instead of a form, a JSON body (text)."""

    path: tuple  # (parameter, value), in the route's order
    fields: tuple  # (name, value)
    json: str | None = None

    def url(self, route):
        values = dict(self.path)
        return "/" + PARAMETER.sub(lambda match: values[match["name"]], route)

    def query(self):
        return "&".join(f"{quote(name)}={value}" for name, value in self.fields)


CALENDAR = {"date", "datetime", "time"}
TEXT = {"text", "email", "url"}


def _fields(edge=None, kinds=None):
    """A value for every field: plausible, or at its largest (edge 0) or smallest
    (edge 1), for every field or only for those of `kinds`."""

    def value(kind):
        if edge is None or (kinds is not None and kind not in kinds):
            return PLAUSIBLE[kind]
        return EDGES[kind][edge]

    return tuple((name, value(kind)) for name, kind in FIELDS.items())


def _fixed(parameters, real, *, acts):
    """The requests every cell sends, with the page's own object: every field at its
    largest; and for a role that may use the page, every field at its smallest, the
    dates and times at their edges and the text at its longest with the other fields
    plausible, everything plausible, two JSON bodies (numbers past any limit, and not an
    object), and each path parameter past the largest id."""
    own = tuple((name, real.get(name, HUGE[0])) for name in parameters)
    fixed = [Fuzzed(own, _fields(0))]
    if not acts:
        return fixed
    plausible = _fields()
    fixed += [
        Fuzzed(own, _fields(1)),
        Fuzzed(own, _fields(0, kinds=CALENDAR)),
        Fuzzed(own, _fields(1, kinds=CALENDAR)),
        Fuzzed(own, _fields(0, kinds=TEXT)),
        Fuzzed(own, plausible),
        Fuzzed(own, (), json=_json_object({name: "1e400" for name in FIELDS})),
        Fuzzed(own, (), json="[]"),
    ]
    fixed += [
        Fuzzed(tuple((n, HUGE[0] if n == name else v) for n, v in own), plausible)
        for name in parameters
    ]
    return fixed


def _drawn(parameters, real):
    path = st.tuples(
        *(
            st.tuples(
                st.just(name),
                st.sampled_from([real[name]]) | hostile if name in real else hostile,
            )
            for name in parameters
        )
    )
    fields = st.lists(
        st.sampled_from(list(FIELDS)).flatmap(
            lambda name: st.tuples(st.just(name), _value_for(FIELDS[name]))
        ),
        max_size=12,
    ).map(tuple)
    return st.builds(Fuzzed, path, fields, st.none() | json_body)


def _real_values(world, name):
    """The path parameters of the matrix's own object for the pattern, percent-encoded."""
    entry = MATRIX.get(name)
    if entry is None or entry.kwargs is None:
        return {}
    return {key: quote(str(value)) for key, value in entry.kwargs(world.a).items()}


def _acts(name, role):
    """Whether the matrix lets `role` use the page (open it, or post to it): such a cell
    gets every request below; a refused one only the first, which must be refused before
    anything is read. A pattern the matrix does not know yet gets everything."""
    entry = MATRIX.get(name)
    if entry is None:
        return True
    if entry.expected(role, "own", "GET") == 200:
        return True
    refused = entry.post.get(role, 0) if entry.post else 0
    return (refused[0] if isinstance(refused, tuple) else refused) is None


def _send(client, route, fuzzed):
    """The request as a GET and a form POST, or a JSON POST; the answers."""
    url = fuzzed.url(route)
    if fuzzed.json is not None:
        body = fuzzed.json.encode("utf-8", "surrogateescape")
        return [("POST", url, fuzzed.json, client.post(url, body, content_type="application/json"))]
    query = fuzzed.query()
    form = "application/x-www-form-urlencoded"
    return [
        ("GET", url, query, client.get(f"{url}?{query}" if query else url)),
        ("POST", url, query, client.post(url, query.encode(), content_type=form)),
    ]


@pytest.fixture
def quiet_request_log():
    """Thousands of refused requests: Django's log of each 4xx is not what this is about."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    yield
    logger.setLevel(level)


@pytest.fixture
def quick_pdfs(monkeypatch):
    """PDFs are made from the page's HTML (so a template that fails on a value still
    fails) but not laid out: that is slow, and tested where each PDF is."""
    from weasyprint import HTML

    monkeypatch.setattr(HTML, "write_pdf", lambda self, *args, **kwargs: b"%PDF-1.7\n%%EOF\n")


@pytest.mark.parametrize(("name", "route", "role"), CELLS, ids=[f"{c[0]}-{c[2]}" for c in CELLS])
def test_no_request_answers_a_server_error(world, quiet_request_log, quick_pdfs, name, route, role):
    real = _real_values(world, name)
    parameters = [match["name"] for match in PARAMETER.finditer(route)]
    acts = _acts(name, role)
    user = world.users[role]
    failures = []
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)

    def send(fuzzed):
        for method, url, data, response in _send(client, route, fuzzed):
            if response.status_code >= 500:
                cause = response.exc_info[1] if response.exc_info else None
                failures.append(f"{method} {url} {data!r:.200} as {role}: {cause!r:.300}")
            if user is not None and not response.wsgi_request.user.is_authenticated:
                client.force_login(user)  # signed out by the logout page

    test = given(_drawn(parameters, real))(send)
    for fuzzed in reversed(_fixed(parameters, real, acts=acts)):
        test = example(fuzzed)(test)
    test = settings(
        max_examples=DRAWN_PER_CELL,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate] if acts else [Phase.explicit],
        suppress_health_check=list(HealthCheck),
    )(test)
    seed(zlib.crc32(f"{name}|{role}".encode()))(test)()
    assert failures == []


# --- The walk itself -------------------------------------------------------------------------


def test_the_walk_finds_every_page_and_field():
    names = {name for name, _ in PATTERNS}
    assert {"panels:score_save", "console:celebration_export", "assessments:answer"} <= names
    assert set(MATRIX) <= names
    assert {"members": "ids", "evidence": "ids", "revision": "int", "date": "date"}.items() <= (
        FIELDS.items()
    )
    acting = sum(_acts(name, role) for name, _, role in CELLS)
    print(f"\nfuzzed: {len(PATTERNS)} URL patterns x {len(ROLES)} roles ({acting} acting)")
    print(f"fields: {len(FIELDS)}")


def test_a_request_fills_the_route_and_encodes_the_query():
    fuzzed = Fuzzed((("pk", "7"), ("code", "%FF")), (("q", "%00"), ("page", "2")))
    assert fuzzed.url("applications/<id:pk>/indicators/<str:code>/") == (
        "/applications/7/indicators/%FF/"
    )
    assert fuzzed.query() == "q=%00&page=2"
