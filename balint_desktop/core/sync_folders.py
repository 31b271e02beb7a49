r"""Is a folder synced by OneDrive, Dropbox, Google Drive or iCloud Drive?

THREAT-MODEL.md promises that the live database is never put in a sync
folder without a warning: a sync client copies `vault.db` while SQLite
writes it (and often without its `-wal`), which can leave a damaged or stale
copy that later replaces the good one, and it sends the encrypted notes
*with their key file* to the provider. `warning()` gives the sentence the
app shows; `sync_service()` is the test behind it.

Recognised, by where the folder lies (names compared case-insensitively,
symbolic links resolved, and a link that *is* a sync root followed too):

- Dropbox: ``~/Dropbox``, ``~/Dropbox (Personal)``, ``~/Dropbox (<team>)``,
  ``~/Library/CloudStorage/Dropbox`` and ``.../Dropbox-*`` (macOS), and any
  folder with a ``.dropbox.cache`` folder or a ``.dropbox`` *file* in it or
  above it (the marks Dropbox leaves in the root of a moved Dropbox folder).
  A ``.dropbox`` *folder* is Dropbox's settings folder in the Linux home
  folder and marks nothing.
- OneDrive: ``~/OneDrive``, ``~/OneDrive - <organisation>`` (Windows,
  ``%USERPROFILE%`` is the home folder), ``~/Library/CloudStorage/OneDrive-*``
  (macOS), the folders named by the ``OneDrive``, ``OneDriveConsumer`` and
  ``OneDriveCommercial`` environment variables (Windows sets them, also for a
  OneDrive moved to another drive), and GNOME's ``onedrive:`` mounts.
- Google Drive: ``~/Google Drive``, ``~/My Drive``,
  ``~/Library/CloudStorage/GoogleDrive-*``, ``/Volumes/GoogleDrive*``
  (macOS), ``X:\My Drive`` and ``X:\Shared drives`` on any Windows drive
  letter, and GNOME's ``google-drive:`` mounts.
- iCloud Drive: ``~/Library/Mobile Documents`` (``com~apple~CloudDocs`` is
  iCloud Drive itself; the other folders there are apps' iCloud folders),
  ``~/iCloudDrive`` and ``~/iCloud Drive`` (Windows).

Near misses are deliberately *not* matched: ``Dropboxes``, ``Dropbox-old``,
``OneDriveBackup``, ``OneDrive-Personal`` (outside ``CloudStorage``),
``Google Drive Backup``. Names are exact because a warning about a service
the leader does not use teaches them to ignore warnings.

Not recognised: macOS "Desktop & Documents Folders" in iCloud (``~/Documents``
stays where it is while iCloud syncs it) and OneDrive's folder backup of
Windows' Documents and Desktop when their paths are not under a OneDrive
folder, other providers (Box, pCloud, Nextcloud), and rclone mounts. The
app's default vault folder (platformdirs' user *data* folder: AppData\Local,
~/Library/Application Support, ~/.local/share) is synced by none of them.

This module reads only folder names and a few `stat` calls; it never
imports Qt and never touches the network.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path, PurePath

ONEDRIVE = "OneDrive"
DROPBOX = "Dropbox"
GOOGLE_DRIVE = "Google Drive"
ICLOUD_DRIVE = "iCloud Drive"

#: Folder names directly in the home folder, matched in full (casefolded).
_HOME_ROOTS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"dropbox( \(.+\))?"), DROPBOX),
    (re.compile(r"onedrive( - .+)?"), ONEDRIVE),
    (re.compile(r"google drive|my drive"), GOOGLE_DRIVE),
    (re.compile(r"icloud ?drive"), ICLOUD_DRIVE),
)

#: Folder names in macOS' ~/Library/CloudStorage (File Provider sync roots).
_CLOUD_STORAGE_ROOTS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"dropbox(-.+)?"), DROPBOX),
    (re.compile(r"onedrive(-.+)?"), ONEDRIVE),
    (re.compile(r"googledrive(-.+)?"), GOOGLE_DRIVE),
)

_CLOUD_STORAGE = ("library", "cloudstorage")

#: Environment variables Windows' OneDrive client sets to its folders.
_ONEDRIVE_VARIABLES = ("OneDrive", "OneDriveConsumer", "OneDriveCommercial")

#: The names of GNOME (gvfs) mounts of online accounts start with these.
_GVFS_PREFIXES = (("google-drive:", GOOGLE_DRIVE), ("onedrive:", ONEDRIVE))


def sync_service(
    path: Path, home: Path | None = None, *, environ: Mapping[str, str] | None = None
) -> str | None:
    """Return the sync service whose folder holds `path`, or None.

    Args:
        path: a folder or file; it need not exist yet (a vault about to be
            created), but the folders above it are looked at.
        home: the user's home folder (``%USERPROFILE%`` on Windows); the
            current user's by default.
        environ: environment variables to read OneDrive's folders from;
            `os.environ` by default.

    Returns:
        "OneDrive", "Dropbox", "Google Drive" or "iCloud Drive", or None.
    """
    home_dir = Path.home() if home is None else home
    env = os.environ if environ is None else environ
    places = _unique([Path(os.path.abspath(path)), _resolved(path)])
    homes = _unique([Path(os.path.abspath(home_dir)), _resolved(home_dir)])
    for place in places:
        service = _service_by_place(place, homes)
        if service is not None:
            return service
    roots = list(_linked_roots(homes, env))
    for place in places:
        for root, service in roots:
            if place.is_relative_to(root):
                return service
    return _service_by_marker(places[-1])


def warning(
    vault_dir: Path,
    backups_dir: Path | None,
    *,
    home: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> str | None:
    """Return what to tell the leader when the vault or its backups are synced.

    Args:
        vault_dir: the vault folder (it need not exist yet).
        backups_dir: where backups are written (None: only the vault's own
            `backups/` folder, which moves with the vault).
        home: as for `sync_service`.
        environ: as for `sync_service`.

    Returns:
        Plain sentences naming the service and what to do, or None when
        neither folder is synced.
    """
    vault_service = sync_service(vault_dir, home, environ=environ)
    backups_service = (
        None if backups_dir is None else sync_service(backups_dir, home, environ=environ)
    )
    parts = []
    if vault_service is not None:
        parts.append(
            f"Your vault is inside your {vault_service} folder. {vault_service} can copy "
            "the notes while they are being saved, which can damage them, and it puts "
            "the encrypted notes and their key file on its servers. Quit Balint "
            f"Desktop and move the vault folder to a folder {vault_service} does not "
            "sync, then open it from there."
        )
    # Backups inside the vault folder move with it: the first sentence covers them.
    moves_with_vault = backups_dir is not None and _inside(backups_dir, vault_dir)
    if backups_service is not None and not (vault_service is not None and moves_with_vault):
        also = " also" if vault_service is not None else ""
        parts.append(
            f"Your backups are{also} saved inside your {backups_service} folder. The "
            "copies are encrypted, but each one carries its key file, so anyone who "
            f"gets them from {backups_service} can try to guess your passphrase as "
            f"often as they like. Choose a backup folder {backups_service} does not "
            "sync, such as a USB drive."
        )
    return " ".join(parts) if parts else None


# -- recognising places ----------------------------------------------------


def _service_by_place(place: PurePath, homes: Sequence[PurePath]) -> str | None:
    """Return the service a place belongs to by its names alone (nothing is read)."""
    parts = place.parts
    if place.drive and len(parts) > 1 and parts[1].casefold() in ("my drive", "shared drives"):
        return GOOGLE_DRIVE  # Google Drive for desktop's virtual drive, e.g. G:\My Drive
    if len(parts) > 2 and parts[1] == "Volumes" and parts[2].casefold().startswith("googledrive"):
        return GOOGLE_DRIVE  # Drive File Stream on macOS
    for part in parts:
        for prefix, service in _GVFS_PREFIXES:
            if part.startswith(prefix):
                return service
    for home in homes:
        if place.is_relative_to(home):
            found = _service_in_home([part.casefold() for part in place.relative_to(home).parts])
            if found is not None:
                return found
    return None


def _service_in_home(inner: list[str]) -> str | None:
    """Return the service of a place given by its casefolded names below home."""
    if not inner:
        return None
    if inner[0] == "library" and len(inner) > 1:
        if inner[1] == "mobile documents":
            return ICLOUD_DRIVE
        if inner[1] == "cloudstorage" and len(inner) > 2:
            return _match(inner[2], _CLOUD_STORAGE_ROOTS)
        return None
    return _match(inner[0], _HOME_ROOTS)


def _match(name: str, rules: tuple[tuple[re.Pattern[str], str], ...]) -> str | None:
    for pattern, service in rules:
        if pattern.fullmatch(name):
            return service
    return None


def _linked_roots(homes: list[Path], env: Mapping[str, str]) -> Iterator[tuple[Path, str]]:
    """Yield sync roots found through links or settings, as resolved folders.

    A ``~/Dropbox`` that is a link to ``/data/Dropbox`` makes ``/data/Dropbox``
    a Dropbox folder even for a path that never mentions the link.
    """
    for home in homes:
        for folder, above in ((home, ()), (home / "Library" / "CloudStorage", _CLOUD_STORAGE)):
            for entry, inner in _links(folder, above):
                service = _service_in_home(inner)
                if service is not None:
                    yield _resolved(entry), service
        yield _resolved(home / "Library" / "Mobile Documents"), ICLOUD_DRIVE
    for variable in _ONEDRIVE_VARIABLES:
        value = env.get(variable, "")
        if value and os.path.isabs(value):
            yield _resolved(Path(value)), ONEDRIVE


def _links(folder: Path, above: tuple[str, ...]) -> Iterator[tuple[Path, list[str]]]:
    """Yield the folder's links to folders with their casefolded names below home."""
    with contextlib.suppress(OSError):
        for entry in folder.iterdir():
            if entry.is_symlink():
                yield entry, [*above, entry.name.casefold()]


def _service_by_marker(place: Path) -> str | None:
    """Return Dropbox when the place lies in a folder Dropbox marked as its root."""
    for folder in (place, *place.parents):
        with contextlib.suppress(OSError):
            if (folder / ".dropbox.cache").is_dir() or (folder / ".dropbox").is_file():
                return DROPBOX
    return None


def _resolved(path: Path) -> Path:
    """Return the path with every link resolved, as far as the folders exist."""
    try:
        return path.resolve(strict=False)
    except (OSError, RuntimeError):  # a link loop, an unreadable mount
        return Path(os.path.abspath(path))


def _inside(inner: Path, outer: Path) -> bool:
    return _resolved(inner).is_relative_to(_resolved(outer))


def _unique(paths: list[Path]) -> list[Path]:
    seen: list[Path] = []
    for path in paths:
        if path not in seen:
            seen.append(path)
    return seen


__all__ = ["DROPBOX", "GOOGLE_DRIVE", "ICLOUD_DRIVE", "ONEDRIVE", "sync_service", "warning"]
