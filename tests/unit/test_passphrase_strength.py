"""The zxcvbn wrapper behind the setup dialog's strength meter (no Qt)."""

from __future__ import annotations

from typing import Any

import pytest
from zxcvbn import zxcvbn

from balint_desktop.app.passphrase_strength import (
    ACCEPTABLE_SCORE,
    EVALUATED_LENGTH,
    LONG_LENGTH,
    MIN_LENGTH,
    STRONG_SCORE,
    evaluate,
)


@pytest.fixture
def zxcvbn_calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, list[str]]]:
    """Record every call to zxcvbn (text, user inputs) while still scoring."""
    calls: list[tuple[str, list[str]]] = []

    def recording(text: str, user_inputs: list[str], max_length: int) -> Any:
        calls.append((text, list(user_inputs)))
        return zxcvbn(text, user_inputs=user_inputs, max_length=max_length)

    monkeypatch.setattr("balint_desktop.app.passphrase_strength.zxcvbn", recording)
    return calls


def test_empty_passphrase_is_not_scored(zxcvbn_calls: list[tuple[str, list[str]]]) -> None:
    strength = evaluate("")
    assert (strength.length, strength.score) == (0, 0)
    assert strength.too_short
    assert not strength.acceptable
    assert zxcvbn_calls == []


def test_short_passphrase_is_never_acceptable() -> None:
    strength = evaluate("Zq8#vL2")
    assert len("Zq8#vL2") < MIN_LENGTH
    assert strength.too_short
    assert not strength.acceptable


def test_common_password_is_weak_with_a_warning() -> None:
    strength = evaluate("password1")
    assert strength.score < ACCEPTABLE_SCORE
    assert not strength.acceptable
    assert strength.warning
    assert strength.suggestions


def test_a_few_unrelated_words_are_acceptable() -> None:
    strength = evaluate("tamarind lantern orbit")
    assert strength.score >= ACCEPTABLE_SCORE
    assert strength.acceptable
    assert strength.warning == ""


def test_long_and_good_counts_as_strong() -> None:
    passphrase = "kia ora 🌿 the tide turns slowly"
    assert len(passphrase) >= LONG_LENGTH
    assert evaluate(passphrase).score == STRONG_SCORE


def test_long_but_repetitive_is_still_weak() -> None:
    strength = evaluate("a" * 200)
    assert strength.length == 200
    assert not strength.acceptable


def test_only_the_first_characters_are_ever_scored(
    zxcvbn_calls: list[tuple[str, list[str]]],
) -> None:
    evaluate("ab" * 5_000)
    assert zxcvbn_calls
    assert all(len(text) <= EVALUATED_LENGTH for text, _ in zxcvbn_calls)


def test_a_strong_head_settles_a_long_passphrase_in_one_cheap_call(
    zxcvbn_calls: list[tuple[str, list[str]]],
) -> None:
    strength = evaluate("tamarind lantern orbit cobalt fern " * 20)
    assert strength.score == STRONG_SCORE
    assert [len(text) for text, _ in zxcvbn_calls] == [LONG_LENGTH]


def test_app_words_and_given_words_count_as_guessable(
    zxcvbn_calls: list[tuple[str, list[str]]],
) -> None:
    evaluate("something else", user_inputs=["Wattle Street"])
    _, words = zxcvbn_calls[0]
    assert "balint" in words
    assert "Wattle Street" in words
    assert evaluate("balintdesktop").score < evaluate("tamarindlantern").score


def test_the_verdict_holds_no_part_of_the_passphrase() -> None:
    strength = evaluate("wombat sunrise ledger")
    assert "wombat" not in repr(strength)
    assert "sunrise" not in str(strength)
