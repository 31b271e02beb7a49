"""Add the built Balint Desktop to this user's applications menu on Linux, or take it out.

Standard library only, so it runs with any Python 3.11 (`make install-desktop`).
It writes into the user's own folders, never system ones:

    $XDG_DATA_HOME/applications/balint-desktop.desktop
    $XDG_DATA_HOME/icons/hicolor/<size>/apps/balint-desktop.{png,svg}

($XDG_DATA_HOME is ~/.local/share unless set.) Running it again gives the same
files; `--uninstall` removes exactly those files and nothing else.

Usage:
    python packaging/install_desktop.py [--exec PATH] [--uninstall]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
NAME = "balint-desktop"
ENTRY = HERE / "linux" / f"{NAME}.desktop"
ICONS = HERE / "icons" / "hicolor"
DEFAULT_EXEC = REPO / "dist" / NAME / NAME
MODE = 0o644  # menu entries and icons hold no secrets; other programs must read them

# Characters that the Desktop Entry spec says must be quoted in an Exec argument.
EXEC_RESERVED = frozenset(" \t\n\"'\\><~|&;$*?#()`")


class InstallError(Exception):
    """Something the user must fix before the menu entry can be installed."""


def data_home(environ: Mapping[str, str]) -> Path:
    """Return the user's data folder as the XDG Base Directory spec defines it.

    Args:
        environ: the environment to read XDG_DATA_HOME and HOME from.

    Returns:
        $XDG_DATA_HOME when it is set to an absolute path, else ~/.local/share.
    """
    value = environ.get("XDG_DATA_HOME", "")
    if value and os.path.isabs(value):
        return Path(value)
    home = environ.get("HOME") or str(Path.home())
    return Path(home) / ".local" / "share"


def escape_string(value: str) -> str:
    r"""Return a value as a Desktop Entry string: a backslash is written \\."""
    return value.replace("\\", "\\\\")


def exec_argument(path: str) -> str:
    r"""Return a path quoted as one argument of an Exec key.

    Args:
        path: an absolute path.

    Returns:
        The path as-is when it is plain, else double-quoted with `"`, `` ` ``,
        `$` and `\\` escaped; `%` is always doubled (it starts a field code).
    """
    arg = path.replace("%", "%%")
    if any(char in EXEC_RESERVED for char in arg):
        for char in '\\"`$':
            arg = arg.replace(char, "\\" + char)
        arg = f'"{arg}"'
    return escape_string(arg)


def desktop_entry(template: str, executable: Path) -> str:
    """Return the menu entry with Exec and TryExec naming the executable.

    TryExec makes the menu hide the entry, rather than show a broken one, if
    the built folder is later deleted.

    Args:
        template: the text of packaging/linux/balint-desktop.desktop.
        executable: the absolute path of the built balint-desktop.

    Returns:
        The entry to install.
    """
    lines = [
        "# Added by Balint Desktop's `make install-desktop`; `make uninstall-desktop` removes it."
    ]
    for line in template.splitlines():
        if line.startswith("#"):
            continue  # the template's notes are for the repository's readers
        if line.startswith("Exec="):
            lines.append(f"TryExec={escape_string(str(executable))}")
            lines.append(f"Exec={exec_argument(str(executable))}")
        elif not line.startswith("TryExec="):
            lines.append(line)
    return "\n".join(lines) + "\n"


def icon_files(target: Path) -> list[tuple[Path, Path]]:
    """Return (source, destination) for every icon, in a stable order.

    Args:
        target: the user's data folder.

    Returns:
        One pair per file under packaging/icons/hicolor.
    """
    theme = target / "icons" / "hicolor"
    sources = sorted(path for path in ICONS.rglob(f"{NAME}.*") if path.is_file())
    return [(source, theme / source.relative_to(ICONS)) for source in sources]


def installed_paths(target: Path) -> list[Path]:
    """Return every file `install` writes under the data folder."""
    entry = target / "applications" / f"{NAME}.desktop"
    return [entry, *(destination for _, destination in icon_files(target))]


def write_file(path: Path, data: bytes) -> None:
    """Write a file whole (a reader never sees half of it) with mode 0644."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", delete=False) as f:
        f.write(data)
    try:
        os.chmod(f.name, MODE)
        os.replace(f.name, path)
    except OSError:
        os.unlink(f.name)
        raise


def check_executable(executable: Path) -> None:
    """Refuse an executable that is missing or cannot be run.

    Raises:
        InstallError: with a message that says what to do.
    """
    if any(ord(char) < 32 for char in str(executable)):
        raise InstallError("The executable's path contains a control character; move it.")
    if not executable.exists():
        raise InstallError(
            f"Balint Desktop is not built yet: {executable} does not exist.\n"
            "Run `make dist` first, or name the executable with --exec PATH."
        )
    if not executable.is_file() or not os.access(executable, os.X_OK):
        raise InstallError(f"{executable} is not an executable file.")


def install(target: Path, executable: Path) -> list[Path]:
    """Install the menu entry and icons.

    Args:
        target: the user's data folder.
        executable: the absolute path of the built balint-desktop.

    Returns:
        The files written.

    Raises:
        InstallError: the executable is missing or cannot be run.
    """
    check_executable(executable)
    entry = desktop_entry(ENTRY.read_text(encoding="utf-8"), executable)
    for source, destination in icon_files(target):
        write_file(destination, source.read_bytes())
    # The entry goes last: the menu should never show it before its icon exists.
    paths = installed_paths(target)
    write_file(paths[0], entry.encode("utf-8"))
    return paths


def uninstall(target: Path) -> list[Path]:
    """Remove the files `install` writes; folders and other files stay.

    Args:
        target: the user's data folder.

    Returns:
        The files removed (none if it was not installed).
    """
    removed = []
    for path in installed_paths(target):
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        removed.append(path)
    return removed


def refresh_caches(target: Path) -> None:
    """Tell the desktop about the change with the usual tools, when they are installed.

    Both are optional: menus and icon themes also notice new files by
    themselves, so a missing tool or a failure is not an error.
    """
    theme = target / "icons" / "hicolor"
    commands = [
        ("update-desktop-database", ["-q", str(target / "applications")]),
        # No -t: a cache is only wanted where the theme folder has an index.theme.
        ("gtk-update-icon-cache", ["-q", "-f", str(theme)]),
    ]
    for tool, args in commands:
        program = shutil.which(tool)
        if program is None:
            continue
        try:
            subprocess.run(
                [program, *args],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                check=False,
                timeout=60,
            )
        except (OSError, subprocess.TimeoutExpired):
            continue


def main(argv: list[str] | None = None) -> int:
    """Install or uninstall the menu entry.

    Args:
        argv: command-line arguments without the program name.

    Returns:
        0 on success, 1 when the executable is missing.
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--exec",
        dest="executable",
        type=Path,
        default=DEFAULT_EXEC,
        help="the built balint-desktop executable (default: %(default)s)",
    )
    parser.add_argument("--uninstall", action="store_true", help="remove the menu entry and icons")
    args = parser.parse_args(argv)
    target = data_home(os.environ)
    if args.uninstall:
        removed = uninstall(target)
        refresh_caches(target)
        print(f"Removed Balint Desktop from the applications menu ({len(removed)} files).")
        return 0
    executable = Path(os.path.abspath(args.executable))
    try:
        paths = install(target, executable)
    except InstallError as e:
        print(e, file=sys.stderr)
        return 1
    refresh_caches(target)
    print(f"Added Balint Desktop to the applications menu: {paths[0]}")
    print(f"It runs {executable}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
