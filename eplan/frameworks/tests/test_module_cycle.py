"""The automatic checks and the framework models do not import each other: the models
validate a criterion's parameters with checks.py, which knows only the check kinds."""

import ast
from pathlib import Path

import eplan.frameworks

FRAMEWORKS = Path(eplan.frameworks.__file__).parent


def imported_modules(name):
    tree = ast.parse((FRAMEWORKS / name).read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_checks_and_check_kinds_import_nothing_from_the_models():
    for name in ("checks.py", "check_kinds.py"):
        assert "eplan.frameworks.models" not in imported_modules(name), name


def test_criterion_kinds_are_the_same_class_wherever_they_are_imported_from():
    from eplan.frameworks import check_kinds, checks, models

    assert models.CheckKind is check_kinds.CheckKind is checks.CheckKind
