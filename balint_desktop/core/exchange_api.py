"""The co-leader identity and exchange calls of the automation API (mixed into `Vault`).

Sending: the chosen sessions' shared sections (never a private one) go into
one file, encrypted to the co-leader and signed by this vault's identity.
Receiving: the file is checked (format, signature, recipient, sender is a
confirmed co-leader) before anything is read from it, then the co-leader's
reflections are placed beside the leader's own, never over them.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import zoneinfo
from dataclasses import replace
from pathlib import Path

from balint_desktop.core.clock import from_db, to_db
from balint_desktop.core.errors import InvalidInput, StorageFull
from balint_desktop.core.exchange import (
    PRIVATE_KEYS,
    CoLeader,
    ExchangeReport,
    MergeItem,
    Outcome,
    Payload,
    PayloadError,
    SharedReflection,
    SharedSection,
    SharedSession,
)
from balint_desktop.core.exchange_merge import (
    changed_titles,
    check_clock,
    closest_session,
    known_zone,
)
from balint_desktop.core.guard import translate_database_errors
from balint_desktop.core.models import Session
from balint_desktop.core.validate import name as valid_name
from balint_desktop.crypto import exchange_format
from balint_desktop.crypto.exchange_format import (
    DamagedExchangeFile,
    ExchangeRefused,
    NotForYou,
    UnknownSender,
)
from balint_desktop.crypto.identity import Identity, PublicIdentity
from balint_desktop.storage.exchange_store import ExchangeStore
from balint_desktop.storage.files import FILE_MODE, atomic_write
from balint_desktop.storage.repository import Repository

#: The largest exchange file read at all.
MAX_FILE_BYTES = exchange_format.MAX_CIPHERTEXT + 16 * 1024


def fingerprint_of(public_bytes: bytes | str) -> str:
    """Return the eight words of a public identity file (or its text form), adding nothing.

    The app shows them before `add_co_leader`, so the leader can compare them
    with the co-leader first.

    Raises:
        NotAnIdentity: the bytes are not a public identity.
    """
    return PublicIdentity.from_bytes(public_bytes).fingerprint


@translate_database_errors
class ExchangeApi:
    """Identity, co-leaders, and the signed encrypted exchange of sessions."""

    @property
    def repository(self) -> Repository:
        """Return the tables (provided by the vault)."""
        raise NotImplementedError

    @property
    def exchange_store(self) -> ExchangeStore:
        """Return the exchange tables of the open vault."""
        return ExchangeStore(self.repository)

    # -- identity and co-leaders ---------------------------------------------

    def identity(self) -> Identity:
        """Return this vault's identity (`.public_bytes()`, `.fingerprint`)."""
        return self.exchange_store.identity()

    def add_co_leader(self, public_bytes: bytes | str, name: str) -> CoLeader:
        """Add a co-leader from their public identity file (or its text form).

        Call this only after the leader has compared the fingerprint words
        with the co-leader (the app asks for that confirmation).

        Raises:
            NotAnIdentity: the bytes are not a public identity.
            InvalidInput: it is this vault's own identity, or already added.
        """
        public = PublicIdentity.from_bytes(public_bytes)
        name = valid_name(name, "co-leader's name")
        store = self.exchange_store
        if public == store.identity().public:
            raise InvalidInput("This is your own identity. Ask your co-leader for theirs.")
        known = store.co_leader_by_key(public.sign)
        if known is not None:
            existing = self._co_leader(known[0])
            raise InvalidInput(
                f"This identity is already one of your co-leaders ({existing.name})."
            )
        return self._co_leader(store.add_co_leader(public, name))

    def co_leaders(self) -> list[CoLeader]:
        """Return the co-leaders, by name."""
        return self.exchange_store.co_leaders()

    def rename_co_leader(self, co_leader_id: int, name: str) -> CoLeader:
        """Change the name a co-leader is shown by."""
        store = self.exchange_store
        self._co_leader(co_leader_id)
        store.rename_co_leader(co_leader_id, valid_name(name, "co-leader's name"))
        return self._co_leader(co_leader_id)

    def remove_co_leader(self, co_leader_id: int) -> None:
        """Forget a co-leader and every reflection they shared."""
        self._co_leader(co_leader_id)
        self.exchange_store.remove_co_leader(co_leader_id)

    def _co_leader(self, co_leader_id: int) -> CoLeader:
        co_leader = self.exchange_store.co_leader(co_leader_id)
        if co_leader is None:
            raise InvalidInput("That co-leader is no longer in this vault.")
        return co_leader

    # -- sending -------------------------------------------------------------

    def shared_sections(self, session_id: int) -> tuple[SharedSection, ...]:
        """Return what sending this session would share: never a private section."""
        repo = self.repository
        template = repo.session_template(session_id)
        texts = repo.reflection(session_id).sections
        return tuple(
            SharedSection(spec.key, spec.title, texts[spec.key])
            for spec in template.sections
            if not spec.private and spec.key not in PRIVATE_KEYS and texts.get(spec.key, "").strip()
        )

    def export_exchange(
        self, co_leader_id: int, session_ids: list[int], path: str | os.PathLike[str]
    ) -> Path:
        """Write the sessions' shared sections into a file only the co-leader can open.

        Sessions with nothing shared yet are left out.

        Raises:
            InvalidInput: no such co-leader, no sessions, sessions of more than
                one group, or nothing to share; or the file cannot be written.
            StorageFull: the disk is full.
        """
        repo = self.repository
        recipient = self.exchange_store.public_identity(co_leader_id)
        if recipient is None:
            raise InvalidInput("That co-leader is no longer in this vault.")
        sessions = [repo.session(session_id) for session_id in dict.fromkeys(session_ids)]
        if not sessions:
            raise InvalidInput("Choose at least one session to send.")
        if len({s.group_id for s in sessions}) != 1:
            raise InvalidInput("Choose sessions of one group at a time.")
        group = repo.group(sessions[0].group_id)
        me = self.identity()
        shared = [
            _shared_session(
                me,
                session,
                self.shared_sections(session.id),
                group.time_zone,
                repo.reflection(session.id).updated_at,
            )
            for session in sorted(sessions, key=lambda s: s.starts_at)
        ]
        shared = [item for item in shared if item.sections]
        if not shared:
            raise InvalidInput(
                "None of the chosen sessions has shared reflections yet "
                "(your private responses are never sent)."
            )
        exchange_id = os.urandom(exchange_format.EXCHANGE_ID_BYTES)
        payload = Payload(
            sender=me.fingerprint,
            recipient=recipient.fingerprint,
            exchange=exchange_id.hex(),
            group_ref=me.reference(f"group:{group.id}"),
            group_name=group.name,
            group_kind=group.kind,
            group_time_zone=group.time_zone,
            sessions=tuple(shared),
        )
        created = to_db(repo.clock())
        data = exchange_format.seal(me, recipient, payload.to_bytes(), created, exchange_id)
        target = Path(path)
        _write(target, data)
        return target

    # -- receiving -----------------------------------------------------------

    def preview_exchange(
        self, path: str | os.PathLike[str], group_id: int | None = None
    ) -> ExchangeReport:
        """Check a co-leader's file and say what importing it would do; change nothing.

        Raises:
            ExchangeRefused: (a subclass saying why) the file is foreign,
                damaged, changed, made for someone else or from someone who
                is not a co-leader.
        """
        return self._receive(path, group_id, apply=False)

    def import_exchange(
        self,
        path: str | os.PathLike[str],
        group_id: int | None = None,
        expected: str | None = None,
    ) -> ExchangeReport:
        """Add a co-leader's reflections beside the leader's own.

        The co-leader's group goes into `group_id` if given, else into the
        group it went into before, else the group of the same name, else a
        new group. Each session is matched by date (a session is created if
        the leader has none that day). Importing the same file twice, or an
        older file after a newer one, changes nothing.

        Args:
            path: the file.
            group_id: the leader's group to merge into (None: as above).
            expected: the `exchange_id` of the preview the leader agreed to;
                a different file at that path by now is refused.

        Raises:
            ExchangeRefused: as for `preview_exchange`, or the file changed
                since the preview; nothing is changed.
        """
        return self._receive(path, group_id, apply=True, expected=expected)

    def shared_reflections(self, session_id: int) -> list[SharedReflection]:
        """Return the co-leaders' reflections of a session (read-only)."""
        return self.exchange_store.shared_reflections(session_id)

    def _receive(
        self,
        path: str | os.PathLike[str],
        group_id: int | None,
        *,
        apply: bool,
        expected: str | None = None,
    ) -> ExchangeReport:
        envelope = exchange_format.parse(_read(Path(path)))
        store = self.exchange_store
        me = store.identity()
        if envelope.recipient_box != me.public.box:
            raise NotForYou()
        known = store.co_leader_by_key(envelope.sender.sign)
        if known is None or known[1] != envelope.sender.box:
            raise UnknownSender()
        co_leader = self._co_leader(known[0])
        try:
            payload = Payload.from_bytes(envelope.open(me))
        except PayloadError:
            raise DamagedExchangeFile() from None
        if (
            payload.exchange != envelope.exchange_id.hex()
            or payload.sender != envelope.sender.fingerprint
            or payload.recipient != me.fingerprint
        ):
            raise DamagedExchangeFile()
        if expected is not None and payload.exchange != expected:
            raise ExchangeRefused(
                "The file changed after you opened it, so nothing was added. Open it again."
            )
        check_clock(envelope.created, payload)
        if group_id is not None:
            self.repository.group(group_id)  # raises if it is gone
        target = group_id or store.mapped_group(co_leader.id, payload.group_ref)
        target = target or self._group_named(payload.group_name)
        report = ExchangeReport(
            co_leader=co_leader,
            group_name=payload.group_name,
            group_id=target,
            new_group=False,
            items=(),
            already_imported=False,
            applied=apply,
            exchange_id=payload.exchange,
        )
        if store.received(co_leader.id, payload.exchange):
            return replace(report, already_imported=True)
        zone = None if target is None else self.repository.group(target).time_zone
        plan = [self._plan(co_leader.id, target, zone, session) for session in payload.sessions]
        if not apply:
            preview = tuple(
                MergeItem(s.held_on, sid, outcome, titles) for s, sid, outcome, titles in plan
            )
            return replace(report, new_group=target is None, items=preview)
        items: list[MergeItem] = []
        with self.repository.write():
            new_group = target is None
            if target is None:
                target = self.repository.add_group(
                    payload.group_name,
                    {"kind": payload.group_kind, "time_zone": known_zone(payload.group_time_zone)},
                ).id
            store.map_group(co_leader.id, payload.group_ref, target)
            for session, session_id, outcome, titles in plan:
                if outcome == "new session" or session_id is None:
                    session_id = self._place(target, session)
                if outcome != "unchanged":
                    store.put_shared(
                        session_id, co_leader.id, session.ref, session.written_at, session.sections
                    )
                items.append(MergeItem(session.held_on, session_id, outcome, titles))
            store.record_receipt(co_leader.id, payload.exchange)
        return replace(report, group_id=target, new_group=new_group, items=tuple(items))

    def _plan(
        self,
        co_leader_id: int,
        group_id: int | None,
        zone: str | None,
        session: SharedSession,
    ) -> tuple[SharedSession, int | None, Outcome, tuple[str, ...]]:
        """Say what merging `session` does, and which of its sections that concerns."""
        store = self.exchange_store
        stored = store.stored(co_leader_id, session.ref)
        titles = tuple(section.title for section in session.sections)
        if stored is not None:
            session_id, written_at, sections = stored
            changed = changed_titles(sections, session.sections)
            if changed and from_db(session.written_at) > from_db(written_at):
                return session, session_id, "updated", changed
            return session, session_id, "unchanged", ()
        if group_id is not None and zone is not None:
            same_day = store.sessions_on(group_id, session.held_on.isoformat())
            if same_day:
                return session, closest_session(same_day, session, zone), "added", titles
        return session, None, "new session", titles

    def _place(self, group_id: int, session: SharedSession) -> int:
        """Return the leader's session that day, creating it if there is none."""
        same_day = self.exchange_store.sessions_on(group_id, session.held_on.isoformat())
        if same_day:
            return closest_session(same_day, session, self.repository.group(group_id).time_zone)
        created: Session = self.repository.add_session(
            group_id,
            session.held_on,
            {
                "start_time": dt.time.fromisoformat(session.start_time),
                "duration_minutes": session.duration_minutes,
                "mode": session.mode,
            },
        )
        return created.id

    def _group_named(self, name: str) -> int | None:
        wanted = name.casefold()
        for group in self.repository.groups():
            if group.name.casefold() == wanted:
                return group.id
        return None


def _shared_session(
    me: Identity,
    session: Session,
    sections: tuple[SharedSection, ...],
    time_zone: str,
    written: dt.datetime | None,
) -> SharedSession:
    local = session.starts_at.astimezone(zoneinfo.ZoneInfo(time_zone))
    return SharedSession(
        ref=me.reference(f"session:{session.id}"),
        held_on=session.held_on,
        start_time=local.strftime("%H:%M"),
        duration_minutes=session.duration_minutes,
        mode=session.mode,
        written_at=(written or session.starts_at).astimezone(dt.UTC).isoformat(),
        sections=sections,
    )


def _read(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise ExchangeRefused(
            f"The file could not be read ({error.strerror or 'unknown error'})."
        ) from None
    if len(data) > MAX_FILE_BYTES:
        raise DamagedExchangeFile()
    return data


def _write(path: Path, data: bytes) -> None:
    try:
        atomic_write(path, data)
        os.chmod(path, FILE_MODE)
    except OSError as error:
        if error.errno in (errno.ENOSPC, errno.EDQUOT):
            raise StorageFull() from None
        raise InvalidInput(
            f"The file could not be saved there ({error.strerror or 'unknown error'}). "
            "Choose another folder."
        ) from None
