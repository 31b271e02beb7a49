"""The de-identification guard (`balint_desktop.core.deidentify`).

Unit tests per kind, the replacement helpers, a property test, and the
evaluation against the labelled sentences in tests/fixtures/deidentify_sentences.py:
micro precision and recall per kind and overall, exact (kind and offsets
match) and relaxed (a span of the same kind overlaps). Run with ``-s`` to see
the table.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from balint_desktop.core.deidentify import (
    KINDS,
    IdentifierSpan,
    find_identifiers,
    replace,
    suggest_pseudonym,
)
from balint_desktop.core.deidentify_rules import medicare_valid, nhi_valid, nhs_valid
from balint_desktop.core.demo import build_demo
from tests.fixtures.deidentify_sentences import (
    HELD_OUT,
    SENTENCES,
    TODAY,
    Labelled,
    Span,
    labelled,
)
from tests.fixtures.deidentify_sentences import KINDS as LABEL_KINDS

ROSTER = ("Priya Raman", "Marcus Webb", "Bea")


def found(
    text: str, names: tuple[str, ...] = (), pseudonyms: tuple[str, ...] = ()
) -> list[tuple[str, str]]:
    """(kind, text) of every span found, in order."""
    return [
        (s.kind, s.text) for s in find_identifiers(text, names, pseudonyms=pseudonyms, today=TODAY)
    ]


# -- Checksums -----------------------------------------------------------------


@pytest.mark.parametrize(
    "number", ["2588 13999 9", "6879730972", "4170 75363 5", "5987 16897 8 4", "2819672784"]
)
def test_medicare_check_digit_accepts(number: str) -> None:
    assert medicare_valid(number)


@pytest.mark.parametrize(
    "number",
    [
        "2588 13992 9",  # check digit wrong
        "6879 73090 2",
        "1588 13999 9",  # first digit must be 2-6
        "7588 13999 9",
        "2588 13999",  # too short
        "2588 13999 9 41",  # too long
        "",
    ],
)
def test_medicare_check_digit_rejects(number: str) -> None:
    assert not medicare_valid(number)


@pytest.mark.parametrize("number", ["999 753 4778", "9998768047", "999-571-7840", "999 059 9726"])
def test_nhs_modulus_11_accepts(number: str) -> None:
    assert nhs_valid(number)


@pytest.mark.parametrize(
    "number",
    [
        "999 753 4779",  # check digit wrong
        "999 876 8048",
        "000 000 0000",  # passes mod 11 but is one repeated digit
        "999 753 477",  # too short
        "",
    ],
)
def test_nhs_modulus_11_rejects(number: str) -> None:
    assert not nhs_valid(number)


def test_nhs_remainder_of_10_is_never_valid() -> None:
    # 999 000 005: 90 + 81 + 72 + 10 = 253 = 11 * 23, so the check digit is 11 -> 0;
    # 999 000 000: 243 = 11 * 22 + 1, so it would be 10: no digit makes it valid.
    assert nhs_valid("9990000050")
    assert not any(nhs_valid(f"999000000{d}") for d in range(10))


@pytest.mark.parametrize(
    "nhi", ["ZAC5361", "ZYS4167", "zsp6280", "ZBN77VL", "ZQT77SF", "zug28rk", "ZWV21QB"]
)
def test_nhi_accepts_both_formats(nhi: str) -> None:
    assert nhi_valid(nhi)


@pytest.mark.parametrize(
    "nhi",
    [
        "ZZZ0044",  # old format, check digit wrong
        "ZYS4168",
        "ZZZ00AA",  # new format, check letter wrong
        "ZBN77VM",
        "IAC5361",  # I and O are never used
        "ZOC5361",
        "ZAC536",
        "ZAC53611",
        "",
    ],
)
def test_nhi_rejects(nhi: str) -> None:
    assert not nhi_valid(nhi)


def test_nhi_old_format_with_a_zero_remainder_is_never_valid() -> None:
    # Z = 24; find two letters that make the weighted sum of "Z??000" a multiple of 11.
    letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"
    for a, b in itertools.product(letters, repeat=2):
        stem = f"Z{a}{b}000"
        if (24 * 7 + (letters.index(a) + 1) * 6 + (letters.index(b) + 1) * 5) % 11 == 0:
            assert not any(nhi_valid(f"{stem}{d}") for d in range(10))
            return
    pytest.fail("no stem with a zero remainder")


# -- Each kind in context ------------------------------------------------------


def test_checked_numbers_in_text() -> None:
    assert found("Medicare 2588 13999 9 on the form") == [("medicare", "2588 13999 9")]
    assert found("NHS number 999-726-7141.") == [("nhs", "999-726-7141")]
    assert found("NHI ZBN77VL, and zac5361") == [("nhi", "ZBN77VL"), ("nhi", "zac5361")]
    # A wrong check digit is not a Medicare/NHS/NHI number.
    assert found("Medicare 2588 13992 9") != [("medicare", "2588 13992 9")]
    assert found("booking ABC1234, ZZZ0044") == []


def test_unformatted_numbers_need_their_keyword() -> None:
    assert found("Medicare card 4170753635") == [("medicare", "4170753635")]
    assert ("medicare", "4170753635") not in found("reference 4170753635")
    assert found("NHS 9998768047") == [("nhs", "9998768047")]
    assert ("nhs", "9998768047") not in found("reference 9998768047")


@pytest.mark.parametrize(
    "number",
    [
        "0491 570 156",  # AU mobile (fiction range)
        "+61 491 570 157",
        "(02) 5550 1234",  # AU landline
        "021 555 0123",  # NZ mobile
        "+64 27 555 0199",
        "020 7946 0321",  # UK London (drama range)
        "07700 900123",  # UK mobile drama range: only "possible", flagged all the same
        "+44 7700 900654",
        "(212) 555-0147",  # US
        "617-555-0162",
    ],
)
def test_phone_numbers(number: str) -> None:
    assert found(f"She rang from {number} at midnight.") == [("phone", number)]


@pytest.mark.parametrize(
    "text",
    [
        "She rang Lifeline on 13 11 14.",
        "The Samaritans number is 116 123.",
        "He dialled 000 and then 911.",
        "The meeting ran from 7.30 to 9.00 pm, 12 people.",
        "PHQ-9 of 21, BP 150/95, invoice 20931.",
        "We met on 14/10/2025 and 12.03.2026.",
    ],
)
def test_not_phone_numbers(text: str) -> None:
    assert found(text) == []


def test_phone_numbers_side_by_side() -> None:
    assert found("ph 0491 570 156 0491 570 157 or (212) 555-0147 617-555-0162") == [
        ("phone", "0491 570 156"),
        ("phone", "0491 570 157"),
        ("phone", "(212) 555-0147"),
        ("phone", "617-555-0162"),
    ]
    assert found("+44 7700 900654 0161 496 0456") == [
        ("phone", "+44 7700 900654"),
        ("phone", "0161 496 0456"),
    ]
    assert found("12 34 56 78 90 12 34") == []


def test_tables_of_digits_are_not_read_as_phone_numbers() -> None:
    # (How long such text takes is measured by `make bench`, not asserted here.)
    assert found("04 " * 4000) == []
    assert found("0" * 12000) == []


def test_email_and_links() -> None:
    assert found("From r.thornton@example.org.") == [("email", "r.thornton@example.org")]
    assert found("Mail SUPERVISOR+balint@example.org.uk now") == [
        ("email", "SUPERVISOR+balint@example.org.uk")
    ]
    assert found("see www.example.org/in/someone, or https://example.com/a?b=c.") == [
        ("url", "www.example.org/in/someone"),
        ("url", "https://example.com/a?b=c"),
    ]
    assert found("@ mentions, a@b, user@localhost") == []


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("DOB 12/03/1954, lives alone", "12/03/1954"),
        ("born on 3 June 1961", "3 June 1961"),
        ("Born March 12, 1947, the file said", "March 12, 1947"),
        ("D.O.B. 1972-09-30 printed", "1972-09-30"),
        ("date of birth 30th April 1950", "30th April 1950"),
        ("DOB 4/5/54.", "4/5/54"),  # two-digit year right after a birth word
        ("born in March 1962", "March 1962"),  # month and year next to "born"
        ("born 19 August 2019", "19 August 2019"),  # recent, but "born"
        ("2 March 2026, his birthday", "2 March 2026"),
        ("She died on 4 July 2008.", "4 July 2008"),  # old full date: 15+ years ago
        ("Married 21 Sept 1985", "21 Sept 1985"),
    ],
)
def test_birth_dates(text: str, date: str) -> None:
    assert found(text) == [("birth_date", date)]


@pytest.mark.parametrize(
    "text",
    [
        "The session on 12 March 2026 was good.",  # recent, no birth word
        "On 3 June the group met.",  # no year
        "We met on 14/10/2025.",
        "Since January 2024 there have been four managers.",  # month and year, no birth word
        "Born in the 1940s; born in 1955.",  # years alone
        "Her twins are due on 5 December 2026.",
        "31/02/1950 is not a date.",
        "12/03/54 without a birth word.",
        "Born on 3 June 2027.",  # the future
    ],
)
def test_not_birth_dates(text: str) -> None:
    assert found(text) == []


def test_old_means_fifteen_years_before_today() -> None:
    text = "It happened on 1 July 2011."
    assert found(text) == [("birth_date", "1 July 2011")]
    assert find_identifiers(text, today=dt.date(2025, 1, 1)) == []


@pytest.mark.parametrize(
    "address",
    [
        "14 Rosella Street",
        "Unit 3, 27 Banksia Avenue",
        "3/27 Banksia Ave",
        "Flat 2, 10 Mill Lane",
        "Level 4, 100 Collins Street",
        "18B Harbour View Terrace",
        "7 Te Awa Crescent",
        "45 W 3rd St",
        "PO Box 4471",
        "P.O. Box 88",
        "Private Bag 3015",
    ],
)
def test_addresses(address: str) -> None:
    assert found(f"She lives at {address}, near the river.") == [("address", address)]


@pytest.mark.parametrize(
    "text",
    [
        "Room 12 on Level 3; Ward 7B is on the 4th floor.",
        "It took 3 Sundays; the 12 Steps came up.",
        "We were 6 Balint leaders.",
        "Hope Street was where the clinic used to be.",
    ],
)
def test_not_addresses(text: str) -> None:
    assert found(text) == []


# -- Names and pseudonyms ------------------------------------------------------


def test_roster_names_whole_words_any_case() -> None:
    text = "priya raman came; Marcus was late; Bea and bea; Webb left; beacon, Priyanka."
    assert found(text, names=ROSTER) == [
        ("name", "priya raman"),
        ("name", "Marcus"),
        ("name", "Bea"),
        ("name", "bea"),
        ("name", "Webb"),
    ]


def test_roster_single_words_only_when_capitalised() -> None:
    roster = ("Mere Tawhiri", "Aroha Ngata")
    assert found("a mere formality; real aroha in the room", names=roster) == []
    assert found("Mere and Aroha stayed on", names=roster) == [
        ("name", "Mere"),
        ("name", "Aroha"),
    ]


def test_roster_codes_and_pseudonyms_are_skipped() -> None:
    roster = ("P3", "Dr K.", "RM", "A", "Mrs A")
    assert found("P3 and Dr K. debriefed with RM about Mrs A.", names=roster) == []


def test_titles_and_pairs() -> None:
    assert found("Dr Fitzgerald and Mrs O'Sullivan met Prof. Lindqvist.") == [
        ("name", "Fitzgerald"),
        ("name", "O'Sullivan"),
        ("name", "Lindqvist"),
    ]
    assert found("Dr van der Berg wrote to Rebecca Thornton and Mary Anne McAllister.") == [
        ("name", "van der Berg"),
        ("name", "Rebecca Thornton"),
        ("name", "Mary Anne McAllister"),
    ]
    assert found("Her husband Greg, his partner, Mitchell, and her real name is Charlotte.") == [
        ("name", "Greg"),
        ("name", "Mitchell"),
        ("name", "Charlotte"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Mrs A, Mr T, Ms R and Dr V came up again; Mr H. is 82.",
        "The case came from Dr K. Later, the group imagined his dread.",
        "P3, C7 and H5 presented; RM and KB debriefed.",
        "The ward manager and the board chair, again.",
        "Tom has missed two sessions; Sam is struggling.",  # lone first names: pseudonyms
        "April was hard. Mark the date: May. Will Dr K. come back?",
        "Christmas on Monday; the Health Leaders Group; Section 7 of the Act.",
        "Alice Springs, Victoria Park, Rose Bay, Jordan River, Royal Prince Alfred.",
        "Charles Gairdner Hospital and the Alfred Hospital.",
        "We read Enid Balint and Michael Balint, then Winnicott.",
        "Dr Google, Mr Right, Father Christmas.",
    ],
)
def test_not_names(text: str) -> None:
    assert found(text) == []


def test_declared_pseudonyms_are_not_flagged() -> None:
    text = (
        "A client I'll call Sam; her husband Sam? Let's call him Ben. His brother Ben. "
        "Ruth (not her real name) and her daughter Ruth. Her pseudonym here is Grace; "
        "her sister Grace. We will call them Kai, and Kai's father Kai."
    )
    assert found(text) == []
    assert found("I'll call her Mrs Alcott. Mrs Alcott said no.") == []
    # A declaration covers that name only.
    assert found("A woman I'll call Rosa. Her husband Greg.") == [("name", "Greg")]


def test_pseudonyms_argument() -> None:
    assert found("Her sister Leanne rang.") == [("name", "Leanne")]
    assert found("Her sister Leanne rang.", pseudonyms=("leanne",)) == []
    assert found("Priya came.", names=ROSTER, pseudonyms=("Priya",)) == []


# -- Overlaps ------------------------------------------------------------------


def test_overlaps_prefer_the_more_specific_kind() -> None:
    assert found("From priya.raman@example.com.", names=ROSTER) == [
        ("email", "priya.raman@example.com")
    ]
    assert found("at 33 George Street") == [("address", "33 George Street")]
    assert found("Medicare 2588 13999 9") == [("medicare", "2588 13999 9")]  # US phone too
    assert found("NHS 999 753 4778") == [("nhs", "999 753 4778")]
    assert found("Dr Sarah McAllister", names=("Sarah",)) == [("name", "Sarah McAllister")]


def test_empty_and_blank_text() -> None:
    assert find_identifiers("") == []
    assert find_identifiers("   \n\t ") == []


# -- Replacing -----------------------------------------------------------------


def test_suggest_pseudonym_per_kind() -> None:
    placeholders = {kind: suggest_pseudonym(IdentifierSpan(0, 1, kind, "x")) for kind in KINDS}
    assert placeholders == {
        "name": "[name]",
        "phone": "[phone]",
        "email": "[email]",
        "birth_date": "[date of birth]",
        "medicare": "[Medicare number]",
        "nhi": "[NHI number]",
        "nhs": "[NHS number]",
        "address": "[address]",
        "url": "[link]",
    }
    assert set(KINDS) == set(LABEL_KINDS)


def test_replace_all_and_one() -> None:
    text = "Mrs Kowalczyk, DOB 02/02/1940, of 8 Acacia Close, ph 0491 570 159."
    spans = find_identifiers(text, today=TODAY)
    assert replace(text, spans) == ("Mrs [name], DOB [date of birth], of [address], ph [phone].")
    assert replace(text, [spans[2]]) == (
        "Mrs Kowalczyk, DOB 02/02/1940, of [address], ph 0491 570 159."
    )
    assert replace(text, []) == text


def test_replace_refuses_stale_or_overlapping_spans() -> None:
    text = "Dr Chen rang."
    (span,) = find_identifiers(text)
    with pytest.raises(ValueError, match="no longer matches"):
        replace("Dr Chan rang.", [span])
    with pytest.raises(ValueError, match="out of bounds"):
        replace("Dr", [span])
    with pytest.raises(ValueError, match="overlaps"):
        replace(text, [span, IdentifierSpan(4, 6, "name", "he")])


# -- Properties ----------------------------------------------------------------

FRAGMENTS = (
    "Dr ",
    "Mrs ",
    "Sarah ",
    "Nguyen",
    "Smith ",
    "0491 570 156",
    "+61 ",
    "(02) ",
    "555-0147 ",
    "2588 13999 9",
    "999 753 4778",
    "ZBN77VL",
    "a.b@example.com",
    "www.example.org/x",
    "DOB ",
    "12/03/1954",
    "3 June 1961",
    "14 Rosella Street",
    "PO Box 12",
    "I'll call ",
    "(not her real name)",
    " ",
    ", ",
    ". ",
    "\n",
    "1",
    "07",
    "/",
    "-",
    "'",
    "Ā",
)


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), max_size=30).map("".join),
    st.lists(st.sampled_from(["Sarah Nguyen", "Bea", "P3", "", " ", "Dr K.", "a+b"]), max_size=3),
)
def test_spans_are_sorted_disjoint_and_exact(text: str, names: list[str]) -> None:
    spans = find_identifiers(text, names, today=TODAY)
    position = 0
    for span in spans:
        assert position <= span.start < span.end <= len(text)
        assert span.text == text[span.start : span.end]
        assert span.kind in KINDS
        position = span.end
    assert replace(text, spans).count("[") >= len(spans)


# -- Evaluation against the labelled sentences ---------------------------------


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def _overlaps(a: Span, b: Span) -> bool:
    return a[2] == b[2] and a[0] < b[1] and b[0] < a[1]


def evaluate(
    sentences: tuple[Labelled, ...],
) -> tuple[dict[str, Score], dict[str, Score], list[str]]:
    """Exact and relaxed scores per kind ("all" for the micro total), and the mistakes."""
    exact: dict[str, Score] = {kind: Score() for kind in (*LABEL_KINDS, "all")}
    relaxed: dict[str, Score] = {kind: Score() for kind in (*LABEL_KINDS, "all")}
    mistakes: list[str] = []
    for sentence in sentences:
        spans = find_identifiers(
            sentence.text, sentence.names, pseudonyms=sentence.pseudonyms, today=TODAY
        )
        got = {(s.start, s.end, s.kind) for s in spans}
        want = set(sentence.spans)
        for span in got | want:
            for key in (span[2], "all"):
                exact[key].tp += span in got and span in want
                exact[key].fp += span in got and span not in want
                exact[key].fn += span in want and span not in got
                if span in got:  # precision: does a predicted span touch a label?
                    if any(_overlaps(span, w) for w in want):
                        relaxed[key].tp += 1
                    else:
                        relaxed[key].fp += 1
                if span in want and not any(_overlaps(span, g) for g in got):
                    relaxed[key].fn += 1  # recall: is a label touched by a prediction?
        if got != want:
            extra = sorted(got - want)
            missed = sorted(want - got)
            mistakes.append(
                f"{sentence.markup}\n    extra: {[(k, sentence.text[s:e]) for s, e, k in extra]}"
                f"\n    missed: {[(k, sentence.text[s:e]) for s, e, k in missed]}"
            )
    return exact, relaxed, mistakes


def test_fixtures_are_big_enough_and_balanced() -> None:
    assert len(SENTENCES) >= 220
    clean = [s for s in SENTENCES if not s.spans]
    assert len(clean) >= 80  # sentences with no identifier, so precision means something
    kinds = Counter(kind for s in SENTENCES for *_, kind in s.spans)
    assert all(kinds[kind] >= 2 for kind in LABEL_KINDS), kinds
    assert labelled("[[name:Ann Lee]] rang [[phone:0491 570 006]].").spans == (
        (0, 7, "name"),
        (13, 25, "phone"),
    )


def report(title: str, sentences: tuple[Labelled, ...]) -> tuple[Score, str]:
    """Print the table for `sentences`; return the overall exact score and the table."""
    exact, relaxed, mistakes = evaluate(sentences)
    lines = [f"{'kind':<11}{'labels':>7}{'found':>7}{'P':>7}{'R':>7}{'P~':>7}{'R~':>7}"]
    for kind in (*LABEL_KINDS, "all"):
        e, r = exact[kind], relaxed[kind]
        lines.append(
            f"{kind:<11}{e.tp + e.fn:>7}{e.tp + e.fp:>7}{e.precision:>7.3f}{e.recall:>7.3f}"
            f"{r.precision:>7.3f}{r.recall:>7.3f}"
        )
    table = "\n".join(lines)
    print(f"\n{title}: {len(sentences)} sentences (P/R exact; P~/R~ relaxed overlap)\n{table}")
    print("\n".join(mistakes))
    return exact["all"], table


def test_precision_and_recall(record_property: Callable[[str, object], None]) -> None:
    score, table = report("Labelled sentences", SENTENCES)
    record_property("deidentify_precision", round(score.precision, 3))
    record_property("deidentify_recall", round(score.recall, 3))
    assert score.precision >= 0.90, table
    assert score.recall >= 0.85, table


def test_precision_and_recall_held_out(record_property: Callable[[str, object], None]) -> None:
    """Sentences written after the detector was finished: the honest estimate."""
    score, table = report("Held-out sentences", HELD_OUT)
    record_property("deidentify_held_out_precision", round(score.precision, 3))
    record_property("deidentify_held_out_recall", round(score.recall, 3))
    assert score.precision >= 0.90, table
    assert score.recall >= 0.85, table


def test_the_demo_notes_raise_no_flags() -> None:
    """The demo's fiction is de-identified (codes and pseudonyms): nothing to flag in it."""
    flags = [
        (group.name, session.held_on, span.kind, span.text)
        for group in build_demo(TODAY)
        for session in group.sessions
        for text in session.sections.values()
        for span in find_identifiers(text, group.roster, today=TODAY)
    ]
    assert flags == []


def test_the_guard_is_part_of_the_automation_api() -> None:
    import balint_desktop as bd

    spans = bd.find_identifiers("Call Mrs Jane Citizen on 0412 345 678.", names=("Jane Citizen",))
    assert [(s.kind, "Call Mrs Jane Citizen on 0412 345 678."[s.start : s.end]) for s in spans] == [
        ("name", "Jane Citizen"),
        ("phone", "0412 345 678"),
    ]
    assert all(isinstance(s, bd.IdentifierSpan) for s in spans)
