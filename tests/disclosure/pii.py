"""Synthetic personal data for tests: valid check digits computed, never real people."""

ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def id_number(first17: str = "11010519491231002") -> str:
    """A mainland resident ID number with the GB 11643 check character."""
    total = sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True))
    return first17 + "10X98765432"[total % 11]


def bad_checksum_id_number(first17: str = "11010519491231002") -> str:
    valid = id_number(first17)
    wrong = "0" if valid[-1] != "0" else "1"
    return first17 + wrong


def luhn_card(prefix: str = "622202100112345678") -> str:
    """A bank card number (19 digits) with a valid Luhn check digit."""
    for check in "0123456789":
        candidate = prefix + check
        total = 0
        for i, ch in enumerate(reversed(candidate)):
            n = int(ch)
            if i % 2 == 1:
                n = n * 2 - 9 if n * 2 > 9 else n * 2
            total += n
        if total % 10 == 0:
            return candidate
    raise AssertionError("unreachable")


MOBILE = "13912345678"
