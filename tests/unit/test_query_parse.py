"""The search language: examples of every feature and edge, then hypothesis: any
text parses, every expression runs in FTS5, nothing typed is outside a string.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import sqlite3
from collections.abc import Iterator, Sequence
from functools import partial
from typing import cast

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from balint_desktop.core.templates import SECTION_KEYS
from balint_desktop.search.parse import (
    HELP,
    MAX_TERMS,
    SECTION_ALIASES,
    Query,
    Term,
    fts_expression,
    normalise,
    parse,
    resolve_section,
)

COLUMNS = (*SECTION_KEYS, "other")
W = Term
P = partial(Term, phrase=True)
X = partial(Term, prefix=True)


def ands(*words: str) -> tuple[tuple[Term, ...], ...]:
    return tuple((W(word),) for word in words)


DATE_HELP = "needs a date such as 2025, 2025-03 or 2025-03-14 — it was ignored."
ONLY_EXCLUDES = "Add a word to search for; - only excludes."
NO_DAYS = "No day fits all the date filters, so nothing can match."
MINUS = "A minus can't leave out a filter; {}: was ignored."
BAD_SECTION = "section: needs one of " + ", ".join(SECTION_KEYS) + " — it was ignored."

# -- parsing: words, phrases, prefixes, exclusions, OR -------------------------

TEXT_CASES: list[tuple[str, Query]] = [
    ("", Query()),
    ("  \t\n ", Query()),
    ("shame rescue", Query(must=ands("shame", "rescue"))),
    ("Übertragung", Query(must=ands("Übertragung"))),
    ("shame shame", Query(must=ands("shame"))),
    ('"parallel process"', Query(must=((P("parallel process"),),))),
    ('"  spaced \t out  "', Query(must=((P("spaced out"),),))),
    ('"runs to the end', Query(must=((P("runs to the end"),),))),
    ('a "b c', Query(must=((W("a"),), (P("b c"),)))),
    ('"he said "hi" there"', Query(must=((P("he said"),), (W("hi"),), (P("there"),)))),
    ('a"b c"d', Query(must=((W("a"),), (P("b c"),), (W("d"),)))),
    ('"" """ "*" "()"', Query()),
    ("proj*", Query(must=((X("proj"),),))),
    ("ab*", Query(must=((X("ab"),),))),
    ("a*", Query(must=ands("a"))),
    ("*", Query()),
    ("**", Query()),
    ("ab**", Query(must=((X("ab"),),))),
    ("é*", Query(must=ands("é"))),
    ("a*b", Query(must=ands("a*b"))),
    ("shame -guilt", Query(must=ands("shame"), exclude=(W("guilt"),))),
    ('shame -"bad day"', Query(must=ands("shame"), exclude=(P("bad day"),))),
    ("shame -proj*", Query(must=ands("shame"), exclude=(X("proj"),))),
    ("shame - -", Query(must=ands("shame"))),
    ("-guilt", Query(exclude=(W("guilt"),), messages=(ONLY_EXCLUDES,))),
    ('-"x y" -z', Query(exclude=(P("x y"), W("z")), messages=(ONLY_EXCLUDES,))),
    ("shame OR guilt", Query(must=((W("shame"), W("guilt")),))),
    ("shame OR guilt rescue", Query(must=((W("shame"), W("guilt")), (W("rescue"),)))),
    ("a OR b OR c", Query(must=((W("a"), W("b"), W("c")),))),
    ("a OR b c OR d", Query(must=((W("a"), W("b")), (W("c"), W("d"))))),
    ('a OR "b c" OR dd*', Query(must=((W("a"), P("b c"), X("dd")),))),
    ("OR shame", Query(must=ands("shame"))),
    ("shame OR", Query(must=ands("shame"))),
    ("OR", Query()),
    ("a OR OR b", Query(must=((W("a"), W("b")),))),
    ("a OR * b", Query(must=((W("a"), W("b")),))),
    ("a OR -b", Query(must=ands("a"), exclude=(W("b"),))),
    ("a OR -b c", Query(must=ands("a", "c"), exclude=(W("b"),))),
    ("a OR tag:x b", Query(must=ands("a", "b"), tags=("x",))),
    ("a OR a", Query(must=((W("a"),),))),
    ("shame or guilt", Query(must=ands("shame", "or", "guilt"))),
    ("shame Or guilt", Query(must=ands("shame", "Or", "guilt"))),
    ("a -OR b", Query(must=ands("a", "b"), exclude=(W("OR"),))),
    ('"OR"', Query(must=((P("OR"),),))),
    ("NEAR(a b) AND NOT ^x {z}", Query(must=ands("NEAR(a", "b)", "AND", "NOT", "^x", "{z}"))),
    ("foo:bar", Query(must=ands("foo:bar"))),
    ("http://example.org", Query(must=ands("http://example.org"))),
    ('note:"a b"', Query(must=((W("note:"),), (P("a b"),)))),
    ("a\x00b", Query(must=ands("a", "b"))),
    ("a\ud800b", Query(must=ands("a?b"))),
]


# -- parsing: filters ----------------------------------------------------------

FILTER_CASES: list[tuple[str, Query]] = [
    ("group:Tuesday", Query(groups=("Tuesday",))),
    ('group:"Wed PM" GROUP:Thu', Query(groups=("Wed PM", "Thu"))),
    ("tag:grief Tag:Grief tag:grief", Query(tags=("grief", "Grief"))),
    ('presenter:"Dr A" PreSenter:B7', Query(presenters=("Dr A", "B7"))),
    ('tag:"unclosed value', Query(tags=("unclosed value",))),
    ('tag:a"b c"', Query(must=((P("b c"),),), tags=("a",))),
    ("tag: grief", Query(must=ands("grief"), messages=("tag: needs a name — it was ignored.",))),
    ('group:""', Query(messages=("group: needs a name — it was ignored.",))),
    ("rescue -tag:grief", Query(must=ands("rescue"), messages=(MINUS.format("tag"),))),
    ('-presenter:"Dr A" x', Query(must=ands("x"), messages=(MINUS.format("presenter"),))),
    ("section:case", Query(sections=("case",))),
    ("SECTION:Process", Query(sections=("group_process",))),
    ("section:group_process section:process", Query(sections=("group_process",))),
    ('section:"group process"', Query(sections=("group_process",))),
    ("section:debrief section:co-leader", Query(sections=("co_leader_debrief",))),
    ("section:private section:return", Query(sections=("my_responses", "presenter_return"))),
    ("section:follow-up section:supervision", Query(sections=("follow_up",))),
    ('section:"The presenter\'s return"', Query(sections=("presenter_return",))),
    ("section:atmosphère", Query(sections=("atmosphere",))),
    ("x section:nowhere", Query(must=ands("x"), messages=(BAD_SECTION,))),
    ("section:my", Query(messages=(BAD_SECTION,))),
    ("section:", Query(messages=(BAD_SECTION,))),
    ('section:"process case"', Query(messages=(BAD_SECTION,))),
]

PARSE_CASES = TEXT_CASES + FILTER_CASES


@pytest.mark.parametrize(("text", "expected"), PARSE_CASES, ids=[c[0] for c in PARSE_CASES])
def test_parse(text: str, expected: Query) -> None:
    assert parse(text) == expected


def test_every_alias_and_key_resolves_to_a_key() -> None:
    assert set(SECTION_ALIASES.values()) == set(SECTION_KEYS)
    for key in SECTION_KEYS:
        assert SECTION_ALIASES[key] == key
        assert resolve_section(key.upper()) == key
    for word, key in SECTION_ALIASES.items():
        assert resolve_section(word) == key
    assert "my" not in SECTION_ALIASES  # in two headings: names neither


D = dt.date
DATE_CASES: list[tuple[str, D | None, D | None, tuple[str, ...]]] = [
    ("after:2025", D(2025, 1, 1), None, ()),
    ("after:2025-03", D(2025, 3, 1), None, ()),
    ("AFTER:2025-03-14", D(2025, 3, 14), None, ()),
    ("after:2025/3/4", D(2025, 3, 4), None, ()),
    ('after:"2025-3"', D(2025, 3, 1), None, ()),
    ("before:2025", None, D(2024, 12, 31), ()),
    ("before:2025-03", None, D(2025, 2, 28), ()),
    ("before:2024-03", None, D(2024, 2, 29), ()),
    ("before:2025-03-14", None, D(2025, 3, 13), ()),
    ("on:2025", D(2025, 1, 1), D(2025, 12, 31), ()),
    ("on:2024-02", D(2024, 2, 1), D(2024, 2, 29), ()),
    ("On:2025/3/14", D(2025, 3, 14), D(2025, 3, 14), ()),
    ("after:2024 before:2025-07", D(2024, 1, 1), D(2025, 6, 30), ()),
    ("after:2024 after:2025-02 before:2026 before:2025-07", D(2025, 2, 1), D(2025, 6, 30), ()),
    ("on:2025 on:2025-06", D(2025, 6, 1), D(2025, 6, 30), ()),
    ("on:2025 after:2025-11-30", D(2025, 11, 30), D(2025, 12, 31), ()),
    ("after:2025-03-14 before:2025-03-15", D(2025, 3, 14), D(2025, 3, 14), ()),
    ("on:9999-12", D(9999, 12, 1), D(9999, 12, 31), ()),
    ("after:2025 before:2025", D(2025, 1, 1), D(2024, 12, 31), (NO_DAYS,)),
    ("on:2024 on:2025", D(2025, 1, 1), D(2024, 12, 31), (NO_DAYS,)),
    ("before:0001", D.max, D.min, (NO_DAYS,)),
]
MALFORMED_DATES = ["after:notadate", "on:2025-13", "before:", 'before:""', "after:2025-02-30",
                   "after:2025-00", "on:2025-1-0", "on:25", "on:20251", "before:2025-03-14-01",
                   "before:2025-3-", "after:2025.03", "after:0000",
                   "on:\uff12\uff10\uff12\uff15"]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "since", "until", "messages"), DATE_CASES, ids=[c[0] for c in DATE_CASES]
)
def test_dates(text: str, since: D | None, until: D | None, messages: tuple[str, ...]) -> None:
    assert parse(text) == Query(since=since, until=until, messages=messages)


@pytest.mark.parametrize("text", MALFORMED_DATES)
def test_malformed_date_is_named_and_the_rest_still_runs(text: str) -> None:
    name = text.partition(":")[0]
    query = parse(f"rescue {text} after:2024")
    assert query == Query(
        must=ands("rescue"), since=D(2024, 1, 1), messages=(f"{name}: {DATE_HELP}",)
    )


def test_messages_name_only_the_filter() -> None:
    secret = "zqsecretvalue"
    query = parse(f"after:{secret} section:{secret} -tag:{secret} -{secret}")
    assert len(query.messages) == 4
    assert not any(secret in message for message in query.messages)


def test_terms_lists_positive_terms_once() -> None:
    query = parse('a OR "b c" dd* -e a')
    assert query.terms == (W("a"), P("b c"), X("dd"))


def test_too_many_words_are_capped_with_a_message() -> None:
    query = parse(" ".join(f"w{i}" for i in range(100)) + " -x tag:kept")
    assert query.terms == tuple(W(f"w{i}") for i in range(MAX_TERMS))
    assert query.exclude == ()
    assert query.tags == ("kept",)
    assert query.messages == (f"Only the first {MAX_TERMS} words were searched.",)


@pytest.mark.parametrize(
    ("word", "expected"),
    [("Übertragung", "ubertragung"), ("STRASSE", "strasse"), ("Straße", "strasse"),
     ("İstanbul", "istanbul"), ("ﬁne", "fine"), ("Ångström", "angstrom"), ("", "")],
)  # fmt: skip
def test_normalise(word: str, expected: str) -> None:
    assert normalise(word) == expected


def test_help_examples_parse_without_messages() -> None:
    examples = [line.split("  ")[1] for line in HELP.splitlines() if line.startswith("  ")]
    examples = [example for example in examples if example]
    assert len(examples) >= 10
    for example in examples:
        assert parse(example).messages == (), example
    for name in ("group:", "tag:", "presenter:", "section:", "after:", "before:", "on:"):
        assert name in HELP
    listed = HELP.split("only that part:")[1].split("\n  after:")[0]
    assert all(resolve_section(word) for word in re.split(r"[,\s]+", listed) if word)
    assert max(len(line) for line in HELP.splitlines()) <= 80


# -- the FTS5 expression -------------------------------------------------------

EXPRESSIONS = [
    ("shame", '"shame"'),
    ("shame OR guilt rescue", '("shame" OR "guilt") AND "rescue"'),
    ('proj* "a b" -c -"d e"*', '("proj" * AND "a b") NOT ("c" OR "d e")'),
    ("-c", None),
    ("tag:x", None),
    ("NEAR(a, b) AND", '"NEAR(a," AND "b)" AND "AND"'),
    ("{body}: col:term", '"{body}:" AND "col:term"'),
]


@pytest.mark.parametrize(("text", "expected"), EXPRESSIONS, ids=[e[0] for e in EXPRESSIONS])
def test_fts_expression(text: str, expected: str | None) -> None:
    assert fts_expression(parse(text)) == expected


def test_fts_expression_of_built_queries() -> None:
    q = Query(must=((W('he said "hi"'), W("a\x00b\ud800")), (W("."), W("")), (X("ab"),)))
    assert fts_expression(q) == '("he said ""hi""" OR "a b?") AND "ab" *'
    assert fts_expression(Query(must=((W("()"),),), exclude=(W("x"),))) is None
    assert fts_expression(Query(must=ands("a"), exclude=(W("*"),))) == '"a"'
    many = Query(must=(tuple(W(f"w{i}") for i in range(70)),), exclude=(W("x"),))
    expression = fts_expression(many)
    assert expression is not None
    assert expression.count('"') == 2 * MAX_TERMS
    assert "NOT" not in expression


def test_column_filter() -> None:
    q = parse("a -b")
    assert fts_expression(q, ["case", "follow_up"]) == '{case follow_up} : (("a") NOT ("b"))'
    assert fts_expression(q, []) == fts_expression(q)
    for bad in ["a b", "NEAR", "or", '"x"', "1st", "", "case}"]:
        with pytest.raises(ValueError, match="column"):
            fts_expression(q, ["case", bad])


@pytest.fixture(scope="module")
def fts() -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(":memory:")
    try:
        conn.execute("CREATE VIRTUAL TABLE probe USING fts5(a, b)")
    except sqlite3.OperationalError:
        import sqlcipher3  # only where the stdlib lacks FTS5

        conn = cast(sqlite3.Connection, sqlcipher3.connect(":memory:"))
    names = ", ".join(COLUMNS)
    for table, tokenizer in (("t", "unicode61 remove_diacritics 2"), ("tri", "trigram")):
        conn.execute(f"CREATE VIRTUAL TABLE {table} USING fts5({names}, tokenize='{tokenizer}')")
    rows = {
        1: {"case": "shame and rescue in the room", "relationship": "the other felt guilt"},
        2: {"case": "guilt without rescue", "group_process": "parallel process noted"},
        3: {"case": "projection projects project", "leadership": "held the frame"},
        4: {"case": "Die Übertragung war stark", "co_leader_debrief": "we agreed"},
        5: {"case": "col term NEAR AND not or", "follow_up": "he said hi there"},
        6: {"relationship": "guilt alone", "other": "a b c x y ab 2025 process"},
    }
    for table in ("t", "tri"):
        for rowid, row in rows.items():
            cols = ", ".join(["rowid", *(f'"{name}"' for name in row)])
            marks = ", ".join("?" * (len(row) + 1))
            conn.execute(f"INSERT INTO {table}({cols}) VALUES ({marks})", (rowid, *row.values()))  # noqa: S608
    yield conn
    conn.close()


def _match(conn: sqlite3.Connection, table: str, expression: str) -> set[int]:
    sql = f"SELECT rowid FROM {table} WHERE {table} MATCH ?"  # noqa: S608
    return {row[0] for row in conn.execute(sql, (expression,))}


SEMANTICS = [
    ("rescue", None, {1, 2}),
    ("shame OR guilt rescue", None, {1, 2}),
    ("shame OR guilt -rescue", None, {6}),
    ("guilt -rescue", None, {6}),
    ("proj*", None, {3}),
    ("projec", None, set()),
    ('"parallel process"', None, {2}),
    ('"process parallel"', None, set()),
    ("ubertragung", None, {4}),
    ("ÜBERTRAGUNG", None, {4}),
    ("NEAR AND", None, {5}),
    ("col:term", None, {5}),
    ("or not", None, {5}),
    ('"he said "hi" there"', None, {5}),
    ("process", ["group_process"], {2}),
    ("guilt", ["relationship"], {1, 6}),
    ("guilt -rescue", ["relationship"], {1, 6}),
    ("rescue", ["relationship", "leadership"], set()),
]


@pytest.mark.parametrize(("text", "columns", "rows"), SEMANTICS, ids=[s[0] for s in SEMANTICS])
def test_expressions_find_the_right_rows(
    fts: sqlite3.Connection, text: str, columns: list[str] | None, rows: set[int]
) -> None:
    expression = fts_expression(parse(text), columns)
    assert expression is not None
    assert _match(fts, "t", expression) == rows


# -- properties ---------------------------------------------------------------

_OPERATORS = {"(", ")", "{", "}", ":", "*", "OR", "AND", "NOT"}
_FTS_TOKEN = re.compile(r'"(?:[^"]|"")*"|[A-Za-z0-9_]+| +|.', re.S)


def _fts_tokens(expression: str) -> tuple[list[str], list[str]]:
    """Split an FTS5 expression into what is outside strings and string contents."""
    tokens = [m.group() for m in _FTS_TOKEN.finditer(expression) if not m.group().isspace()]
    bare = [token for token in tokens if not token.startswith('"') or len(token) == 1]
    strings = [token[1:-1].replace('""', '"') for token in tokens if token not in bare]
    return bare, strings


def _check(fts: sqlite3.Connection, text: str) -> None:
    query = parse(text)
    assert all(isinstance(message, str) and message for message in query.messages)
    assert set(query.sections) <= set(SECTION_KEYS)
    assert len(query.terms) + len(query.exclude) <= MAX_TERMS
    cleaned = text.encode("utf-8", "replace").decode("utf-8").replace("\x00", " ")
    for term in (*query.terms, *query.exclude):
        assert any(ch.isalnum() for ch in term.text)
    if query.since is not None and query.until is not None and query.since > query.until:
        assert any("date" in message for message in query.messages)
    columns: Sequence[str] = query.sections or ("case", "group_process")
    for cols in (None, columns):
        expression = fts_expression(query, cols)
        if expression is None:
            assert not query.must
            continue
        bare, strings = _fts_tokens(expression)
        assert set(bare) <= _OPERATORS | set(cols or ())
        for string in strings:
            assert all(piece in cleaned for piece in string.split())
        for table in ("t", "tri"):
            _match(fts, table, expression)


FTS5_SYNTAX = ['"', '""', '-"', "*", "(", ")", ":", "^", "NEAR", "NEAR(", "AND", "OR", "NOT",
               "+", "-", "{", "}", ",", "'", "\x00", "\ud800", "{case}", "case:"]  # fmt: skip
FILTER_NAMES = ["group", "tag", "presenter", "section", "after", "before", "on", "foo"]
VALUES = ["", '"', '"a b"', "2025", "2025-03", "2025/3/14", "2025-13", "process", "case",
          "x", "ab*", "-", "0001", "9999-12-31"]  # fmt: skip
WORDS = ["shame", "guilt", "rescue", "or", "Übertragung", "ab", "a", "x", "process", "2025"]
TOKENS = [
    *FTS5_SYNTAX,
    *(f"{name}:{value}" for name in FILTER_NAMES for value in VALUES),
    *(f"{name.title()}:{value}" for name in FILTER_NAMES for value in VALUES[:4]),
    *(dash + word + star for dash in ("", "-") for word in WORDS for star in ("", "*", "**")),
]
OR_PIECES = [f"{word} OR " for word in (*WORDS, '"a b"', "-x", "ab*", "tag:x", "OR")]
PIECES = [
    *(token + sep for token in TOKENS for sep in ("", " ", " ", "  ", "\t", "\n", "\u3000")),
    *OR_PIECES * 20,
]
# Each piece is drawn as one private-use character of a string, which costs
# hypothesis far less per example than a list of choices (about 0.8 ms). It
# favours the lowest code points, so the pieces are shuffled, once.
random.Random(5).shuffle(PIECES)
_BASE = 0xF0000
_CODES = st.characters(min_codepoint=_BASE, max_codepoint=_BASE + len(PIECES) - 1)


def _soup(codes: str, text: str) -> str:
    pieces = [PIECES[ord(code) - _BASE] for code in codes]
    at = len(text) % (len(pieces) + 1)
    return "".join([*pieces[:at], text, *pieces[at:]])


SOUP = st.builds(_soup, st.text(_CODES, max_size=24), st.text(max_size=8))


@settings(max_examples=10_000, deadline=None)
@given(text=st.text())
def test_any_text_parses_to_a_safe_expression(fts: sqlite3.Connection, text: str) -> None:
    _check(fts, text)


@settings(max_examples=10_000, deadline=None)
@given(text=SOUP)
def test_syntax_soup_parses_to_a_safe_expression(fts: sqlite3.Connection, text: str) -> None:
    _check(fts, text)


HOSTILE = [
    "(" * 5_000 + "apple" + ")" * 5_000,
    "a" * 10_240,
    "😀" * 2_560,
    " OR ".join(f"w{i}" for i in range(200)),
    " ".join(f"-w{i}*" for i in range(200)) + " keep",
    '"' * 1_001,
    "section:" * 500,
    "\ud800\udc00 \udfff",
]


@pytest.mark.parametrize("text", HOSTILE, ids=[f"h{i}" for i in range(len(HOSTILE))])
def test_hostile_input(fts: sqlite3.Connection, text: str) -> None:
    _check(fts, text)


@settings(max_examples=500, deadline=None)
@given(day=st.dates(), sep=st.sampled_from(["-", "/"]))
def test_dates_round_trip(day: dt.date, sep: str) -> None:
    ymd = f"{day.year:04d}{sep}{day.month}{sep}{day.day}"
    assert parse(f"on:{ymd}") == Query(since=day, until=day)
    after = parse(f"after:{day.year:04d}{sep}{day.month:02d}")
    assert after.since == day.replace(day=1)
    if day.year > 1:
        assert parse(f"before:{day.year:04d}").until == dt.date(day.year - 1, 12, 31)


@settings(max_examples=1_000, deadline=None)
@given(text=st.text())
def test_normalise_is_idempotent(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once
