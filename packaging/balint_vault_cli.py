"""Entry point of the built `balint-vault` command (PyInstaller runs this file)."""

import sys

from balint_desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
