"""`balint-vault`: each command, each exit code, and never a word of note text."""

from __future__ import annotations

import datetime as dt
import io
import stat
import subprocess
import sys
from pathlib import Path

import pytest

import balint_desktop as bd
from balint_desktop import cli
from balint_desktop.storage.migrations import LATEST_VERSION
from tests.conftest import PASSPHRASE

SECRET = "Canary-7f3a the presenter's despair"


def run(*argv: str, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(list(argv), stdin=io.StringIO(stdin), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def filled(vault_dir: Path) -> Path:
    with bd.Vault.create(vault_dir, PASSPHRASE, kdf=bd.KdfParams.for_tests()) as vault:
        group = vault.add_group("Clinician Group")
        session = vault.add_session(group.id, dt.date(2026, 4, 2))
        vault.save_reflection(session.id, {"case": SECRET})
    return vault_dir


def test_info_shows_counts_and_settings_never_text(filled: Path) -> None:
    code, out, err = run("info", "--vault", str(filled), "--passphrase-stdin", stdin=PASSPHRASE)
    assert code == cli.OK, err
    assert f"Schema version: {LATEST_VERSION}" in out
    assert "Sessions: 1" in out
    assert "TEST SETTINGS" in out
    assert "Canary" not in out + err


def test_verify_sound_vault(filled: Path) -> None:
    code, out, _ = run("verify", "--vault", str(filled), "--passphrase-stdin", stdin=PASSPHRASE)
    assert code == cli.OK
    assert "sound" in out


def test_verify_damaged_vault_exits_3(filled: Path) -> None:
    db = filled / "vault.db"
    data = bytearray(db.read_bytes())
    data[4096 * 3 + 50] ^= 0x10
    db.write_bytes(bytes(data))
    code, out, err = run("verify", "--vault", str(filled), "--passphrase-stdin", stdin=PASSPHRASE)
    assert code == cli.DAMAGED
    assert "damaged" in out + err


def test_wrong_passphrase_exits_2(filled: Path) -> None:
    code, _, err = run("verify", "--vault", str(filled), "--passphrase-stdin", stdin="nope\n")
    assert code == cli.WRONG_PASSPHRASE
    assert "did not unlock" in err


def test_corrupt_first_page_exits_3(filled: Path) -> None:
    db = filled / "vault.db"
    data = bytearray(db.read_bytes())
    data[10:60] = bytes(50)
    db.write_bytes(bytes(data))
    code, _, _ = run("info", "--vault", str(filled), "--passphrase-stdin", stdin=PASSPHRASE)
    assert code == cli.DAMAGED


def test_in_use_exits_4(filled: Path) -> None:
    with bd.Vault.open(filled, PASSPHRASE):
        code, _, err = run("info", "--vault", str(filled), "--passphrase-stdin", stdin=PASSPHRASE)
    assert code == cli.IN_USE
    assert "already open" in err


def test_usage_errors_exit_1(tmp_path: Path) -> None:
    assert run()[0] == cli.ERROR
    assert run("explode")[0] == cli.ERROR
    assert run("info", "--vault", str(tmp_path), "--passphrase-stdin")[0] == cli.ERROR
    code, _, err = run("info", "--vault", str(tmp_path / "none"), "--passphrase-stdin", stdin="x")
    assert code == cli.ERROR
    assert "No vault" in err


def test_change_passphrase_from_stdin(filled: Path) -> None:
    code, out, err = run(
        "change-passphrase",
        "--vault",
        str(filled),
        "--passphrase-stdin",
        stdin=f"{PASSPHRASE}\n  new one with spaces  \n",
    )
    assert code == cli.OK, err
    assert "changed" in out
    bd.Vault.open(filled, "  new one with spaces  ").close()


def test_change_passphrase_by_prompt_needs_matching_entries(filled: Path) -> None:
    answers = iter([PASSPHRASE, "new passphrase", "different"])
    err = io.StringIO()
    code = cli.main(
        ["change-passphrase", "--vault", str(filled)],
        stdout=io.StringIO(),
        stderr=err,
        prompt=lambda _label: next(answers),
    )
    assert code == cli.ERROR
    assert "did not match" in err.getvalue()
    bd.Vault.open(filled, PASSPHRASE).close()


def test_backup_then_restore_over_a_damaged_vault(filled: Path, tmp_path: Path) -> None:
    code, out, _ = run(
        "backup", "--vault", str(filled), "--to", str(tmp_path / "bk"), "--passphrase-stdin",
        stdin=PASSPHRASE,
    )  # fmt: skip
    assert code == cli.OK
    [backup] = list((tmp_path / "bk").iterdir())
    assert str(backup) in out
    (filled / "vault.db").write_bytes(b"\0" * 8192)  # destroyed
    code, out, err = run(
        "restore", str(backup), "--vault", str(filled), "--passphrase-stdin", stdin=PASSPHRASE
    )
    assert code == cli.OK, err
    damaged = list(filled.glob("vault.db.damaged-*"))
    assert len(damaged) == 1
    assert damaged[0].read_bytes() == b"\0" * 8192  # kept, never deleted
    with bd.Vault.open(filled, PASSPHRASE) as vault:
        assert vault.search("canary")


def test_restore_refuses_while_the_vault_is_open(filled: Path, tmp_path: Path) -> None:
    with bd.Vault.open(filled, PASSPHRASE) as vault:
        backup = vault.backup(tmp_path / "bk")
        code, _, _ = run(
            "restore", str(backup), "--vault", str(filled), "--passphrase-stdin", stdin=PASSPHRASE
        )
    assert code == cli.IN_USE
    assert not list(filled.glob("*.damaged-*"))


def test_console_script_runs_as_a_module(filled: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "balint_desktop.cli", "verify", "--vault", str(filled),
         "--passphrase-stdin"],
        input=PASSPHRASE, capture_output=True, text=True, check=False, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr


# -- review M5 (c): no traceback, ever ---------------------------------------


def test_a_file_error_is_a_plain_sentence_and_exit_1(
    filled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unreadable(*_args: object, **_kwargs: object) -> bd.Vault:
        raise PermissionError(13, "Permission denied", str(filled / "vault.db"))

    monkeypatch.setattr(bd.Vault, "open", unreadable)
    code, _out, err = run("verify", "--vault", str(filled), "--passphrase-stdin", stdin=PASSPHRASE)
    assert code == cli.ERROR
    assert err.startswith("balint-vault: a file could not be read or written")
    assert "Permission denied" in err
    assert "Traceback" not in err
    assert len(err.splitlines()) == 1


def test_an_unexpected_error_names_only_its_kind(
    filled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object, **_kwargs: object) -> bd.Vault:
        raise RuntimeError(f"{SECRET} {PASSPHRASE}")  # what a careless message might hold

    monkeypatch.setattr(bd.Vault, "open", broken)
    code, out, err = run("info", "--vault", str(filled), "--passphrase-stdin", stdin=PASSPHRASE)
    assert code == cli.ERROR
    assert "unexpected problem (RuntimeError)" in err
    assert "Canary" not in out + err
    assert PASSPHRASE not in out + err
    assert "Traceback" not in err


# -- review M4: backup --to never changes the user's folder -----------------


def backup_to(vault: Path, destination: Path) -> tuple[int, str, str]:
    return run(
        "backup", "--vault", str(vault), "--to", str(destination), "--passphrase-stdin",
        stdin=PASSPHRASE,
    )  # fmt: skip


def test_backup_into_an_existing_folder_leaves_its_mode_alone(filled: Path, tmp_path: Path) -> None:
    usb = tmp_path / "usb-stick"
    usb.mkdir()
    usb.chmod(0o755)
    code, _out, err = backup_to(filled, usb)
    assert code == cli.OK, err
    assert stat.S_IMODE(usb.stat().st_mode) == 0o755
    [backup] = usb.iterdir()
    assert backup.name.startswith("balint-backup-")
    assert stat.S_IMODE(backup.stat().st_mode) == 0o700
    for file in backup.iterdir():
        assert stat.S_IMODE(file.stat().st_mode) == 0o600
    bd.Vault.open(backup, PASSPHRASE).close()


def test_backup_into_a_missing_folder_creates_it_private(filled: Path, tmp_path: Path) -> None:
    destination = tmp_path / "new" / "backups"
    code, _, err = backup_to(filled, destination)
    assert code == cli.OK, err
    assert stat.S_IMODE(destination.stat().st_mode) == 0o700
    [backup] = destination.iterdir()
    assert stat.S_IMODE(backup.stat().st_mode) == 0o700


@pytest.mark.parametrize("inside", [False, True])
def test_backup_onto_a_file_exits_1_with_a_plain_message(
    filled: Path, tmp_path: Path, inside: bool
) -> None:
    afile = tmp_path / "notes.txt"
    afile.write_text("someone's file")
    afile.chmod(0o644)
    code, _out, err = backup_to(filled, afile / "sub" if inside else afile)
    assert code == cli.ERROR
    assert "is a file, not a folder" in err
    assert "Traceback" not in err
    assert afile.read_text() == "someone's file"
    assert stat.S_IMODE(afile.stat().st_mode) == 0o644
    assert not list(tmp_path.glob(".incomplete-*"))
    with bd.Vault.open(filled, PASSPHRASE) as vault, pytest.raises(bd.VaultError):
        vault.backup(afile)


# -- review L4: a new passphrase of some length -----------------------------


@pytest.mark.parametrize("new", ["a", " ", "seven77", " " * 12, "\t \t \t \t ", "ab  cd "])
def test_change_passphrase_refuses_short_or_blank_passphrases(filled: Path, new: str) -> None:
    before = (filled / "vault.key").read_bytes()
    code, out, err = run(
        "change-passphrase", "--vault", str(filled), "--passphrase-stdin",
        stdin=f"{PASSPHRASE}\n{new}\n",
    )  # fmt: skip
    assert code == cli.ERROR
    assert "nothing was changed" in err
    assert "changed." not in out
    assert (filled / "vault.key").read_bytes() == before
    bd.Vault.open(filled, PASSPHRASE).close()


def test_change_passphrase_by_prompt_refuses_a_short_one_before_asking_again(
    filled: Path,
) -> None:
    labels: list[str] = []
    answers = iter([PASSPHRASE, "short"])

    def prompt(label: str) -> str:
        labels.append(label)
        return next(answers)

    err = io.StringIO()
    code = cli.main(
        ["change-passphrase", "--vault", str(filled)],
        stdout=io.StringIO(), stderr=err, prompt=prompt,
    )  # fmt: skip
    assert code == cli.ERROR
    assert "at least 8 characters" in err.getvalue()
    assert "short" not in err.getvalue()
    assert len(labels) == 2
    bd.Vault.open(filled, PASSPHRASE).close()


def test_change_passphrase_accepts_eight_characters(filled: Path) -> None:
    code, _, err = run(
        "change-passphrase", "--vault", str(filled), "--passphrase-stdin",
        stdin=f"{PASSPHRASE}\neight888\n",
    )  # fmt: skip
    assert code == cli.OK, err
    bd.Vault.open(filled, "eight888").close()


def test_version_names_the_program_and_the_vault_format(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as done:
        cli.main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == (
        f"balint-vault {bd.__version__} (vault format {LATEST_VERSION})"
    )
