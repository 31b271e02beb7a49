"""The names of the files and folders inside a vault folder."""

from __future__ import annotations

DB_NAME = "vault.db"
KEY_NAME = "vault.key"
LOCK_NAME = "vault.lock"
BACKUP_DIR = "backups"
