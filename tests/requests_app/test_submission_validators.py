"""Identity and phone checks of the application form (`requests_app.validators`)."""

import pytest

from requests_app.validators import (
    credit_code_check_character,
    is_valid_credit_code,
    normalise_phone,
)


def test_credit_code_check_character_worked_by_hand():
    # 91350100M000100Y4 → Σ value×weight = 1640; 1640 mod 31 = 28; 31 − 28 = 3.
    assert credit_code_check_character("91350100M000100Y4") == "3"
    assert is_valid_credit_code("91350100M000100Y43")
    assert is_valid_credit_code("９１３５０１００ｍ０００１００ｙ４３")  # full-width, lower case


@pytest.mark.parametrize(
    "code",
    [
        "91350100M000100Y44",  # wrong check character
        "91350100M000100Y4",  # 17 characters
        "91350100M000100I43",  # I is not in the character set
        "9135010AM000100Y43",  # region code must be digits
        "",
    ],
)
def test_bad_credit_codes(code):
    assert not is_valid_credit_code(code)


def test_check_character_zero_when_the_sum_is_a_multiple_of_31():
    assert credit_code_check_character("0" * 17) == "0"


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("13912345678", "13912345678"),
        ("139 1234 5678", "13912345678"),
        ("+86 139-1234-5678", "13912345678"),
        ("１３９１２３４５６７８", "13912345678"),
        ("024-23456789", "024-23456789"),
        ("(024)23456789", "024-23456789"),
        ("02423456789", "024-23456789"),
        ("0411-8765432", "0411-8765432"),
        ("024-23456789-123", "024-23456789-123"),
        ("024-23456789转123", "024-23456789-123"),
    ],
)
def test_phone_numbers_accepted(raw, normalised):
    assert normalise_phone(raw) == normalised


@pytest.mark.parametrize(
    "raw", ["", "12345", "1391234567", "139123456789", "11012345678", "23456789", "024-1234"]
)
def test_phone_numbers_refused(raw):
    assert normalise_phone(raw) is None
