"""Fixtures that start the real app against a temporary vault."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

import balint_desktop as bd
from balint_desktop import app as gui
from balint_desktop.app.controller import AppController
from tests.gui.exchange_helpers import CO_PASSPHRASE

STRONG = "lantern orbit quietly harbour 7 sparrows"


@pytest.fixture
def settings_store(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def start_app(
    qtbot: QtBot, tmp_path: Path, settings_store: QSettings
) -> Iterator[Callable[..., AppController]]:
    """Return a function that starts the app on `tmp_path/vault`."""
    started: list[AppController] = []

    def start(vault_dir: Path | None = None) -> AppController:
        controller = gui.start(
            vault_dir or tmp_path / "vault", bd.KdfParams.for_tests(), settings=settings_store
        )
        started.append(controller)
        return controller

    yield start
    for controller in started:
        controller.shutdown()
        for widget in (controller.main_window, controller.setup_dialog, controller.unlock_dialog):
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        controller.deleteLater()
    QApplication.processEvents()


@pytest.fixture
def co(tmp_path: Path) -> Iterator[bd.Vault]:
    """The co-leader's own vault, on "their" computer."""
    vault = bd.Vault.create(
        tmp_path / "co",
        CO_PASSPHRASE,
        kdf=bd.KdfParams.for_tests(),
    )
    yield vault
    vault.close()
