"""Themes: palettes, following the desktop's scheme, themed icons and the style sheets."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QFile, QObject, Qt, Signal
from PySide6.QtGui import QAction, QColor, QIcon, QImage, QPalette
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QStyle, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot
from shiboken6 import Shiboken

from balint_desktop.app.theme import (
    DARK,
    FUSION_STYLE_NAME,
    LIGHT,
    Theme,
    apply_theme,
    load_style_sheet,
)

ROOT = Path(__file__).resolve().parents[2]
QRC = ROOT / "resources" / "balint.qrc"
ICON_DIR = ROOT / "resources" / "icons"
# Our own resource file, not untrusted input.
QRC_FILES = [f.text or "" for f in ET.parse(QRC).getroot().iter("file")]  # noqa: S314
QRC_ICONS = [f for f in QRC_FILES if f.startswith("icons/")]
ROLE = QPalette.ColorRole


class FakeDesktop(QObject):
    """Stands in for QStyleHints: a colour scheme that a test can switch."""

    scheme_changed = Signal(Qt.ColorScheme)

    def __init__(self, scheme: Qt.ColorScheme = Qt.ColorScheme.Light) -> None:
        super().__init__()
        self.scheme = scheme

    def color_scheme(self) -> Qt.ColorScheme:
        return self.scheme

    def switch(self, scheme: Qt.ColorScheme) -> None:
        self.scheme = scheme
        self.scheme_changed.emit(scheme)


@pytest.fixture
def app(qapp: QApplication) -> Iterator[QApplication]:
    """The shared app, with whatever look it had put back afterwards."""
    sheet = qapp.styleSheet()
    palette = QPalette(qapp.palette())
    themed_before = qapp.findChild(QStyle, FUSION_STYLE_NAME) is not None
    style = qapp.style().name()
    yield qapp
    if not themed_before and qapp.style().name() != style:
        qapp.setStyle(style)  # resets the palette, so before setPalette
    qapp.setStyleSheet(sheet)
    qapp.setPalette(palette)
    qapp.styleHints().unsetColorScheme()


@pytest.fixture
def desktop() -> FakeDesktop:
    return FakeDesktop()


@pytest.fixture
def theme(app: QApplication, desktop: FakeDesktop) -> Theme:
    return Theme(app, read_scheme=desktop.color_scheme, scheme_changed=desktop.scheme_changed)


def window_colour(app: QApplication) -> str:
    return app.palette().color(ROLE.Window).name()


def ink(image: QImage) -> list[QColor]:
    """Return the colours of the pixels that are not (nearly) transparent."""
    return [
        image.pixelColor(x, y)
        for y in range(image.height())
        for x in range(image.width())
        if image.pixelColor(x, y).alpha() > 32
    ]


def mean_lightness(colours: list[QColor]) -> float:
    return sum(c.lightness() for c in colours) / len(colours)


def test_light_applies_the_light_palette_style_and_sheet(app: QApplication, theme: Theme) -> None:
    assert theme.apply("light") == "light"
    assert theme.current == "light"
    assert window_colour(app) == "#f7f5f0"
    assert app.palette().color(ROLE.WindowText).name() == "#263238"
    assert app.palette().color(ROLE.Highlight).name() == "#2f5d62"
    fusion = app.findChild(QStyle, FUSION_STYLE_NAME)
    assert fusion is not None
    assert fusion.name() == "fusion"
    assert app.styleSheet() == load_style_sheet("light")


def test_switching_theme_keeps_the_one_fusion_style(app: QApplication, theme: Theme) -> None:
    theme.apply("light")
    fusion = app.findChild(QStyle, FUSION_STYLE_NAME)
    theme.apply("dark")
    assert app.findChild(QStyle, FUSION_STYLE_NAME) is fusion


def test_dark_applies_the_dark_palette_and_sheet(app: QApplication, theme: Theme) -> None:
    assert theme.apply("dark") == "dark"
    assert window_colour(app) == "#1f2326"
    assert app.palette().color(ROLE.WindowText).name() == "#e6e1d6"
    assert app.palette().color(ROLE.Highlight).name() == "#6fa8a6"
    assert app.styleSheet() == load_style_sheet("dark")


@pytest.mark.parametrize(
    ("scheme", "expected"),
    [
        (Qt.ColorScheme.Dark, "dark"),
        (Qt.ColorScheme.Light, "light"),
        (Qt.ColorScheme.Unknown, "light"),
    ],
)
def test_system_reads_the_desktop_scheme(
    app: QApplication, theme: Theme, desktop: FakeDesktop, scheme: Qt.ColorScheme, expected: str
) -> None:
    desktop.scheme = scheme
    assert theme.apply("system") == expected
    assert window_colour(app) == {"light": LIGHT, "dark": DARK}[expected].window


def test_system_follows_a_desktop_change(
    app: QApplication, qtbot: QtBot, theme: Theme, desktop: FakeDesktop
) -> None:
    assert theme.apply("system") == "light"
    with qtbot.waitSignal(theme.changed, timeout=1000) as blocker:
        desktop.switch(Qt.ColorScheme.Dark)
    assert blocker.args == ["dark"]
    assert theme.current == "dark"
    assert window_colour(app) == "#1f2326"
    with qtbot.waitSignal(theme.changed, timeout=1000) as blocker:
        desktop.switch(Qt.ColorScheme.Light)
    assert blocker.args == ["light"]
    assert window_colour(app) == "#f7f5f0"


def test_an_explicit_choice_stops_following_and_system_resumes(
    app: QApplication, qtbot: QtBot, theme: Theme, desktop: FakeDesktop
) -> None:
    theme.apply("system")
    theme.apply("light")
    with qtbot.assertNotEmitted(theme.changed):
        desktop.switch(Qt.ColorScheme.Dark)
    assert theme.current == "light"
    assert window_colour(app) == "#f7f5f0"
    # Back to "system": reads the desktop at once and follows it again.
    assert theme.apply("system") == "dark"
    with qtbot.waitSignal(theme.changed, timeout=1000):
        desktop.switch(Qt.ColorScheme.Light)
    assert theme.current == "light"


def test_applying_system_twice_connects_once(
    qtbot: QtBot, theme: Theme, desktop: FakeDesktop
) -> None:
    theme.apply("system")
    theme.apply("system")
    assert desktop.receivers("2scheme_changed(Qt::ColorScheme)") == 1
    theme.apply("dark")
    assert desktop.receivers("2scheme_changed(Qt::ColorScheme)") == 0


def test_changed_is_not_emitted_when_the_look_stays_the_same(qtbot: QtBot, theme: Theme) -> None:
    theme.apply("light")
    with qtbot.assertNotEmitted(theme.changed):
        assert theme.apply("system") == "light"  # the fake desktop is light


def test_an_unknown_choice_is_refused_and_changes_nothing(app: QApplication, theme: Theme) -> None:
    theme.apply("dark")
    with pytest.raises(ValueError, match="system, light, dark"):
        theme.apply("sepia")
    assert theme.choice == "dark"
    assert window_colour(app) == "#1f2326"


def test_apply_theme_is_a_one_off(app: QApplication, desktop: FakeDesktop) -> None:
    desktop.scheme = Qt.ColorScheme.Dark
    assert apply_theme(app, "system", desktop.color_scheme) == "dark"
    assert window_colour(app) == "#1f2326"
    assert apply_theme(app, "light") == "light"
    assert window_colour(app) == "#f7f5f0"


def test_lock_icon_is_drawn_for_each_theme(theme: Theme) -> None:
    theme.apply("light")
    light_path = theme.icon_path("lock")
    light = theme.icon("lock")
    theme.apply("dark")
    dark_path = theme.icon_path("lock")
    dark = theme.icon("lock")
    assert (light_path, dark_path) == (":/icons/lock.svg", ":/icons/lock-dark.svg")
    assert not light.isNull()
    assert not dark.isNull()
    # Dark strokes for the light theme, light strokes for the dark one.
    assert mean_lightness(ink(light.pixmap(24, 24).toImage())) < 100
    assert mean_lightness(ink(dark.pixmap(24, 24).toImage())) > 180


def test_bound_icons_follow_the_theme_and_deleted_targets_are_dropped(
    theme: Theme, desktop: FakeDesktop
) -> None:
    theme.apply("light")
    kept = QAction()
    gone = QAction()
    theme.bind_icon(kept, "search")
    theme.bind_icon(gone, "history")
    assert mean_lightness(ink(kept.icon().pixmap(24, 24).toImage())) < 100
    Shiboken.delete(gone)
    theme.apply("dark")  # must not touch the deleted action
    assert mean_lightness(ink(kept.icon().pixmap(24, 24).toImage())) > 180
    theme.bind_icon(kept, "lock")  # rebinding replaces, it does not add
    theme.apply("light")
    assert kept.icon().pixmap(24, 24).toImage() == theme.icon("lock").pixmap(24, 24).toImage()


@pytest.mark.parametrize("path", QRC_ICONS)
def test_every_icon_in_the_qrc_renders(qapp: QApplication, path: str) -> None:
    icon = QIcon(f":/{path}")
    assert not icon.isNull()
    assert ink(icon.pixmap(24, 24).toImage())


def test_the_qrc_lists_every_icon_and_each_has_a_dark_twin() -> None:
    on_disk = {f"icons/{p.name}" for p in ICON_DIR.glob("*.svg")}
    assert set(QRC_ICONS) == on_disk
    themed = {p[len("icons/") : -len(".svg")] for p in QRC_ICONS} - {"balint-desktop"}
    bases = {name for name in themed if not name.endswith("-dark")}
    assert {f"{name}-dark" for name in bases} == themed - bases


def selectors(sheet: str) -> list[str]:
    without_comments = re.sub(r"/\*.*?\*/", "", sheet, flags=re.DOTALL)
    return [s.strip() for s in re.findall(r"([^{}]+)\{", without_comments)]


def test_light_and_dark_sheets_have_the_same_selectors() -> None:
    light, dark = selectors(load_style_sheet("light")), selectors(load_style_sheet("dark"))
    assert light == dark
    assert 'QLabel#errorLabel,\nQLabel[kind="error"],\nQLabel[kind="wrong"]' in light


@pytest.mark.parametrize("name", ["light", "dark"])
def test_images_the_sheets_name_exist(qapp: QApplication, name: str) -> None:
    urls = re.findall(r"url\((:/[^)]+)\)", load_style_sheet(name))
    assert urls
    for url in urls:
        assert QFile.exists(url), url
        assert url.endswith("-dark.svg") == (name == "dark"), url


@pytest.mark.parametrize(
    ("name", "error_bg", "private_bg"),
    [("light", "#fbecea", "#fbf3e4"), ("dark", "#3a2624", "#2e2a22")],
)
def test_hooks_paint_their_colours(
    qtbot: QtBot, theme: Theme, name: str, error_bg: str, private_bg: str
) -> None:
    theme.apply(name)
    page = QWidget()
    qtbot.addWidget(page)
    layout = QVBoxLayout(page)
    error = QLabel("That passphrase did not open the vault.")
    error.setObjectName("errorLabel")
    private = QFrame()
    private.setProperty("private", True)
    private.setMinimumSize(120, 40)
    layout.addWidget(error)
    layout.addWidget(private)
    page.show()
    qtbot.waitExposed(page)
    error_image = error.grab().toImage()
    private_image = private.grab().toImage()
    # Sample inside the rounded border: left of the text, right of the amber edge.
    assert error_image.pixelColor(4, error_image.height() // 2).name() == error_bg
    assert private_image.pixelColor(20, private_image.height() // 2).name() == private_bg
    amber = private_image.pixelColor(1, private_image.height() // 2)
    assert amber.hue() in range(30, 50)  # the amber left edge
