"""Export or print a redacted copy of a session or a date range (Share ▸ Export or print…).

The copy leaves the vault as plaintext, so the way out has three steps, none
of which blocks the event loop: the de-identification guard's findings (by
kind only; go back or go on), a confirmation that the copy will not be
encrypted, then the file chooser or the print dialog. What was checked is
what is written: the copy is made once, when Export is pressed. The private
sections are never in it, and the window offers the encrypted archive first
(T13: exports encrypted by default).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections import Counter
from pathlib import Path

from PySide6.QtCore import SLOT, Qt, Slot
from PySide6.QtGui import QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from balint_desktop.app.notes import NotesService
from balint_desktop.app.pdf import write_pdf
from balint_desktop.app.text_export import write_text
from balint_desktop.core import redact
from balint_desktop.core.errors import VaultError
from balint_desktop.core.redact import RedactedDocument, RedactionOptions
from balint_desktop.views import labels
from balint_desktop.views.archive_dialog import ArchiveDialog
from balint_desktop.views.forms.ui_export_dialog import Ui_ExportDialog
from balint_desktop.views.widgets import identifier_words, save_path
from balint_desktop.views.widgets.confirm import confirm_destructive
from balint_desktop.views.widgets.modal import opened

PDF, MARKDOWN, PRINTER = "pdf", "markdown", "printer"


class ExportDialog(QDialog):
    """The `exportDialog`: which sessions, what to keep, which format; then Export."""

    def __init__(
        self,
        notes: NotesService,
        group_id: int,
        session_id: int | None,
        today: dt.date,
        parent: QWidget | None = None,
    ) -> None:
        """Offer the session shown (if any) or a date range of the group shown."""
        super().__init__(parent)
        self.ui = Ui_ExportDialog()
        self.ui.setupUi(self)
        self._notes = notes
        self._group_id = group_id
        self._session_id = session_id
        self._today = today
        self._document: RedactedDocument | None = None
        self._printer: QPrinter | None = None
        self.ui.warningLabel.setProperty("kind", "warning")
        self.ui.statusLabel.setProperty("kind", "notice")
        self.ui.errorLabel.hide()
        self.ui.statusLabel.hide()
        first = today - dt.timedelta(days=90)
        last = today
        if session_id is not None:
            held_on = notes.vault.session(session_id).held_on
            self.ui.thisSessionRadio.setText(
                self.tr("&This session (%1)").replace("%1", labels.short_date(held_on))
            )
            first, last = held_on, max(today, held_on)
        else:
            self.ui.thisSessionRadio.setEnabled(False)
            self.ui.rangeRadio.setChecked(True)
        self.ui.fromEdit.setDate(labels.to_qdate(first))
        self.ui.toEdit.setDate(labels.to_qdate(last))
        for radio in (self.ui.thisSessionRadio, self.ui.rangeRadio):
            radio.toggled.connect(self.refresh)
        for edit in (self.ui.fromEdit, self.ui.toEdit):
            edit.dateChanged.connect(self.refresh)
        for widget in (
            self.ui.pdfRadio,
            self.ui.markdownRadio,
            self.ui.printerRadio,
            self.ui.namesCheck,
        ):
            widget.toggled.connect(self.refresh)
        self.ui.archiveButton.clicked.connect(self.archive_instead)
        self.ui.exportButton.clicked.connect(self.export)
        self.ui.buttonBox.rejected.connect(self.reject)
        self.refresh()

    # -- what the fields say ----------------------------------------------------

    def session_ids(self) -> list[int]:
        """Return the sessions the copy would hold, oldest first."""
        if self.ui.thisSessionRadio.isChecked() and self._session_id is not None:
            return [self._session_id]
        first = labels.to_date(self.ui.fromEdit.date())
        last = labels.to_date(self.ui.toEdit.date())
        return [s.id for s in self._notes.vault.sessions_between(self._group_id, first, last)]

    def options(self) -> RedactionOptions:
        """Return what the leader chose to keep."""
        return RedactionOptions(
            include_names=self.ui.namesCheck.isChecked(),
            include_group_name=self.ui.groupNameCheck.isChecked(),
        )

    def output(self) -> str:
        """Return the chosen format: "pdf", "markdown" or "printer"."""
        if self.ui.printerRadio.isChecked():
            return PRINTER
        return MARKDOWN if self.ui.markdownRadio.isChecked() else PDF

    @Slot()
    def refresh(self) -> None:
        """Update the count, the dates' state, the warning and the button."""
        in_range = self.ui.rangeRadio.isChecked()
        self.ui.fromEdit.setEnabled(in_range)
        self.ui.toEdit.setEnabled(in_range)
        first, last = self.ui.fromEdit.date(), self.ui.toEdit.date()
        if in_range and first > last:
            count = 0
            self.ui.countLabel.setText(self.tr("The first date is after the last."))
        else:
            count = len(self.session_ids())
            if count == 0:
                text = self.tr("No sessions between these dates.")
            elif count == 1:
                text = self.tr("1 session")
            else:
                text = self.tr("%1 sessions").replace("%1", str(count))
            self.ui.countLabel.setText(text)
        printing = self.output() == PRINTER
        self.ui.exportButton.setText(self.tr("&Print…") if printing else self.tr("&Export…"))
        self.ui.exportButton.setEnabled(count > 0)
        self.ui.warningLabel.setText(self._warning(printing))

    def _warning(self, printing: bool) -> str:
        if printing:
            text = self.tr(
                "Printing takes the notes out of the vault as plain text. They go to your "
                "computer's print system, which may keep a copy in its queue, and then to the "
                "printer: Balint Desktop cannot control either. Collect the pages at once."
            )
        else:
            text = self.tr(
                "The copy is NOT encrypted. Anyone who can open the file can read it, wherever "
                "it ends up (a synced folder, an email, a USB stick). Keep it safe and delete it "
                "when you no longer need it."
            )
        if self.ui.namesCheck.isChecked():
            text += " " + self.tr("It will include members' names.")
        return text

    # -- the encrypted way instead ------------------------------------------------

    @Slot()
    def archive_instead(self) -> QDialog:
        """Close this window and open the archive window (as Share ▸ Archive does) instead."""
        # Parented to this window's parent, so it outlives this window.
        dialog = ArchiveDialog(self._notes, self._group_id, self._today, self.parentWidget())
        self.reject()
        return opened(dialog)

    # -- export -----------------------------------------------------------------

    @Slot()
    def export(self) -> None:
        """Make the copy, then ask (guard findings, then plaintext) before writing it."""
        self.ui.errorLabel.hide()
        self.ui.statusLabel.hide()
        try:
            self._document = self._notes.vault.redacted_document(self.session_ids(), self.options())
        except VaultError as error:
            self._show_error(str(error))
            return
        findings = Counter(span.kind for span in redact.identifiers(self._document, self._today))
        if not findings:
            self._confirm_plaintext()
            return
        found = ", ".join(
            identifier_words.counted(kind, count) for kind, count in sorted(findings.items())
        )
        box = confirm_destructive(
            self,
            self.tr(
                "This copy may still identify someone. The de-identification guard found: %1."
                "\n\nGo back and edit the notes (the guard underlines each one in its session), "
                "or go on with the copy as it is."
            ).replace("%1", found),
            self._confirm_plaintext,
            name="identifierWarning",
            action=self.tr("Go on"),
        )
        cancel = box.button(QMessageBox.StandardButton.Cancel)
        if cancel is not None:
            cancel.setText(self.tr("Go back"))

    def _confirm_plaintext(self) -> None:
        printing = self.output() == PRINTER
        if printing:
            text = self.tr(
                "Print these notes?\n\nThey leave the encrypted vault as plain text and pass "
                "through your computer's print system, outside Balint Desktop's control."
            )
        else:
            text = self.tr(
                "Save an unencrypted copy?\n\nThe notes leave the encrypted vault as plain text. "
                "Anyone who can open the file can read them."
            )
        confirm_destructive(
            self,
            text,
            self._print if printing else self._save,
            name="plaintextWarning",
            action=self.tr("Print") if printing else self.tr("Save unencrypted copy"),
        )

    def _save(self) -> None:
        document = self._document
        if document is None:
            return
        markdown = self.output() == MARKDOWN
        suffix, pattern = ("md", "Markdown (*.md)") if markdown else ("pdf", "PDF (*.pdf)")
        # Generic: the name says nothing about the group or anyone in it.
        suggested = f"session-notes-{self._today.isoformat()}.{suffix}"
        path = save_path.choose_save_path(self, self.tr("Save notes"), suggested, pattern)
        if path is None:
            return
        try:
            if markdown:
                write_text(redact.to_markdown(document), path)
            else:
                write_pdf(redact.to_html(document), path, "Session notes")
        except OSError as error:
            self._show_error(save_path.save_error(error))
            return
        self._done(self.tr("Saved as %1. It is not encrypted.").replace("%1", Path(path).name))

    def _print(self) -> None:
        if self._document is None:
            return
        self._printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        self._printer.setDocName("Session notes")  # the job's name in the print queue
        dialog = QPrintDialog(self._printer, self)
        dialog.setObjectName("printDialog")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        # The receiver form of open() is the one Qt documents for every platform
        # (a sheet on macOS); it calls the slot once the leader presses Print.
        # PySide6's stub says bytes, but only the str that SLOT() returns is accepted.
        dialog.open(self, SLOT("_send_to_printer()"))  # type: ignore[arg-type]

    @Slot()
    def _send_to_printer(self) -> None:
        printer, document = self._printer, self._document
        if printer is None or document is None:
            return
        page = QTextDocument()
        page.setDefaultStyleSheet("body { font-size: 10pt; }")
        page.setHtml(redact.to_html(document))
        page.print_(printer)
        failed = printer.printerState() == QPrinter.PrinterState.Error
        page.clear()
        if printer.outputFileName():
            # "Print to file" writes through Qt, readable by everyone by default.
            with contextlib.suppress(OSError):
                os.chmod(printer.outputFileName(), 0o600)
        if failed:
            self._show_error(self.tr("The printer reported a problem; nothing may have printed."))
            return
        self._done(self.tr("Sent to the printer."))

    def _done(self, message: str) -> None:
        self._document = None
        self.ui.statusLabel.setText(message)
        self.ui.statusLabel.show()
        self._make_room()

    def _show_error(self, message: str) -> None:
        self.ui.errorLabel.setText(message)
        self.ui.errorLabel.show()
        self._make_room()

    def _make_room(self) -> None:
        """Grow to fit a message shown below, rather than squeezing the fields above."""
        layout = self.layout()
        if layout is not None:
            layout.activate()
        needed = self.sizeHint().height()
        if self.height() < needed:
            self.resize(self.width(), needed)

    def done(self, result: int) -> None:
        """Forget the copy when the window closes (or the vault locks)."""
        self._document = None
        self._printer = None
        super().done(result)
