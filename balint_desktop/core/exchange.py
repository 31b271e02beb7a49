"""What a co-leader exchange carries, and the rules for merging it.

The payload is JSON inside the encrypted, signed file of
`crypto.exchange_format`. Everything read from it is checked here before it
can reach the database: a co-leader's app is trusted to be honest, not to be
bug-free, and a file can only have come this far with a valid signature.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Any, Literal

from balint_desktop.core.models import GROUP_KINDS, MODES

# Never shared, whatever a template or a co-leader's file says (one
# definition for every way out of the vault; re-exported for exchange_api).
from balint_desktop.core.templates import PRIVATE_KEYS as PRIVATE_KEYS

PAYLOAD_FORMAT = "balint-exchange-payload"
PAYLOAD_VERSION = 1
MAX_SESSIONS = 5000
#: Dates outside these are a mistake (or an attack), never a real session.
EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2199, 12, 31)
MAX_SECTIONS = 20
MAX_TITLE = 200
MAX_BODY = 1_000_000
_KEY = re.compile(r"[a-z][a-z0-9_]{0,39}")
_REF = re.compile(r"[0-9a-f]{32}")
_TIME = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]")

Outcome = Literal["new session", "added", "updated", "unchanged"]


class PayloadError(ValueError):
    """The decrypted payload is not what this version of the app writes."""


@dataclass(frozen=True, slots=True)
class SharedSection:
    """One shared section: its key, the sender's title for it, and the text."""

    key: str
    title: str
    body: str


@dataclass(frozen=True, slots=True)
class SharedSession:
    """One session as a co-leader sends it.

    Attributes:
        ref: the sender's opaque reference for the session (stable across files).
        held_on: the date in the group's home time zone.
        start_time: local start, HH:MM.
        duration_minutes: how long it ran.
        mode: online, in person or hybrid.
        written_at: when the sender last changed the reflection (UTC, ISO 8601).
        sections: the shared sections, in the sender's order.
    """

    ref: str
    held_on: dt.date
    start_time: str
    duration_minutes: int
    mode: str
    written_at: str
    sections: tuple[SharedSection, ...]


@dataclass(frozen=True, slots=True)
class Payload:
    """The decrypted content of one exchange file."""

    sender: str
    recipient: str
    exchange: str
    group_ref: str
    group_name: str
    group_kind: str
    group_time_zone: str
    sessions: tuple[SharedSession, ...]

    def to_bytes(self) -> bytes:
        """Return the payload as compact UTF-8 JSON."""
        document = {
            "format": PAYLOAD_FORMAT,
            "version": PAYLOAD_VERSION,
            "sender": self.sender,
            "recipient": self.recipient,
            "exchange": self.exchange,
            "group": {
                "ref": self.group_ref,
                "name": self.group_name,
                "kind": self.group_kind,
                "time_zone": self.group_time_zone,
            },
            "sessions": [
                {
                    "ref": s.ref,
                    "held_on": s.held_on.isoformat(),
                    "start_time": s.start_time,
                    "duration_minutes": s.duration_minutes,
                    "mode": s.mode,
                    "written_at": s.written_at,
                    "sections": [[x.key, x.title, x.body] for x in s.sections],
                }
                for s in self.sessions
            ],
        }
        return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    @classmethod
    def from_bytes(cls, raw: bytes) -> Payload:
        """Read and check a decrypted payload.

        Raises:
            PayloadError: anything unexpected, never with the content inside.
        """
        try:
            document = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            raise PayloadError() from None
        doc = _dict(
            document, {"format", "version", "sender", "recipient", "exchange", "group", "sessions"}
        )
        if doc["format"] != PAYLOAD_FORMAT or doc["version"] != PAYLOAD_VERSION:
            raise PayloadError()
        group = _dict(doc["group"], {"ref", "name", "kind", "time_zone"})
        sessions = doc["sessions"]
        if not isinstance(sessions, list) or not 0 < len(sessions) <= MAX_SESSIONS:
            raise PayloadError()
        kind = _text(group["kind"], 40)
        shared = tuple(_session(item) for item in sessions)
        if len({session.ref for session in shared}) != len(shared):
            raise PayloadError()  # one session twice: which text would win?
        # A session with nothing shared left (only a private section, say) adds nothing.
        shared = tuple(session for session in shared if session.sections)
        if not shared:
            raise PayloadError()
        return cls(
            sender=_text(doc["sender"], 200),
            recipient=_text(doc["recipient"], 200),
            exchange=_ref(doc["exchange"]),
            group_ref=_ref(group["ref"]),
            group_name=_name(group["name"]),
            group_kind=kind if kind in GROUP_KINDS else "other",
            group_time_zone=_text(group["time_zone"], 80),
            sessions=shared,
        )


def _session(item: Any) -> SharedSession:
    raw = _dict(
        item,
        {"ref", "held_on", "start_time", "duration_minutes", "mode", "written_at", "sections"},
    )
    try:
        held_on = dt.date.fromisoformat(_text(raw["held_on"], 10))
        written = dt.datetime.fromisoformat(_text(raw["written_at"], 40))
        if written.tzinfo is None:
            raise PayloadError()
        written = written.astimezone(dt.UTC)
    except (ValueError, ArithmeticError):  # OverflowError near year 1 or 9999
        raise PayloadError() from None
    if not (EARLIEST <= held_on <= LATEST and EARLIEST <= written.date() <= LATEST):
        raise PayloadError()
    start = _text(raw["start_time"], 5)
    duration = raw["duration_minutes"]
    mode = raw["mode"]
    if not _TIME.fullmatch(start) or mode not in MODES:
        raise PayloadError()
    if type(duration) is not int or not 0 < duration <= 24 * 60:
        raise PayloadError()
    sections = raw["sections"]
    if not isinstance(sections, list) or len(sections) > MAX_SECTIONS:
        raise PayloadError()
    shared: list[SharedSection] = []
    for entry in sections:
        if not isinstance(entry, list) or len(entry) != 3:
            raise PayloadError()
        key, title, body = entry
        if not isinstance(key, str) or not _KEY.fullmatch(key):
            raise PayloadError()
        if key in PRIVATE_KEYS or any(s.key == key for s in shared):
            continue  # never keep a private section, even if a sender's app sent one
        shared.append(SharedSection(key, _name(title), _body(body)))
    return SharedSession(
        ref=_ref(raw["ref"]),
        held_on=held_on,
        start_time=start,
        duration_minutes=duration,
        mode=mode,
        written_at=written.isoformat(),
        sections=tuple(shared),
    )


def _dict(value: Any, keys: set[str]) -> dict[str, Any]:
    if not isinstance(value, dict) or set(value) != keys:
        raise PayloadError()
    return value


def _text(value: Any, limit: int) -> str:
    if not isinstance(value, str) or len(value) > limit:
        raise PayloadError()
    return value


def _name(value: Any) -> str:
    text = " ".join(_text(value, MAX_TITLE).split())
    if not text or _has_controls(text):
        raise PayloadError()
    return text


def _body(value: Any) -> str:
    text = _text(value, MAX_BODY)
    if _has_controls(text.replace("\n", "").replace("\t", "").replace("\r", "")):
        raise PayloadError()
    return text


def _has_controls(text: str) -> bool:
    return any(ord(c) < 32 or 0xD800 <= ord(c) <= 0xDFFF for c in text)


def _ref(value: Any) -> str:
    if not isinstance(value, str) or not _REF.fullmatch(value):
        raise PayloadError()
    return value


@dataclass(frozen=True, slots=True)
class CoLeader:
    """A co-leader whose identity the leader imported and confirmed."""

    id: int
    name: str
    fingerprint: str
    added_at: dt.datetime


@dataclass(frozen=True, slots=True)
class SharedReflection:
    """A co-leader's shared sections of a session, read-only."""

    co_leader_id: int
    co_leader_name: str
    written_at: dt.datetime
    received_at: dt.datetime
    sections: tuple[SharedSection, ...]


@dataclass(frozen=True, slots=True)
class MergeItem:
    """What an import does (or did) with one session of the file."""

    held_on: dt.date
    session_id: int | None
    outcome: Outcome
    sections: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ExchangeReport:
    """What an exchange file holds and what importing it does or did.

    Attributes:
        co_leader: who sent it.
        group_name: the sender's name for the group.
        group_id: the leader's group it goes into (None: a new group).
        new_group: a group of that name will be (or was) created.
        items: one per session of the file, oldest first.
        already_imported: this very file was imported before; nothing changes.
        applied: False for a preview.
        exchange_id: the file's id; pass it to `import_exchange(expected=...)`
            so that the file merged is the one previewed.
    """

    co_leader: CoLeader
    group_name: str
    group_id: int | None
    new_group: bool
    items: tuple[MergeItem, ...]
    already_imported: bool
    applied: bool
    exchange_id: str = ""

    @property
    def merged(self) -> int:
        """Return how many sessions gain or change a co-leader's reflection."""
        return sum(1 for item in self.items if item.outcome != "unchanged")
