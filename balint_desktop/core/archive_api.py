"""The passphrase-protected archive calls of the automation API (mixed into `Vault`).

An archive is the leader's own copy of the whole vault or of one group —
every section of every reflection except the private ones, which never
leave the vault (T13; they stay in the vault and its backups) — sealed with a
passphrase of its own (format: `balint_desktop.crypto.archive`,
docs/archive-format.md). Making one has two steps so the slow one can run
off the GUI thread: `archive_snapshot` reads the notes on the vault's thread;
`ArchiveSnapshot.write` derives the key, encrypts and writes, touching no
database.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from pathlib import Path
from typing import Any

from balint_desktop.core.clock import to_db
from balint_desktop.core.errors import ArchiveRefused, StorageFull
from balint_desktop.core.guard import translate_database_errors
from balint_desktop.core.models import Group
from balint_desktop.core.templates import Template
from balint_desktop.crypto.archive import (
    MAX_ARCHIVE_BYTES,
    PAYLOAD_CONTENT,
    PAYLOAD_SCHEMA,
    seal,
    unseal,
)
from balint_desktop.crypto.kdf import KdfParams, calibrate
from balint_desktop.storage.files import atomic_write
from balint_desktop.storage.leadership_log import LeadershipLog
from balint_desktop.storage.practice import PracticeRepository
from balint_desktop.storage.repository import Repository

#: The suffix the app suggests; any name works.
ARCHIVE_SUFFIX = ".balintarchive"


@dataclasses.dataclass(frozen=True, slots=True)
class ArchiveSnapshot:
    """The notes of one scope, read from the vault and ready to be sealed.

    Holds plaintext: keep it no longer than the write. `write` touches no
    database, so it may run on any thread.

    Attributes:
        payload: the notes as JSON-ready data (docs/archive-format.md).
        scope: "vault" or "group".
        kdf: the vault's Argon2id settings, used when `write` is given none
            unless they are test settings (see `write`).
        created: when the notes were read (UTC).
    """

    payload: dict[str, Any] = dataclasses.field(repr=False)
    scope: str
    kdf: KdfParams
    created: dt.datetime

    def write(
        self, path: str | os.PathLike[str], passphrase: str, kdf: KdfParams | None = None
    ) -> Path:
        """Seal the notes under `passphrase` and write them to `path` (0600, atomically).

        Args:
            path: the file to write.
            passphrase: the archive's own passphrase.
            kdf: Argon2id settings. None uses the vault's own, or, when those
                are test settings (a vault made with `KdfParams.for_tests()`)
                or below the floor, calibrates real ones (about a second):
                only an explicit `kdf` may give an archive test settings (T2).

        Returns:
            The archive's path.

        Raises:
            InvalidInput: empty passphrase, unacceptable settings, or notes
                too large for one archive.
            StorageFull: the file could not be written there; nothing was.
        """
        if kdf is None:
            real = self.kdf.meets_floor() and not self.kdf.for_testing
            kdf = self.kdf if real else calibrate()
        data = seal(self.payload, passphrase, kdf, created=self.created, scope=self.scope)
        target = Path(path)
        try:
            atomic_write(target, data)
        except OSError as error:
            reason = (error.strerror or "the system refused").lower()
            raise StorageFull(
                f"The archive could not be saved there ({reason}). Nothing was "
                "written; choose another folder."
            ) from None
        return target


@translate_database_errors
class ArchiveApi:
    """Passphrase-protected archives of the whole vault or one group."""

    @property
    def repository(self) -> Repository:
        """Return the tables (provided by the vault)."""
        raise NotImplementedError

    @property
    def kdf(self) -> KdfParams:
        """Return the vault's key-derivation settings (provided by the vault)."""
        raise NotImplementedError

    def archive_snapshot(self, group_id: int | None = None) -> ArchiveSnapshot:
        """Read everything of the scope for an archive, on the vault's thread.

        Args:
            group_id: one group only; None for the whole vault.

        Returns:
            A snapshot whose `write` seals it; by default with the vault's
            own Argon2id settings (calibrated to about a second on the
            computer the vault was made on), never with test settings.
        """
        repo = self.repository
        groups = repo.groups() if group_id is None else [repo.group(group_id)]
        created = repo.clock()
        templates: dict[Template, str] = {}
        payload = {
            "content": PAYLOAD_CONTENT,
            "schema": PAYLOAD_SCHEMA,
            "scope": "vault" if group_id is None else "group",
            "exported_at": to_db(created),
            "groups": [_group(repo, group, templates) for group in groups],
            "templates": [
                {
                    "ref": ref,
                    "name": template.name,
                    "sections": [_plain(s) for s in template.sections],
                }
                for template, ref in templates.items()
            ],
            "leadership_log": [
                _plain(entry)
                for entry in LeadershipLog(repo).entries()
                if group_id is None or entry.group_id == group_id
            ],
        }
        return ArchiveSnapshot(payload, str(payload["scope"]), self.kdf, created)

    def export_archive(
        self,
        path: str | os.PathLike[str],
        passphrase: str,
        group_id: int | None = None,
        kdf: KdfParams | None = None,
    ) -> Path:
        """Write a passphrase-protected archive of the whole vault or one group.

        It holds every section of every reflection except the private ones
        (the template's `private` flag and `my_responses`, always): those
        never leave the vault and its backups. Only `passphrase` opens it;
        open it with `balint_desktop.read_archive` or docs/decrypt_archive.py.

        Args:
            path: the file to write (replaced atomically, mode 0600).
            passphrase: the archive's own passphrase; it cannot be recovered.
            group_id: one group only; None for the whole vault.
            kdf: Argon2id settings; None uses the vault's own, or calibrates
                real ones if the vault has test settings (`ArchiveSnapshot.write`).

        Returns:
            The archive's path.

        Raises:
            InvalidInput: unknown group, empty passphrase, unacceptable
                settings, or notes too large for one archive.
            StorageFull: the file could not be written; nothing was.
        """
        return self.archive_snapshot(group_id).write(path, passphrase, kdf)


def read_archive(path: str | os.PathLike[str], passphrase: str) -> dict[str, Any]:
    """Return the notes in an archive (see docs/archive-format.md for their shape).

    Raises:
        ArchiveWrongPassphrase: the passphrase does not open it.
        ArchiveRefused: unreadable, damaged, altered, or not an archive.
    """
    try:
        with Path(path).open("rb") as handle:
            # One byte past the limit: enough to refuse a huge file unread.
            data = handle.read(MAX_ARCHIVE_BYTES + 1)
    except OSError as error:
        reason = (error.strerror or "the system refused").lower()
        raise ArchiveRefused(f"The archive could not be read ({reason}).") from None
    return unseal(data, passphrase)


def _group(repo: Repository, group: Group, templates: dict[Template, str]) -> dict[str, Any]:
    """Return one group with its members and sessions, oldest session first."""
    practice = PracticeRepository(repo)
    sessions = []
    for session in reversed(repo.sessions(group.id)):
        template = repo.session_template(session.id)
        ref = templates.setdefault(template, f"t{len(templates) + 1}")
        reflection = repo.reflection(session.id)
        order = {key: index for index, key in enumerate(template.keys)}
        # Private text never enters the payload, so it is never sealed (T13).
        private = template.private_keys
        sections = dict(
            sorted(
                ((key, text) for key, text in reflection.sections.items() if key not in private),
                key=lambda item: order.get(item[0], len(order)),
            )
        )
        sessions.append(
            {
                **_plain(session, "group_id"),
                "template": ref,
                "attendance": [_plain(a, "session_id") for a in practice.attendance(session.id)],
                "cases": [_plain(p, "session_id") for p in practice.presentations(session.id)],
                "reflection": None
                if reflection.updated_at is None
                else {"updated_at": to_db(reflection.updated_at), "sections": sections},
            }
        )
    return {
        **_plain(group),
        "members": [_plain(m, "group_id") for m in practice.members(group.id, None)],
        "sessions": sessions,
    }


def _plain(record: Any, *leave_out: str) -> dict[str, Any]:
    """Return a dataclass record as JSON-ready values (ISO dates, UTC times with Z)."""
    return {
        field.name: _value(getattr(record, field.name))
        for field in dataclasses.fields(record)
        if field.name not in leave_out
    }


def _value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return to_db(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.isoformat(timespec="minutes")
    return value
