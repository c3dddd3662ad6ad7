"""UI text goes one way: an English msgid marked for gettext in the code or a template and
translated in heartland/locale/ — never an "English / 中文" string split at run time.

The msgids are found as ``manage.py makemessages`` finds them (xgettext's Python keywords plus
Django's, templates through Django's templatize), so a string marked in a way makemessages does
not see (an alias such as ``N_``) fails here instead of vanishing from the .po at the next run.
"""
from __future__ import annotations

import ast
import io
import re
from functools import cache
from pathlib import Path

import pytest
from babel.messages.extract import extract
from babel.messages.pofile import read_po
from django.utils.translation.template import templatize

ROOT = Path(__file__).resolve().parents[2]  # the heartland package
LOCALE = ROOT / "locale"
LANGUAGES = ("zh_Hans", "zh_Hant")
# Shopper-facing code: its strings are UI text or content, never both languages side by side.
SHOPPER_CODE = (ROOT / "checkout", ROOT / "orders", ROOT / "storefront", ROOT / "markets" / "pricing.py")
CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
SIDE_BY_SIDE = re.compile(rf" / [^\n]*?[{CJK}]")
# xgettext's default Python keywords and the ones Django's makemessages adds.
KEYWORDS = {
    "_": None, "gettext": None, "ugettext": None, "dgettext": (2,), "ngettext": (1, 2), "ungettext": (1, 2),
    "dngettext": (2, 3), "gettext_noop": None, "gettext_lazy": None, "ngettext_lazy": (1, 2),
    "pgettext": ((1, "c"), 2), "npgettext": ((1, "c"), 2, 3), "pgettext_lazy": ((1, "c"), 2),
    "npgettext_lazy": ((1, "c"), 2, 3),
}
EXTENSIONS = (".py", ".html", ".txt")  # makemessages' defaults


def _files(top: Path, extensions=EXTENSIONS):
    for path in sorted(top.rglob("*") if top.is_dir() else [top]):
        if path.suffix in extensions and "__pycache__" not in path.parts:
            yield path


def _catalogued_here(path: Path) -> bool:
    """makemessages writes a file's msgids to its app's own locale/ when the app has one."""
    return not any((parent / "locale").is_dir() for parent in path.parents if parent != ROOT and ROOT in parent.parents)


@cache
def _extracted() -> dict:
    """{msgid or (context, msgid): 'path:line'} for every msgid makemessages would put in heartland/locale."""
    found = {}
    for path in _files(ROOT):
        if not _catalogued_here(path):
            continue
        source = path.read_text(encoding="utf-8")
        if path.suffix != ".py":  # a template, as Python-like text (its indentation means nothing)
            source = "\n".join(line.lstrip() for line in templatize(source, origin=str(path)).splitlines())
        for lineno, message, _comments, context in extract("python", io.BytesIO(source.encode()), keywords=KEYWORDS):
            msgid = message[0] if isinstance(message, tuple) else message
            if msgid:
                found.setdefault((context, msgid) if context else msgid, f"{path.relative_to(ROOT)}:{lineno}")
    return found


@cache
def _catalog(lang: str):
    with open(LOCALE / lang / "LC_MESSAGES" / "django.po", "rb") as f:
        return read_po(f)


def _key(message):
    msgid = message.id[0] if isinstance(message.id, (list, tuple)) else message.id
    return (message.context, msgid) if message.context else msgid


def _translated(message) -> bool:
    strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
    return bool(strings) and all(strings) and not message.fuzzy


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_msgid_in_the_code_and_templates_is_translated(lang):
    used = _extracted()
    assert "Add to cart" in used and "Awaiting payment" in used and "No HS code." in used, "the scan is broken"
    catalog = {_key(m): m for m in _catalog(lang) if m.id}
    missing = sorted(f"{where}: {msgid!r}" for msgid, where in used.items()
                     if msgid not in catalog or not _translated(catalog[msgid]))
    assert missing == [], f"add these to heartland/locale/{lang} (makemessages, translate, compilemessages)"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_po_files_hold_only_what_makemessages_finds(lang):
    used = _extracted()
    unseen = sorted(repr(_key(m)) for m in _catalog(lang) if m.id and _key(m) not in used)
    assert unseen == [], ("makemessages would drop these: mark them with gettext, gettext_lazy, gettext_noop or "
                          "pgettext under that name (an alias is not seen), or remove them from the .po")


def _python_strings(path: Path):
    """(line, text) of every string literal but docstrings; an f-string whole, with {} for its fields."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    parts_of_fstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            parts_of_fstrings.update(id(v) for v in node.values)
            yield node.lineno, "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
    for node in ast.walk(tree):
        if (isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
                and id(node) not in parts_of_fstrings):
            yield node.lineno, node.value


def _shopper_files(extensions):
    for top in SHOPPER_CODE:
        for path in _files(top, extensions):
            if not {"tests", "migrations"} & set(path.relative_to(ROOT).parts):
                yield path


def test_no_shopper_code_writes_english_slash_chinese():
    offenders = [f"{path.relative_to(ROOT)}:{line}" for path in _shopper_files((".py",))
                 for line, value in _python_strings(path) if SIDE_BY_SIDE.search(value)]
    offenders += [f"{path.relative_to(ROOT)}:{n}" for path in _shopper_files((".html", ".txt"))
                  for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if SIDE_BY_SIDE.search(line)]
    assert offenders == [], "UI text is an English msgid translated in heartland/locale/, not 'English / 中文'"


TRANSLATED_OR_COMMENT = re.compile(
    r"{%\s*blocktrans(?:late)?\b.*?{%\s*endblocktrans(?:late)?\s*%}|{%\s*trans(?:late)?\s.*?%}"
    r"|{%\s*comment\s*%}.*?{%\s*endcomment\s*%}|{#.*?#}", re.S)


def test_shopper_templates_write_no_chinese_outside_translations():
    offenders = [str(path.relative_to(ROOT)) for path in _shopper_files((".html", ".txt"))
                 if re.search(f"[{CJK}]", TRANSLATED_OR_COMMENT.sub("", path.read_text(encoding="utf-8")))]
    assert offenders == [], "a template's Chinese goes in the .po files, behind an English msgid"
