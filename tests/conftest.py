"""Shared fixtures. GUI tests run headless unless a display is asked for."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import balint_desktop as bd

PASSPHRASE = "correct horse battery staple"


@pytest.fixture
def vault_dir(tmp_path: Path) -> Path:
    """Return a folder path where a test vault may be created."""
    return tmp_path / "vault"


@pytest.fixture
def vault(vault_dir: Path) -> Iterator[bd.Vault]:
    """Return an open vault with tiny KDF parameters, closed afterwards."""
    v = bd.Vault.create(vault_dir, PASSPHRASE, kdf=bd.KdfParams.for_tests())
    try:
        yield v
    finally:
        v.close()
