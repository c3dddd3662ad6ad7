"""UI text has one way in: an English msgid in the code, translated in heartland/locale/."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
SHOPPER_APPS = ("checkout", "orders", "storefront")
CJK = re.compile(r"[\u4e00-\u9fff]")
MARKERS = {"_", "N_", "gettext", "gettext_lazy", "gettext_noop", "gettext_format_lazy"}


def _sources():
    for app in SHOPPER_APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "tests" not in path.parts and "migrations" not in path.parts:
                yield path


def _string_constants(path: Path):
    """Every string literal of a module but its docstrings (prose for developers)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                  if isinstance(n, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and n.body
                  and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            yield node
        elif isinstance(node, ast.JoinedStr):
            yield from (v for v in node.values if isinstance(v, ast.Constant))


def _msgids(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in MARKERS and node.args
                and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            yield node.args[0].value


def test_no_shopper_facing_code_writes_english_and_chinese_side_by_side():
    offenders = [f"{path.relative_to(ROOT)}:{node.lineno}" for path in _sources() for node in _string_constants(path)
                 if CJK.search(node.value)]
    assert offenders == [], "UI text is an English msgid translated in the .po files, not inline Chinese"


@pytest.mark.parametrize("lang", ["zh_Hans", "zh_Hant"])
def test_every_msgid_the_shopper_code_uses_is_translated(lang):
    with open(ROOT / "locale" / lang / "LC_MESSAGES" / "django.po", "rb") as f:
        catalog = {m.id: m.string for m in read_po(f) if m.id and not m.fuzzy}
    used = {msgid for path in _sources() for msgid in _msgids(path)}
    assert used, "no msgid found: the scan is broken"
    missing = sorted(m for m in used if not catalog.get(m))
    assert missing == []
