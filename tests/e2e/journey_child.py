"""A whole app journey in a fresh process, for the trace and network tests.

Run as `python -m tests.e2e.journey_child VAULT_DIR CANARY`: it forbids every
socket with an audit hook first, then creates a vault through the real
setup window, writes the canary in two sections, searches for it, copies
it, exchanges it with a co-leader's vault both ways, archives the vault, locks,
unlocks and quits. Exit 0 means the journey completed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

NETWORK_EVENTS = ("socket.", "urllib", "http.client", "ftplib", "smtplib", "ssl.")


def forbid_network(event: str, _args: tuple[object, ...]) -> None:
    """Audit hook: any socket use is a test failure (T12)."""
    if event.startswith(NETWORK_EVENTS):
        print(f"NETWORK EVENT: {event}", flush=True)
        os._exit(3)


def main() -> int:
    """Drive the journey; print each step; exit 0 when all went well."""
    sys.addaudithook(forbid_network)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    vault_dir, canary = Path(sys.argv[1]), sys.argv[2]
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QPushButton

    import balint_desktop as bd
    from balint_desktop import app as gui

    app = QApplication(sys.argv[:1])

    def settle(ms: int = 100) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def wait_for(condition: object, timeout_ms: int = 20_000) -> None:
        waited = 0
        while not condition() and waited < timeout_ms:  # type: ignore[operator]
            settle(50)
            waited += 50
        if not condition():  # type: ignore[operator]
            raise SystemExit(f"timed out at: {condition}")

    passphrase = "lantern orbit quietly harbour 7 sparrows"
    controller = gui.start(vault_dir, bd.KdfParams.for_tests())
    setup = controller.setup_dialog
    assert setup is not None
    setup.findChild(QLineEdit, "passphraseEdit").setText(passphrase)  # type: ignore[union-attr]
    setup.findChild(QLineEdit, "confirmEdit").setText(passphrase)  # type: ignore[union-attr]
    setup.findChild(QPushButton, "createButton").click()  # type: ignore[union-attr]
    wait_for(lambda: controller.is_unlocked)
    print("created", flush=True)
    window = controller.main_window
    assert window is not None
    group = controller.notes.add_group("Trace Group", time_zone="Australia/Sydney")
    import datetime as dt

    session = controller.notes.add_session(group.id, dt.date(2026, 3, 12))
    window.load(group.id, session.id)
    wait_for(lambda: window.session_panel.session_id == session.id)
    for key in ("case", "my_responses"):
        editor = window.ui.reflectionEditor.findChild(QPlainTextEdit, f"section_{key}")
        assert editor is not None
        editor.setPlainText(f"{canary} in {key}")
        editor.selectAll()
        editor.copy()
    wait_for(lambda: window.save_status.text() == "Saved")
    print("saved", flush=True)
    window.search_edit.setText(canary)
    wait_for(lambda: window.ui.searchResults.count() == 1)
    print("searched", flush=True)
    # A co-leader on the same machine (for the test): a signed, encrypted
    # exchange file each way leaves no plaintext anywhere either.
    mine = controller.notes.vault
    with bd.Vault.create(vault_dir.parent / "co-vault", passphrase, bd.KdfParams.for_tests()) as co:
        them = mine.add_co_leader(co.identity().public_bytes(), "Co")
        me = co.add_co_leader(mine.identity().public_bytes(), "Me")
        sent = mine.export_exchange(them.id, [session.id], vault_dir.parent / "to-co.balintx")
        assert co.import_exchange(sent).merged == 1
        theirs = co.sessions(co.groups()[0].id)[0]
        co.save_reflection(theirs.id, {"group_process": f"{canary} from the co-leader"})
        back = co.export_exchange(me.id, [theirs.id], vault_dir.parent / "to-me.balintx")
    assert controller.notes.import_exchange(back).merged == 1
    print("exchanged", flush=True)
    mine.export_archive(
        vault_dir.parent / "mine.balintarchive", "an archive pw 42", kdf=bd.KdfParams.for_tests()
    )
    print("archived", flush=True)
    controller.lock()
    controller.unlock(passphrase)
    wait_for(lambda: controller.is_unlocked)
    print("unlocked", flush=True)
    window.close()
    settle()
    app.quit()
    print("done", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
