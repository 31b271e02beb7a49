"""`balint-desktop --self-check`: prove an installation works, end to end.

Through the real windows, in a throwaway folder: create a vault, write a
note, lock, unlock, find it by search, quit; then check that nothing on disk
holds the note in plain text. Nothing of the leader's is touched: the vault,
its backups and the preferences live in a temporary folder that is deleted
afterwards. Used by tests/e2e/test_dist.py on the built app, and useful to
a leader or their IT person after installing.
"""

from __future__ import annotations

import datetime as dt
import secrets
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO, TypeVar

from PySide6.QtCore import QEventLoop, QObject, QSettings, QTimer
from PySide6.QtWidgets import QLineEdit, QPushButton

from balint_desktop.crypto.kdf import KdfParams

if TYPE_CHECKING:
    from balint_desktop.app.controller import AppController

TIMEOUT_MS = 30_000
T = TypeVar("T", bound=QObject)


class SelfCheckFailed(Exception):
    """A step did not do what it should; the message names the step."""


def run_self_check(out: TextIO) -> int:
    """Run the check, telling `out` each step; return 0 when all passed, else 1."""
    folder = Path(tempfile.mkdtemp(prefix="balint-self-check-"))
    try:
        _journey(folder, out)
    except SelfCheckFailed as failure:
        print(f"Self-check FAILED: {failure}", file=out, flush=True)
        return 1
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print("Self-check passed: this installation works.", file=out, flush=True)
    return 0


def _journey(folder: Path, out: TextIO) -> None:
    from balint_desktop import app as gui

    def step(text: str) -> None:
        print(f"ok: {text}", file=out, flush=True)

    passphrase = secrets.token_urlsafe(18)
    note = f"self-check note {secrets.token_hex(8)}"
    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    controller = gui.start(folder / "vault", KdfParams.for_tests(), settings=settings)
    try:
        _steps(controller, folder, passphrase, note, step)
    finally:
        controller.shutdown(force=True)  # also after a failure: no thread left running
        for window in (controller.main_window, controller.setup_dialog, controller.unlock_dialog):
            if window is not None:
                window.close()


def _steps(
    controller: AppController,
    folder: Path,
    passphrase: str,
    note: str,
    step: Callable[[str], None],
) -> None:
    setup = controller.setup_dialog
    if setup is None:
        raise SelfCheckFailed("the setup window did not open")
    _child(setup, QLineEdit, "passphraseEdit").setText(passphrase)
    _child(setup, QLineEdit, "confirmEdit").setText(passphrase)
    _child(setup, QPushButton, "createButton").click()
    _wait(lambda: controller.is_unlocked, "creating the vault")
    step("created an encrypted vault")

    window = controller.main_window
    if window is None:
        raise SelfCheckFailed("the main window did not open")
    group = controller.notes.add_group("Self-check group")
    session = controller.notes.add_session(group.id, dt.date.today())
    window.load(group.id, session.id)
    _wait(lambda: window.session_panel.session_id == session.id, "opening a session")
    window.session_panel.editor.editors["case"].setPlainText(note)
    _wait(lambda: controller.notes.reflection(session.id).sections.get("case") == note, "saving")
    step("wrote and saved a note")

    controller.lock()
    if controller.is_unlocked or window.session_panel.editor.editors:
        raise SelfCheckFailed("locking left the note on screen")
    controller.unlock(passphrase)
    _wait(lambda: controller.is_unlocked, "unlocking")
    editors = window.session_panel.editor.editors
    _wait(lambda: "case" in editors and editors["case"].toPlainText() == note, "reopening")
    step("locked and unlocked; the note came back")

    window.search_edit.setText(note.split()[-1])
    _wait(lambda: window.ui.searchResults.count() == 1, "searching")
    step("found the note by search")

    if not controller.shutdown():
        raise SelfCheckFailed("quitting: the note could not be saved")
    written = [path for path in folder.rglob("*") if path.is_file()]
    for path in written:
        data = path.read_bytes()
        if note.encode() in data or data.startswith(b"SQLite format 3"):
            raise SelfCheckFailed(f"{path.name} holds the note in plain text")
    step(f"quit; {len(written)} files on disk, none readable without the passphrase")


def _child(parent: QObject, kind: type[T], name: str) -> T:
    found = parent.findChild(kind, name)
    if found is None:
        raise SelfCheckFailed(f"{name} is missing")
    return found


def _wait(condition: Callable[[], bool], what: str) -> None:
    waited = 0
    while not condition():
        if waited >= TIMEOUT_MS:
            raise SelfCheckFailed(f"{what} did not finish in {TIMEOUT_MS // 1000} s")
        loop = QEventLoop()
        QTimer.singleShot(50, loop.quit)
        loop.exec()
        waited += 50
