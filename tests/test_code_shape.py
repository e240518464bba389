"""The size limits of shared/STYLE.md and issue 16, and its rule that every `noqa` says why.

A module over ~400 lines or a function over ~60 lines is read as several jobs at once;
these tests keep the apps and bench/ split for that reason (conference/ with its settings helpers,
backups and restores in conference/ops/; photos/ with renditions split by job; talks/
with its readers, importers and exporters in packages of their own) from growing back.
A `noqa` without a reason hides whether the rule it silences was weighed or just in the
way, so each one in the apps and in bench/ gives its reason after the codes.
"""

import ast
import importlib.util
import re
from pathlib import Path

import pytest

# Migrations are left out: Django writes them, as long as their operations need.
# bench/ holds scripts, not the site, and keeps the same shape.
PACKAGES = ["conference", "photos", "talks", "bench"]
NOQA_PACKAGES = PACKAGES
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60
# A noqa comment: the word, optional rule codes, then words saying why (the "reason").
NOQA = re.compile(r"#\s*noqa\b(?::\s*[A-Z]+[0-9]+(?:\s*,\s*[A-Z]+[0-9]+)*)?(?P<reason>.*)$")


def source_files(package: str) -> list[Path]:
    """The .py files of `package` (a package's whole tree, or a plain module's one file)."""
    spec = importlib.util.find_spec(package)
    assert spec is not None, f"{package} does not exist"
    if spec.submodule_search_locations:
        return sorted(
            path
            for folder in spec.submodule_search_locations
            for path in Path(folder).rglob("*.py")
            if "migrations" not in path.relative_to(folder).parts
        )
    return [Path(spec.origin)]


def long_functions(path: Path) -> list[str]:
    """ "name (N lines)" for each function of `path` longer than MAX_FUNCTION_LINES."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        f"{node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]


@pytest.mark.parametrize("package", PACKAGES)
def test_modules_within_line_limit(package):
    too_long = {
        path.name: lines
        for path in source_files(package)
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }

    assert too_long == {}


@pytest.mark.parametrize("package", PACKAGES)
def test_functions_within_line_limit(package):
    too_long = {
        path.name: found for path in source_files(package) if (found := long_functions(path))
    }

    assert too_long == {}


@pytest.mark.parametrize("package", NOQA_PACKAGES)
def test_noqa_gives_reason(package):
    unexplained = [
        f"{path.name}:{number}"
        for path in source_files(package)
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if (match := NOQA.search(line)) and not match["reason"].strip(" -—:;,.")
    ]

    assert unexplained == []


def test_noqa_pattern_tells_reason_from_none():
    """The noqa check itself: a bare noqa or one with codes only has no reason."""
    reasons = {
        line: NOQA.search(line)["reason"].strip(" -—:;,.")
        for line in (
            "run(args)  # noqa: S603 - our own argument list",
            "run(args)  # noqa: S603, S607",
            "run(args)  # noqa",
        )
    }

    assert reasons == {
        "run(args)  # noqa: S603 - our own argument list": "our own argument list",
        "run(args)  # noqa: S603, S607": "",
        "run(args)  # noqa": "",
    }
