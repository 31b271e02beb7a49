"""Entry point of the built desktop app (PyInstaller runs this file)."""

import sys

from balint_desktop.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
