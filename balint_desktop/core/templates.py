"""Reflection templates: the prompts a leader writes to after each session."""

from __future__ import annotations

from dataclasses import dataclass

from balint_desktop.core.errors import InvalidInput


@dataclass(frozen=True, slots=True)
class SectionSpec:
    """One prompt of a template.

    Attributes:
        key: stable identifier, e.g. "case".
        title: heading shown above the editor.
        prompt: the question, shown as placeholder text.
        private: never exported or shared (the leader's own responses).
    """

    key: str
    title: str
    prompt: str
    private: bool = False


#: Always private, whatever a template says (DOMAIN.md: "never exported or
#: shared"): left out of every archive, export, print and co-leader file.
PRIVATE_KEYS = frozenset({"my_responses"})


def is_private(spec: SectionSpec) -> bool:
    """Return whether a section must never leave the vault (its flag, or its key)."""
    return spec.private or spec.key in PRIVATE_KEYS


@dataclass(frozen=True, slots=True)
class Template:
    """An ordered set of prompts."""

    name: str
    sections: tuple[SectionSpec, ...]

    @property
    def keys(self) -> tuple[str, ...]:
        """Return the section keys in order."""
        return tuple(section.key for section in self.sections)

    @property
    def private_keys(self) -> frozenset[str]:
        """Return the keys never to leave the vault: the always-private ones and any flagged."""
        return PRIVATE_KEYS | {s.key for s in self.sections if s.private}


DEFAULT_TEMPLATE = Template(
    name="Balint reflection",
    sections=(
        SectionSpec(
            "atmosphere",
            "Arrival and atmosphere",
            "Who came, the mood, anything carried over from last time",
        ),
        SectionSpec(
            "case",
            "The case",
            'Presenter (code), "the other" (pseudonym), the case in a few de-identified lines',
        ),
        SectionSpec(
            "relationship",
            "The relationship",
            "What the group imagined for the presenter and for the other; "
            "feelings, images, what was left out",
        ),
        SectionSpec(
            "group_process",
            "Group process",
            "Dynamics, silences, parallel process, who was drawn in or left out",
        ),
        SectionSpec(
            "leadership",
            "My leadership",
            "Interventions and their effect, protecting the presenter, holding the frame",
        ),
        SectionSpec("presenter_return", "The presenter's return", "What shifted for the presenter"),
        SectionSpec(
            "my_responses",
            "My own responses (private)",
            "What stayed with me; never exported or shared",
            private=True,
        ),
        SectionSpec(
            "co_leader_debrief",
            "Co-leader debrief",
            "What we agreed, where we differed, plans for next time",
        ),
        SectionSpec(
            "follow_up",
            "Follow-up and supervision",
            'Cases to revisit ("what happened since"), questions for supervision',
        ),
    ),
)

#: Section keys of the default template, in order (DESIGN.md §4).
SECTION_KEYS = DEFAULT_TEMPLATE.keys

#: How each kind of group words the case (DOMAIN.md: "wording differs for
#: coaches and health leaders"). Keys stay the same, so search and exports
#: treat every group alike.
_KIND_WORDING: dict[str, tuple[str, dict[str, str]]] = {
    "clinician": (
        "Balint reflection — clinicians",
        {
            "case": "Presenter (code), the patient (pseudonym), the case in a few "
            "de-identified lines",
            "relationship": "What the group imagined for the presenter and for the patient; "
            "feelings, images, what was left out",
        },
    ),
    "coaches_consultants": (
        "Balint reflection — coaches and consultants",
        {
            "case": "Presenter (code), the client (pseudonym), the situation in a few "
            "de-identified lines",
            "relationship": "What the group imagined for the presenter and for the client; "
            "feelings, images, what was left out",
            "presenter_return": "What shifted for the presenter and their work with the client",
        },
    ),
    "health_leaders": (
        "Balint reflection — health leaders",
        {
            "case": "Presenter (code), the colleague, team or organisation (pseudonym), "
            "the situation in a few de-identified lines",
            "relationship": "What the group imagined for the presenter and for the colleague "
            "or team; feelings, images, what was left out",
            "presenter_return": "What shifted for the presenter in their role",
        },
    ),
}

MAX_TITLE = 80
MAX_PROMPT = 300


def template_for_kind(kind: str) -> Template:
    """Return the default template of a kind of group (the generic one for "other")."""
    if kind not in _KIND_WORDING:
        return DEFAULT_TEMPLATE
    name, prompts = _KIND_WORDING[kind]
    sections = tuple(
        SectionSpec(s.key, s.title, prompts.get(s.key, s.prompt), s.private)
        for s in DEFAULT_TEMPLATE.sections
    )
    return Template(name=name, sections=sections)


def checked(template: Template) -> Template:
    """Return `template` tidied, or raise `InvalidInput` if a leader's edit cannot be kept.

    Sections use the known keys only (each at most once), keep the privacy of
    the key (your own responses stay private), and need a title.
    """
    known = {s.key: s for s in DEFAULT_TEMPLATE.sections}
    if not template.sections:
        raise InvalidInput("A template needs at least one section.")
    seen: set[str] = set()
    sections = []
    for spec in template.sections:
        if spec.key not in known or spec.key in seen:
            raise InvalidInput("A template section must be one of the known sections, once.")
        seen.add(spec.key)
        title = " ".join(spec.title.split())
        prompt = " ".join(spec.prompt.split())
        if not title:
            raise InvalidInput("Every section needs a title.")
        if len(title) > MAX_TITLE or len(prompt) > MAX_PROMPT:
            raise InvalidInput(
                f"A title must be at most {MAX_TITLE} characters and a prompt {MAX_PROMPT}."
            )
        private = known[spec.key].private
        if not private and "private" in title.casefold():
            raise InvalidInput(
                "Only your own responses are kept private; "
                "take the word private out of this section's title."
            )
        sections.append(SectionSpec(spec.key, title, prompt, private))
    name = " ".join(template.name.split()) or DEFAULT_TEMPLATE.name
    return Template(name=name[:MAX_TITLE], sections=tuple(sections))
