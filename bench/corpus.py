"""A synthetic, seeded corpus of reflective-practice notes.

Everything here is fiction made from a fixed word list: no real note, name or
case. The same (size, seed) always yields the same groups, dates and text,
so cached vaults and the plain-SQLite baseline hold identical content.

Shape of the text:

* a Zipf-like vocabulary (weight 1/(rank+2.7)) of a few hundred plausible
  words: function words first, then very common domain words ("felt",
  "patient", "group", "presenter"), then a long middle, then a rare tier
  that is further down-weighted so each rare word lands in a handful of
  sections per thousand sessions;
* a few collocations ("parallel process", "holding the frame") injected as
  pairs, so a two-word query that behaves like a phrase has real hits;
* section lengths drawn log-normally: most sections 30-250 words, "case"
  and "relationship" 120-600; optional sections are sometimes left empty.

Dates: each of the three groups meets every few weeks over the 25 years up to
`END_DATE`. At 1k sessions that is about monthly per group; larger vaults get
denser dates rather than dates centuries ago.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

#: Bump when the generated text or dates change: it is part of the cache key.
CORPUS_VERSION = 1

DEFAULT_SEED = 1957  # the year Balint's "The Doctor, His Patient and the Illness" appeared

END_DATE = dt.date(2025, 6, 30)
SPAN_DAYS = 25 * 365


@dataclass(frozen=True, slots=True)
class GroupSpec:
    """A group as `Vault.add_group` receives it."""

    name: str
    kind: str
    time_zone: str
    cadence: str
    mode: str
    co_leader: str
    start_time: dt.time


GROUPS: tuple[GroupSpec, ...] = (
    GroupSpec("Clinician Group", "clinician", "Australia/Sydney", "monthly", "online", "AK",
              dt.time(18, 30)),
    GroupSpec("Coaches & Consultants Group", "coaches_consultants", "Europe/London", "monthly",
              "in_person", "", dt.time(12, 0)),
    GroupSpec("Health Leaders Group", "health_leaders", "America/Toronto", "monthly", "hybrid",
              "JM", dt.time(7, 30)),
)  # fmt: skip

# -- vocabulary, most frequent first --------------------------------------


def _split(text: str) -> list[str]:
    return text.split()


_FUNCTION = _split("""
the and a to of was I in it that she he her his with for not as we on they
had what but about this be at so from there were me my them an is into one
all when how had been would could more who than then or by no their our
out very much also still again just only even some which like
""")

_COMMON = _split("""
felt patient group presenter doctor feeling case session something seemed
family room time silence said asked wanted mother felt anger nurse
""")

_MIDDLE = _split("""
daughter son husband wife father colleague team ward clinic practice
manager consultant registrar GP surgery hospital appointment referral
question story image picture fantasy boundary frame question wonder
imagined noticed stuck tired sad angry anxious guilty helpless hopeful
relieved irritated bored warm cold distant close careful curious quiet loud
long short first last next left right hard easy strange familiar difficult
care help listen talk speak hear understand know think feel see hold
protect invite return shift offer notice name leave stay want need try
response reaction tension conflict alliance rivalry loyalty envy shame
guilt grief loss death illness diagnosis treatment medication pain symptom
body fear hope trust doubt responsibility blame need demand complaint
letter phone email visit home bed waiting door chair circle table break
leader co-leader member members newcomer pair others everyone nobody
somebody voice laughter tears smile look glance pause interruption
rescue advice solution problem dilemma decision choice ethics risk
safeguarding supervision training meeting handover shift rota workload
burnout pressure deadline budget board director coach client consultant
organisation culture change restructure redundancy performance review
feedback conversation contract engagement sponsor stakeholder
parallel process projection identification transference resistance
containment holding dependency authority power role system
early late again before after during between without within across
perhaps maybe almost nearly rather quite really simply slowly suddenly
""")

_RARE = _split("""
vertigo hospice dialysis ambivalence countertransference sclerosis psoriasis
bereavement interpreter chaplain locum triage palliative rheumatology
oncologist stillbirth miscarriage dementia delirium epilepsy tinnitus
migraine fibromyalgia endometriosis anorexia bulimia overdose methadone
paracetamol insulin asthma eczema glaucoma cataract amputation prosthesis
scaffolding mentoring succession merger whistleblowing litigation tribunal
ombudsman inquest coroner obituary anniversary christening wedding divorce
custody adoption fostering refugee asylum deportation homelessness eviction
gambling allotment orchestra chessboard lighthouse harbour avalanche
tapestry labyrinth origami kaleidoscope metronome compass lantern
thimble wheelbarrow scarecrow drawbridge
""")

#: Pairs that tend to appear together; the second set also serves as queries.
COLLOCATIONS: tuple[tuple[str, str], ...] = (
    ("parallel", "process"),
    ("holding", "frame"),
    ("felt", "stuck"),
    ("group", "silence"),
    ("the", "presenter"),
    ("presenter", "returned"),
    ("doctor", "patient"),
)

_CAPITALS = "ABCDEFGHJKLMNPRSTW"


def vocabulary() -> tuple[list[str], list[float]]:
    """Return the words, most frequent first, and their cumulative weights."""
    words: list[str] = []
    for word in itertools.chain(_FUNCTION, _COMMON, _MIDDLE, _RARE):
        if word not in words:
            words.append(word)
    rare = set(_RARE)
    weights = [
        (0.02 if word in rare else 1.0) / (rank + 2.7) for rank, word in enumerate(words, start=1)
    ]
    return words, list(itertools.accumulate(weights))


@dataclass(frozen=True, slots=True)
class SessionSpec:
    """One generated session with its reflection."""

    index: int
    group_index: int
    held_on: dt.date
    sections: dict[str, str]


# (median words, sigma, minimum, maximum, probability the section is written)
SECTION_SHAPES: dict[str, tuple[float, float, int, int, float]] = {
    "atmosphere": (90, 0.45, 30, 250, 0.95),
    "case": (280, 0.4, 120, 600, 1.0),
    "relationship": (260, 0.45, 120, 600, 0.98),
    "group_process": (120, 0.5, 30, 250, 0.92),
    "leadership": (110, 0.5, 30, 250, 0.9),
    "presenter_return": (70, 0.5, 30, 250, 0.85),
    "my_responses": (90, 0.55, 30, 250, 0.75),
    "co_leader_debrief": (70, 0.5, 30, 250, 0.5),
    "follow_up": (50, 0.5, 30, 250, 0.6),
}


class Corpus:
    """Deterministic generator of sessions for one (size, seed)."""

    def __init__(self, size: int, seed: int = DEFAULT_SEED) -> None:
        self.size = size
        self.seed = seed
        self._words, self._cum = vocabulary()

    def dates(self) -> list[tuple[int, dt.date]]:
        """Return (group index, date) per session, oldest first, groups interleaved."""
        rng = random.Random(f"dates-{self.seed}-{self.size}")
        per_group = [self.size // len(GROUPS)] * len(GROUPS)
        for extra in range(self.size - sum(per_group)):
            per_group[extra] += 1
        start = END_DATE - dt.timedelta(days=SPAN_DAYS)
        result: list[tuple[int, dt.date]] = []
        for group_index, count in enumerate(per_group):
            step = SPAN_DAYS / max(count, 1)
            for n in range(count):
                jitter = rng.uniform(-0.25, 0.25) * step
                day = start + dt.timedelta(days=round(n * step + step / 2 + jitter))
                result.append((group_index, min(day, END_DATE)))
        result.sort(key=lambda item: (item[1], item[0]))
        return result

    def sessions(self) -> Iterator[SessionSpec]:
        """Yield every session, oldest first, generated lazily."""
        rng = random.Random(f"text-{self.seed}")
        for index, (group_index, held_on) in enumerate(self.dates()):
            sections: dict[str, str] = {}
            for key, (median, sigma, low, high, chance) in SECTION_SHAPES.items():
                if key == "co_leader_debrief" and not GROUPS[group_index].co_leader:
                    continue
                if rng.random() > chance:
                    continue
                length = round(median * math.exp(rng.gauss(0.0, sigma)))
                sections[key] = self.prose(rng, max(low, min(high, length)), key)
            yield SessionSpec(index, group_index, held_on, sections)

    def prose(self, rng: random.Random, length: int, key: str = "") -> str:
        """Return about `length` words of sentences and paragraphs."""
        words = rng.choices(self._words, cum_weights=self._cum, k=length)
        for position in range(length - 1):
            if rng.random() < 0.012:
                first, second = COLLOCATIONS[rng.randrange(len(COLLOCATIONS))]
                words[position], words[position + 1] = first, second
        if key == "case":
            code = f"P{rng.randrange(1, 13)}"
            other = f"{rng.choice(_CAPITALS)}{rng.choice(_CAPITALS)}"
            words[:4] = ["Presenter", code, "brought", other]
        return _sentences(rng, words)

    def edit(self, rng: random.Random, body: str) -> str:
        """Return `body` with one word replaced, as typing does between autosaves."""
        words = body.split(" ")
        position = rng.randrange(len(words))
        words[position] = rng.choices(self._words, cum_weights=self._cum, k=1)[0]
        return " ".join(words)


def _sentences(rng: random.Random, words: Sequence[str]) -> str:
    out: list[str] = []
    position = 0
    in_paragraph = 0
    while position < len(words):
        size = rng.randint(6, 22)
        sentence = list(words[position : position + size])
        position += size
        sentence[0] = sentence[0][:1].upper() + sentence[0][1:]
        if len(sentence) > 8 and rng.random() < 0.4:
            comma = rng.randrange(3, len(sentence) - 3)
            sentence[comma] += ","
        end = "?" if rng.random() < 0.08 else "."
        text = " ".join(sentence) + end
        in_paragraph += 1
        if out and in_paragraph > rng.randint(3, 6):
            out.append("\n\n" + text)
            in_paragraph = 0
        else:
            out.append((" " if out else "") + text)
    return "".join(out)


def word_count(text: str) -> int:
    """Return the number of whitespace-separated words."""
    return len(text.split())


def autosave_reflection(seed: int = DEFAULT_SEED, total_words: int = 2000) -> dict[str, str]:
    """Return a 9-section reflection of about `total_words` words, for autosave timing."""
    corpus = Corpus(0, seed)
    rng = random.Random(f"autosave-{seed}")
    medians = {key: shape[0] for key, shape in SECTION_SHAPES.items()}
    scale = total_words / sum(medians.values())
    return {key: corpus.prose(rng, round(m * scale), key) for key, m in medians.items()}
