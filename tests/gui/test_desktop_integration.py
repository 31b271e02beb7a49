"""The rendered icons are reproducible, and the app names itself as its menu entry does."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QGuiApplication

from balint_desktop.app.controller import AppController

REPO = Path(__file__).resolve().parents[2]
PACKAGING = REPO / "packaging"
GENERATED = ("icons", "windows", "macos")


def make_icons(out: Path) -> dict[str, bytes]:
    subprocess.run(
        [sys.executable, str(PACKAGING / "make_icons.py"), "--out", str(out)],
        check=True,
        timeout=120,
    )
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_make_icons_gives_the_same_bytes_every_run(tmp_path: Path) -> None:
    first = make_icons(tmp_path / "one")
    second = make_icons(tmp_path / "two")
    assert first == second
    assert len(first) == 12  # 9 PNGs, the scalable SVG, the ICO and the ICNS


def test_committed_icons_are_what_make_icons_renders(tmp_path: Path) -> None:
    rendered = make_icons(tmp_path / "out")
    committed = {
        str(p.relative_to(PACKAGING)): p.read_bytes()
        for folder in GENERATED
        for p in sorted((PACKAGING / folder).rglob("*"))
        if p.is_file()
    }
    stale = sorted(name for name in rendered.keys() | committed.keys()
                   if rendered.get(name) != committed.get(name))  # fmt: skip
    assert stale == [], "run `make icons` and commit the result"


def test_app_window_class_and_app_id_match_the_menu_entry(
    start_app: Callable[..., AppController],
) -> None:
    start_app()
    entry = (PACKAGING / "linux" / "balint-desktop.desktop").read_text(encoding="utf-8")
    # X11 window managers match StartupWMClass to WM_CLASS, whose class Qt takes
    # from the application name; Wayland matches the app id, the desktop file name.
    assert f"StartupWMClass={QGuiApplication.applicationName()}\n" in entry
    assert QGuiApplication.desktopFileName() == "balint-desktop"
