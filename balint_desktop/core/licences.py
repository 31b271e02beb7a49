"""The licences of Balint Desktop and of the components every build ships.

The texts are plain files in `balint_desktop/licenses/` (package data), so a
wheel, an editable install and the packaged one-folder build all carry them;
`balint_desktop/licenses/README` says where each text came from. A bundled
build must show them (the LGPL for Qt, the BSD-style notices of SQLCipher and
cryptography); the About window does.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import metadata, resources

#: The folder inside the package that holds the texts.
TEXTS = "licenses"

#: Set between the files of one component's text.
SEPARATOR = "\n\n" + "=" * 72 + "\n\n"


@dataclass(frozen=True, slots=True)
class Component:
    """A piece of software inside the app, with its licence.

    Attributes:
        name: what a leader reads in the list.
        licence: the licence in short form (SPDX identifiers where they exist).
        files: the texts to show, in order, from `balint_desktop/licenses/`.
        distribution: the installed Python distribution whose version is
            shown, if any (`None` for libraries compiled into another one).
        versions: the versions this app accepts, as pyproject.toml says.
        note: why the component is there, when its name does not say.
    """

    name: str
    licence: str
    files: tuple[str, ...]
    distribution: str | None = None
    versions: str = ""
    note: str = ""

    def installed_version(self) -> str | None:
        """Return the installed version, or None where it cannot be known.

        A packaged build may leave out the distributions' metadata; the
        versions it accepts are still in `versions`.
        """
        if self.distribution is None:
            return None
        try:
            return metadata.version(self.distribution)
        except metadata.PackageNotFoundError:
            return None

    def text(self) -> str:
        """Return the full licence text (every file, in order)."""
        return SEPARATOR.join(read_text(name).rstrip("\n") for name in self.files) + "\n"


#: Balint Desktop's own licence.
APP = Component("Balint Desktop", "MIT", ("Balint-Desktop.txt",), distribution="balint-desktop")

QT_FILES = ("Qt-NOTICE.txt", "LGPL-3.0.txt", "GPL-3.0.txt")
APACHE = "Apache-2.0.txt"

#: Third-party components, in the order the About window lists them.
THIRD_PARTY: tuple[Component, ...] = (
    Component(
        "Qt",
        "LGPL-3.0-only",
        QT_FILES,
        "PySide6-Essentials",
        ">=6.8,<6.12",
        "The windows, widgets and text handling (the libraries of the PySide6 wheel).",
    ),
    Component(
        "PySide6",
        "LGPL-3.0-only",
        QT_FILES,
        "PySide6-Essentials",
        ">=6.8,<6.12",
        "Qt for Python: the bindings between Python and Qt.",
    ),
    Component(
        "Shiboken6",
        "LGPL-3.0-only",
        QT_FILES,
        "shiboken6",
        ">=6.8,<6.12",
        "The runtime of the PySide6 bindings.",
    ),
    Component(
        "SQLCipher",
        "BSD-3-Clause",
        ("SQLCipher.txt",),
        None,
        "4.x",
        "The encrypted database, by Zetetic LLC; compiled into sqlcipher3.",
    ),
    Component(
        "SQLite",
        "Public domain",
        ("SQLite.txt",),
        None,
        "3.x",
        "The database engine SQLCipher is built on; compiled into sqlcipher3.",
    ),
    Component(
        "sqlcipher3",
        "Zlib",
        ("sqlcipher3.txt",),
        "sqlcipher3",
        ">=0.5.4",
        "The Python interface to SQLCipher (from pysqlite).",
    ),
    Component(
        "cryptography",
        "Apache-2.0 OR BSD-3-Clause",
        ("cryptography.txt", "cryptography-BSD.txt", APACHE),
        "cryptography",
        ">=44",
        "Key derivation (Argon2id) and encryption of the key file and exchanges.",
    ),
    Component(
        "OpenSSL",
        "Apache-2.0",
        ("OpenSSL.txt", APACHE),
        None,
        "3.x and later",
        "Compiled into cryptography (OpenSSL 4) and into sqlcipher3 (OpenSSL 3).",
    ),
    Component(
        "cffi",
        "MIT-0",
        ("cffi.txt",),
        "cffi",
        ">=2.0.0",
        "Used by cryptography at run time.",
    ),
    Component(
        "platformdirs",
        "MIT",
        ("platformdirs.txt",),
        "platformdirs",
        ">=4",
        "Finds the usual folder for the vault on each system.",
    ),
    Component(
        "zxcvbn", "MIT", ("zxcvbn.txt",), "zxcvbn", ">=4.4", "The passphrase strength meter."
    ),
    Component(
        "phonenumbers",
        "Apache-2.0",
        ("phonenumbers.txt",),
        "phonenumbers",
        ">=8.13",
        "Spots phone numbers for the de-identification guard.",
    ),
    Component(
        "mnemonic",
        "MIT",
        ("mnemonic.txt",),
        "mnemonic",
        ">=0.21",
        "The word list of the fingerprint words co-leaders compare.",
    ),
    Component(
        "tzdata",
        "Apache-2.0",
        ("tzdata.txt", APACHE),
        "tzdata",
        "any",
        "Time zone data; Windows builds only.",
    ),
    Component(
        "Python",
        "PSF-2.0",
        ("Python.txt",),
        None,
        "3.11",
        "The Python runtime inside the packaged build.",
    ),
)


def read_text(name: str) -> str:
    """Return one licence file of `balint_desktop/licenses/` as text."""
    folder = resources.files("balint_desktop").joinpath(TEXTS)
    return folder.joinpath(name).read_text(encoding="utf-8")


def components() -> tuple[Component, ...]:
    """Return Balint Desktop itself, then every third-party component."""
    return (APP, *THIRD_PARTY)
