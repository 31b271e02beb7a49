"""`balint-desktop [--vault DIR] [--demo] [--self-check]` and `python -m balint_desktop`."""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from balint_desktop.app.paths import default_vault_dir
from balint_desktop.core.about import version_line
from balint_desktop.core.process import disable_core_dumps

#: The demo vault holds only fictional notes and is deleted on exit.
if TYPE_CHECKING:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from balint_desktop.app.controller import AppController

DEMO_PASSPHRASE = "demo"  # noqa: S105 - not a secret, shown in the demo's unlock window


DEMO_TITLE = "Balint Desktop — Demo"


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """Parse the command line of the desktop app."""
    parser = argparse.ArgumentParser(
        prog="balint-desktop", description="Encrypted reflective notes for Balint group leaders."
    )
    parser.add_argument("--vault", type=Path, help="vault folder (default: your user data folder)")
    parser.add_argument(
        "--demo", action="store_true", help="open a throwaway vault with fictional sample data"
    )
    parser.add_argument(
        "--self-check",
        action="store_true",
        help="check this installation in a throwaway vault (create, write, lock, find) and quit",
    )
    parser.add_argument(
        "--report-startup",
        action="store_true",
        help="print when the first window was painted (seconds since the epoch) and quit",
    )
    parser.add_argument("--version", action="version", version=version_line())
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Start the desktop app and run its event loop."""
    args = parse_args(argv)
    disable_core_dumps()
    from PySide6.QtWidgets import QApplication

    from balint_desktop import app as gui

    existing = QApplication.instance()
    qt_app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    if args.self_check:
        from balint_desktop.app.self_check import run_self_check

        return run_self_check(sys.stdout)
    if args.demo:
        return _run_demo(qt_app)
    if args.report_startup:
        from balint_desktop.app.first_paint import FirstPaint

        qt_app.installEventFilter(FirstPaint(sys.stdout, qt_app))
    gui.start(args.vault or default_vault_dir())
    return int(qt_app.exec())


def open_demo(folder: Path, today: dt.date) -> AppController:
    """Fill a vault in `folder` with fictional notes and open it in the app."""
    from balint_desktop import app as gui
    from balint_desktop.core.demo import populate_demo
    from balint_desktop.core.vault import Vault
    from balint_desktop.crypto.kdf import KdfParams

    vault = Vault.create(folder / "vault", DEMO_PASSPHRASE, KdfParams.for_tests())
    try:
        populate_demo(vault, today=today)
    finally:
        vault.close()
    controller = gui.start(
        folder / "vault", KdfParams.for_tests(), title=DEMO_TITLE, settings=_demo_settings(folder)
    )
    controller.hint = f"Demo passphrase: {DEMO_PASSPHRASE}"
    controller.unlock(DEMO_PASSPHRASE)
    return controller


def _demo_settings(folder: Path) -> QSettings:
    # The demo must not change the leader's own preferences.
    from PySide6.QtCore import QSettings

    return QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)


def _run_demo(qt_app: QApplication) -> int:
    """Run the demo; its folder is deleted when the app closes."""
    folder = Path(tempfile.mkdtemp(prefix="balint-demo-"))
    try:
        open_demo(folder, dt.date.today())
        return int(qt_app.exec())
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
