"""The apps depend one way (ARCHITECTURE.md, "Apps and their layers").

Each app may import only the apps in the layers below its own, so there is no import cycle
between apps and no domain app depends on the staff console or the organisation portal.
Imports across apps sit at the top of a module; inside a function only in an AppConfig's
ready(), where Django's app loading needs them.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Bottom to top. An app may import the apps of any lower layer, never its own layer's
# other apps or a higher one.
LAYERS = [
    ["kitemark"],
    ["scheme"],
    ["jobs"],
    ["operations"],
    ["accounts"],
    ["enquiries"],
    ["audit"],
    ["organisations"],
    ["assessments"],
    ["panels"],
    ["certificates"],
    ["training", "credentials", "checkins"],
    ["recognition"],
    ["portal", "console", "api"],
]
LAYER_OF = {app: index for index, apps in enumerate(LAYERS) for app in apps}


def _modules(app):
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" not in path.relative_to(ROOT).parts:
            yield path


def _imported_apps(node):
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
        names = [node.module]
    else:
        return []
    return [name.split(".")[0] for name in names if name.split(".")[0] in LAYER_OF]


def cross_app_imports():
    """[(importing app, imported app, "path:line", enclosing function or None)]."""
    found = []

    def visit(node, app, path, function):
        for child in ast.iter_child_nodes(node):
            inner = function
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                inner = child.name
            for other in _imported_apps(child):
                if other != app:
                    where = f"{path.relative_to(ROOT)}:{child.lineno}"
                    found.append((app, other, where, function))
            visit(child, app, path, inner)

    for app in LAYER_OF:
        for path in _modules(app):
            visit(ast.parse(path.read_text(), str(path)), app, path, None)
    return found


IMPORTS = cross_app_imports()


def test_the_scan_sees_the_apps_imports():
    """A guard for the guard: the scan finds imports that are known to exist."""
    pairs = {(app, other) for app, other, _, _ in IMPORTS}
    assert ("panels", "assessments") in pairs
    assert ("console", "certificates") in pairs
    assert ("portal", "panels") in pairs


def test_every_app_imports_only_apps_in_lower_layers():
    upward = [
        f"{where}: {app} imports {other}"
        for app, other, where, _ in IMPORTS
        if LAYER_OF[other] >= LAYER_OF[app]
    ]
    assert not upward, "imports against the layering:\n" + "\n".join(upward)


def test_imports_across_apps_are_at_module_level():
    inside = [
        f"{where}: {app} imports {other} inside {function}()"
        for app, other, where, function in IMPORTS
        if function not in (None, "ready")
    ]
    assert not inside, "function-level imports across apps:\n" + "\n".join(inside)


def test_every_app_has_a_layer():
    apps = {
        path.parent.name
        for path in ROOT.glob("*/apps.py")
        if path.parent.name not in ("tests", "bench")
    }
    assert apps <= set(LAYER_OF), f"apps with no layer: {sorted(apps - set(LAYER_OF))}"
