"""Help ▸ About: the version, the vault format, and every licence the app ships."""

from __future__ import annotations

import PySide6
from PySide6.QtCore import Qt, Slot, qVersion
from PySide6.QtGui import QFontDatabase, QIcon
from PySide6.QtWidgets import QDialog, QListWidgetItem, QWidget

from balint_desktop import __version__
from balint_desktop.core import about
from balint_desktop.core.licences import Component, components
from balint_desktop.views.forms import balint_rc  # noqa: F401 - registers :/icons
from balint_desktop.views.forms.ui_about_dialog import Ui_AboutDialog

COMPONENT_ROLE = Qt.ItemDataRole.UserRole
ICON = ":/icons/balint-desktop.svg"
ICON_SIZE = 64


class AboutDialog(QDialog):
    """The `aboutDialog`: versions, then a list of components and their licences."""

    def __init__(self, parent: QWidget | None = None) -> None:
        """Fill in the versions and list Balint Desktop, then its components."""
        super().__init__(parent)
        self.ui = Ui_AboutDialog()
        self.ui.setupUi(self)
        self.ui.iconLabel.setPixmap(QIcon(ICON).pixmap(ICON_SIZE, ICON_SIZE))
        self.ui.buttonBox.rejected.connect(self.reject)
        self.ui.licenceText.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.ui.splitter.setStretchFactor(1, 1)
        self.ui.splitter.setSizes([230, 650])
        self.ui.layout.setStretchFactor(self.ui.splitter, 1)
        self._runtime = self._runtime_versions()
        self._show_versions()
        self.ui.componentList.currentItemChanged.connect(self._show_licence)
        for component in components():
            version = self._version_of(component)
            text = f"{component.name} {version}" if version else component.name
            item = QListWidgetItem(text)
            item.setData(COMPONENT_ROLE, component.name)
            item.setToolTip(component.licence)
            self.ui.componentList.addItem(item)
        self.ui.componentList.setCurrentRow(0)
        self.ui.componentList.setFocus(Qt.FocusReason.OtherFocusReason)

    def choose(self, name: str) -> None:
        """Show the licence of the component called `name` (as if chosen in the list)."""
        for row in range(self.ui.componentList.count()):
            if self.ui.componentList.item(row).data(COMPONENT_ROLE) == name:
                self.ui.componentList.setCurrentRow(row)
                return
        raise KeyError(name)

    def _runtime_versions(self) -> dict[str, str]:
        # What is running beats what the metadata says (a packaged build may
        # have no metadata); SQLCipher and Python have none to read.
        cipher, sqlite = about.sqlcipher_versions()
        return {
            "Qt": qVersion(),
            "PySide6": PySide6.__version__,
            "SQLCipher": cipher.split()[0] if cipher else "",
            "SQLite": sqlite,
            "Python": about.python_version(),
        }

    def _version_of(self, component: Component) -> str:
        return self._runtime.get(component.name) or component.installed_version() or ""

    def _show_versions(self) -> None:
        fmt = about.vault_format()
        self.ui.versionValue.setText(__version__)
        self.ui.vaultFormatValue.setText(
            self.tr("%1 (database schema %1, key file format %2)")
            .replace("%1", str(fmt.schema))
            .replace("%2", str(fmt.key_file))
        )
        runtime = self._runtime
        self.ui.librariesValue.setText(
            self.tr("Python %1 · Qt %2 · PySide6 %3 · SQLCipher %4 (SQLite %5)")
            .replace("%1", runtime["Python"])
            .replace("%2", runtime["Qt"])
            .replace("%3", runtime["PySide6"])
            .replace("%4", runtime["SQLCipher"])
            .replace("%5", runtime["SQLite"])
        )

    @Slot(QListWidgetItem, QListWidgetItem)
    def _show_licence(self, item: QListWidgetItem | None, _previous: object = None) -> None:
        if item is None:
            return
        component = next(c for c in components() if c.name == item.data(COMPONENT_ROLE))
        summary = self.tr("%1 — licence: %2").replace("%1", component.name)
        summary = summary.replace("%2", component.licence)
        if component.note:
            summary += "\n" + component.note
        self.ui.componentSummary.setText(summary)
        self.ui.licenceText.setPlainText(component.text())
        self.ui.licenceText.setAccessibleName(
            self.tr("Licence text of %1").replace("%1", component.name)
        )
