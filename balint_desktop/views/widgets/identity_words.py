"""The eight identity words, laid out to be read aloud: two numbered rows of four."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QLabel


def words_html(fingerprint: str, size: str = "x-large") -> str:
    """Return rich text showing the words as two rows of four, each numbered.

    Args:
        fingerprint: the eight words, separated by spaces.
        size: a CSS font size for the words (the numbers stay small).
    """
    words = fingerprint.split()
    rows = [words[i : i + 4] for i in range(0, len(words), 4)]
    cells = "".join(
        "<tr>"
        + "".join(
            f'<td style="padding: 2px 14px 2px 0"><small>{row_index * 4 + i + 1}</small>&nbsp;'
            f'<span style="font-size: {size}; font-weight: 600">{html.escape(word)}</span></td>'
            for i, word in enumerate(row)
        )
        + "</tr>"
        for row_index, row in enumerate(rows)
    )
    return f"<table>{cells}</table>"


def show_words(label: QLabel, fingerprint: str, size: str = "x-large") -> None:
    """Show `fingerprint` in `label`; its accessible text numbers the words too."""
    label.setText(words_html(fingerprint, size))
    numbered = ", ".join(f"{i} {word}" for i, word in enumerate(fingerprint.split(), start=1))
    label.setAccessibleDescription(numbered)
