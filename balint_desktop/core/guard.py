"""One place where database errors become vault errors at the API boundary."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import sqlcipher3

from balint_desktop.storage.repository import translate_error

C = TypeVar("C", bound=type)


def translate_database_errors(cls: C) -> C:
    """Wrap the public methods of `cls` so no raw sqlcipher3 error escapes.

    A damaged page can surface on any read, not only when opening: such
    errors must reach the leader as `VaultCorrupt` (restore offered), a full
    disk as `StorageFull`, never as an unexplained crash.
    """
    for name, member in list(vars(cls).items()):
        if (
            name.startswith("_")
            or not callable(member)
            or isinstance(member, classmethod | staticmethod)
        ):
            continue
        setattr(cls, name, _guarded(member))
    return cls


def _guarded(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return method(*args, **kwargs)
        except sqlcipher3.Error as error:
            raise translate_error(error) from None

    return wrapper
