"""Render the README's pictures: `make screenshots` → docs/screenshots/*.png.

Uses the demo's fictional notes and a fixed date, so the pictures change
only when the app does.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton, QWidget

if TYPE_CHECKING:
    from balint_desktop.app.controller import AppController
    from balint_desktop.core.vault import Vault
    from balint_desktop.views.main_window import MainWindow

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
TODAY = dt.date(2026, 11, 20)
PASSPHRASE = "a demo passphrase for pictures"


def settle(ms: int = 300) -> None:
    """Let Qt lay out and paint (and workers report) for `ms` milliseconds."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_for(condition: object, timeout_ms: int = 10_000) -> None:
    """Process events until `condition()` is true."""
    waited = 0
    while not condition() and waited < timeout_ms:  # type: ignore[operator]
        settle(50)
        waited += 50
    if not condition():  # type: ignore[operator]
        raise TimeoutError("the app did not reach the expected state")


def save(widget: QWidget, name: str) -> None:
    """Write one picture."""
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{name}.png"
    if not widget.grab().save(str(path)):
        raise OSError(f"could not write {path}")
    print(f"wrote {path.relative_to(OUT.parents[1])}")


def fixed_identity(vault: Vault, seed: str) -> None:
    """Give a picture's vault the same identity (and words) on every run."""
    keys = [hashlib.sha256(f"{seed} {part}".encode()).digest() for part in ("box", "sign")]
    with vault.repository.write() as conn:
        conn.execute(
            "INSERT INTO identity(id, box_private, sign_private, created_at) VALUES (1, ?, ?, ?)",
            (*keys, vault.repository.now()),
        )


def exchange_pictures(controller: AppController, window: MainWindow, root: Path) -> None:
    """Pair the demo vault with a fictional co-leader's vault and picture the three windows."""
    import balint_desktop as bd

    vault = controller.notes.vault
    group = vault.groups()[0]
    mine = vault.sessions(group.id)
    fixed_identity(vault, "leader")
    with bd.Vault.create(root / "co-leader", PASSPHRASE, bd.KdfParams.for_tests()) as co:
        fixed_identity(co, "co-leader")
        vault.add_co_leader(co.identity().public_bytes(), "Dr Ruth Arden")
        me = co.add_co_leader(vault.identity().public_bytes(), "Dr A. Leader")
        theirs = co.add_group(group.name)
        taken = {s.held_on for s in mine}
        extra = next(
            mine[0].held_on - dt.timedelta(days=d)
            for d in range(7, 60)
            if mine[0].held_on - dt.timedelta(days=d) not in taken
        )
        sent = []
        for day, sections in (
            (mine[1].held_on, {"case": "The presenter's tiredness filled the room."}),
            (
                mine[0].held_on,
                {
                    "case": "We reached for solutions too quickly.",
                    "group_process": "A long silence after the presenter returned.",
                },
            ),
            (extra, {"follow_up": "Ask how the GP is going with the family."}),
        ):
            session = co.add_session(theirs.id, day)
            co.save_reflection(session.id, sections)
            sent.append(session.id)
        exchange_file = co.export_exchange(me.id, sent, root / "from-ruth.balintx")

    dialog = window.share_menu.co_leaders()
    settle()
    save(dialog, "co-leaders")
    dialog.close()

    window.load(group.id, mine[0].id)
    settle()
    send = window.share_menu.send_to_co_leader()
    assert send is not None
    settle()
    save(send, "send")
    send.close()

    from balint_desktop.views.receive_exchange_dialog import ReceiveExchangeDialog

    report = vault.preview_exchange(exchange_file)
    receive = ReceiveExchangeDialog(controller.notes, exchange_file, report, window)
    receive.show()
    settle()
    save(receive, "receive")
    said = receive.merge()
    if said is not None:
        said.close()
    settle()

    # The co-leader's text under the leader's own, read only.
    window.load(group.id, mine[0].id)
    settle()
    window.ui.reflectionEditor.ensureWidgetVisible(
        window.session_panel.editor.shared[f"shared_case_{report.co_leader.id}"], 0, 260
    )
    settle()
    save(window, "shared")


def main() -> int:
    """Render every picture the README shows."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    import balint_desktop as bd
    from balint_desktop import app as gui
    from balint_desktop.core.demo import populate_demo

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        settings = QSettings(str(root / "settings.ini"), QSettings.Format.IniFormat)
        settings.setValue("appearance/theme", "light")

        # 1. First run: the setup window.
        first = gui.start(root / "new-vault", bd.KdfParams.for_tests(), settings=settings)
        setup = first.setup_dialog
        assert setup is not None
        setup.findChild(QLineEdit, "passphraseEdit").setText(PASSPHRASE)  # type: ignore[union-attr]
        setup.findChild(QLineEdit, "confirmEdit").setText(PASSPHRASE)  # type: ignore[union-attr]
        settle()
        save(setup, "setup")
        setup.hide()

        # 2-4. The demo vault: unlock, a session, search results.
        vault = bd.Vault.create(root / "vault", PASSPHRASE, bd.KdfParams.for_tests())
        populate_demo(vault, today=TODAY)
        vault.close()
        controller = gui.start(
            root / "vault", bd.KdfParams.for_tests(), settings=settings, today=lambda: TODAY
        )
        unlock = controller.unlock_dialog
        assert unlock is not None
        unlock.findChild(QLineEdit, "passphraseEdit").setText("wrong guess")  # type: ignore[union-attr]
        unlock.findChild(QPushButton, "unlockButton").click()  # type: ignore[union-attr]
        wait_for(lambda: not unlock.findChild(QLineEdit, "passphraseEdit").text())  # type: ignore[union-attr]
        settle()
        save(unlock, "unlock")
        controller.unlock(PASSPHRASE)
        wait_for(lambda: controller.is_unlocked)
        window = controller.main_window
        assert window is not None
        window.resize(1360, 860)
        window.ui.mainSplitter.setSizes([230, 300, 830])
        settle()
        save(window, "main-window")
        window.search_edit.setText("shame")
        wait_for(lambda: window.ui.searchResults.count() > 0)
        window.ui.searchResults.itemClicked.emit(window.ui.searchResults.item(0))
        settle()
        save(window, "search-results")

        # 5. The leadership log, with a few of the leader's own entries.
        vault = controller.notes.vault
        for kind, back, hours, what in (
            ("supervision", 12, 1.5, "with the supervision group"),
            ("supervision", 40, 1.5, "with the supervision group"),
            ("intensive", 200, 16, "Leadership intensive, Hobart"),
            ("training_day", 300, 6, "Regional training day"),
        ):
            vault.add_log_entry(kind, TODAY - dt.timedelta(days=back), hours, description=what)
        dialog = window.show_leadership()
        dialog.resize(900, 640)
        settle()
        save(dialog, "leadership")
        dialog.close()

        # 6. A member's CPD statement.
        from balint_desktop.views.cpd_dialog import CpdDialog

        group = vault.groups()[0]
        member = vault.members(group.id)[0]
        cpd = CpdDialog(controller.notes, member.id, TODAY, window)
        cpd.ui.nameEdit.setText("Dr Alex Example")
        cpd.ui.leadersEdit.setText("Dr A. Leader, Dr B. Co-leader")
        cpd.show()
        settle()
        save(cpd, "cpd-statement")
        cpd.close()

        # 7. A group's reflection template.
        template = window.practice_panel.edit_template(group.id)
        template.ui.sectionList.setCurrentRow(1)
        settle()
        save(template, "template")
        template.close()

        # 8. The de-identification guard at work in a session.
        window.search_edit.clear()
        window.load(group.id, vault.sessions(group.id)[0].id)
        settle()
        case = window.session_panel.editor.editors["case"]
        case.setFocus()
        case.moveCursor(case.textCursor().MoveOperation.End)
        case.insertPlainText(" Her husband Greg Watson rang me on 0412 345 678.")
        window.session_panel.guard.check()
        settle()
        save(window, "guard")
        case.undo()

        # 9-11. Members, attendance, and a case followed across sessions.
        roster = window.practice_panel.edit_members(group.id)
        roster.ui.memberList.setCurrentRow(0)
        settle()
        save(roster, "roster")
        roster.close()
        attendance = window.practice_panel.edit_attendance()
        assert attendance is not None
        settle()
        save(attendance, "attendance")
        attendance.close()
        window.ui.caseList.setCurrentRow(0)
        thread = window.practice_panel.show_thread()
        assert thread is not None
        thread.resize(900, 620)
        settle()
        save(thread, "case-thread")
        thread.close()

        # 12. An encrypted archive, for the leader's own keeping.
        archive = window.share_menu.archive()
        for name in ("passphraseEdit", "confirmEdit"):
            archive.findChild(QLineEdit, name).setText("otter meadow copper kites")  # type: ignore[union-attr]
        settle()
        save(archive, "archive")
        archive.close()

        # The export window: a redacted copy of the session shown, to PDF, Markdown or paper.
        window.load(group.id, vault.sessions(group.id)[0].id)
        settle()
        export = window.share_menu.export_or_print()
        assert export is not None
        settle()
        save(export, "export")
        export.close()

        # Co-leader exchange: the identity words, sending, and a file from the co-leader.
        exchange_pictures(controller, window, root)

        # Help > About: the version, the vault format, and Qt's licence chosen.
        from balint_desktop.views.about_dialog import AboutDialog

        about = AboutDialog(window)
        about.show()
        about.choose("Qt")
        settle()
        save(about, "about")
        about.close()
        controller.shutdown()
        first.shutdown()
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
