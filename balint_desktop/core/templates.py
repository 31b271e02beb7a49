"""Reflection templates: the prompts a leader writes to after each session."""

from __future__ import annotations

from dataclasses import dataclass


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


@dataclass(frozen=True, slots=True)
class Template:
    """An ordered set of prompts."""

    name: str
    sections: tuple[SectionSpec, ...]

    @property
    def keys(self) -> tuple[str, ...]:
        """Return the section keys in order."""
        return tuple(section.key for section in self.sections)


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
