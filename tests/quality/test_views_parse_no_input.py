"""Views read numbers, dates and JSON from a request only through kitemark.inputs or a
form, never with a bare int(), float(), fromisoformat() or json.loads(): those accept
values the database or the calendar cannot hold (2**63, year 9999 with a time zone,
1e400) or raise an error no view expects, and the request ends in a 500."""

import ast
from pathlib import Path

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
    "scheme",
    "enquiries",
]
ROOT = Path(__file__).resolve().parents[2]
PARSERS = {"int", "float", "Decimal", "fromisoformat", "strptime", "fromtimestamp", "loads"}


def _view_modules():
    for app in PROJECT_APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if path.name == "views.py" or "views" in relative.parts[:-1]:
                yield relative, path


def _bare_parsing(path):
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if name in PARSERS:
                yield node.lineno, ast.unparse(node)


def test_the_walk_finds_the_views():
    found = {str(relative) for relative, _ in _view_modules()}
    assert {"panels/views.py", "console/views/celebration.py", "kitemark/views.py"} <= found


def test_no_view_parses_input_itself():
    bare = [
        f"{relative}:{line}: {call}"
        for relative, path in _view_modules()
        for line, call in _bare_parsing(path)
    ]
    assert bare == []
