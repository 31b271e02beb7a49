"""Search: ranking, snippets, folding, the query language, hostile input, and T14 deletion.

One hit per session, in its best-matching section; partial words (from the
trigram index) follow every whole-word hit with score -1.0. Hostile input is
never syntax: any text returns results, and the MATCH expression built from
it never raises in FTS5. Deleting a reflection, a session or a group removes
its words from both indexes, from every table row and (checked by
decrypting every page of `vault.db`) from free pages.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from hypothesis import given, settings
from hypothesis import strategies as st

import balint_desktop as bd
from balint_desktop.search.parse import fts_expression, normalise, parse

PASSPHRASE = "correct horse battery staple"
INDEXES = ("session_fts", "session_tri")
BOLD = re.compile(r"<b>(.*?)</b>", re.S)
WORD = re.compile(r"[^\W_]+")
#: The score of a hit found only inside longer words (ranked after every whole word).
PARTIAL = -1.0


def _bold(snippet: str) -> list[str]:
    return BOLD.findall(snippet)


def _words(text: str) -> list[str]:
    """Split like the index does: letters and digits, no accents, case folded."""
    return WORD.findall(normalise(text))


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


def _ids(hits: Iterable[bd.SearchHit]) -> list[int]:
    return [hit.session_id for hit in hits]


def _whole(results: bd.SearchResults) -> list[int]:
    """Sessions found by whole words, best first (partial-word hits left out)."""
    return [hit.session_id for hit in results.hits if hit.score != PARTIAL]


def _found(vault: bd.Vault, query: str, **options: Any) -> set[int]:
    """Sessions a query finds by whole words."""
    return set(_whole(vault.search_results(query, **options)))


def _raw_match(vault: bd.Vault, text: str, table: str = "session_fts") -> list[int]:
    """Rows the parsed query matches in one index, without the engine."""
    query = parse(text)
    expression = fts_expression(query, [f"s_{key}" for key in query.sections])
    assert expression is not None
    sql = f"SELECT rowid FROM {table} WHERE {table} MATCH ? ORDER BY rowid"  # noqa: S608
    return [row[0] for row in vault._connection().execute(sql, (expression,))]


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


def test_equal_scores_go_newest_first_beyond_the_first_page(vault: bd.Vault) -> None:
    group = vault.add_group("Clinicians")
    _filler(vault, group.id, count=40)
    tied = [_session(vault, group.id, day, case="the parallel process again") for day in range(30)]
    hits = vault.search("parallel", limit=5)
    assert len({h.score for h in hits}) == 1
    assert _ids(hits) == tied[::-1][:5]


def test_one_hit_per_session_in_its_best_section(vault: bd.Vault) -> None:
    group = vault.add_group("Clinicians")
    _filler(vault, group.id)
    session = _session(
        vault,
        group.id,
        1,
        atmosphere="the rescue mood at the start",
        case="a wish to rescue the presenter from the patient",
        follow_up="rescue again, for supervision",
    )
    [hit] = vault.search("rescue")
    assert (hit.session_id, hit.section) == (session, "case")
    assert "presenter" in hit.snippet
    assert _bold(hit.snippet) == ["rescue"]


def test_snippet_shows_whole_words_before_partial_ones(vault: bd.Vault) -> None:
    group = vault.add_group("Health leaders")
    _filler(vault, group.id)
    session = _session(
        vault,
        group.id,
        1,
        case="Afterwards we noticed how little was said about the leaving.",
        follow_up="Remember to ask H2 about the ward manager.",
    )
    [hit] = vault.search("ward manager")
    assert (hit.session_id, hit.section) == (session, "follow_up")
    assert _bold(hit.snippet) == ["ward manager"]


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
    plain = _session(vault, group.id, 3, case="the UBERTRAGUNG typed without accents")
    everywhere = {capital, small, plain}
    for query in ("ubertragung", "Ubertragung", "ÜBERTRAGUNG", "übertragung", "übertr*"):
        assert {h.session_id for h in vault.search(query)} == everywhere, query
    for query in ("Ubertragung", "Übertragung"):
        snippets = {h.session_id: h.snippet for h in vault.search(query)}
        assert _bold(snippets[capital]) == ["Übertragung"], query
        assert _bold(snippets[small]) == ["übertragung"], query
        assert _bold(snippets[plain]) == ["UBERTRAGUNG"], query


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


def test_section_weights_rank_the_case_above_the_atmosphere(vault: bd.Vault) -> None:
    group = vault.add_group("Clinicians")
    _filler(vault, group.id)
    text = "a feeling of dread came over the room before anything was said"
    in_case = _session(vault, group.id, 1, case=text, atmosphere="people arrived late and tired")
    # Newer, so only the weights can put it second.
    in_atmosphere = _session(
        vault, group.id, 2, atmosphere=text, case="people arrived late and tired"
    )
    hits = vault.search("dread")
    assert _ids(hits) == [in_case, in_atmosphere]
    assert hits[0].score > hits[1].score
    assert [h.section for h in hits] == ["case", "atmosphere"]


# -- the query language, through the vault ----------------------------------


@pytest.fixture
def clinicians(vault: bd.Vault) -> int:
    group = vault.add_group("Clinicians")
    _filler(vault, group.id)
    return group.id


def test_exact_phrase_needs_the_words_together_in_order(vault: bd.Vault, clinicians: int) -> None:
    together = _session(vault, clinicians, 1, case="the parallel process again")
    apart = _session(vault, clinicians, 2, case="a process that ran parallel to ours")
    assert _found(vault, '"parallel process"') == {together}
    assert _found(vault, '"Parallel  Process"') == {together}
    assert _found(vault, "parallel process") == {together, apart}
    assert _found(vault, '"process parallel"') == set()
    assert _found(vault, '"parallel process') == {together}  # an unclosed quote runs to the end
    [hit] = vault.search('"parallel process"')
    assert _bold(hit.snippet) == ["parallel process"]


def test_prefix_star_finds_word_beginnings(vault: bd.Vault, clinicians: int) -> None:
    projection = _session(vault, clinicians, 1, case="the projection was strong")
    project = _session(vault, clinicians, 2, case="a project of hers")
    _session(vault, clinicians, 3, case="no rejection here")
    letter = _session(vault, clinicians, 4, case="item p of the list")
    assert _found(vault, "proj*") == {projection, project}
    assert _found(vault, "PROJ*") == {projection, project}
    assert _found(vault, "proj") == set()  # without the star, only the whole word
    assert _found(vault, "p*") == {letter}  # one letter and a star is just the word
    bold = {_bold(h.snippet)[0] for h in vault.search("proj*")}
    assert bold == {"projection", "project"}


def test_minus_leaves_out_words_and_phrases(vault: bd.Vault, clinicians: int) -> None:
    both = _session(vault, clinicians, 1, case="shame and guilt together")
    shame = _session(vault, clinicians, 2, case="shame alone, guilty only later")
    _session(vault, clinicians, 3, case="guilt alone")
    assert _found(vault, "shame") == {both, shame}
    assert _found(vault, "shame -guilt") == {shame}
    assert _found(vault, 'shame -"and guilt"') == {shame}
    assert _found(vault, "shame -GUILT -guilty") == set()
    results = vault.search_results("-guilt")
    assert results.hits == []
    assert results.messages


def test_or_finds_either_word(vault: bd.Vault, clinicians: int) -> None:
    shame = _session(vault, clinicians, 1, case="shame in the room")
    guilt = _session(vault, clinicians, 2, case="guilt in the room")
    rescue_shame = _session(vault, clinicians, 3, case="rescue and shame")
    rescue_guilt = _session(vault, clinicians, 4, case="rescue and guilt")
    rescue = _session(vault, clinicians, 5, case="rescue alone")
    spoken = _session(vault, clinicians, 6, case="shame or guilt, who knows")
    either = {shame, guilt, rescue_shame, rescue_guilt, spoken}
    assert _found(vault, "shame OR guilt") == either
    assert _found(vault, "shame OR guilt rescue") == {rescue_shame, rescue_guilt}
    assert _found(vault, "rescue shame OR guilt") == {rescue_shame, rescue_guilt}
    assert _found(vault, "shame OR guilt OR rescue") == either | {rescue}
    assert _found(vault, "shame or guilt") == {spoken}  # "or" is a word
    assert _found(vault, "OR shame") == _found(vault, "shame") == _found(vault, "shame OR")
    assert _found(vault, "shame OR OR guilt") == either  # the second OR is ignored
    assert vault.search_results("OR") == bd.SearchResults()  # a lone OR matches nothing


def test_group_filter_by_name_or_part_of_it(vault: bd.Vault) -> None:
    clinician = vault.add_group("Clinician Group")
    north = vault.add_group("Clinician Group North")
    coaches = vault.add_group("Coaches & Consultants")
    doctors = vault.add_group("Ärzte Gruppe")
    ids = {
        group.id: _session(vault, group.id, 1, case="a shared theme")
        for group in (clinician, north, coaches, doctors)
    }
    assert _found(vault, 'group:"Clinician Group" theme') == {ids[clinician.id]}
    assert _found(vault, "group:clinician theme") == {ids[clinician.id], ids[north.id]}
    assert _found(vault, "group:north theme") == {ids[north.id]}
    assert _found(vault, "GROUP:COACH theme") == {ids[coaches.id]}
    assert _found(vault, "group:arzte theme") == {ids[doctors.id]}
    assert _found(vault, "group:coaches group:north theme") == {ids[north.id], ids[coaches.id]}
    assert _found(vault, "group:nobody theme") == set()
    hits = vault.search("group:clinician theme", group_id=north.id)
    assert _ids(hits) == [ids[north.id]]


def _tag(vault: bd.Vault, session_id: int, *names: str) -> None:
    with vault.repository.write():
        conn = vault._connection()
        for name in names:
            conn.execute("INSERT OR IGNORE INTO tags(name) VALUES (?)", (name,))
            conn.execute(
                "INSERT INTO session_tags(session_id, tag_id) "
                "SELECT ?, id FROM tags WHERE name = ?",
                (session_id, name),
            )


def test_tag_filter(vault: bd.Vault, clinicians: int) -> None:
    grief = _session(vault, clinicians, 1, case="a shared theme")
    endings = _session(vault, clinicians, 2, case="a shared theme")
    _session(vault, clinicians, 3, case="a shared theme")
    _tag(vault, grief, "grief", "long case")
    _tag(vault, endings, "Endings")
    assert _found(vault, "tag:grief theme") == {grief}
    assert _found(vault, "TAG:Grief theme") == {grief}
    assert _found(vault, 'tag:"long case" theme') == {grief}
    assert _found(vault, "tag:endings theme") == {endings}
    assert _found(vault, "tag:grief tag:endings theme") == {grief, endings}
    assert _found(vault, "tag:gri theme") == set()  # a tag is named whole
    assert _found(vault, "tag:nothing theme") == set()


def test_presenter_filter(vault: bd.Vault, clinicians: int) -> None:
    p3, p4, doctor = (vault.add_member(clinicians, code) for code in ("P3", "P4", "Dr K."))
    presented = _session(vault, clinicians, 1, case="a shared theme")
    vault.add_presentation(presented, presenter_id=p3.id, other_pseudonym="Tom")
    marked = _session(vault, clinicians, 2, case="a shared theme")
    vault.set_attendance(marked, p3.id, "present", presented=True)
    listened = _session(vault, clinicians, 3, case="a shared theme")
    vault.set_attendance(listened, p3.id, "present")
    vault.add_presentation(listened, presenter_id=p4.id)
    doctors = _session(vault, clinicians, 4, case="a shared theme")
    vault.add_presentation(doctors, presenter_id=doctor.id)
    assert _found(vault, "presenter:P3 theme") == {presented, marked}
    assert _found(vault, "presenter:p3 theme") == {presented, marked}
    assert _found(vault, 'presenter:"Dr K." theme') == {doctors}
    assert _found(vault, "presenter:P3 presenter:P4 theme") == {presented, marked, listened}
    assert _found(vault, "presenter:P9 theme") == set()


def test_tag_and_presenter_filters_fold_accents_and_case(vault: bd.Vault, clinicians: int) -> None:
    session = _session(vault, clinicians, 1, case="a shared theme")
    vault.add_presentation(session, presenter_id=vault.add_member(clinicians, "Ébé").id)
    _tag(vault, session, "Ärger")
    for query in ("tag:Ärger", "tag:ärger", "tag:arger", "presenter:Ébé", "presenter:ébé"):
        assert _found(vault, f"{query} theme") == {session}, query
    assert _found(vault, "presenter:ebe theme") == {session}


def test_section_filter_and_its_aliases(vault: bd.Vault, clinicians: int) -> None:
    first = _session(
        vault,
        clinicians,
        1,
        case="alpha",
        atmosphere="beta",
        group_process="alpha beta",
        co_leader_debrief="gamma",
        my_responses="delta",
        presenter_return="epsilon",
        follow_up="zeta",
    )
    second = _session(vault, clinicians, 2, atmosphere="alpha")
    assert _found(vault, "alpha") == {first, second}
    cases = {
        "section:case alpha": ({first}, "case"),
        "section:atmosphere alpha": ({second}, "atmosphere"),
        "section:arrival alpha": ({second}, "atmosphere"),
        "section:process beta": ({first}, "group_process"),
        'section:"group process" beta': ({first}, "group_process"),
        "section:group_process beta": ({first}, "group_process"),
        "section:debrief gamma": ({first}, "co_leader_debrief"),
        'section:"co-leader debrief" gamma': ({first}, "co_leader_debrief"),
        "section:private delta": ({first}, "my_responses"),
        "section:return epsilon": ({first}, "presenter_return"),
        "section:follow-up zeta": ({first}, "follow_up"),
        "section:supervision zeta": ({first}, "follow_up"),
    }
    for query, (sessions, section) in cases.items():
        results = vault.search_results(query)
        assert set(_whole(results)) == sessions, query
        assert {h.section for h in results.hits} == {section}, query
        assert results.messages == (), query
    assert _found(vault, "section:case gamma") == set()
    assert _found(vault, "section:case section:atmosphere alpha") == {first, second}
    ignored = vault.search_results("section:nonsense alpha")
    assert ignored.messages
    assert set(_whole(ignored)) == {first, second}


def test_date_filters(vault: bd.Vault) -> None:
    group = vault.add_group("Clinicians")
    days = [
        dt.date(2025, 2, 28),
        dt.date(2025, 3, 1),
        dt.date(2025, 3, 14),
        dt.date(2025, 3, 31),
        dt.date(2025, 4, 1),
        dt.date(2026, 1, 1),
    ]
    ids = {}
    for day in days:
        session = vault.add_session(group.id, day)
        vault.save_reflection(session.id, {"case": "a shared theme"})
        ids[day] = session.id

    def held(query: str, **options: Any) -> list[dt.date]:
        found = _found(vault, query, **options)
        return [day for day in days if ids[day] in found]

    feb28, mar1, mar14, mar31, apr1, jan1 = days
    assert held("after:2025-03 theme") == [mar1, mar14, mar31, apr1, jan1]
    assert held("before:2025-03 theme") == [feb28]
    assert held("on:2025-03 theme") == [mar1, mar14, mar31]
    assert held("on:2025-03-14 theme") == [mar14]
    assert held("after:2025/3/14 theme") == [mar14, mar31, apr1, jan1]
    assert held("before:2025-03-14 theme") == [feb28, mar1]
    assert held("after:2025 before:2026 theme") == days[:5]
    assert held("on:2026 theme") == [jan1]
    assert held("after:2025-03 theme", since=dt.date(2025, 3, 10), until=dt.date(2025, 3, 31)) == [
        mar14,
        mar31,
    ]
    impossible = vault.search_results("after:2026 before:2025 theme")
    assert impossible.hits == []
    assert impossible.messages


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("after:notadate theme", "after:"),
        ("before:2025-13 theme", "before:"),
        ("on:2025-02-30 theme", "on:"),
        ("section:bogus theme", "section:"),
        ("group: theme", "group:"),
        ("-group:Clinicians theme", "group:"),
    ],
)
def test_malformed_filter_gives_a_message_and_the_rest_runs(
    vault: bd.Vault, clinicians: int, query: str, named: str
) -> None:
    theme = {_session(vault, clinicians, day, case="a shared theme") for day in range(3)}
    results = vault.search_results(query)
    assert any(named in message for message in results.messages), results.messages
    assert set(_whole(results)) == theme


def test_partial_words_come_after_whole_words(vault: bd.Vault, clinicians: int) -> None:
    whole = _session(vault, clinicians, 1, case="the kamera was off all evening")
    # Newer than the whole-word hit, so only the ranking can put it second.
    part = _session(vault, clinicians, 2, case="the videokamera stayed off")
    _session(vault, clinicians, 3, case="no camera at all")
    results = vault.search_results("kamera")
    assert _ids(results.hits) == [whole, part]
    assert results.partial
    assert results.hits[0].score > 0
    assert results.hits[1].score == PARTIAL
    assert _bold(results.hits[1].snippet) == ["videokamera"]
    # Whole words that fill the page leave no room for partial ones.
    only = vault.search_results("kamera", limit=1)
    assert (_ids(only.hits), only.partial) == ([whole], False)
    exact = vault.search_results("videokamera")
    assert (_ids(exact.hits), exact.partial) == ([part], False)
    # Partial words obey the filters and need three letters.
    assert _ids(vault.search("kamera after:2024-01-03")) == [part]
    assert vault.search_results("ka") == bd.SearchResults()
    assert _ids(vault.search("kamera -stayed")) == [whole]


def test_partial_words_respect_short_exclusions(vault: bd.Vault, clinicians: int) -> None:
    with_tv = _session(vault, clinicians, 1, case="the videokamera and the tv")
    without = _session(vault, clinicians, 2, case="the videokamera only")
    assert _ids(vault.search("videokamera")) == [without, with_tv]
    assert _ids(vault.search("videokamera -tv")) == [without]
    assert _ids(vault.search("kamera -tv")) == [without]


def test_newest_mode_returns_the_newest_matches_first(vault: bd.Vault, clinicians: int) -> None:
    sessions = [
        _session(vault, clinicians, day, case="shame " * (1 + day % 3) + "in the room")
        for day in range(8)
    ]
    ranked = vault.search_results("shame")
    quick = vault.search_results("shame", newest=True)
    assert set(_whole(quick)) == set(_whole(ranked)) == set(sessions)
    assert _ids(quick.hits) == sessions[::-1]
    assert [h.held_on for h in quick.hits] == sorted((h.held_on for h in quick.hits), reverse=True)
    assert _ids(vault.search_results("shame", newest=True, limit=3).hits) == sessions[:-4:-1]
    grouped = vault.search_results("shame", clinicians, newest=True, limit=2)
    assert _ids(grouped.hits) == sessions[:-3:-1]


def test_first_look_goes_by_order_of_writing(vault: bd.Vault, clinicians: int) -> None:
    # newest=True is the one-frame first look: the most recently WRITTEN
    # matches (rowid order costs nothing at any size; date order costs a sort
    # of every match). The ranked page that follows puts dates right. A
    # leader typing up last year's paper notes sees those first, briefly.
    back_filled = [
        _session(vault, clinicians, 200 - day, case="shame in the room") for day in range(20)
    ]
    quick = vault.search_results("shame", newest=True, limit=3)
    assert _ids(quick.hits) == back_filled[:-4:-1]


def test_deleting_is_reflected_in_the_very_next_search(vault: bd.Vault, clinicians: int) -> None:
    kept = _session(vault, clinicians, 1, case="the videokamera was on")
    gone = _session(vault, clinicians, 2, case="the videokamera was off")
    reflection_gone = _session(vault, clinicians, 3, case="another videokamera")
    assert set(_ids(vault.search("videokamera"))) == {kept, gone, reflection_gone}
    vault.delete_session(gone)
    assert set(_ids(vault.search("videokamera"))) == {kept, reflection_gone}
    vault.delete_reflection(reflection_gone)
    assert _ids(vault.search("videokamera")) == [kept]
    assert _ids(vault.search("kamera")) == [kept]
    vault.delete_group(clinicians)
    assert vault.search_results("videokamera") == bd.SearchResults()
    assert vault.search_results("kamera") == bd.SearchResults()


def test_edits_replace_old_words_in_search_at_once(vault: bd.Vault) -> None:
    group = vault.add_group("Clinicians")
    session = _session(vault, group.id, 1, case="the presenter felt oldword strongly")
    _filler(vault, group.id, count=2)
    assert [h.session_id for h in vault.search("oldword")] == [session]
    assert _ids(vault.search("ldwor")) == [session]  # a partial word, before the edit
    vault.save_reflection(session, {"case": "the presenter felt newword strongly"})
    assert vault.search("oldword") == []
    assert vault.search("ldwor") == []
    for table in INDEXES:
        assert _raw_match(vault, "oldword", table) == []
    [hit] = vault.search("newword")
    assert (hit.session_id, hit.section) == (session, "case")
    assert _bold(hit.snippet) == ["newword"]
    vault.save_reflection(session, {"case": ""})
    assert vault.search("newword") == []
    assert vault.search("presenter") == []
    assert vault.search("ewwor") == []
    _fts_integrity_check(vault)


def test_tidying_the_index_keeps_it_whole(vault: bd.Vault, clinicians: int) -> None:
    session = _session(vault, clinicians, 1, case="first words")
    for round_ in range(12):
        vault.save_reflection(session, {"case": f"draft {round_} of the videokamera notes"})
    vault.tidy_index()
    vault.tidy_index(pages=1)
    _fts_integrity_check(vault)
    assert _ids(vault.search("videokamera")) == [session]
    assert _ids(vault.search("kamera")) == [session]
    assert vault.search("first") == []


# -- hostile input -----------------------------------------------------------

WORDS = [
    "apple",
    "bread",
    "and",
    "or",
    "OR",
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
    "ubertrag",
    "gegen",
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
    "group:",
    'group:"',
    'tag:"unclosed apple',
    "section:",
    "section:{body} apple",
    "on:0000 apple",
    "before:0001 apple",
    "after:9999-12-31 apple",
    "on:2025-02-30 apple",
    "-group:Alpha apple",
    "presenter:'; DROP TABLE sessions; -- apple",
    'group:"Alpha" OR group:"Beta" apple',
    " ".join(secrets.token_hex(4) for _ in range(1_100)),  # about 10 kB of text
    "a" * 10_240,  # 10 kB of one word
    "😀" * 2_560,
    "(" * 5_000 + "apple" + ")" * 5_000,
]


@pytest.mark.parametrize("query", HOSTILE, ids=[f"q{i}" for i in range(len(HOSTILE))])
def test_hostile_queries_return_results(corpus: Corpus, query: str) -> None:
    results = corpus.vault.search_results(query)
    assert isinstance(results, bd.SearchResults)
    assert all(isinstance(hit, bd.SearchHit) for hit in results.hits)
    assert all(isinstance(message, str) for message in results.messages)
    assert isinstance(corpus.vault.search(query), list)
    assert isinstance(corpus.vault.search_results(query, newest=True).hits, list)
    expression = fts_expression(parse(query))
    if expression is not None:
        conn = corpus.vault._connection()
        for table in INDEXES:
            conn.execute(f"SELECT rowid FROM {table} WHERE {table} MATCH ?", (expression,))  # noqa: S608


@pytest.mark.parametrize("query", ["AND", "NOT", "NEAR(a", "col:term", "x*", "{body}", 'a"b'])
def test_syntax_words_are_searched_as_text(corpus: Corpus, query: str) -> None:
    wanted = set(_words(query))
    results = corpus.vault.search_results(query)
    assert _whole(results)
    for hit in results.hits:
        bold = {word for snippet in _bold(hit.snippet) for word in _words(snippet)}
        if hit.score == PARTIAL:
            assert all(any(w in word for w in wanted) for word in bold), hit.snippet
        else:
            assert bold == wanted, hit.snippet


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
        "section:",
        "section:case",
        "group:alpha",
    ]
)
QUERY_PARTS = st.one_of(FTS5_SYNTAX, st.sampled_from(WORDS), st.text(max_size=6))
SEPARATORS = st.sampled_from(["", "", " ", "  ", "\t", "\n", "\u3000"])
SYNTAX_QUERIES = st.lists(st.tuples(QUERY_PARTS, SEPARATORS), max_size=24).map(
    lambda parts: "".join(part + sep for part, sep in parts)
)


def _check_query(corpus: Corpus, query: str) -> None:
    vault = corpus.vault
    results = vault.search_results(query, limit=1_000)
    hits = results.hits
    for hit in hits:
        assert isinstance(hit, bd.SearchHit)
        assert hit.group_id in corpus.group_ids
        # Only our own <b> tags survive; note HTML is escaped.
        bare = hit.snippet.replace("<b>", "").replace("</b>", "")
        assert "<" not in bare
        assert ">" not in bare
    # One hit per session; partial words after every whole word, and flagged.
    assert len(set(_ids(hits))) == len(hits)
    partial = [hit.score == PARTIAL for hit in hits]
    assert partial == sorted(partial)
    assert results.partial == any(partial)
    for group_id in corpus.group_ids:
        assert all(h.group_id == group_id for h in vault.search(query, group_id=group_id))
    parsed = parse(query)
    if parsed.groups or parsed.tags or parsed.presenters:
        return  # filters narrow the sessions: the raw MATCH below knows none of them
    if parsed.since is not None or parsed.until is not None:
        return
    expression = fts_expression(parsed, [f"s_{key}" for key in parsed.sections])
    if expression is None:
        assert hits == []
        return
    rows = vault._connection().execute(
        "SELECT rowid FROM session_fts WHERE session_fts MATCH ?", (expression,)
    )
    assert {row[0] for row in rows} == set(_whole(results))


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


def _index_terms(vault: bd.Vault, table: str) -> set[str]:
    """Return every term an index holds (for the trigram index, every trigram)."""
    conn = vault._connection()
    vocab = f"vocab_{table}"
    conn.execute(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{vocab} USING fts5vocab(main, {table}, 'row')"
    )
    return {str(row[0]) for row in conn.execute(f"SELECT term FROM temp.{vocab}")}  # noqa: S608


def _canary_trigrams(vault: bd.Vault) -> set[str]:
    """Trigrams only a canary can have: the rest of the vault's text holds no digit and no zq."""
    return {
        term
        for term in _index_terms(vault, "session_tri")
        if "zq" in term or any(ch.isdigit() for ch in term)
    }


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
    conn = vault._connection()
    for table in INDEXES:
        conn.execute(f"INSERT INTO {table}({table}, rank) VALUES('integrity-check', 1)")


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
    # Not vacuous: the canary is found (also as part of a word), is in both indexes,
    # in rows, in FTS5 pages and on decrypted pages.
    [hit] = vault.search(canary)
    assert (hit.session_id, hit.section) == (session, "case")
    assert _ids(vault.search(canary[3:15])) == [session]
    for table in INDEXES:
        assert _raw_match(vault, canary, table) == [session]
    assert canary in _index_terms(vault, "session_fts")
    assert f"zq{canary[2]}" in _canary_trigrams(vault)
    tables = set(_tables_containing(vault, canary[-12:]))
    assert {"reflection_sections", "reflection_revisions", "session_fts_data"} <= tables
    assert "session_tri_data" in _tables_containing(vault, f"zq{canary[2]}")
    assert any(canary.encode() in page for page in _decrypted_pages(vault))
    return Doomed(canary, doomed_group.id, session, kept)


def _assert_forgotten(vault: bd.Vault, doomed: Doomed) -> None:
    assert vault.search_results(doomed.canary) == bd.SearchResults()
    assert vault.search_results(doomed.canary[3:15]) == bd.SearchResults()
    for table in INDEXES:
        assert _raw_match(vault, doomed.canary, table) == []
    _fts_integrity_check(vault)
    assert vault.check_integrity() == []
    assert [h.session_id for h in vault.search("keepsake")] == [doomed.kept_session_id]
    assert doomed.canary not in _index_terms(vault, "session_fts")
    assert _canary_trigrams(vault) == set()
    # The tail survives FTS5's prefix compression of neighbouring terms.
    assert _tables_containing(vault, doomed.canary[-12:]) == []
    assert _tables_containing(vault, f"zq{doomed.canary[2]}") == []
    assert not any(doomed.canary[-12:].encode() in page for page in _decrypted_pages(vault))


DELETIONS: dict[str, Callable[[bd.Vault, Doomed], None]] = {
    "reflection": lambda vault, doomed: vault.delete_reflection(doomed.session_id),
    "session": lambda vault, doomed: vault.delete_session(doomed.session_id),
    "group": lambda vault, doomed: vault.delete_group(doomed.group_id),
}


@pytest.mark.parametrize("what", ["reflection", "session", "group"])
def test_deleted_text_is_forgotten(vault: bd.Vault, what: str) -> None:
    doomed = _doomed(vault)
    DELETIONS[what](vault, doomed)
    _assert_forgotten(vault, doomed)


def test_deleted_group_is_not_found_by_search(vault: bd.Vault) -> None:
    doomed = _doomed(vault)
    vault.delete_group(doomed.group_id)
    assert vault.search(doomed.canary) == []
    for table in INDEXES:
        assert _raw_match(vault, doomed.canary, table) == []
    _fts_integrity_check(vault)
    assert _tables_containing(vault, doomed.canary[-12:]) == []


def test_filters_alone_list_their_sessions_newest_first(vault: bd.Vault, clinicians: int) -> None:
    first = _session(vault, clinicians, 300, case="a quiet evening", atmosphere="calm")
    second = _session(vault, clinicians, 400, case="a loud evening", atmosphere="tense")
    other = vault.add_group("Coaches", kind="coaches_consultants")
    elsewhere = _session(vault, other.id, 500, case="elsewhere")
    results = vault.search_results('group:"Clinicians"')
    assert _ids(results.hits)[0] == second
    assert first in _ids(results.hits)
    assert elsewhere not in _ids(results.hits)
    dates = [hit.held_on for hit in results.hits]
    assert dates == sorted(dates, reverse=True)
    assert results.hits[0].section == "case"  # the case is shown when no word was searched
    assert _ids(vault.search("after:2025-01-20 before:2025-03-01")) == [second]
    assert vault.search_results("-evening").messages  # only an exclusion: nothing, said so
