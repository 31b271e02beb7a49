"""`balint-desktop [--vault DIR] [--demo]` and `python -m balint_desktop`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from balint_desktop.app.paths import default_vault_dir


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """Parse the command line of the desktop app."""
    parser = argparse.ArgumentParser(
        prog="balint-desktop", description="Encrypted reflective notes for Balint group leaders."
    )
    parser.add_argument("--vault", type=Path, help="vault folder (default: %(default)s)")
    parser.add_argument(
        "--demo", action="store_true", help="open a throwaway vault with fictional sample data"
    )
    parser.add_argument("--version", action="version", version="%(prog)s 0.1.0")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Start the desktop app and run its event loop."""
    args = parse_args(argv)
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from balint_desktop.views.forms import balint_rc  # noqa: F401 - registers :/ resources
    from balint_desktop.views.placeholder_window import PlaceholderWindow

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("Balint Desktop")
    app.setWindowIcon(QIcon(":/icons/balint-desktop.svg"))
    window = PlaceholderWindow(args.vault or default_vault_dir())
    window.show()
    return int(app.exec())


if __name__ == "__main__":
    sys.exit(main())
