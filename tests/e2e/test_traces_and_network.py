"""T8 and T12: a whole journey leaves no trace outside the vault and opens no socket."""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_journey(home: Path, vault_dir: Path, canary: str, prefix: list[str] | None = None) -> str:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_STATE_HOME": str(home / ".local" / "state"),
        "XDG_RUNTIME_DIR": str(home / "runtime"),
        "TMPDIR": str(home / "tmp"),
        "SQLITE_TMPDIR": str(home / "sqlite-tmp"),
        "QT_QPA_PLATFORM": "offscreen",
    }
    for key in ("XDG_RUNTIME_DIR", "TMPDIR", "SQLITE_TMPDIR"):
        Path(env[key]).mkdir(parents=True, mode=0o700, exist_ok=True)
    result = subprocess.run(
        [*(prefix or []), sys.executable, "-m", "tests.e2e.journey_child", str(vault_dir), canary],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=ROOT,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "done" in result.stdout
    return result.stdout


def test_no_trace_outside_the_encrypted_files_and_no_socket(tmp_path: Path) -> None:
    canary = f"Canary{secrets.token_hex(8)}"
    home = tmp_path / "home"
    vault_dir = home / "vault"
    out = run_journey(home, vault_dir, canary)
    assert "NETWORK EVENT" not in out
    files = [p for p in home.rglob("*") if p.is_file()]
    assert any(p.name == "vault.db" for p in files)  # the journey did write
    # ... and exported: a file for a co-leader, one back, and an archive.
    assert {"to-co.balintx", "to-me.balintx", "mine.balintarchive"} <= {p.name for p in files}
    needles = [canary.encode(), canary.encode("utf-16-le"), canary.lower().encode()]
    leaks = [str(p) for p in files for n in needles if n in p.read_bytes()]
    assert leaks == []
    # Preferences hold only harmless UI settings.
    for conf in home.rglob("*.conf"):
        text = conf.read_text(errors="replace")
        assert "Trace Group" not in text
        assert canary not in text
    assert not any(p.name == "QtProject.conf" for p in files)


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or shutil.which("unshare") is None,
    reason="needs Linux unshare",
)
def test_the_journey_works_without_a_network(tmp_path: Path) -> None:
    unshare = shutil.which("unshare")
    assert unshare is not None
    probe = subprocess.run([unshare, "-rn", "true"], capture_output=True, check=False)
    if probe.returncode != 0:
        pytest.skip("user namespaces are not available here")
    home = tmp_path / "home"
    out = run_journey(home, home / "vault", f"Canary{secrets.token_hex(4)}", [unshare, "-rn"])
    assert "NETWORK EVENT" not in out


def test_the_audit_hook_would_catch_a_socket() -> None:
    # Not vacuous: the journey's hook stops a process that opens a socket.
    code = (
        "import sys, socket\n"
        "from tests.e2e.journey_child import forbid_network\n"
        "sys.addaudithook(forbid_network)\n"
        "socket.socket()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert result.returncode == 3
    assert "NETWORK EVENT: socket." in result.stdout
