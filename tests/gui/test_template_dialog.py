"""A group's reflection template, edited through its window."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
)
from pytestqt.qtbot import QtBot

from balint_desktop.app.controller import AppController
from balint_desktop.views.main_window import MainWindow
from tests.gui.helpers import find, find_open
from tests.gui.test_lock_and_save import unlocked_with_session


def shown(window: MainWindow) -> list[str]:
    """Return the keys of the section editors in the session pane, top to bottom."""
    return list(window.session_panel.editor.editors)


def test_rewording_a_prompt_makes_a_version_and_old_sessions_keep_theirs(
    qtbot: QtBot, start_app: Callable[..., AppController]
) -> None:
    controller, old_session = unlocked_with_session(qtbot, start_app)
    window = controller.main_window
    assert window is not None
    notes = controller.notes
    group_id = notes.session(old_session).group_id

    window.ui.templateAction.trigger()
    dialog = find_open(window, QDialog, "templateDialog")
    qtbot.waitUntil(dialog.isVisible)
    sections = find(dialog, QListWidget, "sectionList")
    assert sections.count() == 9
    assert sections.item(0).text() == "Arrival and atmosphere"
    assert "(private)" in sections.item(6).text()
    assert "default wording" in find(dialog, QLabel, "versionLabel").text()

    # Reword the first title and prompt, move "The case" to the top, leave out
    # the presenter's return.
    title = find(dialog, QLineEdit, "titleEdit")
    title.selectAll()
    qtbot.keyClicks(title, "Who came <b>in</b>")
    prompt = find(dialog, QPlainTextEdit, "promptEdit")
    prompt.selectAll()
    qtbot.keyClicks(prompt, "Names by code only")
    assert sections.item(0).text() == "Who came <b>in</b>"
    sections.setCurrentRow(1)
    qtbot.mouseClick(find(dialog, QPushButton, "upButton"), Qt.MouseButton.LeftButton)
    assert sections.currentRow() == 0
    sections.item(5).setCheckState(Qt.CheckState.Unchecked)
    qtbot.mouseClick(find(dialog, QPushButton, "saveButton"), Qt.MouseButton.LeftButton)
    version = find(dialog, QLabel, "versionLabel")
    qtbot.waitUntil(lambda: version.text().startswith("Version 1 of this group's own template"))
    dialog.reject()

    # A new session is written to the new wording; the old one keeps its own.
    new = notes.add_session(group_id, dt.date(2026, 4, 9))
    window.load(group_id, new.id)
    qtbot.waitUntil(lambda: window.session_panel.session_id == new.id)
    qtbot.waitUntil(lambda: "presenter_return" not in shown(window))
    assert shown(window)[:2] == ["case", "atmosphere"]
    atmosphere = window.session_panel.editor.editors["atmosphere"]
    frame = atmosphere.parentWidget()
    assert frame is not None
    heading = find(frame, QLabel, "sectionTitle")
    assert heading.text() == "Who came <b>in</b>"
    assert heading.textFormat() == Qt.TextFormat.PlainText  # shown as typed, not as HTML
    assert atmosphere.placeholderText() == "Names by code only"
    assert [s.key for s in notes.template(new.id).sections][:2] == ["case", "atmosphere"]
    window.load(group_id, old_session)
    qtbot.waitUntil(lambda: window.session_panel.session_id == old_session)
    qtbot.waitUntil(lambda: "presenter_return" in shown(window))
    assert shown(window)[0] == "atmosphere"


def test_a_template_with_nothing_ticked_is_refused(
    qtbot: QtBot, start_app: Callable[..., AppController]
) -> None:
    controller, _ = unlocked_with_session(qtbot, start_app)
    window = controller.main_window
    assert window is not None
    window.ui.templateAction.trigger()
    dialog = find_open(window, QDialog, "templateDialog")
    sections = find(dialog, QListWidget, "sectionList")
    for row in range(sections.count()):
        sections.item(row).setCheckState(Qt.CheckState.Unchecked)
    qtbot.mouseClick(find(dialog, QPushButton, "saveButton"), Qt.MouseButton.LeftButton)
    error = find(dialog, QLabel, "errorLabel")
    qtbot.waitUntil(error.isVisible)
    assert "at least one section" in error.text()
    # What the leader ticked and typed is still there to fix.
    assert sections.count() == 9
    assert sections.item(0).checkState() == Qt.CheckState.Unchecked
    # Reset brings back the kind's wording.
    qtbot.mouseClick(find(dialog, QPushButton, "resetButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: sections.item(0).checkState() == Qt.CheckState.Checked)
    assert not error.isVisible()


def test_closing_with_unsaved_changes_asks_first(
    qtbot: QtBot, start_app: Callable[..., AppController]
) -> None:
    controller, _ = unlocked_with_session(qtbot, start_app)
    window = controller.main_window
    assert window is not None
    window.ui.templateAction.trigger()
    dialog = find_open(window, QDialog, "templateDialog")
    qtbot.waitUntil(dialog.isVisible)
    qtbot.keyClicks(find(dialog, QLineEdit, "titleEdit"), " and mood")
    close = find(dialog, QDialogButtonBox, "buttonBox").button(
        QDialogButtonBox.StandardButton.Close
    )

    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    ask = find_open(dialog, QMessageBox, "discardTemplate")
    qtbot.mouseClick(ask.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not ask.isVisible())
    assert dialog.isVisible()
    assert find(dialog, QLineEdit, "titleEdit").text() == "Arrival and atmosphere and mood"

    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    ask = find_open(dialog, QMessageBox, "discardTemplate")
    discard = next(b for b in ask.buttons() if b.text() == "Discard")
    qtbot.mouseClick(discard, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert controller.notes.vault.template_versions(controller.notes.groups()[0].id) == []
