"""How the de-identification guard's kinds of identifier are named to the leader."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

#: kind → (with an article, one, many)
_WORDS: dict[str, tuple[str, str, str]] = {
    "name": ("a name", "name", "names"),
    "phone": ("a phone number", "phone number", "phone numbers"),
    "email": ("an email address", "email address", "email addresses"),
    "birth_date": ("a date of birth", "date of birth", "dates of birth"),
    "medicare": ("a Medicare number", "Medicare number", "Medicare numbers"),
    "nhi": ("an NHI number", "NHI number", "NHI numbers"),
    "nhs": ("an NHS number", "NHS number", "NHS numbers"),
    "address": ("a street address", "street address", "street addresses"),
    "url": ("a link", "link", "links"),
}
_UNKNOWN = ("an identifier", "identifier", "identifiers")


def _tr(text: str) -> str:
    return QCoreApplication.translate("IdentifierWords", text)


def with_article(kind: str) -> str:
    """Return e.g. "a phone number"."""
    return _tr(_WORDS.get(kind, _UNKNOWN)[0])


def word(kind: str) -> str:
    """Return e.g. "phone number"."""
    return _tr(_WORDS.get(kind, _UNKNOWN)[1])


def counted(kind: str, count: int) -> str:
    """Return e.g. "1 phone number" or "3 links"."""
    one, many = _WORDS.get(kind, _UNKNOWN)[1:]
    return f"{count} {_tr(one if count == 1 else many)}"
