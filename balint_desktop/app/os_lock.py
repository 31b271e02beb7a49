"""Locking when the computer does: screen lock and suspend (THREAT-MODEL.md T5).

One small interface, `LockSignals`, with one signal; each platform has its
own watcher behind it:

- Linux: D-Bus — org.freedesktop.ScreenSaver and org.gnome.ScreenSaver
  `ActiveChanged(true)` on the session bus; logind's `PrepareForSleep(true)`
  and a session's `Lock()` on the system bus.
- Windows: session notifications (WM_WTSSESSION_CHANGE / WTS_SESSION_LOCK)
  and WM_POWERBROADCAST / PBT_APMSUSPEND, through a native event filter.
- macOS: the screen-lock flag of the login session, polled every two
  seconds through CoreGraphics (no extra dependency).

Whatever a platform cannot offer, the idle lock still covers.
"""

from __future__ import annotations

import ctypes
import sys
from typing import Any

from PySide6.QtCore import SLOT, QAbstractNativeEventFilter, QObject, QTimer, Signal, Slot

SCREENSAVERS = (
    ("/org/freedesktop/ScreenSaver", "org.freedesktop.ScreenSaver"),
    ("/ScreenSaver", "org.freedesktop.ScreenSaver"),
    ("/org/gnome/ScreenSaver", "org.gnome.ScreenSaver"),
)
LOGIN1 = "org.freedesktop.login1"

WM_WTSSESSION_CHANGE = 0x02B1
WTS_SESSION_LOCK = 0x7
WM_POWERBROADCAST = 0x0218
PBT_APMSUSPEND = 0x4


class LockSignals(QObject):
    """Tells the app that the computer is locking or going to sleep.

    Signals:
        lock_now: (reason) lock the vault at once.
    """

    lock_now = Signal(str)

    @property
    def active(self) -> bool:
        """Return whether this watcher is listening to anything."""
        return False


class DBusLockWatcher(LockSignals):
    """Linux: listens on the session and system buses."""

    def __init__(self, session_bus: Any = None, system_bus: Any = None) -> None:
        """Connect to whatever buses exist (none in a bare container: then inactive)."""
        super().__init__()
        from PySide6.QtDBus import QDBusConnection

        session = session_bus if session_bus is not None else QDBusConnection.sessionBus()
        system = system_bus if system_bus is not None else QDBusConnection.systemBus()
        self._hooks = 0
        if session.isConnected():
            for path, interface in SCREENSAVERS:
                self._hook(session, path, interface, "ActiveChanged", "screen_saver(bool)")
        if system.isConnected():
            self._hook(
                system,
                "/org/freedesktop/login1",
                f"{LOGIN1}.Manager",
                "PrepareForSleep",
                "sleeping(bool)",
            )
            self._hook(system, "", f"{LOGIN1}.Session", "Lock", "session_locked()")

    def _hook(self, bus: Any, path: str, interface: str, name: str, slot: str) -> None:
        if bus.connect("", path, interface, name, self, SLOT(slot)):
            self._hooks += 1

    @property
    def active(self) -> bool:
        """Return whether any signal is hooked."""
        return self._hooks > 0

    @Slot(bool)
    def screen_saver(self, on: bool) -> None:
        """The screen saver (and with it the screen lock) came on."""
        if on:
            self.lock_now.emit("screen locked")

    @Slot(bool)
    def sleeping(self, going: bool) -> None:
        """The computer is about to suspend."""
        if going:
            self.lock_now.emit("going to sleep")

    @Slot()
    def session_locked(self) -> None:
        """The login manager asked the session to lock."""
        self.lock_now.emit("screen locked")


class _WindowsFilter(QAbstractNativeEventFilter):
    def __init__(self, owner: WindowsLockWatcher) -> None:
        super().__init__()
        self._owner = owner

    def nativeEventFilter(self, event_type: Any, message: Any) -> Any:
        if bytes(event_type) == b"windows_generic_MSG":
            msg = ctypes.cast(int(message), ctypes.POINTER(_Msg)).contents
            self._owner.handle(msg.message, msg.wParam)
        return False, 0


class _Msg(ctypes.Structure):
    _fields_ = (
        ("hwnd", ctypes.c_void_p),
        ("message", ctypes.c_uint),
        ("wParam", ctypes.c_size_t),
        ("lParam", ctypes.c_ssize_t),
        ("time", ctypes.c_uint),
        ("pt_x", ctypes.c_long),
        ("pt_y", ctypes.c_long),
    )


class WindowsLockWatcher(LockSignals):
    """Windows: session lock and suspend messages to the app's windows."""

    def __init__(self) -> None:
        """Install the filter; `register(window_id)` asks for session messages."""
        super().__init__()
        self.filter = _WindowsFilter(self)
        self._registered = False

    def register(self, window_id: int) -> None:  # pragma: no cover - Windows only
        """Ask Windows to send session notifications to this window."""
        wtsapi = ctypes.WinDLL("wtsapi32")  # type: ignore[attr-defined]
        self._registered = bool(wtsapi.WTSRegisterSessionNotification(window_id, 0))

    @property
    def active(self) -> bool:
        """Return whether session notifications were registered."""
        return self._registered

    def handle(self, message: int, wparam: int) -> None:
        """React to one window message."""
        if message == WM_WTSSESSION_CHANGE and wparam == WTS_SESSION_LOCK:
            self.lock_now.emit("screen locked")
        elif message == WM_POWERBROADCAST and wparam == PBT_APMSUSPEND:
            self.lock_now.emit("going to sleep")


class MacLockWatcher(LockSignals):  # pragma: no cover - macOS only
    """macOS: polls the login session's screen-locked flag."""

    def __init__(self, interval_ms: int = 2000) -> None:
        """Start polling (a no-op if CoreGraphics cannot be loaded)."""
        super().__init__()
        self._read = _mac_screen_locked_reader()
        self._was_locked = False
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.poll)
        if self._read is not None:
            self._timer.start()

    @property
    def active(self) -> bool:
        """Return whether polling runs."""
        return self._read is not None

    @Slot()
    def poll(self) -> None:
        """Lock on the change from unlocked to locked."""
        locked = bool(self._read and self._read())
        if locked and not self._was_locked:
            self.lock_now.emit("screen locked")
        self._was_locked = locked


def _mac_screen_locked_reader() -> Any:  # pragma: no cover - macOS only
    try:
        cg = ctypes.cdll.LoadLibrary(
            "/System/Library/Frameworks/CoreGraphics.framework/CoreGraphics"
        )
        cf = ctypes.cdll.LoadLibrary(
            "/System/Library/Frameworks/CoreFoundation.framework/CoreFoundation"
        )
    except OSError:
        return None
    cg.CGSessionCopyCurrentDictionary.restype = ctypes.c_void_p
    cf.CFDictionaryGetValue.restype = ctypes.c_void_p
    cf.CFDictionaryGetValue.argtypes = (ctypes.c_void_p, ctypes.c_void_p)
    cf.CFStringCreateWithCString.restype = ctypes.c_void_p
    cf.CFStringCreateWithCString.argtypes = (ctypes.c_void_p, ctypes.c_char_p, ctypes.c_uint32)
    cf.CFBooleanGetValue.argtypes = (ctypes.c_void_p,)
    cf.CFRelease.argtypes = (ctypes.c_void_p,)
    key = cf.CFStringCreateWithCString(None, b"CGSSessionScreenIsLocked", 0x08000100)

    def read() -> bool:
        session = cg.CGSessionCopyCurrentDictionary()
        if not session:
            return False
        try:
            value = cf.CFDictionaryGetValue(session, key)
            return bool(value) and bool(cf.CFBooleanGetValue(value))
        finally:
            cf.CFRelease(session)

    return read


def create_lock_watcher() -> LockSignals:
    """Return the watcher for this platform (an inactive one where none works)."""
    platform = str(sys.platform)  # a plain string, checked at run time on every system
    if platform.startswith("linux"):
        return DBusLockWatcher()
    if platform == "win32":  # pragma: no cover - Windows only
        return WindowsLockWatcher()
    if platform == "darwin":  # pragma: no cover - macOS only
        return MacLockWatcher()
    return LockSignals()  # pragma: no cover
