"""The vault: an encrypted folder of reflective notes, opened with a passphrase.

A `Vault` owns one SQLCipher connection (tied to the thread that opened it),
the database key while unlocked, and the folder's lock.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

import sqlcipher3

from balint_desktop.core.archive_api import ArchiveApi
from balint_desktop.core.clock import Clock, from_db, to_db, utc_now
from balint_desktop.core.errors import (
    InvalidInput,
    StorageFull,
    VaultClosed,
    VaultCorrupt,
    VaultError,
    VaultNotFound,
)
from balint_desktop.core.exchange_api import ExchangeApi
from balint_desktop.core.export_api import RedactedExportApi
from balint_desktop.core.guard import translate_database_errors
from balint_desktop.core.leadership_api import LeadershipApi
from balint_desktop.core.models import (
    Group,
    Reflection,
    Revision,
    SearchHit,
    SearchResults,
    Session,
)
from balint_desktop.core.practice_api import PracticeApi
from balint_desktop.core.templates import Template
from balint_desktop.core.templates_api import TemplatesApi
from balint_desktop.core.vault_reader import VaultReader
from balint_desktop.crypto.kdf import KEY_BYTES, KdfParams, calibrate
from balint_desktop.crypto.keyfile import (
    MAX_KEYFILE_BYTES,
    KeyFile,
    check_params,
    parse_keyfile,
    unwrap_key,
    wrap_key,
)
from balint_desktop.search import engine
from balint_desktop.storage import backup as backup_copy
from balint_desktop.storage.connection import (
    Connection,
    integrity_problems,
    open_database,
    open_reader,
)
from balint_desktop.storage.files import (
    FILE_MODE,
    atomic_write,
    make_private_dir,
    private_umask,
    remove_stale_temporaries,
)
from balint_desktop.storage.lock import VaultLock
from balint_desktop.storage.migrations import LATEST_VERSION, migrate, schema_version
from balint_desktop.storage.practice import PracticeRepository
from balint_desktop.storage.repository import Repository, tidy_index, translate_error

DB_NAME = "vault.db"
KEY_NAME = "vault.key"
LOCK_NAME = "vault.lock"
BACKUP_DIR = "backups"


class VaultExists(VaultError):
    """A vault already lives in the folder chosen for a new one."""

    default_message = "There is already a vault in this folder; open it instead."


@dataclass(frozen=True, slots=True)
class VaultInfo:
    """What `balint-vault info` shows: never any note text."""

    directory: Path
    schema_version: int
    kdf: KdfParams
    counts: dict[str, int]


@translate_database_errors
class Vault(PracticeApi, LeadershipApi, TemplatesApi, ExchangeApi, RedactedExportApi, ArchiveApi):
    """An unlocked vault. Create with `Vault.create` or `Vault.open`.

    Use as a context manager, or call `close()`: closing checkpoints the
    database, drops the key and releases the folder.
    """

    def __init__(
        self,
        directory: Path,
        conn: Connection,
        key: bytes,
        keyfile: KeyFile,
        lock: VaultLock,
        clock: Clock,
    ) -> None:
        """Wrap an opened vault; use `create` or `open` instead."""
        self._directory = directory
        self._conn: Connection | None = conn
        self._key = bytearray(key)
        self._keyfile = keyfile
        self._lock = lock
        self._repo: Repository | None = Repository(conn, clock)
        self._clock = clock

    # -- lifecycle --------------------------------------------------------

    @classmethod
    def create(
        cls,
        directory: str | os.PathLike[str],
        passphrase: str,
        kdf: KdfParams | None = None,
        *,
        clock: Clock = utc_now,
    ) -> Vault:
        """Create a new vault in `directory` (made 0700 if missing).

        Args:
            directory: the vault folder; must not already hold a vault.
            passphrase: the only way back in; it cannot be recovered.
            kdf: Argon2id parameters; None calibrates to about one second.
            clock: the source of "now" (tests pass a fake).

        Raises:
            VaultExists: the folder already holds a vault.
            InvalidInput: the passphrase is empty.
        """
        folder = Path(directory)
        _check_passphrase(passphrase)
        if kdf is not None:
            check_params(kdf)
        if (folder / KEY_NAME).exists() or (folder / DB_NAME).exists():
            raise VaultExists()
        make_private_dir(folder)
        # The lock is taken before anything is written and the folder checked
        # again under it, so two creators can never overwrite each other.
        with private_umask():
            lock = VaultLock(folder / LOCK_NAME)
        created: list[Path] = []
        try:
            if (folder / KEY_NAME).exists() or (folder / DB_NAME).exists():
                raise VaultExists()
            params = kdf if kdf is not None else calibrate()
            check_params(params)
            key = os.urandom(KEY_BYTES)
            keyfile = KeyFile((wrap_key(key, passphrase, params),))
            atomic_write(folder / KEY_NAME, keyfile.to_bytes(), verify=_verifier(passphrase, key))
            created.append(folder / KEY_NAME)
            created += [folder / f"{DB_NAME}{suffix}" for suffix in ("", "-wal", "-shm")]
            with private_umask():
                conn = open_database(folder / DB_NAME, key)
            try:
                os.chmod(folder / DB_NAME, FILE_MODE)
                migrate(conn)
                vault = cls(folder, conn, key, keyfile, lock, clock)
                vault.repository.initialise(str(uuid.uuid4()))
            except BaseException:
                conn.close()
                raise
        except BaseException:
            # A half-made vault would later read as "already a vault here".
            for path in created:
                path.unlink(missing_ok=True)
            lock.release()
            raise
        return vault

    @classmethod
    def open(
        cls,
        directory: str | os.PathLike[str],
        passphrase: str,
        *,
        clock: Clock = utc_now,
    ) -> Vault:
        """Unlock the vault in `directory`.

        Nothing on disk changes unless the passphrase is right.

        Raises:
            VaultNotFound: no vault in that folder.
            VaultInUse: another process (or window) has it open.
            WrongPassphrase: the passphrase does not unlock it.
            VaultCorrupt: the passphrase is right but the files are damaged.
        """
        folder = Path(directory)
        key_path = folder / KEY_NAME
        if not key_path.is_file():
            raise VaultNotFound()
        with private_umask():
            lock = VaultLock(folder / LOCK_NAME)
        try:
            keyfile = parse_keyfile(_read_keyfile(key_path))
            key = unwrap_key(keyfile.passphrase_slot, passphrase)
            database = folder / DB_NAME
            if not database.is_file():
                raise VaultCorrupt(
                    "The vault's database file is missing. Restore the latest backup."
                )
            if database.stat().st_size == 0:
                # An empty file (a failed copy, a cloud placeholder) must not
                # quietly become a new, empty vault.
                raise VaultCorrupt("The vault's database file is empty. Restore the latest backup.")
            with private_umask():
                conn = open_database(folder / DB_NAME, key)
            try:
                if schema_version(conn) == 0:
                    raise VaultCorrupt(
                        "The vault's database holds no notes structure. Restore the latest backup."
                    )
                migrate(conn)
            except sqlcipher3.Error as error:
                conn.close()
                raise translate_error(error) from None
            except BaseException:
                conn.close()
                raise
            remove_stale_temporaries(key_path)
        except BaseException:
            lock.release()
            raise
        return cls(folder, conn, key, keyfile, lock, clock)

    def close(self) -> None:
        """Checkpoint and close the database, drop the key, release the folder."""
        conn, self._conn, self._repo = self._conn, None, None
        if conn is not None:
            try:
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            except sqlcipher3.Error:
                pass  # a full disk must not stop the lock; WAL replays next open
            finally:
                conn.close()
        for index in range(len(self._key)):
            self._key[index] = 0
        self._lock.release()

    @property
    def closed(self) -> bool:
        """Return True once the vault is closed."""
        return self._conn is None

    def __enter__(self) -> Vault:
        """Return the vault itself."""
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Close the vault."""
        self.close()

    def __repr__(self) -> str:
        """Say whether the vault is open; never show the key."""
        return f"<Vault {'closed' if self.closed else 'open'}>"

    @property
    def directory(self) -> Path:
        """Return the vault folder."""
        return self._directory

    @property
    def repository(self) -> Repository:
        """Return the table access object, or raise `VaultClosed`."""
        if self._repo is None:
            raise VaultClosed()
        return self._repo

    def _connection(self) -> Connection:
        if self._conn is None:
            raise VaultClosed()
        return self._conn

    # -- passphrase, backup, integrity -------------------------------------

    def change_passphrase(self, old: str, new: str, kdf: KdfParams | None = None) -> None:
        """Re-wrap the database key under a new passphrase.

        Takes the same time whatever the vault's size. The key file is
        replaced atomically: after a crash either passphrase works, never
        neither.

        Args:
            old: the current passphrase.
            new: the new one (may equal `old`, to change only the settings).
            kdf: new Argon2id settings; None keeps the current ones.

        Raises:
            WrongPassphrase: `old` is not the current passphrase.
            InvalidInput: `new` is empty.
        """
        self._connection()
        _check_passphrase(new)
        current = self._keyfile.passphrase_slot
        key = unwrap_key(current, old)
        if key != bytes(self._key):
            raise VaultCorrupt("The key file does not belong to this vault.")
        params = current.params if kdf is None else kdf
        check_params(params)
        slot = wrap_key(key, new, params)
        others = tuple(s for s in self._keyfile.slots if s is not current)
        keyfile = KeyFile((slot, *others))
        try:
            atomic_write(self._directory / KEY_NAME, keyfile.to_bytes(), verify=_verifier(new, key))
        except OSError:
            # atomic_write raises only before the replace: the old key file stands.
            raise StorageFull(
                "The new passphrase could not be saved because the disk is full or "
                "not writable. The old passphrase still opens the vault."
            ) from None
        self._keyfile = keyfile

    def backup(self, destination: str | os.PathLike[str] | None = None) -> Path:
        """Write a verified encrypted copy of the vault and return its folder.

        Args:
            destination: the folder to put the copy in; defaults to the
                vault's own `backups/` folder.

        Returns:
            A new folder holding `vault.db` and `vault.key`; the vault's
            current passphrase opens it.
        """
        conn = self._connection()
        target_root = Path(destination) if destination is not None else self._directory / BACKUP_DIR
        return backup_copy.write_backup(
            conn, bytes(self._key), self._keyfile.to_bytes(), target_root, self.repository.counts()
        )

    @property
    def kdf(self) -> KdfParams:
        """Return the key-derivation settings of the passphrase slot."""
        return self._keyfile.passphrase_slot.params

    @property
    def backup_folder(self) -> Path:
        """Where automatic backups go: the leader's choice, or `backups/` in the vault."""
        chosen = self.repository.meta("backup_folder")
        return Path(chosen) if chosen else self._directory / BACKUP_DIR

    def set_backup_folder(self, folder: str | os.PathLike[str] | None) -> None:
        """Choose where automatic backups go (None: the vault's own `backups/`).

        Kept inside the encrypted vault, not in the app's settings file.

        Raises:
            InvalidInput: not an absolute path, or a file rather than a folder.
        """
        if folder is None or str(folder).strip() == "":
            self.repository.set_meta("backup_folder", "")
            return
        path = Path(folder).expanduser()
        if not path.is_absolute():
            raise InvalidInput("Give the backup folder as a full path, e.g. /media/usb/backups.")
        if path.exists() and not path.is_dir():
            raise InvalidInput("That is a file, not a folder; choose a folder for the backups.")
        self.repository.set_meta("backup_folder", str(path))

    def last_backup(self) -> dt.datetime | None:
        """Return when the last verified automatic backup was made (UTC)."""
        value = self.repository.meta("last_backup_at")
        return None if value is None else from_db(value)

    def auto_backup(
        self, now: dt.datetime | None = None, max_age: dt.timedelta = dt.timedelta(days=1)
    ) -> Path | None:
        """Back up into `backups/` when something changed, or daily; then rotate.

        Keeps 7 daily, 4 weekly and 12 monthly backups (older ones are
        deleted: they are encrypted copies, and deliberate rotation).

        Returns:
            The new backup folder, or None when none was needed.
        """
        moment = now or self._clock()
        last = self.last_backup()
        latest = self.repository.latest_change()
        changed = self.repository.changed or (
            latest is not None and (last is None or from_db(latest) > last)
        )
        if not changed and last is not None and moment - last < max_age:
            return None
        path = backup_copy.write_backup(
            self._connection(),
            bytes(self._key),
            self._keyfile.to_bytes(),
            self.backup_folder,
            self.repository.counts(),
            made_at=moment,
        )
        self.repository.set_meta("last_backup_at", to_db(moment))
        self.repository.changed = False
        backup_copy.rotate(self.backup_folder)
        return path

    def reader(self) -> VaultReader:
        """Return a read-only view for searching on another thread.

        The reader has its own connection; close it before the vault.
        """
        self._connection()
        return VaultReader(open_reader(self._directory / DB_NAME, bytes(self._key)))

    def check_integrity(self) -> list[str]:
        """Return problems found by SQLCipher's page check; empty when sound."""
        return integrity_problems(self._connection())

    def info(self) -> VaultInfo:
        """Return format and size facts, without any note text."""
        return VaultInfo(
            directory=self._directory,
            schema_version=schema_version(self._connection()),
            kdf=self._keyfile.passphrase_slot.params,
            counts=self.repository.counts(),
        )

    # -- groups, sessions, reflections (the automation API) ---------------

    def add_group(self, name: str, **fields: Any) -> Group:
        """Create a group.

        Fields: kind, time_zone, cadence, mode, co_leader, start_time,
        duration_minutes, started_on, closed_on.
        """
        return self.repository.add_group(name, fields)

    def update_group(self, group_id: int, **fields: Any) -> Group:
        """Change a group's name or any of its fields."""
        return self.repository.update_group(group_id, fields)

    def delete_group(self, group_id: int) -> None:
        """Delete a group with every session and reflection in it."""
        self.repository.delete_group(group_id)

    def groups(self) -> list[Group]:
        """Return every group, by name."""
        return self.repository.groups()

    def add_session(self, group_id: int, held_on: dt.date, **fields: Any) -> Session:
        """Create a session on `held_on`, the group's local date.

        Fields: start_time (local), duration_minutes, status, mode.
        """
        return self.repository.add_session(group_id, held_on, fields)

    def sessions(self, group_id: int) -> list[Session]:
        """Return a group's sessions, newest first."""
        return self.repository.sessions(group_id)

    def session(self, session_id: int) -> Session:
        """Return one session."""
        return self.repository.session(session_id)

    def delete_session(self, session_id: int) -> None:
        """Delete a session with its reflection and history."""
        self.repository.delete_session(session_id)

    def due_for_destruction(self, today: dt.date) -> list[Group]:
        """Groups past their retention date that still hold notes."""
        due = []
        for group in self.groups():
            after = group.destroy_after()
            if (
                after is not None
                and after <= today
                and any(self.reflection(s.id).sections for s in self.sessions(group.id))
            ):
                due.append(group)
        return due

    def destroy_notes(self, group_id: int) -> int:
        """Destroy a group's reflections and case details for good (APP 11).

        Keeps the sessions' dates, attendance and members; leaves a
        content-free audit entry. Returns how many reflections were destroyed.
        """
        return self.repository.destroy_notes(group_id)

    def audit_log(self) -> list[tuple[dt.datetime, str, int]]:
        """Return (when, what, how many) for every deliberate destruction."""
        return self.repository.audit_log()

    def group(self, group_id: int) -> Group:
        """Return one group."""
        return self.repository.group(group_id)

    def update_session(self, session_id: int, held_on: dt.date, **fields: Any) -> Session:
        """Change a session's date or fields (start_time, duration_minutes, status, mode)."""
        return self.repository.update_session(session_id, held_on, fields)

    def template(self, session_id: int) -> Template:
        """Return the template the session's reflection is written with."""
        return self.repository.session_template(session_id)

    def save_reflection(self, session_id: int, sections: Mapping[str, str]) -> Reflection:
        """Merge section texts into a session's reflection and record a revision.

        Keys are the template's section keys; an empty text clears a section.
        Durable when it returns.
        """
        return self.repository.save_reflection(session_id, sections)

    def reflection(self, session_id: int) -> Reflection:
        """Return a session's reflection (empty sections if never written)."""
        return self.repository.reflection(session_id)

    def revisions(self, session_id: int) -> list[Revision]:
        """Return a reflection's saved states, newest first."""
        return self.repository.revisions(session_id)

    def restore_revision(self, session_id: int, revision_id: int) -> Reflection:
        """Make an earlier revision current again (recorded as a new revision)."""
        return self.repository.restore_revision(session_id, revision_id)

    def delete_reflection(self, session_id: int) -> None:
        """Delete a reflection with its history; it is no longer found."""
        self.repository.delete_reflection(session_id)

    @property
    def practice(self) -> PracticeRepository:
        """Return roster, attendance and presentation access, or raise `VaultClosed`."""
        return PracticeRepository(self.repository)

    def search(
        self,
        query: str,
        group_id: int | None = None,
        limit: int = 50,
        *,
        since: dt.date | None = None,
        until: dt.date | None = None,
    ) -> list[SearchHit]:
        """Search every reflection; best sessions first, one hit per session.

        Any text is safe to pass: it is read in the query language of
        `balint_desktop.search.parse` (words, "phrases", prefix*, -excluded,
        OR, group: tag: presenter: section: after: before: on:), never run as
        index syntax. `since` and `until` limit the sessions' dates (inclusive).
        """
        return self.search_results(query, group_id, limit, since=since, until=until).hits

    def search_results(
        self,
        query: str,
        group_id: int | None = None,
        limit: int = 50,
        *,
        since: dt.date | None = None,
        until: dt.date | None = None,
        newest: bool = False,
    ) -> SearchResults:
        """Search as `search` does, with notes on the query and a quick mode.

        Args:
            query: what the person typed.
            group_id: only this group's sessions, if given.
            limit: at most this many hits.
            since: only sessions held on or after this date.
            until: only sessions held on or before this date.
            newest: the most recently written matches at once, unranked (a
                first look; the ranked page puts dates right).
        """
        if not isinstance(query, str):
            raise InvalidInput("The search must be text.")
        try:
            return engine.search(
                self._connection(),
                query,
                group_id,
                limit,
                since=since,
                until=until,
                newest=newest,
            )
        except sqlcipher3.Error as error:
            raise translate_error(error) from None

    def tidy_index(self, pages: int = 300) -> None:
        """Merge search-index segments; the app calls this when the leader pauses."""
        try:
            with self.repository.write() as conn:
                tidy_index(conn, pages)
        except StorageFull:
            pass  # tidying is optional; the next quiet moment tries again


def _check_passphrase(passphrase: Any) -> None:
    if not isinstance(passphrase, str) or passphrase == "":
        raise InvalidInput("The passphrase cannot be empty.")


def _read_keyfile(path: Path) -> bytes:
    # Read one byte past the limit: enough to refuse a huge file without
    # loading it.
    try:
        with path.open("rb") as handle:
            return handle.read(MAX_KEYFILE_BYTES + 1)
    except OSError:
        raise VaultCorrupt("The vault's key file could not be read.") from None


def _verifier(passphrase: str, key: bytes) -> Any:
    def verify(data: bytes) -> None:
        if unwrap_key(parse_keyfile(data).passphrase_slot, passphrase) != key:
            raise VaultCorrupt("The new key file did not unlock the vault; nothing was changed.")

    return verify


__all__ = ["LATEST_VERSION", "Vault", "VaultExists", "VaultInfo", "VaultReader"]
