"""Where things live on this computer."""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP_NAME = "BalintDesktop"


def default_vault_dir() -> Path:
    """Return the per-user vault folder (platformdirs user data dir + /vault)."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False, roaming=False)) / "vault"
