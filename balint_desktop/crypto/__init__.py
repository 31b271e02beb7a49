"""Key derivation, key slots and wrapping. Never imports Qt."""
