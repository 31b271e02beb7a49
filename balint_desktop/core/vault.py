"""The vault: an encrypted folder of reflective notes, opened with a passphrase.

A `Vault` owns one SQLCipher connection (tied to the thread that opened it),
the database key while unlocked, and the folder's lock.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

import sqlcipher3

from balint_desktop.core.archive_api import ArchiveApi
from balint_desktop.core.backup_api import BackupApi
from balint_desktop.core.clock import Clock, utc_now
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
from balint_desktop.core.notes_api import NotesApi
from balint_desktop.core.practice_api import PracticeApi
from balint_desktop.core.search_api import SearchApi
from balint_desktop.core.templates_api import TemplatesApi
from balint_desktop.core.vault_files import BACKUP_DIR, DB_NAME, KEY_NAME, LOCK_NAME
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
from balint_desktop.storage.connection import Connection, integrity_problems, open_database
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
from balint_desktop.storage.repository import Repository, translate_error


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
class Vault(
    NotesApi,
    SearchApi,
    BackupApi,
    PracticeApi,
    LeadershipApi,
    TemplatesApi,
    ExchangeApi,
    RedactedExportApi,
    ArchiveApi,
):
    """An unlocked vault. Create with `Vault.create` or `Vault.open`.

    The calls on notes, search, backups and the rest come from the `*Api`
    mixins beside this module; the vault supplies their connection, key
    and tables.

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

    # -- passphrase, integrity ---------------------------------------------

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

    @property
    def kdf(self) -> KdfParams:
        """Return the key-derivation settings of the passphrase slot."""
        return self._keyfile.passphrase_slot.params

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

    @property
    def practice(self) -> PracticeRepository:
        """Return roster, attendance and presentation access, or raise `VaultClosed`."""
        return PracticeRepository(self.repository)


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


__all__ = [
    "BACKUP_DIR",
    "DB_NAME",
    "KEY_NAME",
    "LATEST_VERSION",
    "LOCK_NAME",
    "Vault",
    "VaultExists",
    "VaultInfo",
    "VaultReader",
]
