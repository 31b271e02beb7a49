"""The backup calls of the automation API (mixed into `Vault`).

A backup is a verified encrypted copy of the whole vault, opened by the
vault's passphrase at the time it was made (`balint_desktop.storage.backup`).
Automatic backups go to a folder kept inside the vault and are rotated.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from balint_desktop.core.clock import Clock, from_db, to_db
from balint_desktop.core.errors import InvalidInput
from balint_desktop.core.guard import translate_database_errors
from balint_desktop.core.vault_files import BACKUP_DIR
from balint_desktop.crypto.keyfile import KeyFile
from balint_desktop.storage import backup as backup_copy
from balint_desktop.storage.connection import Connection
from balint_desktop.storage.repository import Repository


@translate_database_errors
class BackupApi:
    """Backups on demand and automatic, rotated backups."""

    # Provided by the vault: its folder, key, key file and clock.
    _directory: Path
    _key: bytearray
    _keyfile: KeyFile
    _clock: Clock

    @property
    def repository(self) -> Repository:
        """Return the tables (provided by the vault)."""
        raise NotImplementedError

    def _connection(self) -> Connection:
        raise NotImplementedError  # provided by the vault

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
