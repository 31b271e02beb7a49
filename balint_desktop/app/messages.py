"""The words the app shows about the vault: banners after unlock, and why a step failed."""

from __future__ import annotations

import datetime as dt

from balint_desktop.core.clock import from_db
from balint_desktop.core.models import Group

#: A banner asks for attention once the last verified backup is this old.
BACKUP_WARNING_AGE = dt.timedelta(days=7)


def backup_warning(
    last: dt.datetime | None, latest_change: str | None, now: dt.datetime | None = None
) -> str | None:
    """Return the banner text when backups are overdue, else None."""
    moment = now or dt.datetime.now(dt.UTC)
    if last is not None:
        if moment - last <= BACKUP_WARNING_AGE:
            return None
        days = (moment - last).days
        return (
            f"The last verified backup is {days} days old. Lock or quit to make a new one; "
            "if that keeps failing, check the disk has space."
        )
    if latest_change is None or moment - from_db(latest_change) <= BACKUP_WARNING_AGE:
        return None
    return "There is no verified backup of these notes yet. Lock or quit to make one."


def retention_notice(due: list[Group]) -> str | None:
    """Say which groups' notes are past the date their leader set."""
    if not due:
        return None
    names = ", ".join(group.name for group in due)
    return (
        f"The notes of {names} are past the date you set for destroying them. "
        "Choose the group, then Group ▸ Destroy this group's notes…"
    )


def os_message(error: BaseException) -> str:
    """Say what went wrong when the error is not a `VaultError` (which has its own words)."""
    if isinstance(error, OSError):
        return (
            "The vault folder could not be used (the disk may be full, read-only or "
            "unavailable). Nothing was changed."
        )
    return "Something unexpected went wrong; nothing was changed."
