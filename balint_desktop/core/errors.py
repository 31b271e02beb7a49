"""The one error hierarchy of the vault.

Every message is written for a group leader, not a programmer, and never
contains a passphrase, a key or any note text.
"""

from __future__ import annotations


class VaultError(Exception):
    """Base of every error the vault raises on purpose."""

    default_message = "The vault could not be used."

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.default_message)


class VaultNotFound(VaultError):
    """There is no vault in the given folder."""

    default_message = "No vault was found in this folder."


class WrongPassphrase(VaultError):
    """The passphrase did not unlock the key file."""

    default_message = (
        "That passphrase did not unlock the vault. Check the keyboard layout "
        "and Caps Lock, then try again."
    )


class VaultCorrupt(VaultError):
    """The passphrase was right (or could not be tried) but the files are damaged."""

    default_message = (
        "The vault is damaged and could not be opened. Your passphrase was "
        "not the problem. Restore the latest backup to continue."
    )


class WeakKeyFile(VaultCorrupt):
    """The key file asks for weaker protection than the app allows."""

    default_message = (
        "The vault's key file asks for weaker protection than Balint Desktop "
        "allows, so it was not used. It may have been altered; restore the "
        "latest backup."
    )


class VaultInUse(VaultError):
    """Another window or program has this vault open."""

    default_message = (
        "This vault is already open in another Balint Desktop window or "
        "program. Close it there first."
    )


class VaultClosed(VaultError):
    """The vault was used after it was closed or locked."""

    default_message = "The vault is locked. Unlock it to continue."


class InvalidInput(VaultError, ValueError):
    """A value given to the vault is not acceptable (unknown group, bad date…)."""

    default_message = "That value is not acceptable."


class StorageFull(VaultError, OSError):
    """The disk is full or refused the write; nothing was changed."""

    default_message = (
        "The change could not be saved because the disk is full or not "
        "writable. Nothing was lost; free some space and try again."
    )


class ArchiveRefused(VaultError):
    """A passphrase-protected archive could not be opened: damaged, altered or not one."""

    default_message = (
        "This file could not be opened as a Balint Desktop archive: it is "
        "damaged, incomplete or not an archive."
    )


class ArchiveWrongPassphrase(ArchiveRefused, WrongPassphrase):
    """The passphrase did not open the archive (or its protected bytes were altered)."""

    default_message = (
        "That passphrase does not open this archive. Check the keyboard layout "
        "and Caps Lock, then try again; only the passphrase chosen when the "
        "archive was saved opens it."
    )
