"""The packaged app: `make dist`'s folder runs on its own, without Python or this tree.

Builds the one-folder app with PyInstaller (about 90 s on two cores), copies
the folder elsewhere and runs it with a bare environment. Slow: it runs when
BALINT_TEST_DIST=1, which `.ci/run` sets, so CI builds it on every landing.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import balint_desktop as bd
from balint_desktop.core.about import version_line
from tests.conftest import PASSPHRASE

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "packaging" / "balint-desktop.spec"
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        os.environ.get("BALINT_TEST_DIST") != "1",
        reason="builds the packaged app (~90 s): set BALINT_TEST_DIST=1 (CI does)",
    ),
]
#: Names that must never be in the build: development tools and test data.
FORBIDDEN = (
    "pytest",
    "pytestqt",
    "hypothesis",
    "mypy",
    "ruff",
    "PyInstaller",
    "setuptools",
    "tests",
    "vault-v1",
    "conftest",
)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the app, then move the folder where neither the tree nor the venv is."""
    work = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            str(Path(sys.executable).with_name("pyinstaller")),
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(work / "dist"),
            "--workpath",
            str(work / "build"),
            str(SPEC),
        ],
        check=True,
        cwd=work,
        timeout=900,
    )
    elsewhere = tmp_path_factory.mktemp("another-machine") / "balint-desktop"
    shutil.copytree(work / "dist" / "balint-desktop", elsewhere, symlinks=True)
    shutil.rmtree(work)
    return elsewhere


def _run(
    folder: Path, program: str, *args: str, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    home = folder.parent / "home"
    home.mkdir(exist_ok=True)
    bare = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "QT_QPA_PLATFORM": "offscreen",
        # Would send a Python program astray; a frozen app must ignore them.
        "PYTHONPATH": str(ROOT),
        "PYTHONHOME": "/nonexistent",
    }
    return subprocess.run(
        [str(folder / program), *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=bare,
        cwd=folder.parent,
        timeout=180,
        check=False,
    )


def test_the_built_app_says_its_version(built: Path) -> None:
    result = _run(built, "balint-desktop", "--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == version_line()


def test_the_built_app_creates_writes_locks_and_quits(built: Path) -> None:
    result = _run(built, "balint-desktop", "--self-check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok: locked and unlocked; the note came back" in result.stdout
    assert "Self-check passed" in result.stdout


def _unshare() -> str | None:
    """Return the unshare program if user and mount namespaces work here."""
    unshare = shutil.which("unshare")
    if not sys.platform.startswith("linux") or unshare is None:
        return None
    probe = subprocess.run([unshare, "-rm", "true"], capture_output=True, check=False)
    return unshare if probe.returncode == 0 else None


def test_the_built_app_runs_with_python_and_this_tree_out_of_sight(
    built: Path, tmp_path: Path
) -> None:
    """As on a machine without Python: the tree, the venv and every Python hidden."""
    unshare = _unshare()
    if unshare is None:
        pytest.skip("needs Linux user and mount namespaces (unshare -rm)")
    empty = tmp_path / "empty"
    empty.mkdir()
    folders = [ROOT, Path(sys.base_prefix), *Path("/usr/lib").glob("python3*")]
    folders += [*Path("/usr/local/lib").glob("python3*")]
    programs = {p.resolve() for p in Path("/usr/bin").glob("python3*") if p.exists()}
    mounts = [f"mount --bind {shlex.quote(str(empty))} {shlex.quote(str(f))}" for f in folders]
    mounts += [f"mount --bind /dev/null {shlex.quote(str(p))}" for p in sorted(programs)]
    check = f"test ! -e {shlex.quote(str(ROOT / 'pyproject.toml'))}"
    script = " && ".join(
        [*mounts, check, f"exec {shlex.quote(str(built / 'balint-desktop'))} --self-check"]
    )
    home = tmp_path / "home"
    home.mkdir()
    result = subprocess.run(
        [unshare, "-rm", "/bin/sh", "-c", script],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "HOME": str(home), "QT_QPA_PLATFORM": "offscreen"},
        cwd=tmp_path,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Self-check passed" in result.stdout


def test_the_built_command_verifies_a_vault(built: Path, tmp_path: Path) -> None:
    with bd.Vault.create(tmp_path / "vault", PASSPHRASE, kdf=bd.KdfParams.for_tests()) as vault:
        vault.add_group("Checked by the built command")
    result = _run(
        built,
        "balint-vault",
        "verify",
        "--vault",
        str(tmp_path / "vault"),
        "--passphrase-stdin",
        stdin=PASSPHRASE + "\n",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    wrong = _run(
        built,
        "balint-vault",
        "verify",
        "--vault",
        str(tmp_path / "vault"),
        "--passphrase-stdin",
        stdin="not it\n",
    )
    assert wrong.returncode == 2


def test_the_build_holds_no_development_tool_test_data_or_network_plugin(built: Path) -> None:
    from PyInstaller.archive.readers import CArchiveReader

    names = {part for path in built.rglob("*") for part in path.relative_to(built).parts}
    assert not {n for n in names if any(n.startswith(f) for f in FORBIDDEN)}
    modules = set()
    for program in ("balint-desktop", "balint-vault"):
        archive = CArchiveReader(str(built / program))
        (pyz,) = [name for name in archive.toc if name.endswith(".pyz")]
        modules |= set(archive.open_embedded_archive(pyz).toc)
    assert "balint_desktop.core.vault" in modules  # the reading works
    assert not {m for m in modules if m.split(".")[0] in FORBIDDEN}
    assert not {m for m in modules if m.startswith(("PySide6.QtNetwork", "http", "ssl"))}
    assert not [n for n in names if "qvnc" in n or "Qt6Network" in n or "tuiotouch" in n]


def test_the_build_leaves_the_system_s_libraries_and_paths_to_the_system(built: Path) -> None:
    """No copy of glib, X11, libstdc++, CUPS or OpenSSL 3 from the build machine; no build path."""
    shipped = {path.name for path in built.rglob("*.so*")}
    system = (
        "libglib",
        "libX11",
        "libstdc++",
        "libcups.so",
        "libgnutls",
        "libcrypto.so.3",
        "libgtk",
    )
    assert not {name for name in shipped if name.startswith(system)}
    assert not list(built.rglob("direct_url.json"))
    # Qt for Python's modules are files the user can replace (LGPL-3.0).
    assert (built / "_internal" / "PySide6" / "__init__.py").is_file()


def test_the_build_carries_the_licences_and_the_versions_about_shows(built: Path) -> None:
    from balint_desktop.core.licences import APP, THIRD_PARTY

    shipped = {p.name.split("-")[0].lower() for p in (built / "_internal").glob("*.dist-info")}
    wanted = {
        c.distribution.lower().replace("-", "_")
        for c in (APP, *THIRD_PARTY)
        if c.distribution and c.distribution != "tzdata"  # Windows only
    }
    assert wanted <= shipped
    licences = built / "_internal" / "balint_desktop" / "licenses"
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in (licences / "LGPL-3.0.txt").read_text()
    assert "MIT License" in (licences / "Balint-Desktop.txt").read_text()
