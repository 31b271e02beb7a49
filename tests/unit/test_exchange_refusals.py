"""Exchange files that must be refused: clearly, without a crash, changing nothing."""

from __future__ import annotations

import base64
import datetime as dt
import json
import struct
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import balint_desktop as bd
from balint_desktop.crypto import exchange_format
from balint_desktop.crypto.identity import Identity
from tests.conftest import PASSPHRASE

DAY = dt.date(2026, 3, 5)


class Three:
    """Ana sends to Ben; Cleo co-leads another group with Ana (and with Ben)."""

    def __init__(self, root: Path) -> None:
        def make(name: str) -> bd.Vault:
            return bd.Vault.create(root / name, PASSPHRASE, kdf=bd.KdfParams.for_tests())

        self.ana, self.ben, self.cleo = (make(name) for name in ("ana", "ben", "cleo"))
        ana_id = self.ana.identity().public_bytes()
        self.ben_id = self.ana.add_co_leader(self.ben.identity().public_bytes(), "Ben").id
        self.ben.add_co_leader(ana_id, "Ana")
        self.ben.add_co_leader(self.cleo.identity().public_bytes(), "Cleo")
        self.cleo.add_co_leader(ana_id, "Ana")
        group = self.ana.add_group("Thursday GPs")
        self.session = self.ana.add_session(group.id, DAY)
        self.ana.save_reflection(self.session.id, {"case": "the GP felt cornered"})
        self.root = root

    def file_for_ben(self) -> Path:
        return self.ana.export_exchange(self.ben_id, [self.session.id], self.root / "for-ben")

    def close(self) -> None:
        for vault in (self.ana, self.ben, self.cleo):
            vault.close()


@pytest.fixture(scope="module")
def three(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Three]:
    people = Three(tmp_path_factory.mktemp("exchange"))
    try:
        yield people
    finally:
        people.close()


def _state(vault: bd.Vault) -> list[tuple[object, ...]]:
    conn = vault.repository.connection
    rows: list[tuple[object, ...]] = []
    for table in ("groups", "sessions", "shared_reflections", "exchange_receipts"):
        rows += [(table, *row) for row in conn.execute(f"SELECT * FROM {table}")]  # noqa: S608
    return rows


def _refused(vault: bd.Vault, data: bytes, path: Path) -> bd.ExchangeRefused:
    path.write_bytes(data)
    before = _state(vault)
    with pytest.raises(bd.ExchangeRefused) as caught:
        vault.preview_exchange(path)
    with pytest.raises(type(caught.value)):
        vault.import_exchange(path)
    assert _state(vault) == before
    return caught.value


def _parts(data: bytes) -> tuple[dict[str, str], int, int]:
    """Return the header, and where the header and the ciphertext end."""
    (hlen,) = struct.unpack_from(">H", data, 9)
    end_header = 11 + hlen
    (clen,) = struct.unpack_from(">I", data, end_header)
    return json.loads(data[11:end_header]), end_header, end_header + 4 + clen


def _rebuild(header: dict[str, str], rest: bytes, version: int = 1) -> bytes:
    raw = json.dumps(header, sort_keys=True, separators=(",", ":")).encode()
    return b"BALINTXC" + bytes([version]) + struct.pack(">H", len(raw)) + raw + rest


@pytest.mark.parametrize(
    "data",
    [b"", b"%PDF-1.7\n", b"BALINTX", b"SQLite format 3\x00" + bytes(100), "é".encode() * 50],
)
def test_a_foreign_file_is_not_an_exchange_file(three: Three, tmp_path: Path, data: bytes) -> None:
    error = _refused(three.ben, data, tmp_path / "file")
    assert isinstance(error, bd.NotAnExchangeFile)
    assert "not a Balint Desktop exchange file" in str(error)


@pytest.mark.parametrize("keep", [9, 11, 40, 200, -65, -1])
def test_a_truncated_file_is_damaged(three: Three, tmp_path: Path, keep: int) -> None:
    data = three.file_for_ben().read_bytes()
    error = _refused(three.ben, data[:keep], tmp_path / "cut")
    assert isinstance(error, bd.DamagedExchangeFile)
    assert "damaged or incomplete" in str(error)


def test_a_changed_byte_of_the_content_breaks_the_signature(three: Three, tmp_path: Path) -> None:
    data = bytearray(three.file_for_ben().read_bytes())
    _header, end_header, _end = _parts(bytes(data))
    data[end_header + 10] ^= 0x01
    error = _refused(three.ben, bytes(data), tmp_path / "changed")
    assert isinstance(error, bd.TamperedExchangeFile)
    assert "changed since your co-leader made it" in str(error)


def test_a_changed_header_field_breaks_the_signature(three: Three, tmp_path: Path) -> None:
    data = three.file_for_ben().read_bytes()
    header, end_header, _end = _parts(data)
    header["created"] = "2020-01-01T00:00:00.000000Z"
    forged = _rebuild(header, data[end_header:])
    assert isinstance(_refused(three.ben, forged, tmp_path / "h"), bd.TamperedExchangeFile)


def test_a_file_made_for_ben_is_refused_by_cleo(three: Three, tmp_path: Path) -> None:
    data = three.file_for_ben().read_bytes()
    error = _refused(three.cleo, data, tmp_path / "replayed")
    assert isinstance(error, bd.NotForYou)
    assert "made for someone else" in str(error)


def test_a_file_from_a_stranger_is_refused(three: Three, tmp_path: Path) -> None:
    stranger = Identity.generate()
    data = exchange_format.seal(
        stranger, three.ben.identity().public, b"{}", "2026-03-05T00:00:00Z"
    )
    error = _refused(three.ben, data, tmp_path / "stranger")
    assert isinstance(error, bd.UnknownSender)
    assert "not one of your co-leaders" in str(error)


def test_a_co_leader_cannot_pass_off_another_s_file_as_their_own(
    three: Three, tmp_path: Path
) -> None:
    """Cleo swaps Ana's key for hers in the header and signs: the content no longer opens."""
    data = three.file_for_ben().read_bytes()
    header, end_header, end = _parts(data)
    cleo = three.cleo.identity()
    header["sender"] = base64.b64encode(cleo.public.box + cleo.public.sign).decode()
    raw = json.dumps(header, sort_keys=True, separators=(",", ":")).encode()
    body = b"BALINTXC\x01" + struct.pack(">H", len(raw)) + raw + data[end_header:end]
    forged = body + cleo.sign(body)
    assert isinstance(_refused(three.ben, forged, tmp_path / "f"), bd.DamagedExchangeFile)


def test_a_file_from_a_newer_app_asks_for_an_update(three: Three, tmp_path: Path) -> None:
    data = three.file_for_ben().read_bytes()
    newer = data[:8] + b"\x02" + data[9:]
    error = _refused(three.ben, newer, tmp_path / "v2")
    assert isinstance(error, bd.NewerExchangeFile)
    assert "newer Balint Desktop" in str(error)


def test_a_missing_file_is_refused_plainly(three: Three, tmp_path: Path) -> None:
    with pytest.raises(bd.ExchangeRefused, match="could not be read"):
        three.ben.preview_exchange(tmp_path / "nowhere")


def test_a_signed_payload_that_is_not_ours_is_damaged(three: Three, tmp_path: Path) -> None:
    """Even a correctly signed file from Ana must hold a payload this app wrote."""
    ana = three.ana.identity()
    for payload in (b"not json", b"[]", b'{"format": "x"}'):
        data = exchange_format.seal(ana, three.ben.identity().public, payload, "2026-03-05")
        assert isinstance(_refused(three.ben, data, tmp_path / "p"), bd.DamagedExchangeFile)


_MUTATIONS = st.one_of(
    st.tuples(st.just("flip"), st.integers(0, 10**9), st.integers(0, 7)),
    st.tuples(st.just("cut"), st.integers(0, 10**9), st.just(0)),
    st.tuples(st.just("insert"), st.integers(0, 10**9), st.binary(min_size=1, max_size=16)),
    st.tuples(st.just("delete"), st.integers(0, 10**9), st.integers(1, 64)),
    st.tuples(st.just("overwrite"), st.integers(0, 10**9), st.binary(min_size=1, max_size=32)),
    st.tuples(st.just("append"), st.just(0), st.binary(min_size=1, max_size=64)),
)


def _mutate(data: bytes, mutations: list[tuple[str, int, int | bytes]]) -> bytes:
    out = bytearray(data)
    for kind, where, what in mutations:
        at = where % (len(out) + 1)
        if isinstance(what, int):
            if kind == "flip" and out:
                out[at % len(out)] ^= 1 << what
            elif kind == "cut":
                del out[at:]
            elif kind == "delete":
                del out[at : at + what]
        elif kind == "insert":
            out[at:at] = what
        elif kind == "overwrite":
            out[at : at + len(what)] = what
        else:
            out += what
    return bytes(out)


@settings(
    max_examples=1000,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(mutations=st.lists(_MUTATIONS, min_size=1, max_size=3))
def test_no_mutated_file_is_accepted_or_crashes(
    three: Three, tmp_path: Path, mutations: list[tuple[str, int, int | bytes]]
) -> None:
    original = _original(three)
    mutated = _mutate(original, mutations)
    assume(mutated != original)
    path = tmp_path / "mutated"
    path.write_bytes(mutated)
    before = _state(three.ben)
    with pytest.raises(bd.ExchangeRefused):
        three.ben.import_exchange(path)
    assert _state(three.ben) == before


_ORIGINAL: dict[str, bytes] = {}


def _original(three: Three) -> bytes:
    if "data" not in _ORIGINAL:
        _ORIGINAL["data"] = three.file_for_ben().read_bytes()
    return _ORIGINAL["data"]


# -- from the security review: hostile structure, weak keys, hostile payloads --


def test_a_deeply_nested_header_is_damaged_not_a_crash(three: Three, tmp_path: Path) -> None:
    header = b"[" * 4000
    data = b"BALINTXC\x01" + struct.pack(">H", len(header)) + header
    data += struct.pack(">I", 0) + bytes(64)
    assert isinstance(_refused(three.ben, data, tmp_path / "deep"), bd.DamagedExchangeFile)


SMALL_ORDER = (
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0100000000000000000000000000000000000000000000000000000000000000",
    "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
    "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
    "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
)


@pytest.mark.parametrize("point", SMALL_ORDER)
@pytest.mark.parametrize("sign_bit", [0, 0x80])
def test_a_weak_signing_key_is_not_an_identity(three: Three, point: str, sign_bit: int) -> None:
    """With a small-order key an all-zero signature verifies any message."""
    weak = bytearray(bytes.fromhex(point))
    weak[-1] |= sign_bit
    good_box = three.cleo.identity().public.box
    with pytest.raises(bd.NotAnIdentity):
        three.ben.add_co_leader(b"BALINTID\x01" + good_box + bytes(weak), "Weak")


@pytest.mark.parametrize("box", [bytes(32), b"\x01" + bytes(31)])
def test_a_low_order_encryption_key_is_not_an_identity(three: Three, box: bytes) -> None:
    good_sign = three.cleo.identity().public.sign
    with pytest.raises(bd.NotAnIdentity):
        three.ben.add_co_leader(b"BALINTID\x01" + box + good_sign, "Weak")


def _document(three: Three, exchange: bytes, **session: object) -> dict[str, object]:
    item: dict[str, object] = {
        "ref": "ab" * 16,
        "held_on": "2026-03-05",
        "start_time": "18:00",
        "duration_minutes": 90,
        "mode": "online",
        "written_at": "2026-03-05T10:00:00+00:00",
        "sections": [["case", "The case", "text"]],
    }
    item.update(session)
    return {
        "format": "balint-exchange-payload",
        "version": 1,
        "sender": three.ana.identity().fingerprint,
        "recipient": three.ben.identity().fingerprint,
        "exchange": exchange.hex(),
        "group": {"ref": "cd" * 16, "name": "Hostile", "kind": "clinician", "time_zone": "UTC"},
        "sessions": [item],
    }


def _signed_by_ana(three: Three, document: object, exchange: bytes) -> bytes:
    raw = document if isinstance(document, bytes) else json.dumps(document).encode()
    return exchange_format.seal(
        three.ana.identity(), three.ben.identity().public, raw, "2026-03-06T00:00:00Z", exchange
    )


@pytest.mark.parametrize(
    "change",
    [
        {"written_at": "0001-01-01T00:00:00+01:00"},
        {"written_at": "2026-03-05T10:00:00"},  # no time zone
        {"held_on": "0001-01-01"},
        {"held_on": "9999-12-31"},
        {"written_at": "2031-01-01T00:00:00+00:00"},  # after the file was made
        {"sections": []},  # nothing shared: no empty session is made
        {"sections": [["my_responses", "Mine", "private"]]},
    ],
)
def test_a_co_leader_s_hostile_session_is_refused_and_changes_nothing(
    three: Three, tmp_path: Path, change: dict[str, object]
) -> None:
    exchange = bytes(range(16))
    data = _signed_by_ana(three, _document(three, exchange, **change), exchange)
    assert isinstance(_refused(three.ben, data, tmp_path / "h"), bd.DamagedExchangeFile)


def test_one_session_twice_in_a_file_is_refused(three: Three, tmp_path: Path) -> None:
    exchange = bytes(range(16))
    document = _document(three, exchange)
    sessions = document["sessions"]
    assert isinstance(sessions, list)
    document["sessions"] = [sessions[0], {**sessions[0], "held_on": "2026-04-02"}]
    data = _signed_by_ana(three, document, exchange)
    assert isinstance(_refused(three.ben, data, tmp_path / "twice"), bd.DamagedExchangeFile)


def test_a_deeply_nested_payload_is_damaged_not_a_crash(three: Three, tmp_path: Path) -> None:
    exchange = bytes(range(16))
    data = _signed_by_ana(three, b"[" * 100_000 + b"]" * 100_000, exchange)
    assert isinstance(_refused(three.ben, data, tmp_path / "deep"), bd.DamagedExchangeFile)


def test_a_file_swapped_after_the_preview_is_not_merged(three: Three, tmp_path: Path) -> None:
    first = three.file_for_ben()
    previewed = three.ben.preview_exchange(first)
    other = three.ana.export_exchange(three.ben_id, [three.session.id], tmp_path / "other")
    first.write_bytes(other.read_bytes())
    before = _state(three.ben)
    with pytest.raises(bd.ExchangeRefused, match="changed after you opened it"):
        three.ben.import_exchange(first, expected=previewed.exchange_id)
    assert _state(three.ben) == before


def test_an_identity_file_opened_as_sessions_points_to_the_co_leaders_window(
    three: Three, tmp_path: Path
) -> None:
    for data in (
        three.ana.identity().public_bytes(),
        three.ana.identity().public.as_text().encode(),
    ):
        error = _refused(three.ben, data, tmp_path / "id")
        assert isinstance(error, bd.NotAnExchangeFile)
        assert "identity file, not sessions" in str(error)
        assert "Co-leaders and my identity" in str(error)
