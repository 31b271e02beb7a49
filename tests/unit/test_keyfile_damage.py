"""A damaged key file is told apart from a wrong passphrase (review M1, M5, M6).

- M1: a per-slot checksum of public bytes, checked before deriving.
- M5: deeply nested JSON and unencodable passphrases fail cleanly, and the
  error never carries the passphrase.
- M6: Argon2id parameters above what the app produces are refused before any
  derivation; running out of memory while deriving is reported, not raised.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import shutil
import time
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import balint_desktop as bd
from balint_desktop import cli
from balint_desktop.crypto import kdf, keyfile
from balint_desktop.crypto.keyfile import parse_keyfile, unwrap_key, wrap_key
from tests.conftest import PASSPHRASE

TINY = bd.KdfParams.for_tests()
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
GIB_KIB = 1024 * 1024


@pytest.fixture
def created(vault_dir: Path) -> Path:
    bd.Vault.create(vault_dir, PASSPHRASE, kdf=TINY).close()
    return vault_dir


def load(vault_dir: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads((vault_dir / "vault.key").read_text())
    return document


def save(vault_dir: Path, document: dict[str, Any]) -> None:
    (vault_dir / "vault.key").write_text(json.dumps(document))


def flip_bit(text: str, byte: int, bit: int = 0) -> str:
    data = bytearray(base64.b64decode(text))
    data[byte % len(data)] ^= 1 << bit
    return base64.b64encode(bytes(data)).decode()


@pytest.fixture
def no_derivation(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if any Argon2id derivation is attempted."""

    def refuse(*_args: object) -> bytes:
        raise AssertionError("a derivation ran")

    monkeypatch.setattr(keyfile, "derive_key", refuse)


# -- M1: damage versus a wrong passphrase -----------------------------------


def test_each_slot_carries_a_checksum_of_its_public_bytes_only(created: Path) -> None:
    """The checksum is recomputed here from the file alone, with no passphrase.

    So it is a function of bytes already stored in clear (the canonical
    header, the nonce, the wrapped key): it gives an offline guesser nothing
    the file did not already give, and no passphrase guess can be tested
    against it.
    """
    slot = load(created)["slots"][0]
    header = {key: value for key, value in slot.items() if key not in ("nonce", "wrapped_key")}
    del header["checksum"]
    aad = json.dumps(
        {"format": "balint-desktop-vault-key", "version": 1, "slot": header},
        sort_keys=True,
        separators=(",", ":"),
    ).encode("ascii")
    digest = hashlib.sha256(b"balint-desktop-vault-key-slot-checksum-v1")
    for part in (aad, base64.b64decode(slot["nonce"]), base64.b64decode(slot["wrapped_key"])):
        digest.update(len(part).to_bytes(8, "big") + part)
    assert base64.b64decode(slot["checksum"]) == digest.digest()
    # The same key under the same passphrase gives unrelated checksums (fresh
    # salt and nonce): nothing in it is tied to the passphrase itself.
    key = bytes(32)
    assert wrap_key(key, PASSPHRASE, TINY).checksum() != wrap_key(key, PASSPHRASE, TINY).checksum()


@pytest.mark.parametrize(
    ("field", "byte", "bit"),
    [
        ("wrapped_key", 0, 0),
        ("wrapped_key", 17, 5),
        ("wrapped_key", -1, 7),  # inside the GCM tag
        ("salt", 3, 4),
        ("salt", -1, 0),
        ("nonce", 0, 0),
        ("nonce", 11, 6),
        ("checksum", 5, 1),
    ],
)
def test_one_flipped_bit_with_the_right_passphrase_is_damage_not_a_wrong_passphrase(
    created: Path, no_derivation: None, field: str, byte: int, bit: int
) -> None:
    document = load(created)
    slot = document["slots"][0]
    holder = slot["kdf"] if field == "salt" else slot
    holder[field] = flip_bit(holder[field], byte, bit)
    save(created, document)
    with pytest.raises(bd.VaultCorrupt, match="key file is damaged") as raised:
        bd.Vault.open(created, PASSPHRASE)
    assert not isinstance(raised.value, bd.WrongPassphrase)


def test_damaged_key_file_exits_3_in_the_command_line(created: Path) -> None:
    document = load(created)
    document["slots"][0]["wrapped_key"] = flip_bit(document["slots"][0]["wrapped_key"], 3)
    save(created, document)
    err = io.StringIO()
    code = cli.main(
        ["verify", "--vault", str(created), "--passphrase-stdin"],
        stdin=io.StringIO(PASSPHRASE + "\n"),
        stdout=io.StringIO(),
        stderr=err,
    )
    assert code == cli.DAMAGED
    assert "damaged" in err.getvalue()
    assert "did not unlock" not in err.getvalue()


def test_an_intact_key_file_and_a_wrong_passphrase_is_still_a_wrong_passphrase(
    created: Path,
) -> None:
    with pytest.raises(bd.WrongPassphrase):
        bd.Vault.open(created, "not the passphrase")


def test_a_key_file_without_checksums_still_opens(tmp_path: Path) -> None:
    folder = tmp_path / "v1"
    shutil.copytree(FIXTURES / "vault-v1", folder)
    assert "checksum" not in (folder / "vault.key").read_text()
    bd.Vault.open(folder, "fixture passphrase v1").close()


def test_without_a_checksum_damage_reads_as_before(created: Path) -> None:
    """Older key files have no checksum, so a flipped bit fails the unwrap as it always did."""
    document = load(created)
    slot = document["slots"][0]
    del slot["checksum"]
    save(created, document)
    bd.Vault.open(created, PASSPHRASE).close()
    slot["wrapped_key"] = flip_bit(slot["wrapped_key"], 0)
    save(created, document)
    with pytest.raises(bd.WrongPassphrase):
        bd.Vault.open(created, PASSPHRASE)


def test_rewriting_a_parsed_key_file_never_hides_damage(created: Path) -> None:
    document = load(created)
    document["slots"][0]["nonce"] = flip_bit(document["slots"][0]["nonce"], 2)
    damaged = parse_keyfile(json.dumps(document).encode())
    again = parse_keyfile(damaged.to_bytes())
    assert not again.passphrase_slot.is_intact()
    with pytest.raises(bd.VaultCorrupt, match="damaged"):
        unwrap_key(again.passphrase_slot, PASSPHRASE)


@pytest.mark.parametrize("checksum", ["", "AAAA", "not base64!", 12])
def test_a_malformed_checksum_is_damage(created: Path, checksum: object) -> None:
    document = load(created)
    document["slots"][0]["checksum"] = checksum
    save(created, document)
    with pytest.raises(bd.VaultCorrupt, match="damaged"):
        bd.Vault.open(created, PASSPHRASE)


# -- M5: nesting and unencodable passphrases ------------------------------


@pytest.mark.parametrize(
    "content",
    [
        b"[" * 30_000 + b"]" * 30_000,
        b'{"format":"balint-desktop-vault-key","version":1,"slots":' + b"[" * 30_000,
        b'{"a":' * 10_000 + b"1" + b"}" * 10_000,
    ],
)
def test_deeply_nested_json_is_damage_not_a_crash(created: Path, content: bytes) -> None:
    assert len(content) <= keyfile.MAX_KEYFILE_BYTES
    (created / "vault.key").write_bytes(content)
    with pytest.raises(bd.VaultCorrupt):
        parse_keyfile(content)
    with pytest.raises(bd.VaultCorrupt):
        bd.Vault.open(created, PASSPHRASE)
    code = cli.main(
        ["verify", "--vault", str(created), "--passphrase-stdin"],
        stdin=io.StringIO(PASSPHRASE + "\n"),
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    assert code == cli.DAMAGED


SURROGATE_PASSPHRASE = "Quokka-Xylo\udce9Vend-Zebra"
FRAGMENTS = ["Quokka", "Zebra", "Xylo", "Vend", "\udce9", "udce9", "\\xe9", "xe9"]


def chain(error: BaseException | None) -> Iterator[BaseException]:
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        yield error
        yield from chain(error.__cause__)
        error = error.__context__


def assert_holds_no_passphrase(error: BaseException) -> None:
    texts = ["".join(traceback.format_exception(error))]
    for link in chain(error):
        texts += [str(link), repr(link), repr(link.args)]
    for text in texts:
        for fragment in FRAGMENTS:
            assert fragment not in text, (fragment, text)


def test_a_passphrase_with_a_lone_surrogate_is_refused_without_repeating_it(
    created: Path,
) -> None:
    with pytest.raises(bd.InvalidInput, match="characters that cannot be used") as raised:
        kdf.normalise_passphrase(SURROGATE_PASSPHRASE)
    assert raised.value.__context__ is None
    assert raised.value.__cause__ is None
    assert_holds_no_passphrase(raised.value)
    attempts = [
        lambda: bd.Vault.open(created, SURROGATE_PASSPHRASE),
        lambda: bd.Vault.create(created.parent / "other", SURROGATE_PASSPHRASE, kdf=TINY),
    ]
    for attempt in attempts:
        with pytest.raises(bd.InvalidInput) as raised:
            attempt()
        assert_holds_no_passphrase(raised.value)
    with bd.Vault.open(created, PASSPHRASE) as vault:
        with pytest.raises(bd.InvalidInput) as raised:
            vault.change_passphrase(PASSPHRASE, SURROGATE_PASSPHRASE)
        assert_holds_no_passphrase(raised.value)
    bd.Vault.open(created, PASSPHRASE).close()


@pytest.mark.parametrize("errors", ["strict", "surrogateescape"])
def test_undecodable_passphrase_on_stdin_exits_1_without_repeating_it(
    created: Path, errors: str
) -> None:
    raw = "Quokka-XyloéVend-Zebra".encode("latin-1") + b"\n"  # not UTF-8
    stdin = io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8", errors=errors)
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(
        ["verify", "--vault", str(created), "--passphrase-stdin"],
        stdin=stdin,
        stdout=out,
        stderr=err,
    )
    assert code == cli.ERROR
    text = out.getvalue() + err.getvalue()
    assert "Traceback" not in text
    for fragment in FRAGMENTS:
        assert fragment not in text


# -- M6: ceilings ------------------------------------------------------------


@pytest.mark.parametrize(
    ("memory_kib", "iterations", "lanes"),
    [
        (GIB_KIB + 1, 3, 4),  # memory just above 1 GiB
        (64 * 1024, 65, 4),  # one pass above 64
        (64 * 1024, 3, 9),  # one lane above 8
        (GIB_KIB, 17, 4),  # budget: 1 GiB x 17 passes
        (512 * 1024 + 1, 32, 4),  # budget: just above 16 GiB-passes
        (256 * 1024, 64, 9),
    ],
)
def test_parameters_just_above_a_ceiling_are_refused_before_deriving(
    created: Path, no_derivation: None, memory_kib: int, iterations: int, lanes: int
) -> None:
    params = bd.KdfParams(memory_kib=memory_kib, iterations=iterations, lanes=lanes)
    assert params.meets_floor()
    assert not params.within_ceiling()
    document = load(created)
    slot = document["slots"][0]
    slot["kdf"].update(memory_kib=memory_kib, iterations=iterations, lanes=lanes, for_testing=False)
    del slot["checksum"]  # a deliberate edit: the checksum does not save it
    save(created, document)
    start = time.perf_counter()
    with pytest.raises(bd.WeakKeyFile, match="impossible protection settings"):
        bd.Vault.open(created, PASSPHRASE)
    assert time.perf_counter() - start < 5


@pytest.mark.parametrize(
    ("memory_kib", "iterations", "lanes"),
    [
        (GIB_KIB, 16, 8),  # every ceiling exactly
        (256 * 1024, 64, 4),  # the most `calibrate` ever chooses
        (64 * 1024, 3, 4),  # the floor
    ],
)
def test_parameters_at_the_ceilings_are_allowed(
    memory_kib: int, iterations: int, lanes: int
) -> None:
    assert bd.KdfParams(memory_kib, iterations, lanes).within_ceiling()


def test_calibration_stays_within_the_ceilings(monkeypatch: pytest.MonkeyPatch) -> None:
    """On a very fast machine calibration caps the passes; it never derives here."""
    monkeypatch.setattr(kdf, "_time_derivation", lambda params: 1e-6 * params.iterations)
    monkeypatch.setattr(kdf, "physical_memory_bytes", lambda: 64 * 1024**3)
    params = kdf.calibrate(target_seconds=10.0)
    assert params.meets_floor()
    assert params.within_ceiling()


def test_running_out_of_memory_while_deriving_is_a_weak_key_file(
    created: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def exhausted(*_args: object) -> bytes:
        raise MemoryError

    monkeypatch.setattr(keyfile, "derive_key", exhausted)
    with pytest.raises(bd.WeakKeyFile, match="more memory") as raised:
        bd.Vault.open(created, PASSPHRASE)
    assert raised.value.__context__ is None
    monkeypatch.undo()
    bd.Vault.open(created, PASSPHRASE).close()
