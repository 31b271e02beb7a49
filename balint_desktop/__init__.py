"""Balint Desktop: encrypted, local-only reflective notes for Balint group leaders.

The automation API (DESIGN.md §4) lives here and never imports Qt::

    import balint_desktop as bd
    with bd.Vault.create(folder, "a long passphrase", kdf=bd.KdfParams.for_tests()) as v:
        g = v.add_group("Clinician Group")
"""

from balint_desktop.core.archive_api import ArchiveSnapshot, read_archive
from balint_desktop.core.deidentify import IdentifierSpan, find_identifiers
from balint_desktop.core.errors import (
    ArchiveRefused,
    ArchiveWrongPassphrase,
    InvalidInput,
    StorageFull,
    VaultClosed,
    VaultCorrupt,
    VaultError,
    VaultInUse,
    VaultNotFound,
    WeakKeyFile,
    WrongPassphrase,
)
from balint_desktop.core.exchange import CoLeader, ExchangeReport, MergeItem, SharedReflection
from balint_desktop.core.leadership import LogEntry, Requirement
from balint_desktop.core.models import (
    Attendance,
    Group,
    Member,
    Presentation,
    Reflection,
    Revision,
    SearchHit,
    SearchResults,
    Session,
)
from balint_desktop.core.templates import DEFAULT_TEMPLATE, SECTION_KEYS, SectionSpec, Template
from balint_desktop.core.vault import Vault, VaultExists, VaultInfo
from balint_desktop.crypto.exchange_format import (
    DamagedExchangeFile,
    ExchangeRefused,
    NewerExchangeFile,
    NotAnExchangeFile,
    NotForYou,
    TamperedExchangeFile,
    UnknownSender,
)
from balint_desktop.crypto.identity import NotAnIdentity
from balint_desktop.crypto.kdf import KdfParams
from balint_desktop.storage.templates_store import TemplateVersion

__version__ = "0.1.0"

__all__ = [
    "DEFAULT_TEMPLATE",
    "SECTION_KEYS",
    "ArchiveRefused",
    "ArchiveSnapshot",
    "ArchiveWrongPassphrase",
    "Attendance",
    "CoLeader",
    "DamagedExchangeFile",
    "ExchangeRefused",
    "ExchangeReport",
    "Group",
    "IdentifierSpan",
    "InvalidInput",
    "KdfParams",
    "LogEntry",
    "Member",
    "MergeItem",
    "NewerExchangeFile",
    "NotAnExchangeFile",
    "NotAnIdentity",
    "NotForYou",
    "Presentation",
    "Reflection",
    "Requirement",
    "Revision",
    "SearchHit",
    "SearchResults",
    "SectionSpec",
    "Session",
    "SharedReflection",
    "StorageFull",
    "TamperedExchangeFile",
    "Template",
    "TemplateVersion",
    "UnknownSender",
    "Vault",
    "VaultClosed",
    "VaultCorrupt",
    "VaultError",
    "VaultExists",
    "VaultInUse",
    "VaultInfo",
    "VaultNotFound",
    "WeakKeyFile",
    "WrongPassphrase",
    "__version__",
    "find_identifiers",
    "read_archive",
]
