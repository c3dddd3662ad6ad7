"""Text analysis: pure, fast, no database."""
from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from heartland.search import analysis as a
from heartland.search.query import And, Or, Phrase, Substring, Term, evaluate, to_fts5, to_tsquery


def test_the_module_is_pure():
    code = ("import sys, heartland.search.analysis as a, heartland.search.query; a.analyze_document(title_zh='牛肉干');"
            "a.parse_query('niu rou gan'); bad = [m for m in sys.modules if m.startswith('django')];"
            "assert not bad, bad")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


@pytest.mark.parametrize("raw, expected", [
    ("牛肉乾", "牛肉干"),
    ("美國愛荷華州手工牛肉乾", "美国爱荷华州手工牛肉干"),
    ("ＢＥＥＦ　Ｊｅｒｋｙ", "beef jerky"),
    ("ＮＲＧ１２３", "nrg123"),
    ("  Maple\tSyrup\n", "maple syrup"),
    ("頭髮", "头发"),
    ("", ""),
])
def test_normalize(raw, expected):
    assert a.normalize(raw) == expected


def test_runs_split_han_from_latin_and_digits():
    assert a.runs(a.normalize("jerky 牛肉 D3维生素")) == [("word", "jerky"), ("han", "牛肉"), ("word", "d3"), ("han", "维生素")]
    assert a.words_of("d3") == ["d", "3"]
    assert a.runs("!!! ??? 🙂") == []


@pytest.mark.parametrize("word, stem", [
    ("cherries", "cherri"), ("cherry", "cherri"), ("smoked", "smok"), ("smoking", "smok"), ("smoke", "smok"),
    ("dried", "dri"), ("dry", "dri"), ("candles", "candl"), ("candle", "candl"), ("pecans", "pecan"),
    ("glasses", "glass"), ("dipped", "dip"), ("jerky", "jerki"), ("peaches", "peach"), ("us", "us"), ("d", "d"),
])
def test_stem(word, stem):
    assert a.stem(word) == stem


def test_user_dictionary_keeps_product_words_whole():
    tk = a.tokenizer()
    for word in ("花旗参", "西洋参", "蔓越莓干", "枫糖浆", "牛肉干", "碧根果", "野米", "菰米", "爆米花", "切达"):
        assert list(tk.cut(word, HMM=False)) == [word], word
    assert list(tk.cut("威斯康星花旗参", HMM=False)) == ["威斯康星", "花旗参"]


def test_pinyin_with_product_overrides():
    assert a.pinyin("牛肉干") == ("niu", "rou", "gan")
    assert a.pinyin("花旗参") == ("hua", "qi", "shen")       # not "can"
    assert a.pinyin("参须") == ("shen", "xu")
    assert a.pinyin("长寿果") == ("chang", "shou", "guo")
    assert a.pinyin("绿") == ("lv",)


def test_split_pinyin():
    assert a.split_pinyin("niurougan")[0] == ("niu", "rou", "gan")
    assert ("xi", "an") in a.split_pinyin("xian") and ("xian",) in a.split_pinyin("xian")
    assert a.split_pinyin("nrg") == []
    assert a.split_pinyin("beef") == []


def test_document_fields_carry_words_characters_and_pinyin():
    doc = a.analyze_document(title_zh="黑胡椒牛肉乾", title_en="Cracked Black Pepper Beef Jerky",
                             tags="jerky, 牛肉干", description_en="<p>Smoked <b>beef</b></p>", extra=("Iowa 爱荷华",))
    title = doc.fields()["title"]
    for token in ("牛肉干", "牛肉", "黑胡椒", "牛", "肉", "干", "0sniu", "0srou", "0sgan", "0pniurougan", "0inrg",
                  "beef", "jerki", "pepper"):
        assert token in title, token
    assert "smok" in doc.fields()["body"] and "beef" in doc.fields()["body"]
    assert "0paihehua" in doc.fields()["extra"]
    assert "黑胡椒牛肉干" in doc.haystack and "cracked black pepper beef jerky" in doc.haystack
    assert all(f.endswith(a.SEP) for f in (doc.title, doc.tags, doc.body, doc.extra))


JERKY = a.analyze_document(title_zh="美国爱荷华州手工牛肉干 原味", title_en="Iowa Hickory-Smoked Beef Jerky, Original",
                           tags="jerky, beef jerky, 牛肉干", extra=(a.state_words("IA"),))
HONEY = a.analyze_document(title_zh="堪萨斯生蜂蜜", title_en="Raw Kansas Wildflower Honey", tags="raw honey, 蜂蜜",
                           extra=(a.state_words("KS"),))


@pytest.mark.parametrize("query", ["牛肉干", "牛肉乾", "niurougan", "niu rou gan", "nrg", "NRG", "美国牛肉干",
                                   "beef jerky", "jerky 牛肉", "ｂｅｅｆ　ｊｅｒｋｙ", "Jerky", "爱荷华 牛肉干", "手工牛肉",
                                   "aihehua", "smoked beef"])
def test_what_shoppers_type_for_jerky_matches_it(query):
    parsed = a.parse_query(query)
    assert parsed.match is not None
    assert evaluate(parsed.match, JERKY.fields(), JERKY.haystack), query
    assert not evaluate(parsed.match, HONEY.fields(), HONEY.haystack), query


def test_fragments_match_as_phrases_of_characters():
    parsed = a.parse_query("斯生蜂")  # not a dictionary word
    assert evaluate(parsed.match, HONEY.fields())
    assert not evaluate(a.parse_query("蜂生").match, HONEY.fields())


def test_query_stopwords_and_browse():
    assert a.parse_query("美国").only_stopwords and a.parse_query("美国").empty
    assert a.parse_query("american ginseng").match == a.parse_query("ginseng").match
    assert not a.parse_query("").clauses


def test_long_queries_are_cut_and_said_so():
    parsed = a.parse_query("蜂蜜" * 5000)
    assert len(parsed.text) <= a.MAX_QUERY_CHARS and "query_truncated:200" in parsed.notes
    many = a.parse_query(" ".join(f"w{i}" for i in range(40)))  # 80 words ("w", "0", "w", "1" …)
    (clause,) = many.clauses
    assert len(clause.items) == a.MAX_CLAUSES and "query_words_dropped:68" in many.notes
    han = a.parse_query(" ".join(["蜂蜜"] * 30))
    assert len(han.clauses) == a.MAX_CLAUSES and "query_words_dropped:18" in han.notes


def test_passes_words_then_pinyin_phrases_then_substrings():
    parsed = a.parse_query("berry 蜂蜜")
    assert Substring("berry") in parsed.fallback and len(parsed.passes) == 2
    assert a.parse_query("蜂蜜").passes == [a.parse_query("蜂蜜").match]
    joined = a.parse_query("shougongniurougan")  # 手工牛肉干: two words, typed as one
    assert len(joined.passes) == 3
    assert not evaluate(joined.passes[0], JERKY.fields()) and evaluate(joined.passes[1], JERKY.fields())


def test_autocomplete_prefix_queries():
    doc = JERKY.fields()
    for prefix in ("niur", "牛肉", "牛", "nr", "jerk", "iowa hick"):
        parsed = a.parse_query(prefix, prefix=True)
        assert evaluate(parsed.match, doc, columns=("title", "tags")), prefix
    assert a.parse_query("x", prefix=True).empty


def test_compilers():
    node = And((Or((Term("牛肉干"), Phrase(("牛", "肉", "干")))), Term("0pniu", prefix=True)))
    assert to_fts5(node) == '(("牛肉干" OR "牛 肉 干") AND "0pniu"*)'
    assert to_fts5(Term("a"), ("title_tokens", "tags_tokens")) == '{title_tokens tags_tokens} : ("a")'
    assert to_tsquery(node) == "(('牛肉干' | ('牛' <-> '肉' <-> '干')) & '0pniu':*)"
    assert to_tsquery(Phrase(("a", "b"), prefix=True), ("title", "tags")) == "('a':AB <-> 'b':*AB)"


def test_phrases_do_not_cross_fields_or_sections():
    fields = {"title": ["牛", "肉", a.SEP], "tags": ["干", a.SEP]}
    assert not evaluate(Phrase(("肉", "干")), fields)
    assert evaluate(Phrase(("牛", "肉")), fields)
    assert evaluate(Phrase(("牛", "肉"), prefix=True), {"title": ["牛", "肉干"]})


# --- properties -----------------------------------------------------------------------------------
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=80))
def test_normalize_is_idempotent_and_never_crashes(text):
    once = a.normalize(text)
    assert a.normalize(once) == once


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=60), st.text(max_size=60), st.booleans())
@example("", "\U0002a6e0", False)  # an unassigned code point in the Han ranges
@example("牛肉\U0002a6e0干", "牛肉\U0002a6e0干", True)
def test_analysis_never_crashes_on_any_text(title, query, prefix):
    doc = a.analyze_document(title_zh=title, title_en=query, tags=f"{title},{query}", description_zh=title,
                             description_en=query, extra=(query,))
    parsed = a.parse_query(query, prefix=prefix)
    for node in (*parsed.passes, parsed.title_phrase):
        if node is not None:
            evaluate(node, doc.fields(), doc.haystack)
            if not isinstance(node, Substring):
                body = node
                if isinstance(node, And):
                    body = And(tuple(i for i in node.items if not isinstance(i, Substring))) or node
                try:
                    to_fts5(body), to_tsquery(body)
                except TypeError:
                    pass  # substrings are compiled separately
    for token in " ".join((doc.title, doc.tags, doc.body, doc.extra)).split():
        assert token.isalnum() and len(token) <= a.MAX_TOKEN_CHARS, token


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="牛肉干花旗参蜂蜜枫糖浆野米 abcdefghijklmnopqrstuvwxyz", max_size=20))
def test_a_document_matches_its_own_title(title):
    doc = a.analyze_document(title_zh=title, title_en=title)
    parsed = a.parse_query(title)
    if parsed.match is not None and not parsed.only_stopwords:
        assert evaluate(parsed.match, doc.fields(), doc.haystack), title
