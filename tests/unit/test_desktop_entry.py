"""The Linux menu entry, the committed icon files and `make install-desktop` (no Qt)."""

from __future__ import annotations

import configparser
import shutil
import stat
import struct
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PACKAGING = REPO / "packaging"
ENTRY = PACKAGING / "linux" / "balint-desktop.desktop"
HICOLOR = PACKAGING / "icons" / "hicolor"
INSTALL = PACKAGING / "install_desktop.py"

HICOLOR_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = [16, 24, 32, 48, 64, 128, 256]
ICNS_TYPES = [
    (b"icp4", 16),
    (b"icp5", 32),
    (b"icp6", 64),
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic09", 512),
    (b"ic10", 1024),
]
# Desktop Menu Specification, appendix A: the registered main categories.
MAIN_CATEGORIES = {
    "AudioVideo", "Audio", "Video", "Development", "Education", "Game", "Graphics",
    "Network", "Office", "Science", "Settings", "System", "Utility",
}  # fmt: skip
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
VALIDATE = shutil.which("desktop-file-validate")  # Debian: desktop-file-utils
needs_validate = pytest.mark.skipif(VALIDATE is None, reason="desktop-file-utils not installed")


def read_entry(path: Path) -> dict[str, str]:
    """Parse a desktop entry strictly: no duplicate keys, case kept."""
    parser = configparser.ConfigParser(
        strict=True, interpolation=None, delimiters=("=",), empty_lines_in_values=False
    )
    parser.optionxform = str  # type: ignore[assignment, method-assign]
    parser.read_string(path.read_text(encoding="utf-8"), source=str(path))
    assert parser.sections() == ["Desktop Entry"]
    return dict(parser["Desktop Entry"])


def png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    assert data.startswith(PNG_SIGNATURE)
    chunks = []
    pos = len(PNG_SIGNATURE)
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        chunks.append((data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]))
        pos += 12 + length
    assert pos == len(data)
    return chunks


def png_size(data: bytes) -> tuple[int, int]:
    kind, body = png_chunks(data)[0]
    assert kind == b"IHDR"
    width, height, depth, colour = struct.unpack(">IIBB", body[:10])
    assert (depth, colour) == (8, 6)  # 8-bit RGBA
    return width, height


def test_entry_has_the_required_keys_and_values() -> None:
    entry = read_entry(ENTRY)
    assert entry["Type"] == "Application"
    assert entry["Version"] in {"1.4", "1.5"}
    assert entry["Name"] == "Balint Desktop"
    assert entry["GenericName"]
    assert entry["Comment"]
    assert entry["Exec"] == "balint-desktop"
    assert entry["Icon"] == "balint-desktop"
    assert entry["Terminal"] == "false"
    assert entry["Keywords"].endswith(";")


def test_entry_uses_only_registered_main_categories() -> None:
    categories = read_entry(ENTRY)["Categories"]
    assert categories.endswith(";")
    names = categories.removesuffix(";").split(";")
    assert names
    assert set(names) <= MAIN_CATEGORIES


def test_entry_names_nothing_of_this_machine() -> None:
    text = ENTRY.read_text(encoding="utf-8")
    for value in read_entry(ENTRY).values():
        assert "/" not in value
    assert "%" not in text  # no field code: the app opens no file given on the command line
    assert str(Path.home()) not in text


def test_entry_matches_the_app_window_class_and_desktop_file_name() -> None:
    # Qt's X11 WM_CLASS class is the application name; the Wayland app id is the
    # desktop file name. Both are set where the QApplication is made.
    source = (REPO / "balint_desktop" / "app" / "__init__.py").read_text(encoding="utf-8")
    entry = read_entry(ENTRY)
    assert f'app.setApplicationName("{entry["StartupWMClass"]}")' in source
    assert f'app.setDesktopFileName("{ENTRY.stem}")' in source


@needs_validate
def test_entry_passes_desktop_file_validate() -> None:
    result = subprocess.run(
        [str(VALIDATE), str(ENTRY)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("size", HICOLOR_SIZES)
def test_hicolor_png_has_exactly_its_size(size: int) -> None:
    name = read_entry(ENTRY)["Icon"]
    data = (HICOLOR / f"{size}x{size}" / "apps" / f"{name}.png").read_bytes()
    assert png_size(data) == (size, size)
    # Only critical chunks: no time, resolution or text that would change per run.
    assert {kind for kind, _ in png_chunks(data)} <= {b"IHDR", b"IDAT", b"IEND"}


def test_hicolor_holds_exactly_the_standard_sizes_and_the_scalable_icon() -> None:
    name = read_entry(ENTRY)["Icon"]
    found = sorted(str(p.relative_to(HICOLOR)) for p in HICOLOR.rglob("*") if p.is_file())
    expected = [f"{n}x{n}/apps/{name}.png" for n in HICOLOR_SIZES]
    assert found == sorted([*expected, f"scalable/apps/{name}.svg"])
    svg = (HICOLOR / "scalable" / "apps" / f"{name}.svg").read_bytes()
    assert svg == (REPO / "resources" / "icons" / "balint-desktop.svg").read_bytes()


def test_ico_holds_a_png_for_each_windows_size() -> None:
    data = (PACKAGING / "windows" / "balint-desktop.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind, count) == (0, 1, len(ICO_SIZES))
    sizes = []
    end = 6 + 16 * count
    for i in range(count):
        width, height, colours, zero, planes, bits, length, offset = struct.unpack(
            "<BBBBHHII", data[6 + 16 * i : 22 + 16 * i]
        )
        size = width or 256
        assert (height or 256, colours, zero, planes, bits) == (size, 0, 0, 1, 32)
        assert offset == end  # images follow one another, no gap or overlap
        assert png_size(data[offset : offset + length]) == (size, size)
        end = offset + length
        sizes.append(size)
    assert end == len(data)
    assert sizes == ICO_SIZES


def test_icns_holds_a_png_for_each_macos_type() -> None:
    data = (PACKAGING / "macos" / "balint-desktop.icns").read_bytes()
    magic, total = struct.unpack(">4sI", data[:8])
    assert (magic, total) == (b"icns", len(data))
    entries = []
    pos = 8
    while pos < len(data):
        kind, length = struct.unpack(">4sI", data[pos : pos + 8])
        width, height = png_size(data[pos + 8 : pos + length])
        assert width == height
        entries.append((kind, width))
        pos += length
    assert pos == len(data)
    assert entries == ICNS_TYPES


# --- make install-desktop --------------------------------------------------


def run_install(
    data_home: Path, tools: Path, *args: str, xdg: bool = True
) -> subprocess.CompletedProcess[str]:
    """Run install_desktop.py with only `tools` on PATH (no real cache updaters)."""
    env = {"HOME": str(tools.parent / "home"), "PATH": str(tools)}
    if xdg:
        env["XDG_DATA_HOME"] = str(data_home)
    return subprocess.run(
        [sys.executable, str(INSTALL), *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
        env=env,
    )


def files_under(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture
def tools(tmp_path: Path) -> Path:
    folder = tmp_path / "bin"
    folder.mkdir()
    return folder


@pytest.fixture
def executable(tmp_path: Path) -> Path:
    """A stand-in for the built app, in a folder whose name needs quoting in Exec."""
    path = tmp_path / "my apps" / "balint-desktop"
    path.parent.mkdir()
    path.write_text("#!/bin/sh\nexit 0\n")
    path.chmod(0o755)
    return path


def expected_files(icon: str) -> list[str]:
    return sorted(
        [
            "applications/balint-desktop.desktop",
            *(f"icons/hicolor/{n}x{n}/apps/{icon}.png" for n in HICOLOR_SIZES),
            f"icons/hicolor/scalable/apps/{icon}.svg",
        ]
    )


def test_install_writes_the_entry_and_icons_with_the_absolute_exec(
    tmp_path: Path, tools: Path, executable: Path
) -> None:
    data_home = tmp_path / "data"
    result = run_install(data_home, tools, "--exec", str(executable))
    assert result.returncode == 0, result.stderr
    installed = files_under(data_home)
    assert sorted(installed) == expected_files(read_entry(ENTRY)["Icon"])
    for name, data in installed.items():
        if name.startswith("icons/"):
            assert data == (PACKAGING / name).read_bytes()
        mode = stat.S_IMODE((data_home / name).stat().st_mode)
        assert mode == 0o644, name
    entry = read_entry(data_home / "applications" / "balint-desktop.desktop")
    assert entry["Exec"] == f'"{executable}"'
    assert entry["TryExec"] == str(executable)
    assert {k: v for k, v in entry.items() if k not in {"Exec", "TryExec"}} == {
        k: v for k, v in read_entry(ENTRY).items() if k != "Exec"
    }


def test_install_twice_gives_the_same_files(tmp_path: Path, tools: Path, executable: Path) -> None:
    data_home = tmp_path / "data"
    assert run_install(data_home, tools, "--exec", str(executable)).returncode == 0
    first = files_under(data_home)
    assert run_install(data_home, tools, "--exec", str(executable)).returncode == 0
    assert files_under(data_home) == first


def test_uninstall_removes_what_install_wrote_and_nothing_else(
    tmp_path: Path, tools: Path, executable: Path
) -> None:
    data_home = tmp_path / "data"
    others = {
        "applications/other.desktop": b"[Desktop Entry]\n",
        "icons/hicolor/16x16/apps/other.png": b"not ours",
        "icons/hicolor/index.theme": b"[Icon Theme]\n",
    }
    for name, data in others.items():
        (data_home / name).parent.mkdir(parents=True, exist_ok=True)
        (data_home / name).write_bytes(data)
    assert run_install(data_home, tools, "--exec", str(executable)).returncode == 0
    result = run_install(data_home, tools, "--uninstall")
    assert result.returncode == 0, result.stderr
    assert files_under(data_home) == others
    assert executable.exists()
    # A second uninstall has nothing left to do and does not fail.
    assert run_install(data_home, tools, "--uninstall").returncode == 0


def test_missing_executable_is_refused_plainly(tmp_path: Path, tools: Path) -> None:
    data_home = tmp_path / "data"
    missing = tmp_path / "dist" / "balint-desktop" / "balint-desktop"
    result = run_install(data_home, tools, "--exec", str(missing))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert str(missing) in result.stderr
    assert "make dist" in result.stderr
    assert not data_home.exists()


def test_default_data_home_is_local_share(tmp_path: Path, tools: Path, executable: Path) -> None:
    data_home = tmp_path / "home" / ".local" / "share"
    result = run_install(data_home, tools, "--exec", str(executable), xdg=False)
    assert result.returncode == 0, result.stderr
    assert (data_home / "applications" / "balint-desktop.desktop").is_file()


def test_cache_tools_run_when_present_and_their_failure_is_ignored(
    tmp_path: Path, tools: Path, executable: Path
) -> None:
    log = tmp_path / "calls.log"
    for tool in ("update-desktop-database", "gtk-update-icon-cache"):
        script = tools / tool
        script.write_text(f'#!/bin/sh\necho "{tool} $*" >> "{log}"\nexit 1\n')
        script.chmod(0o755)
    data_home = tmp_path / "data"
    assert run_install(data_home, tools, "--exec", str(executable)).returncode == 0
    assert run_install(data_home, tools, "--uninstall").returncode == 0
    calls = log.read_text().splitlines()
    apps, theme = data_home / "applications", data_home / "icons" / "hicolor"
    assert calls == 2 * [
        f"update-desktop-database -q {apps}",
        f"gtk-update-icon-cache -q -f {theme}",
    ]


@needs_validate
def test_installed_entry_passes_desktop_file_validate(
    tmp_path: Path, tools: Path, executable: Path
) -> None:
    data_home = tmp_path / "data"
    assert run_install(data_home, tools, "--exec", str(executable)).returncode == 0
    installed = data_home / "applications" / "balint-desktop.desktop"
    result = subprocess.run(
        [str(VALIDATE), str(installed)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""


def decode_exec(value: str) -> str:
    """Undo the desktop-entry string escape, then the Exec quoting, of one argument."""
    text = value.replace("\\\\", "\\")
    if text.startswith('"'):
        assert text.endswith('"')
        inner, out, i = text[1:-1], [], 0
        while i < len(inner):
            if inner[i] == "\\":
                i += 1
            out.append(inner[i])
            i += 1
        text = "".join(out)
    return text.replace("%%", "%")


def test_exec_quotes_a_path_with_reserved_characters(tmp_path: Path, tools: Path) -> None:
    path = tmp_path / 'it\'s "$HOME" `x` 100% \\ here' / "balint-desktop"
    path.parent.mkdir()
    path.write_text("#!/bin/sh\nexit 0\n")
    path.chmod(0o755)
    data_home = tmp_path / "data"
    assert run_install(data_home, tools, "--exec", str(path)).returncode == 0
    installed = data_home / "applications" / "balint-desktop.desktop"
    assert decode_exec(read_entry(installed)["Exec"]) == str(path)
    if VALIDATE is not None:
        result = subprocess.run(
            [str(VALIDATE), str(installed)], capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, result.stdout
