"""Light and dark themes: Fusion style, a matching palette, the QSS and themed icons.

The current theme lives on a `Theme` object that the app creates once and passes
to the views that need it (DESIGN.md §2: no module-level singletons).

Typical use:

    theme = Theme(app)
    theme.apply(settings_choice)          # "system", "light" or "dark"
    theme.bind_icon(lock_action, "lock")  # follows later theme changes
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QFile, QIODevice, QObject, Qt, Signal, SignalInstance, Slot
from PySide6.QtGui import QAction, QColor, QIcon, QPalette
from PySide6.QtWidgets import QAbstractButton, QApplication, QStyle, QStyleFactory
from shiboken6 import Shiboken

# Importing the generated resource module registers the :/icons and :/styles files.
from balint_desktop.views.forms import balint_rc  # noqa: F401

CHOICES = ("system", "light", "dark")
"""What a user may pick in settings; "system" follows the desktop's colour scheme."""

SchemeReader = Callable[[], Qt.ColorScheme]
"""Returns the desktop's colour scheme (normally `QStyleHints.colorScheme`)."""

IconTarget = QAction | QAbstractButton
"""Anything with `setIcon` that `Theme.bind_icon` can keep in step with the theme."""


@dataclass(frozen=True)
class Colours:
    """The handful of colours a theme is built from."""

    window: str
    text: str
    base: str
    alternate_base: str
    button: str
    muted_text: str
    placeholder: str
    border: str
    accent: str
    on_accent: str
    link: str
    tooltip_base: str
    tooltip_text: str
    disabled_text: str


LIGHT = Colours(
    window="#f7f5f0",
    text="#263238",
    base="#fffdf9",
    alternate_base="#f2efe8",
    button="#efebe3",
    muted_text="#5f6d73",
    placeholder="#8a9599",
    border="#d8d2c6",
    accent="#2f5d62",
    on_accent="#ffffff",
    link="#2f5d62",
    tooltip_base="#263238",
    tooltip_text="#f7f5f0",
    disabled_text="#a0a7aa",
)

DARK = Colours(
    window="#1f2326",
    text="#e6e1d6",
    base="#181b1d",
    alternate_base="#242a2d",
    button="#2a3034",
    muted_text="#a3a69f",
    placeholder="#7b8285",
    border="#3b4246",
    accent="#6fa8a6",
    on_accent="#12181a",
    link="#8cc3c0",
    tooltip_base="#e6e1d6",
    tooltip_text="#1f2326",
    disabled_text="#6a7174",
)

COLOURS = {"light": LIGHT, "dark": DARK}
"""Theme name → colours; the QSS files use the same values."""

FUSION_STYLE_NAME = "balintFusion"
"""Object name of the Fusion style a theme installs, so it is installed only once."""


def build_palette(colours: Colours) -> QPalette:
    """Return a complete QPalette for the given colours.

    Args:
        colours: the theme's colours.

    Returns:
        A palette with every role set, including the disabled group, so Fusion
        never falls back to the desktop's own (possibly opposite) palette.
    """
    role = QPalette.ColorRole
    palette = QPalette()
    window = QColor(colours.window)
    roles = {
        role.Window: window,
        role.WindowText: QColor(colours.text),
        role.Base: QColor(colours.base),
        role.AlternateBase: QColor(colours.alternate_base),
        role.Text: QColor(colours.text),
        role.Button: QColor(colours.button),
        role.ButtonText: QColor(colours.text),
        role.BrightText: QColor(colours.on_accent),
        role.Highlight: QColor(colours.accent),
        role.HighlightedText: QColor(colours.on_accent),
        role.Accent: QColor(colours.accent),
        role.Link: QColor(colours.link),
        role.LinkVisited: QColor(colours.link),
        role.PlaceholderText: QColor(colours.placeholder),
        role.ToolTipBase: QColor(colours.tooltip_base),
        role.ToolTipText: QColor(colours.tooltip_text),
        # Fusion draws bevels and frames from these.
        role.Light: window.lighter(115),
        role.Midlight: window.lighter(105),
        role.Mid: QColor(colours.border),
        role.Dark: window.darker(130),
        role.Shadow: window.darker(200),
    }
    for colour_role, colour in roles.items():
        palette.setColor(colour_role, colour)
    disabled = QPalette.ColorGroup.Disabled
    for colour_role in (role.WindowText, role.Text, role.ButtonText, role.PlaceholderText):
        palette.setColor(disabled, colour_role, QColor(colours.disabled_text))
    palette.setColor(disabled, role.Highlight, QColor(colours.border))
    palette.setColor(disabled, role.HighlightedText, QColor(colours.disabled_text))
    return palette


def load_style_sheet(name: str) -> str:
    """Return the text of `:/styles/<name>.qss`.

    Raises:
        FileNotFoundError: the resource is missing (the forms were not compiled).
    """
    path = f":/styles/{name}.qss"
    file = QFile(path)
    if not file.open(QIODevice.OpenModeFlag.ReadOnly | QIODevice.OpenModeFlag.Text):
        raise FileNotFoundError(path)
    try:
        return bytes(file.readAll().data()).decode("utf-8")
    finally:
        file.close()


def install_fusion(app: QApplication) -> None:
    """Give `app` the Fusion style, unless a theme already did.

    Fusion draws entirely from the palette, so it looks the same on every
    desktop; native styles ignore parts of a custom palette.
    """
    # With a style sheet set, app.style() is Qt's wrapper (its name() is empty)
    # and our Fusion is its child; Qt deletes it if another style replaces it.
    if app.findChild(QStyle, FUSION_STYLE_NAME) is not None:
        return
    style = QStyleFactory.create("Fusion")
    style.setObjectName(FUSION_STYLE_NAME)
    app.setStyle(style)  # resets the palette, so callers set theirs afterwards


def resolve(choice: str, scheme: Qt.ColorScheme) -> str:
    """Return "light" or "dark" for a user's choice and the desktop's scheme.

    Raises:
        ValueError: `choice` is not one of `CHOICES`.
    """
    if choice not in CHOICES:
        raise ValueError(f"theme must be one of {', '.join(CHOICES)}, not {choice!r}")
    if choice == "system":
        return "dark" if scheme == Qt.ColorScheme.Dark else "light"
    return choice


def apply_theme(app: QApplication, choice: str, read_scheme: SchemeReader | None = None) -> str:
    """Apply a theme once: Fusion style, palette and style sheet.

    This does not follow later desktop changes; a `Theme` does that, and is what
    the app should keep. Use this where a one-off is enough (a script, a test).

    Args:
        app: the application to style.
        choice: "system", "light" or "dark".
        read_scheme: where "system" reads the desktop's scheme; defaults to
            `app.styleHints().colorScheme`.

    Returns:
        The theme applied, "light" or "dark".
    """
    read = read_scheme or app.styleHints().colorScheme
    name = resolve(choice, read())
    install_fusion(app)
    app.setPalette(build_palette(COLOURS[name]))
    app.setStyleSheet(load_style_sheet(name))
    return name


class Theme(QObject):
    """The app's current theme, following the desktop while the choice is "system".

    Signals:
        changed(str): the applied theme switched to "light" or "dark" (also on
            the first apply). Icons set by hand should be refreshed then; icons
            set through `bind_icon` are refreshed already.
    """

    changed = Signal(str)

    def __init__(
        self,
        app: QApplication,
        *,
        read_scheme: SchemeReader | None = None,
        scheme_changed: SignalInstance | None = None,
        parent: QObject | None = None,
    ) -> None:
        """Create an unapplied theme for `app`.

        Args:
            app: the application to style.
            read_scheme: returns the desktop's scheme; defaults to
                `app.styleHints().colorScheme`.
            scheme_changed: emitted when the desktop's scheme changes; defaults
                to `app.styleHints().colorSchemeChanged`. Tests inject both.
            parent: the owning QObject.
        """
        super().__init__(parent)
        self._app = app
        hints = app.styleHints()
        self._native_source = read_scheme is None and scheme_changed is None
        self._read_scheme: SchemeReader = read_scheme or hints.colorScheme
        self._scheme_changed: SignalInstance = scheme_changed or hints.colorSchemeChanged
        self._following = False
        self._choice = "system"
        self._current: str | None = None
        self._bound: list[tuple[IconTarget, str]] = []

    @property
    def choice(self) -> str:
        """The user's last choice: "system", "light" or "dark"."""
        return self._choice

    @property
    def current(self) -> str:
        """The applied theme, "light" or "dark" ("light" before the first apply)."""
        return self._current or "light"

    @property
    def colours(self) -> Colours:
        """The colours of the applied theme, for widgets that paint themselves."""
        return COLOURS[self.current]

    def apply(self, choice: str) -> str:
        """Apply `choice` now and, for "system", keep following the desktop.

        Args:
            choice: "system", "light" or "dark".

        Returns:
            The theme applied, "light" or "dark".

        Raises:
            ValueError: `choice` is not one of `CHOICES`.
        """
        resolve(choice, Qt.ColorScheme.Unknown)  # reject a bad choice before changing anything
        self._choice = choice
        self._follow(choice == "system")
        return self._apply_now()

    def icon_path(self, name: str) -> str:
        """Return the resource path of icon `name` drawn for the current theme."""
        suffix = "-dark" if self.current == "dark" else ""
        return f":/icons/{name}{suffix}.svg"

    def icon(self, name: str) -> QIcon:
        """Return icon `name` drawn for the current theme (see `bind_icon` to keep it so)."""
        return QIcon(self.icon_path(name))

    def bind_icon(self, target: IconTarget, name: str) -> None:
        """Set icon `name` on `target` now and again whenever the theme changes.

        Binding the same target again replaces its icon name.

        Args:
            target: a QAction or button; dropped once its C++ object is deleted.
            name: the icon's base name, e.g. "lock".
        """
        target.setIcon(self.icon(name))
        self._bound = [(t, n) for t, n in self._bound if t is not target]
        self._bound.append((target, name))

    def _follow(self, follow: bool) -> None:
        # Track the connection ourselves: PySide warns (an error under our
        # pytest settings) when disconnecting a slot that is not connected.
        if self._following and not follow:
            self._scheme_changed.disconnect(self._on_scheme_changed)
        # Before connecting, so the platform's answer to our own request is
        # not mistaken for the desktop changing.
        self._request_native_scheme()
        if follow and not self._following:
            self._scheme_changed.connect(self._on_scheme_changed)
        self._following = follow

    def _request_native_scheme(self) -> None:
        # Ask the platform for matching title bars and native dialogs (Qt >= 6.8).
        # Not when the scheme source is injected: that is a test's fake desktop.
        if not self._native_source:
            return
        hints = self._app.styleHints()
        if self._choice == "system":
            hints.unsetColorScheme()
        else:
            hints.setColorScheme(
                Qt.ColorScheme.Dark if self._choice == "dark" else Qt.ColorScheme.Light
            )

    def _apply_now(self) -> str:
        name = resolve(self._choice, self._read_scheme())
        if name == self._current:
            return name  # re-setting the style sheet would re-polish every widget for nothing
        apply_theme(self._app, name)
        self._current = name
        self._refresh_bound_icons()
        self.changed.emit(name)
        return name

    def _refresh_bound_icons(self) -> None:
        self._bound = [(t, n) for t, n in self._bound if Shiboken.isValid(t)]
        for target, name in self._bound:
            target.setIcon(self.icon(name))

    @Slot(Qt.ColorScheme)
    def _on_scheme_changed(self, _scheme: Qt.ColorScheme) -> None:
        # Re-read the source rather than use the argument, so apply() and a
        # notification always resolve the scheme the same way.
        if self._choice == "system":
            self._apply_now()
