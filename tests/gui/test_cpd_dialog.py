"""A member's CPD statement, from the roster to a PDF."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDateEdit, QDialog, QLabel, QLineEdit, QListWidget, QPushButton
from pytestqt.qtbot import QtBot

from balint_desktop.app.controller import AppController
from balint_desktop.views.widgets import save_path
from tests.gui.helpers import find, find_open
from tests.gui.test_lock_and_save import unlocked_with_session


def test_a_member_s_cpd_statement_is_saved_as_a_pdf(
    qtbot: QtBot,
    start_app: Callable[..., AppController],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    controller, session_id = unlocked_with_session(qtbot, start_app)
    notes = controller.notes
    group_id = notes.session(session_id).group_id
    notes.vault.update_group(group_id, co_leader="Dr B. Co")
    member = notes.vault.add_member(group_id, "P1", profession="GP registrar")
    notes.vault.set_attendance(session_id, member.id, "present")
    window = controller.main_window
    assert window is not None

    window.ui.membersAction.trigger()
    roster = find_open(window, QDialog, "rosterDialog")
    cpd_button = find(roster, QPushButton, "cpdButton")
    assert not cpd_button.isEnabled()  # nobody chosen yet
    find(roster, QListWidget, "memberList").setCurrentRow(0)
    qtbot.waitUntil(cpd_button.isEnabled)
    qtbot.mouseClick(cpd_button, Qt.MouseButton.LeftButton)
    cpd = find_open(roster, QDialog, "cpdDialog")
    qtbot.waitUntil(cpd.isVisible)

    summary = find(cpd, QLabel, "summaryLabel")
    assert find(cpd, QLineEdit, "leadersEdit").text() == "Dr B. Co"
    # The default period is the twelve months to today; the session was in March 2026.
    from_edit = find(cpd, QDateEdit, "fromEdit")
    from_edit.setDate(QDate(2026, 1, 1))
    qtbot.waitUntil(lambda: summary.text() == "1 session(s) attended in this period, 1.5 hours.")

    # A period that ends before it starts: said plainly, nothing to save.
    find(cpd, QDateEdit, "toEdit").setDate(QDate(2025, 12, 1))
    error = find(cpd, QLabel, "errorLabel")
    qtbot.waitUntil(error.isVisible)
    assert "start before it ends" in error.text()
    save_button = find(cpd, QPushButton, "savePdfButton")
    assert not save_button.isEnabled()
    find(cpd, QDateEdit, "toEdit").setDate(QDate(2026, 12, 31))
    qtbot.waitUntil(save_button.isEnabled)
    assert not error.isVisible()

    qtbot.keyClicks(find(cpd, QLineEdit, "nameEdit"), "Dr Alison Example")
    target = tmp_path / "statement.pdf"
    monkeypatch.setattr(save_path, "choose_save_path", lambda *_: target)
    qtbot.mouseClick(save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(target.exists)
    assert target.read_bytes().startswith(b"%PDF-")
    assert summary.text() == "Saved as statement.pdf."
    statement = notes.vault.cpd_statement(member.id, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert statement.member_name == "P1"  # the typed name was not kept
