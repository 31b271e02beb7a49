"""Search: ranking, snippets, folding, filters, hostile input, and T14 deletion.

Hostile input is never syntax: any text returns a list, and the MATCH
expression built from it never raises in FTS5. Deleting a reflection, a
session or a group removes its words from the index, from every table row
and (checked by decrypting every page of `vault.db`) from free pages.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from hypothesis import given, settings
from hypothesis import strategies as st

import balint_desktop as bd
from balint_desktop.search.query import match_expression

PASSPHRASE = "correct horse battery staple"
RAW_MATCH = "SELECT rowid FROM section_fts WHERE section_fts MATCH ?"
BOLD = re.compile(r"<b>(.*?)</b>", re.S)


def _bold(snippet: str) -> list[str]:
    return BOLD.findall(snippet)


def _session(vault: bd.Vault, group_id: int, day: int, **sections: str) -> int:
    session = vault.add_session(group_id, dt.date(2024, 1, 1) + dt.timedelta(days=day))
    if sections:
        vault.save_reflection(session.id, sections)
    return session.id


def _filler(vault: bd.Vault, group_id: int, count: int = 6) -> None:
    """Sessions without the searched words, so BM25's IDF stays positive."""
    for day in range(count):
        _session(
            vault,
            group_id,
            300 + day,
            case="unrelated words about weather rivers mountains and trains " * 2,
        )


def _raw_match(vault: bd.Vault, text: str) -> list[int]:
    expression = match_expression(text)
    assert expression is not None
    return [row[0] for row in vault._connection().execute(RAW_MATCH, (expression,))]


# -- ranking, ordering, snippets -------------------------------------------


def test_more_mentions_rank_higher_at_similar_length(vault: bd.Vault) -> None:
    group = vault.add_group("Clinicians")
    _filler(vault, group.id)
    once = _session(
        vault, group.id, 2, case="transference came up once among many other quiet themes today"
    )
    often = _session(
        vault,
        group.id,
        1,
        case="transference transference transference transference transference today",
    )
    hits = vault.search("transference")
    assert [h.session_id for h in hits] == [often, once]
    assert hits[0].score > hits[1].score


def test_equal_scores_go_newest_first(vault: bd.Vault) -> None:
    group = vault.add_group("Clinicians")
    _filler(vault, group.id)
    text = "the parallel process showed itself again"
    # Created in an order that is neither oldest- nor newest-first.
    middle = _session(vault, group.id, 40, case=text)
    oldest = _session(vault, group.id, 10, case=text)
    newest = _session(vault, group.id, 70, case=text)
    hits = vault.search("parallel")
    assert len({h.score for h in hits}) == 1
    assert [h.session_id for h in hits] == [newest, middle, oldest]
    assert [h.held_on for h in hits] == sorted((h.held_on for h in hits), reverse=True)


def test_snippets_bold_every_matched_term(vault: bd.Vault) -> None:
    group = vault.add_group("Clinicians")
    session = _session(
        vault,
        group.id,
        1,
        case="The quick brown fox, the lazy Dog; then a QUICK cat chased the dog.",
    )
    [hit] = vault.search("quick dog")
    assert hit.session_id == session
    assert hit.section == "case"
    assert [word.lower() for word in _bold(hit.snippet)] == ["quick", "dog", "quick", "dog"]
    unbolded = BOLD.sub("", hit.snippet).lower()
    assert "quick" not in unbolded
    assert "dog" not in unbolded
    assert "brown fox" in unbolded


def test_snippets_escape_note_html(vault: bd.Vault) -> None:
    group = vault.add_group("Clinicians")
    _session(
        vault,
        group.id,
        1,
        case="A <b>bold</b> claim & <script>alert(1)</script> about the tomato",
    )
    [hit] = vault.search("tomato")
    assert hit.snippet.count("<b>") == 1
    assert _bold(hit.snippet) == ["tomato"]
    assert "&lt;b&gt;bold&lt;/b&gt;" in hit.snippet
    assert " &amp; " in hit.snippet
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in hit.snippet
    assert "<script>" not in hit.snippet
    [hit] = vault.search("script")
    assert "&lt;<b>script</b>&gt;" in hit.snippet


def test_marker_characters_in_notes_do_not_become_tags(vault: bd.Vault) -> None:
    group = vault.add_group("Clinicians")
    _session(vault, group.id, 1, case="tomato \x01\ue000 pasted from somewhere")
    [hit] = vault.search("tomato")
    assert hit.snippet.count("<b>") == hit.snippet.count("</b>") == 1


def test_diacritics_and_case_fold_both_ways(vault: bd.Vault) -> None:
    group = vault.add_group("Clinicians")
    capital = _session(vault, group.id, 1, case="Die Übertragung war stark.")
    small = _session(vault, group.id, 2, relationship="eine übertragung, leise")
    assert {h.session_id for h in vault.search("ubertragung")} == {capital, small}
    assert {h.session_id for h in vault.search("Ubertragung")} == {capital, small}
    assert {h.session_id for h in vault.search("ÜBERTRAGUNG")} == {capital, small}
    snippets = {h.session_id: h.snippet for h in vault.search("Ubertragung")}
    assert _bold(snippets[capital]) == ["Übertragung"]
    assert _bold(snippets[small]) == ["übertragung"]


def test_group_filter_and_limit(vault: bd.Vault) -> None:
    first = vault.add_group("First")
    second = vault.add_group("Second")
    in_first = {_session(vault, first.id, day, case=f"shared theme {day}") for day in range(4)}
    in_second = {_session(vault, second.id, day, case="shared theme") for day in range(3)}
    assert {h.session_id for h in vault.search("shared")} == in_first | in_second
    only_first = vault.search("shared", group_id=first.id)
    assert {h.session_id for h in only_first} == in_first
    assert {h.group_id for h in only_first} == {first.id}
    assert {h.session_id for h in vault.search("theme", group_id=second.id)} == in_second
    assert vault.search("shared", group_id=second.id + 100) == []
    everything = vault.search("shared")
    assert vault.search("shared", limit=2) == everything[:2]
    assert len(vault.search("shared", group_id=first.id, limit=3)) == 3
    assert vault.search("shared", limit=0) == []
    assert vault.search("shared", limit=-1) == []


# -- hostile input -----------------------------------------------------------

WORDS = [
    "apple",
    "bread",
    "and",
    "or",
    "not",
    "near",
    "tomato",
    "Übertragung",
    "col",
    "term",
    "x",
    "a",
    "b",
    "body",
    "emoji",
]


@dataclass
class Corpus:
    vault: bd.Vault
    group_ids: list[int]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Corpus]:
    """A read-only vault shared by the hostile-input and property tests."""
    vault = bd.Vault.create(
        tmp_path_factory.mktemp("corpus") / "vault", PASSPHRASE, kdf=bd.KdfParams.for_tests()
    )
    try:
        groups = [vault.add_group("Alpha").id, vault.add_group("Beta").id]
        texts = [
            "apple and bread or not near the tomato",
            'He said "AND" NOT (maybe) col:term x* ^x -x NEAR(a b) {body} + - a"b',
            "Übertragung und Gegenübertragung; <b>bold</b> & more 😀 emoji",
            "bread bread bread apple",
            "x a b x a b col term body",
        ]
        for index, text in enumerate(texts * 2):
            keys = bd.SECTION_KEYS[index % len(bd.SECTION_KEYS)]
            _session(vault, groups[index % 2], index, **{keys: text})
        yield Corpus(vault, groups)
    finally:
        vault.close()


HOSTILE = [
    '"',
    "*",
    "NEAR(",
    "AND",
    "OR",
    "NOT",
    "(",
    ")",
    "((a",
    'a"b',
    "col:term",
    "^x",
    "-x",
    "x*",
    "\x00",
    "a\x00b",
    "\x00\x00 apple \x00",
    "😀",
    "😀 emoji",
    "👩\u200d👩\u200d👧 apple",
    "NEAR(a b, 2)",
    "apple NOT bread",
    "{body}: apple",
    "body:apple",
    "+apple -bread",
    '"""',
    "''",
    "\\",
    "a AND",
    "OR apple",
    " ".join(secrets.token_hex(4) for _ in range(1_100)),  # about 10 kB of text
    "a" * 10_240,  # 10 kB of one word
    "😀" * 2_560,
    "(" * 5_000 + "apple" + ")" * 5_000,
]


@pytest.mark.parametrize("query", HOSTILE, ids=[f"q{i}" for i in range(len(HOSTILE))])
def test_hostile_queries_return_a_list(corpus: Corpus, query: str) -> None:
    hits = corpus.vault.search(query)
    assert isinstance(hits, list)
    assert all(isinstance(hit, bd.SearchHit) for hit in hits)
    expression = match_expression(query)
    if expression is not None:
        corpus.vault._connection().execute(RAW_MATCH, (expression,)).fetchall()


def _letters(text: str) -> str:
    return re.sub(r"\W", "", text.lower())


@pytest.mark.parametrize("query", ["AND", "NOT", "NEAR(a", "col:term", "x*", "{body}"])
def test_syntax_words_are_searched_as_text(corpus: Corpus, query: str) -> None:
    hits = corpus.vault.search(query)
    assert hits
    for hit in hits:
        assert _bold(hit.snippet)
        assert {_letters(word) for word in _bold(hit.snippet)} == {_letters(query)}


def test_lone_surrogate_query_returns_a_list(corpus: Corpus) -> None:
    assert isinstance(corpus.vault.search("a\ud800b"), list)


FTS5_SYNTAX = st.sampled_from(
    [
        '"',
        '""',
        "*",
        "(",
        ")",
        ":",
        "^",
        "NEAR",
        "NEAR(",
        "AND",
        "OR",
        "NOT",
        "+",
        "-",
        "{",
        "}",
        ",",
        "'",
        "\x00",
        "body:",
        "{body}",
        "col:",
    ]
)
QUERY_PARTS = st.one_of(FTS5_SYNTAX, st.sampled_from(WORDS), st.text(max_size=6))
SEPARATORS = st.sampled_from(["", "", " ", "  ", "\t", "\n", "\u3000"])
SYNTAX_QUERIES = st.lists(st.tuples(QUERY_PARTS, SEPARATORS), max_size=24).map(
    lambda parts: "".join(part + sep for part, sep in parts)
)


def _check_query(corpus: Corpus, query: str) -> None:
    vault = corpus.vault
    hits = vault.search(query, limit=1_000)
    assert isinstance(hits, list)
    for hit in hits:
        assert isinstance(hit, bd.SearchHit)
        assert hit.group_id in corpus.group_ids
        # Only our own <b> tags survive; note HTML is escaped.
        bare = hit.snippet.replace("<b>", "").replace("</b>", "")
        assert "<" not in bare
        assert ">" not in bare
    for group_id in corpus.group_ids:
        assert all(h.group_id == group_id for h in vault.search(query, group_id=group_id))
    expression = match_expression(query)
    if expression is None:
        assert hits == []
    else:
        rows = vault._connection().execute(RAW_MATCH, (expression,)).fetchall()
        assert len(rows) == len(hits)


@settings(max_examples=1_000, deadline=None)
@given(query=st.text())
def test_any_text_is_a_safe_query(corpus: Corpus, query: str) -> None:
    _check_query(corpus, query)


@settings(max_examples=1_000, deadline=None)
@given(query=SYNTAX_QUERIES)
def test_fts5_syntax_soup_is_a_safe_query(corpus: Corpus, query: str) -> None:
    _check_query(corpus, query)


# -- T14: deleted notes are forgotten ----------------------------------------


def _tables_containing(vault: bd.Vault, needle: str) -> list[str]:
    """Return every table (FTS5 shadow tables included) with a row holding `needle`."""
    conn = vault._connection()
    encoded = needle.encode("utf-8")
    tables = [
        row[0]
        for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    ]
    found = []
    for table in tables:
        quoted = '"' + table.replace('"', '""') + '"'
        rows: list[tuple[Any, ...]] = conn.execute(f"SELECT * FROM {quoted}").fetchall()  # noqa: S608
        for row in rows:
            values = [v.encode("utf-8") if isinstance(v, str) else v for v in row]
            if any(isinstance(v, bytes) and encoded in v for v in values):
                found.append(table)
                break
    return found


def _decrypted_pages(vault: bd.Vault) -> list[bytes]:
    """Checkpoint, then decrypt every page of vault.db (SQLCipher 4 defaults, raw key).

    Page n is AES-256-CBC over its first page_size-80 bytes (after the
    16-byte salt on page 1); the IV is the 16 bytes after that.
    """
    conn = vault._connection()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = int(conn.execute("PRAGMA page_size").fetchone()[0])
    reserve = 80
    key = bytes(vault._key)
    raw = (vault.directory / "vault.db").read_bytes()
    assert len(raw) % page_size == 0
    pages = []
    for number in range(len(raw) // page_size):
        page = raw[number * page_size : (number + 1) * page_size]
        end = page_size - reserve
        decryptor = Cipher(algorithms.AES(key), modes.CBC(page[end : end + 16])).decryptor()
        pages.append(decryptor.update(page[16 if number == 0 else 0 : end]) + decryptor.finalize())
    return pages


def _fts_integrity_check(vault: bd.Vault) -> None:
    vault._connection().execute(
        "INSERT INTO section_fts(section_fts, rank) VALUES('integrity-check', 1)"
    )


@dataclass
class Doomed:
    canary: str
    group_id: int
    session_id: int
    kept_session_id: int


def _doomed(vault: bd.Vault) -> Doomed:
    """A session whose canary is in three sections and three revisions, next to one kept."""
    doomed_group = vault.add_group("Doomed")
    kept_group = vault.add_group("Kept")
    canary = "zq" + secrets.token_hex(12)
    session = _session(vault, doomed_group.id, 1, case=f"first draft {canary}")
    vault.save_reflection(session, {"case": f"second draft {canary} plus", "follow_up": canary})
    vault.save_reflection(session, {"relationship": f"{canary} again"})
    kept = _session(vault, kept_group.id, 2, case="keepsake text that stays findable")
    _filler(vault, kept_group.id, count=3)
    # Not vacuous: the canary is indexed, in rows, in FTS5 pages and on decrypted pages.
    assert {h.section for h in vault.search(canary)} == {"case", "follow_up", "relationship"}
    assert len(_raw_match(vault, canary)) == 3
    tables = set(_tables_containing(vault, canary[-12:]))
    assert {"reflection_sections", "reflection_revisions", "section_fts_data"} <= tables
    assert any(canary.encode() in page for page in _decrypted_pages(vault))
    return Doomed(canary, doomed_group.id, session, kept)


def _assert_forgotten(vault: bd.Vault, doomed: Doomed) -> None:
    assert vault.search(doomed.canary) == []
    assert _raw_match(vault, doomed.canary) == []
    _fts_integrity_check(vault)
    assert vault.check_integrity() == []
    assert [h.session_id for h in vault.search("keepsake")] == [doomed.kept_session_id]
    # The tail survives FTS5's prefix compression of neighbouring terms.
    assert _tables_containing(vault, doomed.canary[-12:]) == []
    assert not any(doomed.canary[-12:].encode() in page for page in _decrypted_pages(vault))


DELETIONS: dict[str, Callable[[bd.Vault, Doomed], None]] = {
    "reflection": lambda vault, doomed: vault.delete_reflection(doomed.session_id),
    "session": lambda vault, doomed: vault.delete_session(doomed.session_id),
    "group": lambda vault, doomed: vault.delete_group(doomed.group_id),
}


@pytest.mark.parametrize(
    "what",
    [
        "reflection",
        "session",
        "group",
    ],
)
def test_deleted_text_is_forgotten(vault: bd.Vault, what: str) -> None:
    doomed = _doomed(vault)
    DELETIONS[what](vault, doomed)
    _assert_forgotten(vault, doomed)


def test_deleted_group_is_not_found_by_search(vault: bd.Vault) -> None:
    doomed = _doomed(vault)
    vault.delete_group(doomed.group_id)
    assert vault.search(doomed.canary) == []
    assert _raw_match(vault, doomed.canary) == []
    _fts_integrity_check(vault)
    assert _tables_containing(vault, doomed.canary[-12:]) in ([], ["section_fts_data"])


def test_edits_replace_old_words_in_search_at_once(vault: bd.Vault) -> None:
    group = vault.add_group("Clinicians")
    session = _session(vault, group.id, 1, case="the presenter felt oldword strongly")
    _filler(vault, group.id, count=2)
    assert [h.session_id for h in vault.search("oldword")] == [session]
    vault.save_reflection(session, {"case": "the presenter felt newword strongly"})
    assert vault.search("oldword") == []
    assert _raw_match(vault, "oldword") == []
    [hit] = vault.search("newword")
    assert (hit.session_id, hit.section) == (session, "case")
    assert _bold(hit.snippet) == ["newword"]
    vault.save_reflection(session, {"case": ""})
    assert vault.search("newword") == []
    assert vault.search("presenter") == []
    _fts_integrity_check(vault)
