"""Imports flow one way: the apps use conference's infrastructure, never the reverse.

conference/web (request infrastructure) and conference/db (database plumbing) must not
import the talks or photos apps, nor the editions app they share a package with (the rest
of conference/: models, views, admin, readers, services...), wherever the import sits: at
the top of a module, inside a function, or as importlib.import_module("talks...") with a
literal name. Read from the source with ast, so an import nobody executes during the tests
is caught too. Only the URL and sitemap wiring (and the static export, which renders the
sitemap's pages) imports the apps; nothing imports it back.

conference/ops is a layer above the apps rather than beneath them: a backup lists every
table of the archive, and worker recovery knows the rendition and slide deck tasks. Its
imports of the apps are the ones listed in OPS_USES_APPS, each with its reason; a new one
fails here until it is listed (or, better, avoided), and a listed one that is gone fails
too, so the list stays what the code does. Nothing in the apps imports conference.ops,
which would close a cycle.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ("talks", "photos")
INFRASTRUCTURE = ("conference/web", "conference/db")
INFRASTRUCTURE_PACKAGES = ("conference.web", "conference.db")
# The modules that wire the apps into the site.
# The static export (conference/static_export/ and its command) renders every page the
# sitemap lists.
WIRING = (
    "conference.urls",
    "conference.sitemaps",
    "conference.static_export",
    "conference.management.commands.export_static",
)

# (module, app module it imports): why operations need the app.
OPS_USES_APPS = {
    # The backup's manifest counts and checks the rows of every table of the archive.
    ("conference.ops.backup.archive", "photos.models"),
    ("conference.ops.backup.archive", "talks.models"),
    ("conference.ops.backup.archive", "talks.decks.models"),
    # A restore re-applies the planner cost a migration set on a catalog function,
    # which no dump carries; the SQL lives in that migration only.
    ("conference.ops.backup.restore", "talks.migrations.0006_tsquery_match_cost"),
    # Requeueing a dead worker's rendition builds deletes the rendition files no row owns.
    ("conference.ops.worker_recovery", "photos.models"),
    # ...and a dead worker's slide deck readings, the page images no row owns.
    ("conference.ops.worker_recovery", "talks.decks.models"),
}

IMPORT_FUNCTIONS = {"import_module", "__import__"}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_names(path: Path) -> set[str]:
    """Every module `path` imports, as absolute dotted names (relative imports resolved)."""
    tree = ast.parse(path.read_text(), filename=str(path))
    package = module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            names.add(module)
            # `from talks import models` names the module talks.models.
            names.update(f"{module}.{alias.name}" for alias in node.names)
        elif _literal_import(node):
            names.add(str(node.args[0].value))
    return names


def _literal_import(node: ast.AST) -> bool:
    """import_module("talks.x") or __import__("talks.x"), with the name written out."""
    return (
        isinstance(node, ast.Call)
        and _called_name(node.func) in IMPORT_FUNCTIONS
        and bool(node.args)
        and isinstance(node.args[0], ast.Constant)
    )


def _called_name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def app_imports(folder: str) -> set[tuple[str, str]]:
    """(module, imported module) for every import of talks or photos under `folder`."""
    found = set()
    for path in sorted((ROOT / folder).rglob("*.py")):
        for name in imported_names(path):
            if name.split(".")[0] in APPS:
                found.add((module_name(path), name))
    return found


def test_infrastructure_imports_no_app():
    found = set().union(*(app_imports(folder) for folder in INFRASTRUCTURE))
    assert sorted(found) == []


def test_infrastructure_imports_no_editions_module():
    """conference.web and conference.db import each other at most: not the editions app
    (conference.models and the rest), not the URL or settings modules."""
    found = {
        (module, name)
        for folder in INFRASTRUCTURE
        for module, name in _all_imports(folder)
        if name.split(".")[0] == "conference" and not name.startswith(INFRASTRUCTURE_PACKAGES)
    }
    assert sorted(found) == []


def test_apps_import_no_wiring():
    """Only the URL and sitemap wiring imports the apps, so the apps never import it back."""
    found = {
        (module, name)
        for app in (*APPS, "conference")
        for module, name in _all_imports(app)
        if name.startswith(WIRING) and not module.startswith(WIRING)
    }
    assert sorted(found) == []


def test_operations_import_only_the_listed_app_modules():
    found = app_imports("conference/ops")

    def listed(module: str, name: str) -> tuple[str, str] | None:
        # `from photos.models import Rendition` also yields photos.models.Rendition.
        for entry in OPS_USES_APPS:
            if module == entry[0] and (name == entry[1] or name.startswith(f"{entry[1]}.")):
                return entry
        return None

    assert sorted(pair for pair in found if listed(*pair) is None) == []
    assert {listed(*pair) for pair in found} == OPS_USES_APPS


def test_apps_import_no_operations():
    found = {
        (module, name)
        for app in APPS
        for module, name in _all_imports(app)
        if name == "conference.ops" or name.startswith("conference.ops.")
    }
    assert sorted(found) == []


def _all_imports(folder: str) -> set[tuple[str, str]]:
    return {
        (module_name(path), name)
        for path in sorted((ROOT / folder).rglob("*.py"))
        for name in imported_names(path)
    }
