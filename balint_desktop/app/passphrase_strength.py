"""How hard a new passphrase would be to guess, from zxcvbn; no widgets, no Qt.

zxcvbn's matching grows steeply with length (about 80 ms for 100 repetitive
characters here), yet the meter is refreshed on every keystroke. So only the
first `EVALUATED_LENGTH` characters are ever scored, and a passphrase of
`LONG_LENGTH` characters or more that scores `ACCEPTABLE_SCORE` counts as
strong. Its first `LONG_LENGTH` characters are tried first, and when they
already score that much the rest is not scored at all: appending characters
does not make a passphrase easier to guess.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from zxcvbn import zxcvbn

MIN_LENGTH = 8
"""Shorter passphrases are refused outright."""

ACCEPTABLE_SCORE = 3
"""zxcvbn score (0 to 4) from which a passphrase is accepted without a warning."""

STRONG_SCORE = 4
EVALUATED_LENGTH = 100
LONG_LENGTH = 30

CONTEXT_WORDS = ("balint", "desktop", "balint desktop", "vault", "passphrase")
"""Words an attacker would try first against this app's vaults."""


@dataclass(frozen=True, slots=True)
class PassphraseStrength:
    """The verdict on one passphrase; holds no part of the passphrase itself.

    Attributes:
        length: number of characters in the whole passphrase.
        score: 0 (trivial to guess) to 4 (strong), as zxcvbn defines it.
        warning: zxcvbn's English warning, such as "This is a very common
            password.", or "" when it has none.
        suggestions: zxcvbn's English suggestions, most useful first.
    """

    length: int
    score: int
    warning: str = ""
    suggestions: tuple[str, ...] = ()

    @property
    def too_short(self) -> bool:
        """Whether the passphrase is shorter than `MIN_LENGTH` and so refused."""
        return self.length < MIN_LENGTH

    @property
    def acceptable(self) -> bool:
        """Whether it may be used without a weak-passphrase warning."""
        return not self.too_short and self.score >= ACCEPTABLE_SCORE


def evaluate(passphrase: str, user_inputs: Sequence[str] = ()) -> PassphraseStrength:
    """Score a passphrase cheaply enough to call on every keystroke.

    Args:
        passphrase: the passphrase as typed, any length.
        user_inputs: extra words an attacker would know (names, folders);
            `CONTEXT_WORDS` are always included.

    Returns:
        The score and zxcvbn's feedback.
    """
    if not passphrase:
        return PassphraseStrength(length=0, score=0)
    words = [*CONTEXT_WORDS, *user_inputs]
    length = len(passphrase)
    long_and_strong = PassphraseStrength(length=length, score=STRONG_SCORE)
    # Cheap first look: most long passphrases are settled by their head.
    if length >= LONG_LENGTH and _score(passphrase[:LONG_LENGTH], words, length).acceptable:
        return long_and_strong
    verdict = _score(passphrase[:EVALUATED_LENGTH], words, length)
    if length >= LONG_LENGTH and verdict.acceptable:
        return long_and_strong
    return verdict


def _score(text: str, words: list[str], length: int) -> PassphraseStrength:
    """Run zxcvbn on `text`, reporting `length` as the passphrase's length."""
    result = zxcvbn(text, user_inputs=words, max_length=EVALUATED_LENGTH)
    feedback = result.get("feedback") or {}
    return PassphraseStrength(
        length=length,
        score=int(result["score"]),
        warning=str(feedback.get("warning") or ""),
        suggestions=tuple(str(s) for s in feedback.get("suggestions") or ()),
    )
