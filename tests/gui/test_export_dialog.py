"""Share ▸ Export or print: a redacted plaintext copy, only after a warning (T13)."""

from __future__ import annotations

import datetime as dt
import re
import stat
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
)
from pytestqt.qtbot import QtBot

from balint_desktop.app.controller import AppController
from balint_desktop.views.widgets import save_path
from tests.gui.helpers import find, find_open
from tests.gui.pdf_text import pdf_text
from tests.gui.test_lock_and_save import unlocked_with_session

CASE_CANARY = "marrowbone"
PRIVATE_CANARY = "quillfeather"
LATER_CANARY = "tidewrack"
OUTSIDE_CANARY = "hollowstem"
LEFT = Qt.MouseButton.LeftButton


class Exporting:
    """The app unlocked on a written session, and the export window open."""

    def __init__(self, qtbot: QtBot, controller: AppController, session_id: int) -> None:
        self.qtbot = qtbot
        self.controller = controller
        self.session_id = session_id
        window = controller.main_window
        assert window is not None
        self.window = window
        self.dialog: QDialog | None = None

    def open(self) -> QDialog:
        self.window.ui.exportSessionAction.trigger()
        self.dialog = find_open(self.window, QDialog, "exportDialog")
        self.qtbot.waitUntil(self.dialog.isVisible)
        return self.dialog

    def click(self, kind: type[QAbstractButton], name: str) -> None:
        assert self.dialog is not None
        button = find(self.dialog, kind, name)
        # A check box or radio reacts on its box and words only, not across its full width.
        where = QPoint(8, button.height() // 2) if kind is not QPushButton else QPoint()
        self.qtbot.mouseClick(button, LEFT, pos=where)

    def label(self, name: str) -> QLabel:
        assert self.dialog is not None
        return find(self.dialog, QLabel, name)

    def question(self, name: str) -> QMessageBox:
        assert self.dialog is not None
        self.qtbot.waitUntil(lambda: bool(self._open_boxes(name)))
        return self._open_boxes(name)[0]

    def has_question(self, name: str) -> bool:
        return bool(self._open_boxes(name))

    def _open_boxes(self, name: str) -> list[QMessageBox]:
        assert self.dialog is not None
        return [b for b in self.dialog.findChildren(QMessageBox, name) if b.isVisible()]

    def answer(self, box: QMessageBox, text: str) -> None:
        button = next(b for b in box.buttons() if b.text().replace("&", "") == text)
        self.qtbot.mouseClick(button, LEFT)
        self.qtbot.waitUntil(lambda: not box.isVisible())


@pytest.fixture
def exporting(qtbot: QtBot, start_app: Callable[..., AppController]) -> Exporting:
    controller, session_id = unlocked_with_session(qtbot, start_app)
    vault = controller.notes.vault
    group_id = vault.session(session_id).group_id
    vault.update_group(group_id, co_leader="Dr Bea Quinlan")
    member = vault.add_member(group_id, "Anna Smith")
    vault.add_presentation(session_id, presenter_id=member.id, other_pseudonym="Mrs A")
    vault.save_reflection(
        session_id,
        {
            "case": f"Anna Smith presented {CASE_CANARY}; Quinlan kept time.",
            "my_responses": f"I felt {PRIVATE_CANARY}.",
        },
    )
    return Exporting(qtbot, controller, session_id)


def saving_to(monkeypatch: pytest.MonkeyPatch, target: Path | None) -> list[str]:
    """Answer the save question with `target`; return the names it suggested."""
    suggested: list[str] = []

    def choose(_parent: object, _title: str, name: str, _pattern: str) -> Path | None:
        suggested.append(name)
        return target

    monkeypatch.setattr(save_path, "choose_save_path", choose)
    return suggested


def assert_private_to_owner(path: Path) -> None:
    if sys.platform != "win32":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_pdf_is_written_only_after_the_warning_and_holds_no_private_text_or_names(
    exporting: Exporting, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "notes.pdf"
    suggested = saving_to(monkeypatch, target)
    dialog = exporting.open()
    assert exporting.label("countLabel").text() == "1 session"
    warning = exporting.label("warningLabel")
    assert warning.isVisible()
    assert "NOT encrypted" in warning.text()
    assert not find(dialog, QCheckBox, "namesCheck").isChecked()
    # There is nothing to tick that would keep the private section (T13).
    assert dialog.findChild(QCheckBox, "privateCheck") is None
    assert not any("private" in box.text().lower() for box in dialog.findChildren(QCheckBox))

    exporting.click(QPushButton, "exportButton")
    box = exporting.question("plaintextWarning")
    assert "unencrypted" in box.text()
    assert not target.exists()  # nothing leaves before the answer
    assert suggested == []

    exporting.answer(box, "Save unencrypted copy")
    exporting.qtbot.waitUntil(target.exists)
    assert re.fullmatch(r"session-notes-\d{4}-\d\d-\d\d\.pdf", suggested[0])
    text = pdf_text(target.read_bytes())
    assert f"[member] presented {CASE_CANARY}; [co-leader] kept time." in text
    assert "presented by [member]" in text
    assert "Thursday 12 March 2026" in text
    assert PRIVATE_CANARY not in text
    for name in ("Anna", "Smith", "Quinlan"):
        assert name not in text
    assert_private_to_owner(target)
    assert exporting.label("statusLabel").text() == "Saved as notes.pdf. It is not encrypted."
    assert dialog.isVisible()


def test_a_date_range_goes_to_markdown_with_names_stripped(
    exporting: Exporting, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault = exporting.controller.notes.vault
    group_id = vault.session(exporting.session_id).group_id
    later = vault.add_session(group_id, dt.date(2026, 4, 9))
    vault.save_reflection(later.id, {"follow_up": f"Ask Anna about {LATER_CANARY}."})
    outside = vault.add_session(group_id, dt.date(2026, 6, 1))
    vault.save_reflection(outside.id, {"case": OUTSIDE_CANARY})
    target = tmp_path / "notes.md"
    saving_to(monkeypatch, target)
    dialog = exporting.open()

    exporting.click(QRadioButton, "rangeRadio")
    find(dialog, QDateEdit, "fromEdit").setDate(QDate(2026, 3, 1))
    find(dialog, QDateEdit, "toEdit").setDate(QDate(2026, 4, 30))
    count = exporting.label("countLabel")
    exporting.qtbot.waitUntil(lambda: count.text() == "2 sessions")
    exporting.click(QRadioButton, "markdownRadio")
    exporting.click(QPushButton, "exportButton")
    exporting.answer(exporting.question("plaintextWarning"), "Save unencrypted copy")
    exporting.qtbot.waitUntil(target.exists)

    text = target.read_text(encoding="utf-8")
    assert CASE_CANARY in text
    assert f"Ask [member] about {LATER_CANARY}." in text
    assert text.index("Thursday 12 March 2026") < text.index("Thursday 9 April 2026")
    for absent in (OUTSIDE_CANARY, PRIVATE_CANARY, "Anna", "Quinlan"):
        assert absent not in text
    assert_private_to_owner(target)

    # A range with nothing in it cannot be exported.
    find(dialog, QDateEdit, "fromEdit").setDate(QDate(2026, 5, 1))
    find(dialog, QDateEdit, "toEdit").setDate(QDate(2026, 5, 31))
    exporting.qtbot.waitUntil(lambda: count.text() == "No sessions between these dates.")
    assert not find(dialog, QPushButton, "exportButton").isEnabled()


def test_cancel_at_the_warning_writes_nothing(
    exporting: Exporting, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    suggested = saving_to(monkeypatch, tmp_path / "notes.pdf")
    before = sorted(tmp_path.iterdir())
    dialog = exporting.open()
    exporting.click(QPushButton, "exportButton")
    exporting.answer(exporting.question("plaintextWarning"), "Cancel")
    assert suggested == []  # not even asked where
    assert sorted(tmp_path.iterdir()) == before
    assert dialog.isVisible()


def test_the_guard_names_what_may_identify_and_lets_the_leader_go_back(
    exporting: Exporting, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault = exporting.controller.notes.vault
    vault.save_reflection(exporting.session_id, {"follow_up": "Her number is 0412 345 678."})
    target = tmp_path / "notes.md"
    suggested = saving_to(monkeypatch, target)
    exporting.open()
    exporting.click(QRadioButton, "markdownRadio")

    exporting.click(QPushButton, "exportButton")
    notice = exporting.question("identifierWarning")
    assert "1 phone number" in notice.text()
    assert "0412" not in notice.text()  # the kind, not the text
    exporting.answer(notice, "Go back")
    assert not exporting.has_question("plaintextWarning")
    assert suggested == []

    exporting.click(QPushButton, "exportButton")
    exporting.answer(exporting.question("identifierWarning"), "Go on")
    exporting.answer(exporting.question("plaintextWarning"), "Save unencrypted copy")
    exporting.qtbot.waitUntil(target.exists)
    assert "0412 345 678" in target.read_text(encoding="utf-8")  # told, not censored


def test_names_kept_on_request_are_still_pointed_out(
    exporting: Exporting, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "notes.md"
    saving_to(monkeypatch, target)
    dialog = exporting.open()
    exporting.click(QRadioButton, "markdownRadio")
    exporting.click(QCheckBox, "namesCheck")
    warning = exporting.label("warningLabel").text()
    assert "include members' names" in warning
    assert "private" not in warning

    exporting.click(QPushButton, "exportButton")
    notice = exporting.question("identifierWarning")
    assert "name" in notice.text()
    exporting.answer(notice, "Go on")
    exporting.answer(exporting.question("plaintextWarning"), "Save unencrypted copy")
    exporting.qtbot.waitUntil(target.exists)
    text = target.read_text(encoding="utf-8")
    assert "Anna Smith presented" in text
    assert PRIVATE_CANARY not in text
    assert dialog.isVisible()


def test_an_unwritable_folder_is_said_plainly_and_the_window_stays(
    exporting: Exporting, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    saving_to(monkeypatch, tmp_path / "gone" / "notes.pdf")
    dialog = exporting.open()
    exporting.click(QPushButton, "exportButton")
    exporting.answer(exporting.question("plaintextWarning"), "Save unencrypted copy")
    error = exporting.label("errorLabel")
    exporting.qtbot.waitUntil(error.isVisible)
    assert "could not be saved there" in error.text()
    assert CASE_CANARY not in error.text()
    assert dialog.isVisible()
    # The window grew for the message; the fields above were not squeezed.
    for edit in dialog.findChildren(QDateEdit):
        assert edit.height() >= edit.sizeHint().height(), edit.objectName()
    assert not (tmp_path / "gone").exists()

    # Another folder works, and the error goes.
    saving_to(monkeypatch, tmp_path / "notes.pdf")
    exporting.click(QPushButton, "exportButton")
    exporting.answer(exporting.question("plaintextWarning"), "Save unencrypted copy")
    exporting.qtbot.waitUntil((tmp_path / "notes.pdf").exists)
    assert not error.isVisible()


def print_to_pdf(exporting: Exporting, printed: Path) -> None:
    """Answer Qt's own print dialog (no printer here) by printing to a PDF file."""
    assert exporting.dialog is not None
    printing = find_open(exporting.dialog, QPrintDialog, "printDialog")
    printers = find(printing, QComboBox, "printers")
    pdf_entry = next(i for i in range(printers.count()) if "PDF" in printers.itemText(i))
    printers.setCurrentIndex(pdf_entry)
    find(printing, QLineEdit, "filename").setText(str(printed))
    printing.accept()
    status = exporting.label("statusLabel")
    exporting.qtbot.waitUntil(status.isVisible)
    assert status.text() == "Sent to the printer."


def test_printing_warns_about_the_spooler_and_prints_the_redacted_copy(
    exporting: Exporting, tmp_path: Path
) -> None:
    dialog = exporting.open()
    exporting.click(QRadioButton, "printerRadio")
    assert "print system" in exporting.label("warningLabel").text()
    assert find(dialog, QPushButton, "exportButton").text() == "&Print…"
    exporting.click(QPushButton, "exportButton")
    box = exporting.question("plaintextWarning")
    assert "print system" in box.text()
    assert not dialog.findChildren(QPrintDialog)  # nothing printed before the answer
    exporting.answer(box, "Print")
    printed = tmp_path / "printed.pdf"
    print_to_pdf(exporting, printed)

    assert stat.S_IMODE(printed.stat().st_mode) == 0o600  # printing to a file: yours alone
    text = pdf_text(printed.read_bytes())
    assert f"[member] presented {CASE_CANARY}" in text
    assert PRIVATE_CANARY not in text
    assert "Anna" not in text


def test_locking_while_the_warning_is_open_closes_it_and_writes_nothing(
    exporting: Exporting, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    suggested = saving_to(monkeypatch, tmp_path / "notes.pdf")
    dialog = exporting.open()
    exporting.click(QPushButton, "exportButton")
    box = exporting.question("plaintextWarning")
    exporting.controller.lock()

    def gone(widget: QDialog) -> bool:
        return not shiboken6.isValid(widget) or not widget.isVisible()

    exporting.qtbot.waitUntil(lambda: gone(box) and gone(dialog))
    assert suggested == []
    assert not (tmp_path / "notes.pdf").exists()


@pytest.mark.parametrize("output", ["pdfRadio", "markdownRadio", "printerRadio"])
@pytest.mark.parametrize("keep_group_name", [True, False], ids=["group-name", "no-group-name"])
def test_no_output_ever_holds_the_private_section(
    exporting: Exporting,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    output: str,
    keep_group_name: bool,
) -> None:
    target = tmp_path / "copy"
    saving_to(monkeypatch, target)
    dialog = exporting.open()
    exporting.click(QRadioButton, output)
    exporting.click(QCheckBox, "namesCheck")  # the most a copy can keep
    find(dialog, QCheckBox, "groupNameCheck").setChecked(keep_group_name)
    exporting.click(QPushButton, "exportButton")
    exporting.answer(exporting.question("identifierWarning"), "Go on")  # names kept
    printing = output == "printerRadio"
    exporting.answer(
        exporting.question("plaintextWarning"), "Print" if printing else "Save unencrypted copy"
    )
    if printing:
        print_to_pdf(exporting, target)
    exporting.qtbot.waitUntil(target.exists)

    data = target.read_bytes()
    text = data.decode("utf-8") if output == "markdownRadio" else pdf_text(data)
    assert f"Anna Smith presented {CASE_CANARY}" in text  # not vacuous: names were kept
    assert PRIVATE_CANARY not in text
    assert "My own responses" not in text


def test_the_encrypted_archive_is_offered_instead(exporting: Exporting) -> None:
    dialog = exporting.open()
    hint = exporting.label("archiveHintLabel")
    assert hint.isVisible()
    assert hint.text() == "For a copy you keep, an encrypted archive is safer."
    button = find(dialog, QPushButton, "archiveButton")
    assert button.text().replace("&", "") == "Archive with a passphrase…"
    # Above the plaintext warning, so it is read first.
    warning = exporting.label("warningLabel")
    assert hint.y() + hint.height() <= warning.y()
    assert button.y() + button.height() <= warning.y()

    exporting.click(QPushButton, "archiveButton")
    archive = find_open(exporting.window, QDialog, "archiveDialog")
    exporting.qtbot.waitUntil(archive.isVisible)
    assert archive.parentWidget() is exporting.window  # as Share ▸ Archive opens it
    exporting.qtbot.waitUntil(lambda: not shiboken6.isValid(dialog) or not dialog.isVisible())
    group_id = exporting.controller.notes.vault.session(exporting.session_id).group_id
    assert find(archive, QComboBox, "groupCombo").currentData() == group_id
