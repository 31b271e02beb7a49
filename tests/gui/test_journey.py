"""The whole journey a leader takes, driven through the real widgets.

setup → new group → new session → type in two sections → autosave → lock →
wrong passphrase → unlock → search finds the text → open the result.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from balint_desktop.app.controller import AppController
from tests.gui.conftest import STRONG
from tests.gui.helpers import find, has_visible_dialog


def texts_of_every_widget() -> list[tuple[str, str]]:
    """Return (widget name, text) for every text a live widget holds."""
    texts: list[tuple[str, str]] = []
    for widget in QApplication.allWidgets():
        name = f"{type(widget).__name__}#{widget.objectName()}"
        if isinstance(widget, QLineEdit | QLabel):
            texts.append((name, widget.text()))
        elif isinstance(widget, QPlainTextEdit | QTextEdit):
            texts.append((name, widget.toPlainText()))
        elif isinstance(widget, QListWidget):
            texts += [(name, widget.item(i).text()) for i in range(widget.count())]
        elif isinstance(widget, QComboBox):
            texts += [(name, widget.itemText(i)) for i in range(widget.count())]
            texts.append((name, widget.currentText()))
        texts.append((name, widget.windowTitle()))
        texts.append((name, widget.toolTip()))
        texts.append((name, widget.accessibleName()))
    return texts


def click_button(
    box: QDialogButtonBox, which: QDialogButtonBox.StandardButton, qtbot: QtBot
) -> None:
    qtbot.mouseClick(box.button(which), Qt.MouseButton.LeftButton)


def create_vault(qtbot: QtBot, controller: AppController) -> None:
    setup = controller.setup_dialog
    assert setup is not None
    assert setup.isVisible()
    qtbot.keyClicks(find(setup, QLineEdit, "passphraseEdit"), STRONG)
    qtbot.keyClicks(find(setup, QLineEdit, "confirmEdit"), STRONG)
    qtbot.mouseClick(find(setup, QPushButton, "createButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: controller.is_unlocked, timeout=20_000)


def test_whole_journey(qtbot: QtBot, start_app: Callable[..., AppController]) -> None:
    group_name = f"Group {secrets.token_hex(3)}"
    case_text = f"The registrar's tiredness {secrets.token_hex(4)}"
    relationship_text = f"We imagined a lighthouse keeper {secrets.token_hex(4)}"
    controller = start_app()

    # Setup: the first window asks for a passphrase and says where notes live.
    create_vault(qtbot, controller)
    window = controller.main_window
    assert window is not None
    qtbot.waitUntil(lambda: has_visible_dialog("suggestionsDialog") or window.isVisible())

    # First run offers the three usual groups; skip them.
    qtbot.waitUntil(lambda: find(window, QDialog, "suggestionsDialog") is not None)
    suggestions = find(window, QDialog, "suggestionsDialog")
    qtbot.waitUntil(suggestions.isVisible)
    buttons = find(suggestions, QDialogButtonBox, "buttonBox")
    click_button(buttons, QDialogButtonBox.StandardButton.Cancel, qtbot)
    assert window.ui.groupList.count() == 0

    # New group (Ctrl+Shift+N).
    window.ui.newGroupAction.trigger()
    group_dialog = find(window, QDialog, "groupDialog")
    qtbot.waitUntil(group_dialog.isVisible)
    qtbot.keyClicks(find(group_dialog, QLineEdit, "nameEdit"), group_name)
    click_button(
        find(group_dialog, QDialogButtonBox, "buttonBox"),
        QDialogButtonBox.StandardButton.Save,
        qtbot,
    )
    qtbot.waitUntil(lambda: window.ui.groupList.count() == 1)
    assert window.ui.groupList.currentItem().text() == group_name

    # New session (Ctrl+N) for today.
    window.ui.newSessionAction.trigger()
    session_dialog = find(window, QDialog, "sessionDialog")
    qtbot.waitUntil(session_dialog.isVisible)
    click_button(
        find(session_dialog, QDialogButtonBox, "buttonBox"),
        QDialogButtonBox.StandardButton.Save,
        qtbot,
    )
    qtbot.waitUntil(lambda: window.ui.sessionList.count() == 1)
    qtbot.waitUntil(lambda: window.session_panel.session_id is not None)

    # Type in two sections; the indicator says Saved about a second later.
    editor = window.ui.reflectionEditor
    case = find(editor, QPlainTextEdit, "section_case")
    relationship = find(editor, QPlainTextEdit, "section_relationship")
    assert case.placeholderText().startswith("Presenter (code)")
    qtbot.keyClicks(case, case_text)
    qtbot.keyClicks(relationship, relationship_text)
    status = find(window, QLabel, "saveStatusLabel")
    qtbot.waitUntil(lambda: status.text() == "Saved", timeout=5000)
    session_id = window.session_panel.session_id
    assert session_id is not None
    saved = controller.notes.reflection(session_id).sections
    assert saved == {"case": case_text, "relationship": relationship_text}

    # Lock (Ctrl+L): the unlock window shows, no widget holds note text,
    # no editor can undo, and no title names the group.
    window.ui.lockAction.trigger()
    qtbot.waitUntil(lambda: controller.unlock_dialog is not None)
    unlock = controller.unlock_dialog
    assert unlock is not None
    qtbot.waitUntil(unlock.isVisible)
    assert not controller.is_unlocked
    assert not window.isVisible()
    for secret in (case_text, relationship_text, group_name):
        assert [w for w, text in texts_of_every_widget() if secret in text] == []
    for widget in QApplication.allWidgets():
        if isinstance(widget, QPlainTextEdit | QTextEdit):
            assert not widget.document().isUndoAvailable(), widget.objectName()
        elif isinstance(widget, QLineEdit):
            assert not widget.isUndoAvailable(), widget.objectName()

    # A wrong passphrase: a calm message, the field cleared.
    field = find(unlock, QLineEdit, "passphraseEdit")
    error = find(unlock, QLabel, "errorLabel")
    qtbot.keyClicks(field, "not the passphrase")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: error.isVisible() and error.text() != "", timeout=10_000)
    assert "did not unlock" in error.text() or "passphrase" in error.text().lower()
    assert field.text() == ""
    assert not controller.is_unlocked

    # The right one: back to the same group and session.
    unlock_button = find(unlock, QPushButton, "unlockButton")
    qtbot.keyClicks(field, STRONG)
    qtbot.waitUntil(unlock_button.isEnabled, timeout=5000)
    qtbot.mouseClick(unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: controller.is_unlocked, timeout=10_000)
    qtbot.waitUntil(window.isVisible)
    assert window.session_panel.session_id == session_id
    # The editors were destroyed on lock and rebuilt from the vault.
    assert find(editor, QPlainTextEdit, "section_case").toPlainText() == case_text

    # Search as you type finds the text; opening the hit shows it highlighted.
    word = relationship_text.split()[-1]
    window.ui.sessionList.setCurrentRow(-1)
    qtbot.keyClicks(window.search_edit, word)
    results = window.ui.searchResults
    qtbot.waitUntil(lambda: results.count() == 1, timeout=5000)
    assert window.ui.middleStack.currentWidget() is window.ui.searchPage
    qtbot.mouseClick(
        results.viewport(),
        Qt.MouseButton.LeftButton,
        pos=results.visualItemRect(results.item(0)).center(),
    )
    qtbot.waitUntil(lambda: window.session_panel.session_id == session_id)
    relationship = find(editor, QPlainTextEdit, "section_relationship")
    highlighted = [s.cursor.selectedText() for s in relationship.extraSelections()]
    assert highlighted == [word]
    assert relationship.hasFocus() or QApplication.focusWidget() is relationship


def test_titles_never_name_a_group_or_note(
    qtbot: QtBot, start_app: Callable[..., AppController]
) -> None:
    controller = start_app()
    create_vault(qtbot, controller)
    canary = f"Canary {secrets.token_hex(4)}"
    group = controller.notes.add_group(canary)
    session = controller.notes.add_session(group.id, __import__("datetime").date(2026, 2, 3))
    controller.notes.save_reflection(session.id, {"case": canary})
    window = controller.main_window
    assert window is not None
    window.load(group.id, session.id)
    qtbot.waitUntil(lambda: window.session_panel.session_id == session.id)
    titles = [w.windowTitle() for w in QApplication.topLevelWidgets()]
    assert all(canary not in title for title in titles)
    assert window.windowTitle() == "Balint Desktop"


def widgets_named(root: QWidget, name: str) -> list[QWidget]:
    return [w for w in root.findChildren(QWidget) if w.objectName() == name]
