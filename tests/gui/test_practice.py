"""Members, attendance and cases in the session pane, through the real dialogs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QTableWidget,
)
from pytestqt.qtbot import QtBot

from balint_desktop.app.controller import AppController
from tests.gui.helpers import find, find_open
from tests.gui.test_journey import texts_of_every_widget
from tests.gui.test_lock_and_save import unlocked_with_session


def save(dialog: QDialog, qtbot: QtBot) -> None:
    buttons = find(dialog, QDialogButtonBox, "buttonBox")
    qtbot.mouseClick(
        buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
    )


def test_roster_attendance_and_cases(qtbot: QtBot, start_app: Callable[..., AppController]) -> None:
    controller, session_id = unlocked_with_session(qtbot, start_app)
    window = controller.main_window
    assert window is not None
    ui = window.ui

    # Members, by initials.
    ui.membersAction.trigger()
    roster = find(window, QDialog, "rosterDialog")
    qtbot.waitUntil(roster.isVisible)
    for code, profession in (("P1", "GP registrar"), ("P2", "counsellor")):
        qtbot.keyClicks(find(roster, QLineEdit, "pseudonymEdit"), code)
        qtbot.keyClicks(find(roster, QLineEdit, "professionEdit"), profession)
        qtbot.mouseClick(find(roster, QPushButton, "saveMemberButton"), Qt.MouseButton.LeftButton)
    members = find(roster, QListWidget, "memberList")
    qtbot.waitUntil(lambda: members.count() == 2)
    assert members.item(0).text() == "P1 — GP registrar"
    # An empty code is refused with a message, nothing added.
    qtbot.mouseClick(find(roster, QPushButton, "saveMemberButton"), Qt.MouseButton.LeftButton)
    assert find(roster, QLabel, "errorLabel").isVisible()
    assert members.count() == 2
    roster.reject()

    # Attendance: everyone came.
    summary = ui.attendanceSummaryLabel
    assert summary.text() == "Not recorded"
    qtbot.mouseClick(ui.attendanceButton, Qt.MouseButton.LeftButton)
    attendance = find(window, QDialog, "attendanceDialog")
    qtbot.waitUntil(attendance.isVisible)
    qtbot.mouseClick(find(attendance, QPushButton, "allPresentButton"), Qt.MouseButton.LeftButton)
    save(attendance, qtbot)
    qtbot.waitUntil(lambda: summary.text() == "2 present")

    # A case: presenter, "the other" by pseudonym, the word fits the group.
    qtbot.mouseClick(ui.addCaseButton, Qt.MouseButton.LeftButton)
    case = find_open(window, QDialog, "caseDialog")
    presenter = find(case, QComboBox, "presenterCombo")
    presenter.setCurrentIndex(presenter.findText("P1"))
    qtbot.keyClicks(find(case, QLineEdit, "otherEdit"), "Mrs A")
    qtbot.keyClicks(find(case, QLineEdit, "summaryEdit"), "an older woman who will not rest")
    assert find(case, QComboBox, "otherKindCombo").currentData() == "patient"
    save(case, qtbot)
    qtbot.waitUntil(lambda: ui.caseList.count() == 1 and "Mrs A" in ui.caseList.item(0).text())
    assert ui.caseList.item(0).text() == (
        "P1 presented Mrs A, a patient: an older woman who will not rest"
    )

    # A month later the same case comes back: it follows the first.
    later = controller.notes.add_session(
        controller.notes.session(session_id).group_id, dt.date(2026, 4, 9)
    )
    window.load(None, later.id)
    qtbot.waitUntil(lambda: window.session_panel.session_id == later.id)
    qtbot.mouseClick(ui.addCaseButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(window.findChildren(QDialog, "caseDialog")))
    follow = find_open(window, QDialog, "caseDialog")
    follows = find(follow, QComboBox, "followsCombo")
    assert follows.count() == 2
    follows.setCurrentIndex(1)
    assert find(follow, QLineEdit, "otherEdit").text() == "Mrs A"
    save(follow, qtbot)
    qtbot.waitUntil(lambda: "follow-up" in ui.caseList.item(0).text())
    [second] = controller.notes.presentations(later.id)
    assert controller.vault is not None
    thread = controller.vault.case_thread(second.id)
    assert [s.id for s, _ in thread] == [session_id, later.id]

    # Remove it again.
    ui.caseList.setCurrentRow(0)
    confirm = window.practice_panel.remove_case()
    assert confirm is not None
    confirm.button(QMessageBox.StandardButton.Cancel).click()
    assert len(controller.notes.presentations(later.id)) == 1  # asked first; kept
    confirm = window.practice_panel.remove_case()
    assert confirm is not None
    next(b for b in confirm.buttons() if b.text() == "Remove").click()
    qtbot.waitUntil(lambda: controller.notes.presentations(later.id) == [])

    # Locking forgets members and cases on screen too.
    window.load(None, session_id)
    qtbot.waitUntil(lambda: "Mrs A" in ui.caseList.item(0).text())
    controller.lock()
    assert [w for w, text in texts_of_every_widget() if "Mrs A" in text or "P1" in text] == []


def test_a_fourth_case_cannot_be_added(
    qtbot: QtBot, start_app: Callable[..., AppController]
) -> None:
    controller, session_id = unlocked_with_session(qtbot, start_app)
    window = controller.main_window
    assert window is not None
    for name in ("A", "B", "C"):
        controller.notes.add_presentation(session_id, other_pseudonym=name)
    qtbot.waitUntil(lambda: window.ui.caseList.count() == 3)
    assert not window.ui.addCaseButton.isEnabled()


def test_only_someone_who_came_can_have_presented(
    qtbot: QtBot, start_app: Callable[..., AppController]
) -> None:
    controller, session_id = unlocked_with_session(qtbot, start_app)
    window = controller.main_window
    assert window is not None
    group_id = controller.notes.session(session_id).group_id
    controller.notes.add_member(group_id, "P1")
    qtbot.mouseClick(window.ui.attendanceButton, Qt.MouseButton.LeftButton)
    dialog = find_open(window, QDialog, "attendanceDialog")
    table = dialog.findChild(QTableWidget, "attendanceTable")
    assert table is not None
    combo, presented = table.cellWidget(0, 1), table.cellWidget(0, 2)
    assert isinstance(combo, QComboBox)
    assert isinstance(presented, QCheckBox)
    combo.setCurrentIndex(combo.findData("present"))
    presented.setChecked(True)
    combo.setCurrentIndex(combo.findData("apology"))
    assert not presented.isChecked()
    assert not presented.isEnabled()
    save(dialog, qtbot)
    qtbot.waitUntil(lambda: window.ui.attendanceSummaryLabel.text() == "0 present · 1 apology")


def test_deleting_a_session_and_a_group_asks_first(
    qtbot: QtBot, start_app: Callable[..., AppController]
) -> None:
    controller, session_id = unlocked_with_session(qtbot, start_app)
    window = controller.main_window
    assert window is not None
    controller.notes.save_reflection(session_id, {"case": "uniquewordzz"})
    box = window.delete_session()
    assert box is not None
    # Cancel keeps everything.
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert controller.notes.vault.search("uniquewordzz")
    box = window.delete_session()
    assert box is not None
    delete = next(b for b in box.buttons() if b.text() == "Delete")
    delete.click()
    qtbot.waitUntil(lambda: window.session_panel.session_id is None)
    assert controller.notes.vault.search("uniquewordzz") == []
    assert window.ui.sessionList.count() == 0
    box = window.delete_group()
    assert box is not None
    next(b for b in box.buttons() if b.text() == "Delete").click()
    qtbot.waitUntil(lambda: window.ui.groupList.count() == 0)


def test_case_thread_and_the_last_follow_up(
    qtbot: QtBot, start_app: Callable[..., AppController]
) -> None:
    controller, first_id = unlocked_with_session(qtbot, start_app)
    window = controller.main_window
    assert window is not None
    notes = controller.notes
    group_id = notes.session(first_id).group_id
    first_case = notes.add_presentation(first_id, other_pseudonym="Mrs A", summary="first time")
    notes.save_reflection(first_id, {"case": "Mrs A at first", "follow_up": "Ask P1 about Mrs A"})
    second = notes.add_session(group_id, dt.date(2026, 4, 9))
    # Starting the next session shows what the last one left to follow up.
    window.load(None, second.id)
    qtbot.waitUntil(lambda: window.session_panel.session_id == second.id)
    label = window.ui.previousFollowUpLabel
    assert label.isVisible()
    assert "Ask P1 about Mrs A" in label.text()
    assert "12 Mar 2026" in label.text()
    notes.add_presentation(second.id, other_pseudonym="Mrs A", follows_id=first_case.id)
    notes.save_reflection(second.id, {"case": "Mrs A again: what happened since"})
    window.session_panel.reload()
    assert not label.isVisible()  # a session under way shows no reminder
    # The thread: both sessions, oldest first; opening one goes there.
    window.ui.caseList.setCurrentRow(0)
    dialog = window.practice_panel.show_thread()
    assert dialog is not None
    thread = find(dialog, QListWidget, "threadList")
    assert [thread.item(i).text() for i in range(thread.count())] == [
        "12 Mar 2026 — Mrs A",
        "9 Apr 2026 — Mrs A",
    ]
    thread.setCurrentRow(0)
    assert "Mrs A at first" in dialog.ui.detailBrowser.toPlainText()
    qtbot.mouseClick(find(dialog, QPushButton, "openSessionButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.session_panel.session_id == first_id)
