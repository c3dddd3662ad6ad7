"""Text analysis for product search: pure Python, no Django import.

One pipeline for documents and queries, so both sides meet on the same tokens:

1. **normalize** — NFKC (full-width ＡＢＣ１２３ → abc123), OpenCC t2s (牛肉乾 → 牛肉干),
   lowercase, whitespace collapsed.
2. **runs** — the text is split into runs of Han characters and runs of other letters/digits
   (Latin, kana, hangul …); everything else separates.
3. **Han runs** — jieba (`cut_for_search`, our own `Tokenizer` with the product user
   dictionary in `data/userdict.txt`) gives the words and the dictionary words inside long
   words; the run's single characters are indexed too, in order, so a fragment that is not a
   dictionary word still matches as a phrase of characters. pypinyin gives, per jieba word
   (so phrase readings apply; overrides in `data/pinyin_phrases.txt`), the syllables as a
   sequence (`0s` tokens: "niu rou gan" matches as a phrase), the joined form (`0p` tokens:
   niurougan) and the first letters (`0i` tokens: nrg).
4. **what jieba's cut leaves out** — every character bigram of a Han run and every 3–4-character
   dictionary word inside it that jieba did not give as a word of that run (大豆蜡烛 is cut
   大豆 / 大豆蜡 / 烛: 豆蜡 and 蜡烛 are added), in the low-weight extra field (`split_tokens`).
5. **other runs** — words (split at letter/digit boundaries) with a light English stemmer
   (plurals, -ing, -ed, y→i), so "cherries", "cherry" meet on "cherri".

Token prefixes (`0s`, `0p`, `0i`, and the section separator `0z`) keep pinyin apart from
English words and are plain letters-and-digits tokens that SQLite FTS5 (`unicode61`) and
PostgreSQL (`to_tsvector('simple', …)`) both keep whole.

`analyze_document(...)` returns the four indexed fields (title, tags, body, extra) as
space-joined tokens; `parse_query(...)` returns a boolean query (`query.py` nodes) that the
index backends compile and that `query.evaluate` runs in Python as the reference.
"""
from __future__ import annotations

import html
import logging
import re
import threading
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import groupby
from pathlib import Path

import opencc

from heartland.core.chinese import to_simplified

from .query import And, Node, Or, Phrase, Substring, Term

# jieba and pypinyin are imported inside the functions that first need them: importing each
# takes about 0.2 s and loads large dictionaries, which management commands, migrations and most
# requests never use. (opencc is cheap to import; its dictionaries are read on first use.)

DATA_DIR = Path(__file__).resolve().parent / "data"
USER_DICT = DATA_DIR / "userdict.txt"
PINYIN_PHRASES = DATA_DIR / "pinyin_phrases.txt"

MAX_QUERY_CHARS = 200     # longer queries are cut (and the result says so)
MAX_CLAUSES = 12          # words of a query that must all match; the rest are dropped
MAX_TOKEN_CHARS = 60      # longer "words" are not indexed (nobody searches them)
MAX_RUN_PINYIN = 16       # whole-run joined pinyin / initials only for runs up to this long

SEP = "0z"                # section separator: no phrase crosses it
# Words a query can drop: every product on Heartland is American and imported, and English
# glue words carry nothing. A query of only these words browses.
QUERY_STOPWORDS = frozenset({"美国", "进口", "原装进口", "美国进口", "american", "america", "usa", "us", "the", "of",
                             "and", "with", "for", "a", "an", "in", "to", "from"})
SYL, PYW, INI = "0s", "0p", "0i"

# Han: CJK unified ideographs (+ extension A, compatibility ideographs, extensions B–F).
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef"
# Letters both index engines keep inside a token: ASCII, Latin-1/Extended letters, Greek,
# Cyrillic, kana, hangul syllables. Anything else separates words.
_WORD = ("0-9a-z\u00df-\u00f6\u00f8-\u00ff\u0100-\u024f\u03b1-\u03c9\u0430-\u044f\u0451"
         "\u3041-\u3096\u30a1-\u30fa\u30fc\uac00-\ud7a3")
_RUN_RE = re.compile(f"(?P<han>[{_HAN}]+)|(?P<word>[{_WORD}]+)")
_SPLIT_DIGITS_RE = re.compile(r"[0-9]+|[^0-9]+")
_HAN_RE = re.compile(f"[{_HAN}]")
_TAG_RE = re.compile(r"<[^>]*>")
_SPACE_RE = re.compile(r"\s+")
_CONTROL = dict.fromkeys(c for c in range(0x20) if c not in (9, 10, 13))


# --- normalization ------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _traditional_chars() -> frozenset[str]:
    """Characters OpenCC t2s would change (alone or inside a phrase): text without any of them
    is already Simplified, and converting it (slow, in pure Python) is skipped."""
    folder = Path(opencc.__file__).resolve().parent / "dictionary"
    out: set[str] = set()
    for line in (folder / "TSCharacters.txt").read_text(encoding="utf-8").splitlines():
        key, _, values = line.partition("\t")
        if key and values.split() != [key]:
            out.add(key)
    for line in (folder / "TSPhrases.txt").read_text(encoding="utf-8").splitlines():
        key, _, values = line.partition("\t")
        first = (values.split() or [key])[0]
        out.update(a for a, b in zip(key, first) if a != b)
        if len(first) != len(key):
            out.update(key)
    return frozenset(out)


def _to_simplified(text: str) -> str:
    trad = _traditional_chars()
    if any(ch in trad for ch in text):
        return to_simplified(text)
    return text


def _normalize_once(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    if _HAN_RE.search(text):
        text = _to_simplified(text)
    text = text.lower().translate(_CONTROL)
    return _SPACE_RE.sub(" ", text).strip()


def normalize(text: str | None) -> str:
    """NFKC, Traditional → Simplified, lowercase, single spaces. Idempotent."""
    if not text:
        return ""
    return _normalize(str(text))


@lru_cache(maxsize=50_000)
def _normalize(text: str) -> str:
    out = _normalize_once(text)
    for _ in range(3):  # a few characters change again under a second pass (NFKC ∘ lower)
        again = _normalize_once(out)
        if again == out:
            break
        out = again
    return out


def strip_html(text: str | None) -> str:
    return html.unescape(_TAG_RE.sub(" ", text or ""))


def runs(text: str) -> list[tuple[str, str]]:
    """[("han", "牛肉干"), ("word", "jerky") …] of already-normalized text."""
    out: list[tuple[str, str]] = []
    for m in _RUN_RE.finditer(text):
        if m.group("word"):
            out.append(("word", m.group("word")))
        elif m.group("han").isalnum():
            out.append(("han", m.group("han")))
        else:
            # The Han ranges have code points Unicode leaves unassigned (U+2A6E0 …): neither
            # index engine keeps one in a token, so they separate, like punctuation.
            out.extend(("han", "".join(chars)) for is_letter, chars in groupby(m.group("han"), str.isalnum)
                       if is_letter)
    return out


def is_han(text: str) -> bool:
    return bool(text) and all(_HAN_RE.match(ch) for ch in text)


# --- jieba and pypinyin, initialised once per process ---------------------------------------------
_init_lock = threading.Lock()


@lru_cache(maxsize=1)
def tokenizer():
    """Our own jieba Tokenizer (not the global one) with the product user dictionary."""
    with _init_lock:
        import jieba

        jieba.setLogLevel(logging.WARNING)
        logging.getLogger("jieba").setLevel(logging.WARNING)
        tk = jieba.Tokenizer()
        tk.initialize()
        tk.load_userdict(str(USER_DICT))
        _load_pinyin_phrases()
        return tk


def _load_pinyin_phrases() -> None:
    from pypinyin import load_phrases_dict

    phrases = {}
    for line in PINYIN_PHRASES.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        word, _, reading = line.partition("\t")
        syllables = reading.split()
        if len(syllables) == len(word):
            phrases[word] = [[s] for s in syllables]
    load_phrases_dict(phrases)


@lru_cache(maxsize=200_000)
def pinyin(word: str) -> tuple[str, ...]:
    """Toneless syllables of a Han word (ü written v, as shoppers type it)."""
    tokenizer()  # phrase overrides loaded
    from pypinyin import Style, lazy_pinyin

    return tuple(s for s in lazy_pinyin(word, style=Style.NORMAL, errors="ignore") if s.isascii() and s.isalpha())


@lru_cache(maxsize=1)
def syllables() -> frozenset[str]:
    """Every toneless pinyin syllable with a vowel (no interjections like n, m, hm)."""
    from pypinyin.constants import PINYIN_DICT
    from pypinyin.contrib.tone_convert import to_normal

    out = set()
    for readings in PINYIN_DICT.values():
        for reading in readings.split(","):
            s = to_normal(reading)
            if s.isascii() and s.isalpha() and any(v in s for v in "aeiouv"):
                out.add(s)
    return frozenset(out)


def split_pinyin(text: str, *, limit: int = 4) -> list[tuple[str, ...]]:
    """Ways to read a Latin string as pinyin syllables, fewest syllables first: 'xian' →
    [('xian',), ('xi', 'an')]. Empty when it is not pinyin."""
    if not text or len(text) > 48 or not text.isascii() or not text.isalpha():
        return []
    valid = syllables()
    n = len(text)

    @lru_cache(maxsize=None)
    def from_(i: int) -> tuple[tuple[str, ...], ...]:
        if i == n:
            return ((),)
        found = []
        for j in range(min(n, i + 6), i, -1):
            head = text[i:j]
            if head in valid:
                for rest in from_(j):
                    found.append((head, *rest))
                    if len(found) >= limit * 2:
                        break
            if len(found) >= limit * 2:
                break
        return tuple(found)

    return sorted(from_(0), key=len)[:limit]


# --- English ---------------------------------------------------------------------------------------
@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    """A light English stemmer: plurals, -ing, -ed, a final e or y (cherries, cherry → cherri;
    smoked, smoking, smoke → smok; dried, dry → dri). Non-Latin words are returned as they are."""
    if len(word) <= 2 or not word.isascii() or not word.isalpha():
        return word
    w = word
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith(("sses", "xes", "ches", "shes", "zes")):
        w = w[:-2]
    elif w.endswith("s") and len(w) > 3 and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    if w.endswith("ing") and len(w) > 5:
        w = w[:-3]
    elif w.endswith("ed") and len(w) > 4:
        w = w[:-2]
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsz":
        w = w[:-1]
    if len(w) > 3 and w.endswith("e"):
        w = w[:-1]
    if len(w) > 2 and w.endswith("y"):
        w = w[:-1] + "i"
    return w


def words_of(run: str) -> list[str]:
    """A letters/digits run split where letters meet digits: 'd3' → ['d', '3']."""
    return [w for w in _SPLIT_DIGITS_RE.findall(run) if len(w) <= MAX_TOKEN_CHARS]


# --- documents -------------------------------------------------------------------------------------
def bigrams(run: str) -> list[str]:
    """Overlapping character bigrams of a Han run, as Lucene's CJK analyzer makes them:
    大豆蜡烛 → 大豆, 豆蜡, 蜡烛."""
    return [run[i:i + 2] for i in range(len(run) - 1)]


@lru_cache(maxsize=100_000)
def _split_tokens(text: str) -> tuple[str, ...]:
    out: list[str] = []
    tk = tokenizer()
    for kind, run in runs(normalize(text)):
        if kind != "han" or len(run) < 2:
            continue
        words = set(tk.cut_for_search(run, HMM=False))
        found = dict.fromkeys(bigrams(run))
        found.update((w, None) for n in (3, 4) for i in range(len(run) - n + 1)
                     if tk.FREQ.get(w := run[i:i + n], 0) > 0)
        out.extend(w for w in found if w not in words)
    return tuple(out)


def split_tokens(*texts: str) -> list[str]:
    """What jieba's cut of these texts' Han runs leaves out, a section per text: every
    overlapping character bigram (as Lucene's CJK analyzer indexes them) and every 3–4-character
    dictionary word in the run, less the words jieba gave for that run. jieba cuts 大豆蜡烛
    大豆 / 大豆蜡 / 烛, so this adds 豆蜡 and 蜡烛, and the query 蜡烛 (a word jieba keeps whole)
    meets the title. With the run's words, every bigram of the run is then a token.

    They are plain tokens (a two-character query word is its own bigram), and `analyze_document`
    puts them in the low-weight `extra` field: a product found only this way ranks below one whose
    title has the word."""
    out: list[str] = []
    for text in texts:
        found = _split_tokens(text or "")
        if found:
            out.extend(found)
            out.append(SEP)
    return out


@lru_cache(maxsize=100_000)
def _han_tokens(run: str, full: bool) -> tuple[str, ...]:
    tk = tokenizer()
    words = [w for w in tk.cut_for_search(run, HMM=False) if w.strip()]
    out = list(words)
    if not full:
        return tuple(out)
    if len(run) > 1:
        out.append(SEP)
        out.extend(run)
    out.append(SEP)
    precise = [w for w in tk.cut(run, HMM=False) if w.strip()]
    syl: list[str] = []
    for w in precise:
        syl.extend(pinyin(w))
    out.extend(SYL + s for s in syl)
    out.append(SEP)
    seen = set()
    for w in words:
        py = pinyin(w)
        if not py:
            continue
        for tok in (PYW + "".join(py), INI + "".join(s[0] for s in py) if len(py) > 1 else ""):
            if tok and tok not in seen:
                seen.add(tok)
                out.append(tok)
    if 1 < len(syl) and len(run) <= MAX_RUN_PINYIN:
        for tok in (PYW + "".join(syl), INI + "".join(s[0] for s in syl)):
            if tok not in seen:
                seen.add(tok)
                out.append(tok)
    out.append(SEP)
    return tuple(t for t in out if len(t) <= MAX_TOKEN_CHARS)


@lru_cache(maxsize=100_000)
def _field_tokens(text: str, full: bool) -> tuple[str, ...]:
    out: list[str] = []
    for kind, run in runs(normalize(text)):
        if kind == "han":
            out.extend(_han_tokens(run, full))
        else:
            out.extend(stem(w) for w in words_of(run))
    return tuple(out)


def field_tokens(text: str, *, full: bool = True) -> list[str]:
    """Tokens of one field. `full` adds characters and pinyin (title, tags, extra); the body
    gets words only, to keep the index small."""
    return list(_field_tokens(text or "", full))


@dataclass
class AnalyzedDocument:
    title: str
    tags: str
    body: str
    extra: str
    haystack: str      # normalized titles + tags: substring fallback (trigram index)

    def fields(self) -> dict[str, list[str]]:
        return {name: getattr(self, name).split() for name in FIELDS}


FIELDS = ("title", "tags", "body", "extra")


def _field(tokens: list[str], limit: int) -> str:
    """Space-joined, capped (PostgreSQL keeps positions up to 16,383 per document), ending in
    the separator so no phrase runs from one field into the next."""
    tokens = tokens[:limit]
    if not tokens or tokens[-1] != SEP:
        tokens.append(SEP)
    return " ".join(tokens)


def analyze_document(*, title_zh: str = "", title_en: str = "", tags: str = "", description_zh: str = "",
                     description_en: str = "", extra: tuple[str, ...] = ()) -> AnalyzedDocument:
    """The indexed fields of one product. `extra` holds low-weight words (origin state, category
    names, merchant name) in any language. Descriptions may be HTML."""
    title = field_tokens(title_zh) + [SEP] + field_tokens(title_en)
    tag_tokens: list[str] = []
    for tag in (tags or "").split(","):
        if tag.strip():
            tag_tokens.extend(field_tokens(tag))
            tag_tokens.append(SEP)
    body = (field_tokens(strip_html(description_zh), full=False) + [SEP]
            + field_tokens(strip_html(description_en), full=False))
    extra_tokens: list[str] = []
    for piece in extra:
        if piece:
            extra_tokens.extend(field_tokens(piece))
            extra_tokens.append(SEP)
    # What jieba's cuts leave out of the title, tags and extra (bigrams and the dictionary words
    # across its cuts), after the extra words: low weight (see split_tokens). Not of the body,
    # which is words only.
    extra_tokens = extra_tokens[:600] + split_tokens(title_zh, *(tags or "").split(","), *extra)
    title_norm = f"{normalize(title_zh)} | {normalize(title_en)}"
    return AnalyzedDocument(
        title=_field(title, 600), tags=_field(tag_tokens, 1200), body=_field(body, 3000),
        extra=_field(extra_tokens, 1200),
        haystack=f"{title_norm} | {normalize(tags)}",
    )


# --- queries ---------------------------------------------------------------------------------------
@dataclass
class ParsedQuery:
    """A shopper's query: `text` is the normalized form (what is logged and boosted on)."""

    text: str
    clauses: list[Node] = field(default_factory=list)      # all must match
    phrase_clauses: list[Node] = field(default_factory=list)  # second try: pinyin syllables in a row, Han bigrams too
    fallback: list[Node] = field(default_factory=list)     # last try: Latin words as substrings
    notes: list[str] = field(default_factory=list)
    only_stopwords: bool = False   # e.g. "美国": every product matches, so the caller browses
    title_phrase: Node | None = None   # the query as a phrase in the title: exact-phrase boost

    @property
    def match(self) -> Node | None:
        return _and(self.clauses)

    @property
    def fallback_match(self) -> Node | None:
        return _and(self.fallback)

    @property
    def passes(self) -> list[Node]:
        """The queries to try in turn until one finds something: words (fast); then pinyin
        syllables as phrases ("meiguoniurougan") and Han words of 3+ characters by their bigrams;
        then Latin words as substrings ("berry" in "cranberries")."""
        out: list[Node] = []
        for node in (self.match, _and(self.phrase_clauses), self.fallback_match):
            if node is not None and node not in out:
                out.append(node)
        return out

    @property
    def empty(self) -> bool:
        return not self.clauses


def _and(items: list[Node]) -> Node | None:
    if not items:
        return None
    return items[0] if len(items) == 1 else And(tuple(items))


def _or(items: list[Node]) -> Node:
    uniq = list(dict.fromkeys(items))
    return uniq[0] if len(uniq) == 1 else Or(tuple(uniq))


def _han_clauses(run: str, *, prefix_last: bool, bigram_alternative: bool = False) -> list[Node]:
    """Precise jieba words; consecutive single characters (a fragment jieba does not know) are
    joined and matched as a phrase of characters. With `bigram_alternative` (the later passes), a
    dictionary word of three or more characters may also match by its bigrams."""
    tk = tokenizer()
    pieces: list[str] = []
    pending = ""
    for w in tk.cut(run, HMM=False):
        if len(w) == 1:
            pending += w
            continue
        if pending:
            pieces.append(pending)
            pending = ""
        pieces.append(w)
    if pending:
        pieces.append(pending)
    out: list[Node] = []
    for i, piece in enumerate(pieces):
        last = prefix_last and i == len(pieces) - 1
        if piece in QUERY_STOPWORDS and not last:
            continue
        if len(piece) == 1:
            out.append(Term(piece, prefix=last))
        elif piece in tk.FREQ and tk.FREQ[piece] > 0 and not last:
            # A dictionary word: the index has it as a token wherever it occurs — where jieba
            # cut it so (cut_for_search emits the dictionary words inside longer words too), and
            # where jieba cut the text another way (大豆蜡 / 烛 holds 蜡烛: see split_tokens, up to
            # four characters). In the later passes a longer word may also match by all its
            # bigrams, in any order (牛肉干: 牛肉 and 肉干).
            word = Term(piece)
            if bigram_alternative and len(piece) > 2:
                word = _or([word, _and([Term(gram) for gram in dict.fromkeys(bigrams(piece))])])
            out.append(word)
        else:
            # A fragment jieba does not know (or a prefix being typed): its characters in a row.
            out.append(_or([Term(piece, prefix=last), Phrase(tuple(piece), prefix=last)]))
    return out


def _latin_word(word: str, *, prefix: bool, phrases: bool = False) -> Node:
    """One Latin word: English stem, or pinyin (joined word, initials; with `phrases`, also
    its syllables in a row, which is slower: a second pass)."""
    alts: list[Node] = [Term(stem(word), prefix=prefix)]
    if prefix and stem(word) != word:
        alts.append(Term(word, prefix=True))
    if word.isascii() and word.isalpha():
        splits = split_pinyin(word)
        if splits or prefix:
            # Pinyin words as a prefix only from 3 letters: "ch" would expand to thousands.
            alts.append(Term(PYW + word, prefix=prefix and len(word) >= 3))
        for split in splits if phrases else ():
            if len(split) > 1:
                alts.append(Phrase(tuple(SYL + s for s in split), prefix=prefix))
        if _initials(word):
            alts.append(Term(INI + word, prefix=prefix and len(word) >= 3))
    return _or(alts)


def _initials(word: str) -> bool:
    """Could the word be pinyin first letters ('nrg')? No syllable starts with i, u or v."""
    return 2 <= len(word) <= 10 and word.isascii() and word.isalpha() and not set(word) & set("iuv")


def _latin_clause(words: list[str], *, prefix_last: bool, phrases: bool = False) -> Node:
    per_word = [_latin_word(w, prefix=prefix_last and i == len(words) - 1, phrases=phrases)
                for i, w in enumerate(words)]
    node = _and(per_word)
    if 1 < len(words) <= 6 and all(w.isascii() and w.isalpha() for w in words):
        joined = "".join(words)
        alts: list[Node] = [node]
        if prefix_last or split_pinyin(joined, limit=1):
            alts.append(Term(PYW + joined, prefix=prefix_last))
        if phrases:
            seq: list[str] = []
            for w in words:  # respect the shopper's spaces: 'niu rou gan'
                split = split_pinyin(w, limit=1)
                if not split:
                    seq = []
                    break
                seq.extend(split[0])
            if len(seq) > 1:
                alts.append(Phrase(tuple(SYL + s for s in seq), prefix=prefix_last))
            for split in split_pinyin(joined):
                if len(split) > 1:
                    alts.append(Phrase(tuple(SYL + s for s in split), prefix=prefix_last))
        if _initials(joined):
            alts.append(Term(INI + joined, prefix=prefix_last))
        node = _or(alts)
    return node


def _plain_words(norm_runs: list[tuple[str, str]]) -> list[str]:
    out: list[str] = []
    for kind, run in norm_runs:
        out.extend(tokenizer().cut(run, HMM=False) if kind == "han" else words_of(run))
    return out


def parse_query(text: str | None, *, prefix: bool = False) -> ParsedQuery:
    """Turn what a shopper typed into an AND of clauses, each an OR of ways to match.

    `prefix=True` (autocomplete) lets the last word match as a prefix.
    """
    notes: list[str] = []
    norm = _normalized_query(text, notes)
    norm_runs = runs(norm)
    segments, dropped = _within_word_budget(_segments(norm_runs, prefix=prefix))
    clauses, phrase_clauses, fallback = _clauses(segments, prefix=prefix)
    title_phrase = None if prefix else _title_phrase(segments, clauses)
    if len(clauses) > MAX_CLAUSES:
        dropped += len(clauses) - MAX_CLAUSES
        clauses, phrase_clauses, fallback = clauses[:MAX_CLAUSES], phrase_clauses[:MAX_CLAUSES], fallback[:MAX_CLAUSES]
    if dropped:
        notes.append(f"query_words_dropped:{dropped}")
    only_stopwords = not clauses and any(w in QUERY_STOPWORDS for w in _plain_words(norm_runs))
    if only_stopwords:
        notes.append("only_common_words")
    return ParsedQuery(
        text=norm, clauses=clauses, phrase_clauses=[] if prefix else phrase_clauses,
        fallback=fallback if not prefix and any(isinstance(n, Substring) for n in fallback) else [],
        notes=notes, only_stopwords=only_stopwords, title_phrase=title_phrase,
    )


def _normalized_query(text: str | None, notes: list[str]) -> str:
    """Normalized, and cut at MAX_QUERY_CHARS (the notes say so)."""
    raw = str(text or "")
    if len(raw) > MAX_QUERY_CHARS * 4:
        raw = raw[: MAX_QUERY_CHARS * 4]
    norm = normalize(raw)
    if len(norm) > MAX_QUERY_CHARS:
        norm = norm[:MAX_QUERY_CHARS].rstrip()
        notes.append(f"query_truncated:{MAX_QUERY_CHARS}")
    return norm


def _segments(norm_runs: list[tuple[str, str]], *, prefix: bool) -> list[tuple[str, list[str]]]:
    """("han", [run]) per Han run; ("word", [words…]) per stretch of other words in a row."""
    segments: list[tuple[str, list[str]]] = []
    for kind, run in norm_runs:
        if kind == "han":
            segments.append(("han", [run]))
            continue
        words = _query_words(run, typing=prefix and run == norm_runs[-1][1])
        if not words:
            continue
        if segments and segments[-1][0] == "word":
            segments[-1][1].extend(words)
        else:
            segments.append(("word", words))
    return segments


def _query_words(run: str, *, typing: bool) -> list[str]:
    """The words of a run: common words dropped, except in what is being typed, where a last
    single letter is dropped instead (too early to complete)."""
    words = words_of(run)
    if not typing:
        return [w for w in words if w not in QUERY_STOPWORDS]
    if words and len(words[-1]) < 2 and words[-1].isascii():
        return words[:-1]
    return words


def _within_word_budget(segments: list[tuple[str, list[str]]]) -> tuple[list[tuple[str, list[str]]], int]:
    """At most MAX_CLAUSES words must match (a Han run counts as one); the rest are dropped.
    Returns the segments kept and how many words were dropped."""
    budget, dropped = MAX_CLAUSES, 0
    kept: list[tuple[str, list[str]]] = []
    for kind, items in segments:
        if kind == "word":
            take = items[:max(budget, 0)]
            dropped += len(items) - len(take)
            budget -= len(take)
            if take:
                kept.append((kind, take))
        elif budget > 0:
            kept.append((kind, items))
            budget -= 1
        else:
            dropped += 1
    return kept, dropped


def _clauses(segments: list[tuple[str, list[str]]], *, prefix: bool) -> tuple[list[Node], list[Node], list[Node]]:
    """The clauses of each pass (see ParsedQuery.passes): words; words or pinyin syllables in a
    row, and longer Han words also by their bigrams; Latin words of 3+ letters as substrings
    (shorter ones as in the second pass)."""
    clauses: list[Node] = []
    phrase_clauses: list[Node] = []
    fallback: list[Node] = []
    for index, (kind, items) in enumerate(segments):
        last = prefix and index == len(segments) - 1
        if kind == "han":
            clauses.extend(_han_clauses(items[0], prefix_last=last))
            wider = _han_clauses(items[0], prefix_last=last, bigram_alternative=True)
            phrase_clauses.extend(wider)
            fallback.extend(wider)
        else:
            clauses.append(_latin_clause(items, prefix_last=last))
            phrase_clauses.append(_latin_clause(items, prefix_last=last, phrases=True))
            long_words = [w for w in items if len(w) >= 3 and w.isascii()]
            short = [w for w in items if not (len(w) >= 3 and w.isascii())]
            fallback.extend(Substring(w) for w in long_words)
            if short:
                fallback.append(_latin_clause(short, prefix_last=last, phrases=True))
    return clauses, phrase_clauses, fallback


def _title_phrase(segments: list[tuple[str, list[str]]], clauses: list[Node]) -> Node | None:
    """Several words: the whole query as it was typed, in a title, ranks higher."""
    if len(segments) != 1 or len(clauses) <= 1:
        return None
    kind, items = segments[0]
    if kind == "han":
        return Phrase(tuple(items[0]))
    if len(items) > 1:
        return Phrase(tuple(stem(w) for w in items))
    return None


# --- US states (origin facet labels and the "extra" field) ---------------------------------------
US_STATES: dict[str, tuple[str, str]] = {  # code → (English, 简体中文)
    "AL": ("Alabama", "阿拉巴马"), "AK": ("Alaska", "阿拉斯加"), "AZ": ("Arizona", "亚利桑那"),
    "AR": ("Arkansas", "阿肯色"), "CA": ("California", "加利福尼亚"), "CO": ("Colorado", "科罗拉多"),
    "CT": ("Connecticut", "康涅狄格"), "DE": ("Delaware", "特拉华"), "DC": ("District of Columbia", "华盛顿特区"),
    "FL": ("Florida", "佛罗里达"), "GA": ("Georgia", "佐治亚"), "HI": ("Hawaii", "夏威夷"), "ID": ("Idaho", "爱达荷"),
    "IL": ("Illinois", "伊利诺伊"), "IN": ("Indiana", "印第安纳"), "IA": ("Iowa", "爱荷华"), "KS": ("Kansas", "堪萨斯"),
    "KY": ("Kentucky", "肯塔基"), "LA": ("Louisiana", "路易斯安那"), "ME": ("Maine", "缅因"), "MD": ("Maryland", "马里兰"),
    "MA": ("Massachusetts", "马萨诸塞"), "MI": ("Michigan", "密歇根"), "MN": ("Minnesota", "明尼苏达"),
    "MS": ("Mississippi", "密西西比"), "MO": ("Missouri", "密苏里"), "MT": ("Montana", "蒙大拿"),
    "NE": ("Nebraska", "内布拉斯加"), "NV": ("Nevada", "内华达"), "NH": ("New Hampshire", "新罕布什尔"),
    "NJ": ("New Jersey", "新泽西"), "NM": ("New Mexico", "新墨西哥"), "NY": ("New York", "纽约"),
    "NC": ("North Carolina", "北卡罗来纳"), "ND": ("North Dakota", "北达科他"), "OH": ("Ohio", "俄亥俄"),
    "OK": ("Oklahoma", "俄克拉何马"), "OR": ("Oregon", "俄勒冈"), "PA": ("Pennsylvania", "宾夕法尼亚"),
    "RI": ("Rhode Island", "罗得岛"), "SC": ("South Carolina", "南卡罗来纳"), "SD": ("South Dakota", "南达科他"),
    "TN": ("Tennessee", "田纳西"), "TX": ("Texas", "得克萨斯"), "UT": ("Utah", "犹他"), "VT": ("Vermont", "佛蒙特"),
    "VA": ("Virginia", "弗吉尼亚"), "WA": ("Washington", "华盛顿"), "WV": ("West Virginia", "西弗吉尼亚"),
    "WI": ("Wisconsin", "威斯康星"), "WY": ("Wyoming", "怀俄明"),
}


def state_words(code: str) -> str:
    """What a shopper may type for a product's US state of origin. (Not "美国"/"American":
    every product is American, so queries drop those words, see QUERY_STOPWORDS.)"""
    en, zh = US_STATES.get((code or "").upper(), ("", ""))
    return f"{en} {zh} {zh}州".strip() if en else ""
