"""Unlock, open and passphrase-change speed: the costs beyond the KDF.

Nothing here asserts on time; it only measures and reports.
"""

from __future__ import annotations

import os
from pathlib import Path

import balint_desktop as bd
from balint_desktop.crypto.kdf import derive_key
from balint_desktop.crypto.keyfile import parse_keyfile
from bench.build import PASSPHRASE
from bench.measure import Sample, ms, repeat, timed
from bench.rows import Row, pair, size_label

OTHER_PASSPHRASE = "another bench passphrase"


def unlock_rows(scratch: Path, runs: int = 9) -> list[Row]:
    """Time `Vault.open` on a floor-KDF vault minus one `derive_key` with its parameters.

    The difference is small next to the KDF's own run-to-run spread, so the
    spread is printed too; the test-KDF `Vault.open` row measures the same
    cost without the KDF in the way.
    """
    folder = scratch / "floor-vault"
    bd.Vault.create(folder, PASSPHRASE, kdf=bd.KdfParams.floor()).close()
    slot = parse_keyfile((folder / "vault.key").read_bytes()).passphrase_slot
    opens: list[float] = []
    kdfs: list[float] = []
    beyond: list[float] = []
    vaults: list[bd.Vault] = []
    for n in range(runs + 1):
        kdf = timed(lambda: derive_key(PASSPHRASE, slot.salt, slot.params))
        opened = timed(lambda: vaults.append(bd.Vault.open(folder, PASSPHRASE)))
        vaults.pop().close()
        if n:  # the first round is the warm-up
            opens.append(opened)
            kdfs.append(kdf)
            beyond.append(opened - kdf)
    p = slot.params
    kdf_sample = Sample(tuple(kdfs))
    spread = (kdf_sample.percentile(75) - kdf_sample.percentile(25)) / 2
    return [
        Row(
            f"unlock beyond the KDF, floor KDF, tiny vault (median, n={runs})",
            "tiny",
            f"{ms(Sample(tuple(beyond)).median)} (KDF IQR/2 {ms(spread)})",
            f"KDF alone {ms(kdf_sample.median)}; open {ms(Sample(tuple(opens)).median)}",
            f"m={p.memory_kib // 1024} MiB t={p.iterations} p={p.lanes}",
            "≤ 50 ms",
        )
    ]


def open_rows(vault_dir: Path, tiny: Path, size: int) -> list[Row]:
    """Time `Vault.open` + nothing else with the test KDF: all of it is beyond the KDF."""

    def sample(folder: Path) -> Sample:
        opened: list[bd.Vault] = []
        times = []
        for n in range(21):  # the first round is the warm-up; close is not timed
            elapsed = timed(lambda: opened.append(bd.Vault.open(folder, PASSPHRASE)))
            opened.pop().close()
            if n:
                times.append(elapsed)
        return Sample(tuple(times))

    big = sample(vault_dir)
    small = sample(tiny)
    return [
        Row(
            f"Vault.open with the test KDF (p50 / p95, n={big.n})",
            size_label(size),
            pair(big),
            f"tiny vault {pair(small)}",
            f"{big.p50 / small.p50:.1f}x (p50)",
            "≤ 50 ms beyond KDF",
        )
    ]


def passphrase_rows(vault_dir: Path, tiny: Path, size: int) -> list[Row]:
    """Time `change_passphrase` (test KDF) on the sized vault and on a tiny one."""

    def sample(folder: Path) -> Sample:
        os.sync()
        with bd.Vault.open(folder, PASSPHRASE) as vault:
            flips = iter([(PASSPHRASE, OTHER_PASSPHRASE), (OTHER_PASSPHRASE, PASSPHRASE)] * 30)
            result = repeat(lambda: vault.change_passphrase(*next(flips)), reps=40, warmup=2)
            if next(flips)[0] != PASSPHRASE:
                vault.change_passphrase(OTHER_PASSPHRASE, PASSPHRASE)
        return result

    big = sample(vault_dir)
    small = sample(tiny)
    return [
        Row(
            f"passphrase change, test KDF (p50 / p95, n={big.n})",
            size_label(size),
            pair(big),
            f"tiny vault {pair(small)}",
            f"{big.p50 / small.p50:.2f}x (p50)",
            "independent of size",
        )
    ]
