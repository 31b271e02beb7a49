"""Word lists, patterns and checksums for the de-identification guard.

`balint_desktop.core.deidentify` finds the identifiers; this module holds what
it knows: a compact list of common given names (Australia, New Zealand, the
UK and the US, including common Māori, Pacific, South and East Asian,
African and Arabic names), titles, words that are never part of a person's
name, street types, public helplines, the check-digit rules of Medicare,
NHS and NHI numbers, the compiled patterns, and small phone and roster
helpers. Nothing here reaches the network or loads a model.
"""

from __future__ import annotations

import functools
import re

import phonenumbers


def _words(text: str) -> tuple[str, ...]:
    """Split a block of words (lists are kept as prose to stay short and reviewable)."""
    return tuple(text.split())


# -- Letters ------------------------------------------------------------------

#: Capital and small letters for names, including accented and macronised ones.
UPPER = "A-ZÀ-ÖØ-ÞĀĒĪŌŪŠŽ"
LOWER = "a-zß-öø-ÿāēīōūšž"

#: Straight and curly apostrophes.
APOSTROPHES = "'\u2019"

#: One word of a name: "Chen", "O'Sullivan", "McAllister", "Smith-Hartley".
NAME_WORD = (
    rf"(?:[OD][{APOSTROPHES}])?[{UPPER}][{LOWER}]+(?:[{UPPER}][{LOWER}]+)?"
    rf"(?:-[{UPPER}][{LOWER}]+)*"
)

#: Lower-case particles inside surnames: "van der Berg", "de Silva".
PARTICLES = _words("van von der den de del della da di du le la ter")
PARTICLE = "(?:" + "|".join(sorted(PARTICLES, key=len, reverse=True)) + ")"

# -- Titles and the words that are never a name --------------------------------

#: Titles written before a name (case-sensitive). A title with a single capital
#: after it ("Mrs A", "Dr K.") is a pseudonym and never flagged.
TITLES = _words(
    "Dr Mr Mrs Ms Miss Mx Prof Professor Sir Dame Rev Revd Reverend Father Fr Sister Nurse "
    "Judge Justice Pastor Rabbi Imam Uncle Aunty Auntie Nana Captain Councillor Senator"
)

MONTHS = _words(
    "January February March April May June July August September October November December"
)
MONTH_ABBREVIATIONS = _words("Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec")
DAYS = _words("Monday Tuesday Wednesday Thursday Friday Saturday Sunday")

#: Street types: the last word of a street address.
STREET_TYPES = _words(
    "Street St Road Rd Avenue Ave Av Lane Ln Drive Dr Dve Court Ct Place Pl Crescent Cres "
    "Parade Pde Highway Hwy Boulevard Boulevarde Blvd Terrace Tce Way Close Circuit Cct "
    "Grove Square Sq Esplanade Esp Rise Mews Row Walk Parkway Pkwy Quay Gardens Gdns "
    "Green Loop Mall Promenade Strand Wynd Alley Circle"
)

#: Words after which a capitalised run is a place or an institution, not a person
#: ("Alfred Hospital", "Charles Sturt University"): the whole run is dropped.
INSTITUTION_WORDS = frozenset(
    _words(
        "Hospital Clinic Centre Center Practice Medical Health University College School "
        "Institute Foundation House Ward Unit Hospice Trust Council Services Service Society "
        "Association Group Library Museum Church Cathedral Station Airport Hotel Club"
    )
)

#: Place words: "Alice Springs", "Rose Bay", "Victoria Park" are not people.
PLACE_WORDS = frozenset(
    _words(
        "Springs Creek River Bay Beach Heights Valley Island Islands Harbour Harbor Falls "
        "Downs Lake Lakes Point Park Plains Mount Ranges Reserve Gully Bridge North South "
        "East West Central City Town Village"
    )
)

#: Capitalised words that end a name: a name never continues through them.
STOP_WORDS = frozenset(
    (
        *MONTHS,
        *DAYS,
        *TITLES,
        *STREET_TYPES,
        *INSTITUTION_WORDS,
        *PLACE_WORDS,
        *_words(
            """
            The A An And But Or So If When Then After Before While Since During Today Tonight
            Yesterday Tomorrow This That These Those There Here He She It We They You His Her
            Their Our My Your Its Who What Why How Where Which Some Someone Everyone Nobody
            Anyone Several Many Most Each Every Both All None No Not Yes Also Still Just Only
            Even Later Earlier Again Once Twice Perhaps Maybe Sorry Thanks Christmas Easter
            Ramadan Diwali Matariki Anzac Year New Old Day Night Week Month Morning Evening
            Afternoon Group Groups Balint Session Sessions Case Cases Presenter Leader Leaders
            Member Members Section Arrival Atmosphere Relationship Process Leadership Return
            Debrief Follow Supervision Board Team Committee Department Commission Act Policy
            Government Ministry Minister Chief Executive Director Manager Chair Nursing Mental
            Practitioner Educator Specialist Consultant Registrar Zoom Teams Google Facebook
            Instagram Right Wrong Average Nice Perfect Fix Mum Dad Mummy Daddy Nan Grandad
            Grandma Grandpa God Lord Jesus Christ Allah Buddha Australian British English
            Scottish Irish Welsh American Kiwi Māori Maori Pacific Pākehā Aboriginal Indigenous
            Asian European African Indian Chinese Coaches Consultants Clinician Clinicians
            Health Leaders Society Royal Prince Princess Queen Saint Dread Duty Grief Guilt
            Relief Hope Love
            """
        ),
    )
)

#: Authors a group cites (theory, not case content): never flagged.
CITED_FIGURES = frozenset(
    (
        "Michael Balint",
        "Enid Balint",
        "Donald Winnicott",
        "Wilfred Bion",
        "Sigmund Freud",
        "Anna Freud",
        "John Bowlby",
        "Carl Jung",
        "Melanie Klein",
        "Carl Rogers",
        "Heinz Kohut",
        "John Salinsky",
        *_words("Balint Winnicott Bion Freud Bowlby Jung Klein Kohut Lacan"),
    )
)

#: Words before a lone given name that make it someone's real name ("her husband Greg").
#: "patient", "client" and "presenter" are left out: that is where pseudonyms go.
RELATION_WORDS = _words(
    """
    husband wife partner spouse fiancé fiancée fiance fiancee boyfriend girlfriend ex
    ex-husband ex-wife ex-partner son daughter child mother father mum mom dad stepson
    stepdaughter stepmother stepfather brother sister grandson granddaughter grandmother
    grandfather nan aunt niece nephew cousin flatmate friend neighbour neighbor landlord
    landlady colleague boss manager supervisor leader CEO chair director registrar
    caseworker assistant secretary receptionist teacher lawyer solicitor carer name
    """
)

#: Common given names (lower-case). A capitalised given name followed by a capitalised
#: word ("Rebecca Thornton") is flagged; a lone given name is not (it may be a pseudonym),
#: except after a relation word ("her husband Greg") or when it is on the roster.
GIVEN_NAMES = frozenset(
    _words(
        """
    aaron abby abdul abigail adam adele adrian agnes ahmed aidan aiden aisha alan alana
    albert alex alexander alexandra alexis alfred ali alice alicia alison allan amanda amara
    amber amelia amir amit amy ana anahera andre andrea andrew andy angela angus anita
    anjali ann anna anne annette anthony aperahama april archie ari arjun aroha arthur
    ashley aston audrey ava barbara barry beatrice belinda ben benjamin bernadette beth
    bethany betty beverley bill blake bob brad bradley brandon brenda brendan brett brian
    bridget brittany bronwyn brooke bruce bryan caitlin callum cameron carl carla carmen
    carol caroline carolyn cassandra catherine charles charlie charlotte chelsea cheryl
    chidi chloe chris christina christine christopher claire clare colin connor craig
    cynthia dale damien daniel danielle darren david dawn dean debbie deborah deepa denise
    dennis derek diana diane dominic donald donna doris dorothy douglas duc dylan edward
    eileen elaine eleanor elizabeth ella ellie emily emma enid eric erin ethan eva evelyn
    faith fatima fiona florence frances francesca frank fraser gail gareth gary gavin gemma
    geoffrey george georgia gerald glen glenda glenn gloria gordon grace graham grant greg
    gregory hamish hana hannah harold harriet harry hassan hayden heather helen hemi henry
    hine hoa hohepa holly hugh hui hung hussein ian ibrahim imogen isaac isabel isabella
    isla ivan jack jackie jackson jacob jacqueline jade james jamie jan jane janet janice
    jasmine jason jayden jean jeff jeffrey jenna jennifer jenny jeremy jesse jessica jill
    jim jimmy joan joanne joe joel john jonathan jordan joseph josh joshua joy joyce judith
    judy julia julian julie justin kai karen kate katherine kathleen kathryn katie kay keith
    kelly ken kenneth kerry kevin kieran kim kirsty kristen kwame kyle lachlan laura lauren
    lawrence layla leah leanne lee leo leon lesley leslie li liam lily linda lindsay ling
    linh lisa liz logan lorraine losa louise lucas lucy luke lynne madison maggie malcolm
    malia mandy manu margaret maria mariam marie marion mark martin mary mason matilda
    matthew maureen max megan mei melanie mele melissa mere mia michael michelle mihi mike
    ming minh mitchell moana mohammad mohammed monica muhammad nancy naomi natalie natasha
    nathan neha neil ngaire niamh nicholas nick nicola nicole nigel nikau noah norma oliver
    olivia omar oscar owen paige pamela patricia patrick paul paula pauline peter philip
    phillip phoebe pooja priya rachel rahul raj rajesh ravi rawiri raymond rebecca rhys
    richard rita robert robyn rodney roger ronald ropata rosa rose rosemary ross ruby
    russell ruth ryan sally samantha samuel sandra sanjay sara sarah scott sean shane
    shannon sharon shaun sheila shirley siaosi simon sina sinead siobhan sione sophia sophie
    stacey stella stephanie stephen steven stuart sue sunita susan suzanne sylvia tama
    tamara tane tania tanya tara teresa terry tevita thanh thomas tim timothy tina toby todd
    tom tony tracey trevor troy tui valerie vanessa victoria vincent walter warren wayne wei
    wendy wikitoria william willow wiremu xin ying yusuf yvonne zachary zainab zara zoe
        """
    )
)

#: Public helplines and emergency numbers (digits only): never a person's number.
HELPLINES = frozenset(
    _words(
        "131114 1300224636 1800737732 1800551800 131126 131450 1300659467 "  # AU
        "0800543354 1737 0800376633 0800111757 "  # NZ
        "116123 111 999 08457909090 "  # UK
        "988 18002738255 911 000 112"  # US and emergency
    )
)

# -- Checksums ----------------------------------------------------------------

_MEDICARE_WEIGHTS = (1, 3, 7, 9, 1, 3, 7, 9)
_NHI_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"  # no I or O
_NHI_OLD = re.compile(r"[A-HJ-NP-Z]{3}\d{4}")
_NHI_NEW = re.compile(r"[A-HJ-NP-Z]{3}\d{2}[A-HJ-NP-Z]{2}")


def medicare_valid(number: str) -> bool:
    """Whether `number` (10 or 11 digits, separators ignored) is a valid Medicare number.

    The first digit is 2 to 6 and the ninth digit is the sum of the first eight
    weighted 1, 3, 7, 9, 1, 3, 7, 9, modulo 10. The tenth digit is the card's
    issue number and the optional eleventh the individual reference number.
    """
    digits = [int(c) for c in number if c.isdecimal()]
    if len(digits) not in (10, 11) or not 2 <= digits[0] <= 6:
        return False
    return sum(d * w for d, w in zip(digits, _MEDICARE_WEIGHTS, strict=False)) % 10 == digits[8]


def nhs_valid(number: str) -> bool:
    """Whether `number` (10 digits, separators ignored) passes the NHS modulus-11 check.

    The first nine digits are weighted 10 down to 2; 11 minus the sum modulo 11
    is the check digit (11 becomes 0, and 10 means the number is never issued).
    A number of one repeated digit is rejected.
    """
    digits = [int(c) for c in number if c.isdecimal()]
    if len(digits) != 10 or len(set(digits)) == 1:
        return False
    check = 11 - sum(d * w for d, w in zip(digits, range(10, 1, -1), strict=False)) % 11
    if check == 11:
        check = 0
    return check != 10 and check == digits[9]


def _nhi_value(char: str) -> int:
    return int(char) if char.isdecimal() else _NHI_LETTERS.index(char) + 1


def nhi_valid(nhi: str) -> bool:
    """Whether `nhi` is a valid New Zealand NHI number (HISO 10046:2023), in either format.

    Letters count A=1 … Z=24 without I and O; the first six characters are
    weighted 7 down to 2. Old format AAANNNC: the sum modulo 11 must not be 0
    and the check digit is (11 - sum mod 11) mod 10. New format AAANNAX: the
    check letter has the value 23 - sum mod 23.
    """
    nhi = nhi.upper()
    if _NHI_OLD.fullmatch(nhi):
        total = sum(_nhi_value(c) * w for c, w in zip(nhi, range(7, 1, -1), strict=False)) % 11
        return total != 0 and (11 - total) % 10 == int(nhi[6])
    if _NHI_NEW.fullmatch(nhi):
        total = sum(_nhi_value(c) * w for c, w in zip(nhi, range(7, 1, -1), strict=False)) % 23
        return 23 - total == _nhi_value(nhi[6])
    return False


# -- Patterns ------------------------------------------------------------------
#
# Used by `balint_desktop.core.deidentify`, which runs most of them only in windows
# around digits, an "@" or a keyword.

DIGIT_RUN = re.compile(r"\d+")

#: Medicare: 4-5-1 digits, perhaps an IRN (checked by `medicare_valid`).
MEDICARE = re.compile(r"(?<![\w+])[2-6]\d{3}([ -]?)\d{5}\1\d(?:[ /-]?\d)?(?!\w)")
#: NHS: 3-3-4 digits (checked by `nhs_valid`).
NHS = re.compile(r"(?<![\w+])\d{3}([ -]?)\d{3}\1\d{4}(?!\w)")
#: NHI: AAANNNC or AAANNAX (checked by `nhi_valid`).
NHI = re.compile(r"(?<!\w)[A-Za-z]{3}\d{2}(?:\d{2}|[A-Za-z]{2})(?!\w)")
MEDICARE_WORD = re.compile(r"\bmedicare\b", re.IGNORECASE)
NHS_WORD = re.compile(r"\bNHS\b", re.IGNORECASE)

EMAIL = re.compile(
    r"(?<![\w.%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@"
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,}(?![\w-]|\.[A-Za-z0-9])"
)
URL = re.compile(r"(?<![\w@./])(?:https?://|www\.)[^\s<>\"'()\[\]{}]+", re.IGNORECASE)
_STREET_WORD = rf"(?:{NAME_WORD}|\d+(?:st|nd|rd|th))"
ADDRESS = re.compile(
    r"(?<![\w/])(?:(?:Unit|Flat|Apartment|Apt|Suite|Level|Shop|Villa)\.?[ \t]+\d+[A-Za-z]?,?"
    r"[ \t]+|\d+[A-Za-z]?[ \t]*/[ \t]*)?"
    r"\d{1,5}[A-Za-z]?(?:[-\u2013]\d{1,5}[A-Za-z]?)?,?[ \t]+"
    r"(?:(?:North|South|East|West|N|S|E|W)\.?[ \t]+)?"
    rf"{_STREET_WORD}(?:[ \t]+{_STREET_WORD}){{0,2}}[ \t]+"
    rf"(?:{'|'.join(STREET_TYPES)})(?![\w{APOSTROPHES}])"
)
PO_BOX = re.compile(
    r"(?i)(?<![\w.])(?:(?:P\.?[ \t]?O\.?|G\.?P\.?O\.?|Post[ \t]+Office)[ \t]*Box"
    r"|Private[ \t]+Bag|Locked[ \t]+Bag)[ \t]+\d{1,6}(?!\d)"
)

# Dates with a year; `deidentify` decides which are dates of birth.
_MONTH = "|".join(sorted(MONTHS + MONTH_ABBREVIATIONS, key=len, reverse=True))
MONTH_NUMBER = {
    name.casefold(): number
    for number, full in enumerate(MONTHS, start=1)
    for name in (full, full[:3], full[:4])
}
DATES = (
    # 12/03/1954, 12.3.1954, 4/5/54: day-month or month-day.
    re.compile(
        r"(?<![\d/.-])(?P<a>\d{1,2})([/.-])(?P<b>\d{1,2})\2(?P<y>\d{4}|\d{2})(?![\d/-]|\.\d)"
    ),
    # 1954-03-12
    re.compile(r"(?<![\d/.-])(?P<y>\d{4})-(?P<b>\d{2})-(?P<a>\d{2})(?![\d-])"),
    # 12 March 1954, 12th of March, 1954
    re.compile(
        rf"(?i)(?<!\w)(?P<a>\d{{1,2}})(?:st|nd|rd|th)?(?:[ \t]+of)?[ \t]+(?P<m>{_MONTH})\.?,?"
        r"[ \t]+(?P<y>\d{4})(?!\d)"
    ),
    # March 12, 1954
    re.compile(
        rf"(?i)(?<!\w)(?P<m>{_MONTH})\.?[ \t]+(?P<a>\d{{1,2}})(?:st|nd|rd|th)?,?[ \t]+"
        r"(?P<y>\d{4})(?!\d)"
    ),
)
MONTH_YEAR = re.compile(rf"(?i)(?<!\w)(?P<m>{_MONTH})\.?,?[ \t]+(?P<y>\d{{4}})(?!\d)")
BIRTH_WORD = re.compile(
    r"(?i:\bborn\b|\bdob\b|\bd\.o\.b\b|\bdate[ \t]+of[ \t]+birth\b|\bbirth[ \t]?date\b"
    r"|\bbirthdays?\b|\baged\b)|(?<![\w.])b\.(?=\s)"
)

#: A run of digits that may be a phone number: the matcher looks only there.
PHONE_CLUSTER = re.compile(r"[+(]?\d[\d().\- \t]*\d")
#: The space-separated groups of a run, for splitting numbers written side by side.
PHONE_GROUP = re.compile(r"\S+")
#: A phone "match" that is really a date.
DATE_LIKE = re.compile(r"\d{1,4}[./-]\d{1,2}[./-]\d{2,4}")

# Names.
_TITLE = "|".join(sorted(TITLES, key=len, reverse=True))
_ONE = rf"(?:{PARTICLE}[ \t]+)*{NAME_WORD}"  # one name word, perhaps after "van der"
_MORE = rf"(?:[ \t]+{_ONE})"
_END = rf"(?![{UPPER}{LOWER}])"
#: One name word or particle, for splitting a run of capitalised words.
TOKEN = re.compile(rf"{NAME_WORD}|{PARTICLE}")
#: A title and up to three name words: "Dr Sarah McAllister", "Mrs A Smith".
AFTER_TITLE = re.compile(
    rf"(?<![\w.])(?:{_TITLE})\.?[ \t]+"
    rf"(?P<name>(?:[{UPPER}][ \t]+(?={NAME_WORD}))?{_ONE}{_MORE}{{0,2}}){_END}"
)
#: Two or more capitalised words in a row.
NAME_RUN = re.compile(rf"(?<![\w{APOSTROPHES}.-]){NAME_WORD}{_MORE}+{_END}")
#: One capitalised word.
CAPITALISED = re.compile(rf"(?<![\w{APOSTROPHES}.-]){NAME_WORD}{_END}")
#: A relation word just before a name: "her husband ", "his partner, ".
RELATION_BEFORE = re.compile(
    rf"(?i:\b(?:{'|'.join(RELATION_WORDS)}))(?:,|[ \t]+(?:is|was))?[ \t]+$"
)
_DECLARED = rf"(?P<name>(?:(?:{_TITLE})\.?[ \t]+)?{NAME_WORD})"
#: How a text declares a pseudonym: a cue that must occur, how far the declaration may
#: start before it and end after it, and the pattern (its "name" group is the pseudonym).
DECLARATIONS: tuple[tuple[str, int, int, re.Pattern[str]], ...] = (
    (
        "call",  # "a client I'll call Sam", "we will call him Ari"
        16,
        60,
        re.compile(
            r"(?i:\b(?:I|we)(?:['\u2019]ll|[ \t]+will|[ \t]+shall|['\u2019]d|[ \t]+would)"
            rf"[ \t]+call(?:[ \t]+(?:him|her|them|it))?)[ \t]+{_DECLARED}"
        ),
    ),
    (
        "call",  # "let's call him Ben"
        8,
        60,
        re.compile(
            rf"(?i:\blet['\u2019]?s[ \t]+call(?:[ \t]+(?:him|her|them|it))?)[ \t]+{_DECLARED}"
        ),
    ),
    (
        "real name",  # "Ruth (not her real name)"
        60,
        12,
        re.compile(rf"{_DECLARED}[ \t]*\((?i:not[ \t]+(?:his|her|their|the)[ \t]+real[ \t]+name)"),
    ),
    (
        "pseudonym",  # "her pseudonym here is Grace"
        2,
        60,
        re.compile(rf"(?i:\bpseudonym(?:[ \t]+here)?(?:[ \t]+is|:)?)[ \t]+{_DECLARED}"),
    ),
    (
        " as ",  # "known here as Jo", "referred to as Mr T"
        20,
        50,
        re.compile(rf"(?i:\b(?:known|referred[ \t]+to)[ \t]+(?:here[ \t]+)?as)[ \t]+{_DECLARED}"),
    ),
)
#: Roster entries that are codes or pseudonyms: "P3", "RM", "Dr K.".
CODE = re.compile(
    rf"[A-Za-z]{{1,3}}\d+[A-Za-z]?|[A-Z]\.?|[A-Z]{{2,3}}|(?:{_TITLE})\.?[ \t]+[A-Z]\.?"
)
#: A title just before a name.
TITLE_BEFORE = re.compile(rf"(?:{_TITLE})\.?[ \t]+$")


# -- Helpers -------------------------------------------------------------------

#: The regions whose numbers are looked for.
REGIONS = ("AU", "NZ", "GB", "US")


def phone_regions(number: str) -> tuple[str, ...]:
    """The regions worth asking about a number, most likely first.

    "+61 …" needs no region; national numbers in Australia, New Zealand and the
    UK start with 0; US numbers (and Australian 13 / 1300 / 1800 numbers) do not.
    """
    if number.startswith("+"):
        return REGIONS[:1]
    if number.lstrip("(")[:1] == "0":
        return ("AU", "NZ", "GB")
    return ("US", "AU")


def valid_phone(raw: str) -> bool:
    """Whether all of `raw` is a valid number for a region (with the matcher's checks)."""
    return any(
        match.start == 0 and match.end == len(raw)
        for region in REGIONS
        for match in phonenumbers.PhoneNumberMatcher(
            raw, region, leniency=phonenumbers.Leniency.VALID
        )
    )


def possible_phone(raw: str) -> bool:
    """Whether `raw` has a possible length and shape for a region (not necessarily valid)."""
    for region in REGIONS:
        try:
            if phonenumbers.is_possible_number(phonenumbers.parse(raw, region)):
                return True
        except phonenumbers.NumberParseException:
            continue
    return False


@functools.lru_cache(maxsize=16)
def roster_patterns(
    roster: tuple[str, ...],
) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None, frozenset[str]]:
    """Patterns for whole roster names (any case) and their single words (capitalised).

    Also the first words of both, casefolded: where none occurs, nothing is scanned.
    """
    full: set[str] = set()
    parts: set[str] = set()
    for raw in roster:
        name = " ".join(raw.split())
        if not name or CODE.fullmatch(name):
            continue
        full.add(name)
        words = [word.strip(".,") for word in name.split()]
        if len(words) > 1:
            parts.update(
                word
                for word in words
                if len(word) >= 2
                and word not in TITLES
                and word not in PARTICLES
                and not CODE.fullmatch(word)
            )
    cues = frozenset(item.split()[0].casefold() for item in full | parts)
    return _alternation(full), _alternation(parts - full), cues


def _alternation(items: set[str]) -> re.Pattern[str] | None:
    if not items:
        return None
    body = "|".join(
        r"[ \t]+".join(re.escape(word) for word in item.split())
        for item in sorted(items, key=len, reverse=True)
    )
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)
