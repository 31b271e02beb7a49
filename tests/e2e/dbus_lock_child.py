"""Run under `dbus-run-session`: the watcher hears the desktop lock and sleep signals.

Sends, with `dbus-send`, a screen-saver ActiveChanged(true) on the session
bus and a logind PrepareForSleep(true) on a second connection to the same
bus standing in for the system bus; prints every reason the watcher gives.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtDBus import QDBusConnection

from balint_desktop.app.os_lock import DBusLockWatcher


def main() -> int:
    """Hook, send, collect, print."""
    app = QCoreApplication(sys.argv[:1])
    address = os.environ["DBUS_SESSION_BUS_ADDRESS"]
    stand_in_system = QDBusConnection.connectToBus(address, "stand-in-system")
    watcher = DBusLockWatcher(QDBusConnection.sessionBus(), stand_in_system)
    print("active", watcher.active, flush=True)
    heard: list[str] = []
    watcher.lock_now.connect(heard.append)

    dbus_send = shutil.which("dbus-send") or "dbus-send"

    def send() -> None:
        for path, member, value in (
            ("/org/freedesktop/ScreenSaver", "org.freedesktop.ScreenSaver.ActiveChanged", "true"),
            ("/org/gnome/ScreenSaver", "org.gnome.ScreenSaver.ActiveChanged", "false"),
            ("/org/freedesktop/login1", "org.freedesktop.login1.Manager.PrepareForSleep", "true"),
        ):
            subprocess.run(
                [dbus_send, "--session", "--type=signal", path, member, f"boolean:{value}"],
                check=True,
                timeout=10,
            )

    def finish() -> None:
        if len(heard) >= 2:
            print("heard", "|".join(heard), flush=True)
            app.quit()

    QTimer.singleShot(0, send)
    poll = QTimer()
    poll.timeout.connect(finish)
    poll.start(20)
    QTimer.singleShot(10_000, app.quit)
    app.exec()
    return 0 if len(heard) >= 2 else 1


if __name__ == "__main__":
    sys.exit(main())
