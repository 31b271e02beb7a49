"""The sync-folder warning (THREAT-MODEL.md: the live database is never put
in a sync folder without a warning), with fake home folders in tmp_path."""

from __future__ import annotations

import sys
from pathlib import Path, PurePath, PurePosixPath, PureWindowsPath

import pytest

from balint_desktop.core import sync_folders
from balint_desktop.core.sync_folders import sync_service, warning

NO_ENV: dict[str, str] = {}

needs_symlinks = pytest.mark.skipif(
    sys.platform == "win32", reason="creating symbolic links needs privileges on Windows"
)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    folder = tmp_path / "home" / "ann"
    folder.mkdir(parents=True)
    return folder


def _service(path: Path, home: Path, env: dict[str, str] | None = None) -> str | None:
    return sync_service(path, home, environ=NO_ENV if env is None else env)


SYNCED = {
    "Dropbox": "Dropbox",
    "Dropbox/notes/vault": "Dropbox",
    "Dropbox (Personal)/vault": "Dropbox",
    "Dropbox (Acme Clinic)/vault": "Dropbox",
    "dropbox/vault": "Dropbox",  # names are compared case-insensitively
    "OneDrive/Documents/vault": "OneDrive",
    "OneDrive - Acme Health/vault": "OneDrive",
    "Google Drive/vault": "Google Drive",
    "My Drive/Balint/vault": "Google Drive",
    "iCloudDrive/vault": "iCloud Drive",  # iCloud for Windows
    "iCloud Drive/vault": "iCloud Drive",
    "Library/Mobile Documents/com~apple~CloudDocs/vault": "iCloud Drive",
    "Library/CloudStorage/Dropbox/vault": "Dropbox",
    "Library/CloudStorage/Dropbox-Acme/vault": "Dropbox",
    "Library/CloudStorage/OneDrive-Personal/vault": "OneDrive",
    "Library/CloudStorage/OneDrive-SharedLibraries-Acme/vault": "OneDrive",
    "Library/CloudStorage/GoogleDrive-ann@example.org/My Drive/vault": "Google Drive",
}


@pytest.mark.parametrize(("inner", "service"), SYNCED.items(), ids=SYNCED.keys())
def test_folders_inside_a_sync_root_are_recognised(home: Path, inner: str, service: str) -> None:
    vault_dir = home / inner
    vault_dir.mkdir(parents=True)
    assert _service(vault_dir, home) == service


def test_a_vault_folder_not_made_yet_is_recognised_by_where_it_would_go(home: Path) -> None:
    (home / "OneDrive").mkdir()
    assert _service(home / "OneDrive" / "not" / "yet" / "vault", home) == "OneDrive"


NOT_SYNCED = (
    # Near misses: only the exact names the clients use are sync roots.
    "Dropboxes/vault",
    "Dropbox-old/vault",
    "Dropbox copy/vault",
    "OneDriveBackup/vault",
    "OneDrive-Personal/vault",  # that name is a root only inside Library/CloudStorage
    "Google Drive Backup/vault",
    "My Drives/vault",
    "Documents/Dropbox/vault",  # a sync root sits directly in the home folder
    "Documents/OneDrive - Acme/vault",
    "Library/CloudStorage/Box-Box/vault",  # other providers are not named
    "Library/Mobile/vault",
    # The app's default vault folders on Windows, macOS and Linux.
    "AppData/Local/BalintDesktop/vault",
    "Library/Application Support/BalintDesktop/vault",
    ".local/share/BalintDesktop/vault",
)


@pytest.mark.parametrize("inner", NOT_SYNCED)
def test_near_misses_and_the_default_folders_are_not_sync_folders(home: Path, inner: str) -> None:
    for root in ("Dropbox", "OneDrive", "Google Drive", "Library/CloudStorage/OneDrive-Personal"):
        (home / root).mkdir(parents=True, exist_ok=True)  # the user does have them
    vault_dir = home / inner
    vault_dir.mkdir(parents=True)
    assert _service(vault_dir, home) is None


def test_the_home_folder_itself_and_folders_elsewhere_are_not_sync_folders(
    home: Path, tmp_path: Path
) -> None:
    assert _service(home, home) is None
    # A folder called Dropbox outside the home folder, with no Dropbox marks.
    elsewhere = tmp_path / "data" / "Dropbox" / "vault"
    elsewhere.mkdir(parents=True)
    assert _service(elsewhere, home) is None


@needs_symlinks
def test_a_link_into_a_sync_folder_is_followed(home: Path) -> None:
    (home / "Dropbox" / "notes").mkdir(parents=True)
    (home / "notes").symlink_to(home / "Dropbox" / "notes")
    assert _service(home / "notes" / "vault", home) == "Dropbox"
    # A near-miss name is no shield when it leads into the sync folder.
    (home / "Dropboxes").symlink_to(home / "Dropbox")
    assert _service(home / "Dropboxes" / "vault", home) == "Dropbox"


@needs_symlinks
def test_a_sync_root_moved_elsewhere_behind_a_link_is_recognised(
    home: Path, tmp_path: Path
) -> None:
    moved = tmp_path / "data" / "Dropbox"
    (moved / "vault").mkdir(parents=True)
    (home / "Dropbox").symlink_to(moved)
    # The path never mentions the link; the link makes /data/Dropbox a root.
    assert _service(moved / "vault", home) == "Dropbox"
    cloud = tmp_path / "ssd" / "OneDrive-Acme"
    (cloud / "vault").mkdir(parents=True)
    (home / "Library" / "CloudStorage").mkdir(parents=True)
    (home / "Library" / "CloudStorage" / "OneDrive-Acme").symlink_to(cloud)
    assert _service(cloud / "vault", home) == "OneDrive"
    # A link with a near-miss name makes nothing a root.
    other = tmp_path / "data" / "old"
    (other / "vault").mkdir(parents=True)
    (home / "Dropbox-old").symlink_to(other)
    assert _service(other / "vault", home) is None


@needs_symlinks
def test_a_home_folder_reached_through_a_link_is_recognised(tmp_path: Path) -> None:
    real_home = tmp_path / "real" / "ann"
    (real_home / "OneDrive" / "vault").mkdir(parents=True)
    linked_home = tmp_path / "ann-link"
    linked_home.symlink_to(real_home)
    assert _service(real_home / "OneDrive" / "vault", linked_home) == "OneDrive"
    assert _service(linked_home / "OneDrive" / "vault", real_home) == "OneDrive"


@needs_symlinks
def test_a_path_through_a_sync_folder_warns_even_when_it_links_out(
    home: Path, tmp_path: Path
) -> None:
    # ~/Dropbox/vault -> /safe/vault: whether Dropbox follows the link depends
    # on its version and settings, so the path a leader chose counts: a
    # needless warning is cheaper than a missed one.
    safe = tmp_path / "safe" / "vault"
    safe.mkdir(parents=True)
    (home / "Dropbox").mkdir()
    (home / "Dropbox" / "vault").symlink_to(safe)
    assert _service(home / "Dropbox" / "vault", home) == "Dropbox"
    assert _service(safe, home) is None


def test_dropbox_marks_in_a_folder_above_make_it_a_dropbox_folder(
    home: Path, tmp_path: Path
) -> None:
    with_cache = tmp_path / "data" / "Sync"
    (with_cache / ".dropbox.cache").mkdir(parents=True)
    (with_cache / "notes" / "vault").mkdir(parents=True)
    assert _service(with_cache / "notes" / "vault", home) == "Dropbox"
    assert _service(with_cache, home) == "Dropbox"
    with_file = tmp_path / "disk" / "Work"
    (with_file / "vault").mkdir(parents=True)
    (with_file / ".dropbox").write_text('{"ns": 1}')
    assert _service(with_file / "vault", home) == "Dropbox"
    # Nothing is marked beside or below the marks.
    beside = tmp_path / "data" / "Other" / "vault"
    beside.mkdir(parents=True)
    assert _service(beside, home) is None


def test_the_dropbox_settings_folder_in_the_home_folder_marks_nothing(home: Path) -> None:
    # Dropbox on Linux keeps its settings in ~/.dropbox/ (a folder): the home
    # folder is not a Dropbox folder because of it.
    (home / ".dropbox").mkdir()
    (home / ".dropbox" / "info.json").write_text("{}")
    (home / "notes" / "vault").mkdir(parents=True)
    assert _service(home / "notes" / "vault", home) is None


def test_onedrive_folders_named_by_the_environment_are_recognised(
    home: Path, tmp_path: Path
) -> None:
    moved = tmp_path / "D" / "OneDrive (work)"
    (moved / "vault").mkdir(parents=True)
    assert _service(moved / "vault", home) is None
    for variable in ("OneDrive", "OneDriveConsumer", "OneDriveCommercial"):
        assert _service(moved / "vault", home, {variable: str(moved)}) == "OneDrive"
    # An empty or relative value names no folder.
    assert _service(moved / "vault", home, {"OneDrive": ""}) is None
    assert _service(Path("vault").resolve(), home, {"OneDrive": "."}) is None


PLACES = {
    r"G:\My Drive\Balint\vault": "Google Drive",  # Google Drive for desktop, Windows
    r"H:\Shared drives\Clinic\vault": "Google Drive",
    r"C:\Users\Ann\OneDrive - Acme Health\vault": "OneDrive",  # home matched in any case
    r"C:\Users\Ann\Dropbox\vault": "Dropbox",
    r"C:\Users\Ann\iCloudDrive\vault": "iCloud Drive",
    r"C:\Users\Ann\AppData\Local\BalintDesktop\vault": None,
    r"C:\My Drive\vault": "Google Drive",
    r"C:\Users\Ann\Documents\My Drive\vault": None,
}


@pytest.mark.parametrize(("place", "service"), PLACES.items(), ids=PLACES.keys())
def test_windows_places_are_recognised_by_their_names(place: str, service: str | None) -> None:
    homes = [PureWindowsPath(r"c:\users\ann")]
    found = sync_folders._service_by_place(PureWindowsPath(place), homes)
    assert found == service


MOUNTS = {
    "/Volumes/GoogleDrive/My Drive/vault": "Google Drive",  # Drive File Stream, macOS
    "/Volumes/GoogleDrive-1234/My Drive/vault": "Google Drive",
    "/run/user/1000/gvfs/google-drive:host=example.org,user=ann/x/vault": "Google Drive",
    "/run/user/1000/gvfs/onedrive:host=example.org,user=ann/vault": "OneDrive",
    "/Volumes/USB/vault": None,
    "/mnt/My Drive/vault": None,  # only a Windows drive's top folder
}


@pytest.mark.parametrize(("place", "service"), MOUNTS.items(), ids=MOUNTS.keys())
def test_mounted_drives_are_recognised_by_their_names(place: str, service: str | None) -> None:
    homes: list[PurePath] = [PurePosixPath("/home/ann")]
    assert sync_folders._service_by_place(PurePosixPath(place), homes) == service


# -- the sentence shown to the leader ---------------------------------------


def _warning(vault_dir: Path, backups_dir: Path | None, home: Path) -> str | None:
    return warning(vault_dir, backups_dir, home=home, environ=NO_ENV)


def test_no_warning_when_nothing_is_synced(home: Path) -> None:
    vault_dir = home / ".local" / "share" / "BalintDesktop" / "vault"
    assert _warning(vault_dir, vault_dir / "backups", home) is None
    assert _warning(vault_dir, None, home) is None
    assert _warning(vault_dir, home / "Dropboxes", home) is None


def test_a_vault_in_a_sync_folder_is_named_with_what_to_do(home: Path) -> None:
    vault_dir = home / "Dropbox" / "vault"
    message = _warning(vault_dir, vault_dir / "backups", home)
    assert message is not None
    assert "Dropbox" in message
    assert "move the vault folder" in message
    assert "key file" in message
    # Its own backups folder moves with it: one instruction, not two.
    assert "backups" not in message
    assert _warning(vault_dir, None, home) == message


def test_backups_in_a_sync_folder_are_a_risk_of_their_own(home: Path) -> None:
    vault_dir = home / ".local" / "share" / "BalintDesktop" / "vault"
    message = _warning(vault_dir, home / "OneDrive - Acme" / "Balint backups", home)
    assert message is not None
    assert message.startswith("Your backups are saved inside your OneDrive folder.")
    assert "encrypted" in message
    assert "key file" in message
    assert "passphrase" in message
    assert "vault is inside" not in message


def test_a_vault_and_its_backups_in_two_sync_folders_get_both_sentences(home: Path) -> None:
    message = _warning(home / "Dropbox" / "vault", home / "Google Drive" / "backups", home)
    assert message is not None
    assert message.startswith("Your vault is inside your Dropbox folder.")
    assert "Your backups are also saved inside your Google Drive folder." in message
    # Backups elsewhere in the same sync folder are named too: moving the
    # vault does not move them.
    same = _warning(home / "Dropbox" / "vault", home / "Dropbox" / "old backups", home)
    assert same is not None
    assert "Your backups are also saved inside your Dropbox folder." in same


def test_the_warning_is_plain_text_without_paths(home: Path) -> None:
    message = _warning(home / "OneDrive" / "vault", home / "iCloudDrive" / "b", home)
    assert message is not None
    assert str(home) not in message
    assert "\n" not in message
    assert all(sentence[:1].isupper() for sentence in message.split(". "))
