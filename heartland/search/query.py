"""The boolean query both index backends run, and its reference evaluation in Python.

Pure Python (no Django). A query is a tree of:

* `Term(token, prefix)` — a token anywhere in the document (prefix: any token starting so);
* `Phrase(tokens, prefix)` — consecutive tokens within one field (prefix applies to the last);
* `And(items)`, `Or(items)`;
* `Substring(text)` — the normalized title/tags text contains `text` (the fallback for word
  fragments: FTS5 `trigram` on SQLite, `pg_trgm` on PostgreSQL).

`to_fts5` and `to_tsquery` compile the token part; `evaluate` is the definition both must agree
with (the property tests compare them on the demo catalogue).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Union


@dataclass(frozen=True)
class Term:
    token: str
    prefix: bool = False


@dataclass(frozen=True)
class Phrase:
    tokens: tuple[str, ...]
    prefix: bool = False


@dataclass(frozen=True)
class And:
    items: tuple["Node", ...]


@dataclass(frozen=True)
class Or:
    items: tuple["Node", ...]


@dataclass(frozen=True)
class Substring:
    text: str


Node = Union[Term, Phrase, And, Or, Substring]

# Field → PostgreSQL weight label (setweight in the generated tsvector column).
WEIGHTS = {"title": "A", "tags": "B", "body": "C", "extra": "D"}


def substrings(node: Node | None) -> list[str]:
    if node is None:
        return []
    if isinstance(node, Substring):
        return [node.text]
    if isinstance(node, (And, Or)):
        return [s for item in node.items for s in substrings(item)]
    return []


def without_substrings(node: Node | None) -> Node | None:
    """The token part of a query whose top level is an AND of clauses (Substrings only appear
    there, as whole clauses)."""
    if node is None or isinstance(node, Substring):
        return None
    if isinstance(node, And):
        items = tuple(i for i in node.items if not isinstance(i, Substring))
        if not items:
            return None
        return items[0] if len(items) == 1 else And(items)
    return node


# --- SQLite FTS5 ------------------------------------------------------------------------------------
def _fts_quote(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def to_fts5(node: Node, columns: tuple[str, ...] | None = None) -> str:
    """An FTS5 MATCH expression; `columns` restricts every term to those columns."""
    expr = _fts(node)
    if columns:
        return "{" + " ".join(columns) + "} : (" + expr + ")"
    return expr


def _fts(node: Node) -> str:
    if isinstance(node, Term):
        return _fts_quote(node.token) + ("*" if node.prefix else "")
    if isinstance(node, Phrase):
        return _fts_quote(" ".join(node.tokens)) + ("*" if node.prefix else "")
    if isinstance(node, And):
        return "(" + " AND ".join(_fts(i) for i in node.items) + ")"
    if isinstance(node, Or):
        return "(" + " OR ".join(_fts(i) for i in node.items) + ")"
    raise TypeError(f"not an index query node: {node!r}")


def to_fts5_substrings(texts: list[str]) -> str:
    """MATCH expression for the trigram table: every text must occur (each ≥ 3 characters)."""
    return " AND ".join(_fts_quote(t) for t in texts)


# --- PostgreSQL tsquery -----------------------------------------------------------------------------
def _ts_lexeme(token: str, prefix: bool, weights: str) -> str:
    label = ("*" if prefix else "") + weights
    return "'" + token.replace("'", "''").replace("\\", "\\\\") + "'" + (":" + label if label else "")


def to_tsquery(node: Node, columns: tuple[str, ...] | None = None) -> str:
    """tsquery text (for `%s::tsquery`); `columns` become weight labels on every lexeme."""
    weights = "".join(WEIGHTS[c] for c in columns) if columns else ""
    return _ts(node, weights)


def _ts(node: Node, weights: str) -> str:
    if isinstance(node, Term):
        return _ts_lexeme(node.token, node.prefix, weights)
    if isinstance(node, Phrase):
        last = len(node.tokens) - 1
        return "(" + " <-> ".join(_ts_lexeme(t, node.prefix and i == last, weights)
                                  for i, t in enumerate(node.tokens)) + ")"
    if isinstance(node, And):
        return "(" + " & ".join(_ts(i, weights) for i in node.items) + ")"
    if isinstance(node, Or):
        return "(" + " | ".join(_ts(i, weights) for i in node.items) + ")"
    raise TypeError(f"not an index query node: {node!r}")


# --- reference evaluation ---------------------------------------------------------------------------
def evaluate(node: Node, fields: dict[str, list[str]], haystack: str = "",
             columns: tuple[str, ...] | None = None) -> bool:
    """Does a document (its token lists per field, its haystack) match? The definition the
    backends implement."""
    use = [fields.get(c, []) for c in (columns or tuple(fields))]
    return _eval(node, use, haystack)


def _has(tokens: list[str], token: str, prefix: bool) -> bool:
    if prefix:
        return any(t.startswith(token) for t in tokens)
    return token in tokens


def _phrase_in(tokens: list[str], phrase: tuple[str, ...], prefix: bool) -> bool:
    n = len(phrase)
    if n == 0:
        return False
    last = n - 1
    for start in range(len(tokens) - n + 1):
        for k in range(n):
            tok = tokens[start + k]
            if k == last and prefix:
                if not tok.startswith(phrase[k]):
                    break
            elif tok != phrase[k]:
                break
        else:
            return True
    return False


def _eval(node: Node, use: list[list[str]], haystack: str) -> bool:
    if isinstance(node, Term):
        return any(_has(tokens, node.token, node.prefix) for tokens in use)
    if isinstance(node, Phrase):
        return any(_phrase_in(tokens, node.tokens, node.prefix) for tokens in use)
    if isinstance(node, And):
        return all(_eval(i, use, haystack) for i in node.items)
    if isinstance(node, Or):
        return any(_eval(i, use, haystack) for i in node.items)
    if isinstance(node, Substring):
        return node.text in haystack
    raise TypeError(f"not a query node: {node!r}")
