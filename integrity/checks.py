"""Pure content checks: forbidden terms and personal information (个人信息) in text.

These functions touch no database: callers pass the active terms in. They are used before
saving and publishing (services), and by the `integrity_scan` command over published content.
"""

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

import nh3

_TAG_RE = re.compile(r"<[^>]+>")


def plain_text(html: str) -> str:
    """Text of an HTML fragment, tags removed and entities decoded, for scanning."""
    import html as html_lib

    return html_lib.unescape(_TAG_RE.sub(" ", html or ""))


# --- Forbidden terms -------------------------------------------------------------------------

_INVISIBLE_RE = re.compile(r"[\s\u200b-\u200f\u2060\ufeff·•.,，。、_\-*]+")


@dataclass(frozen=True)
class TermHit:
    term: str
    field: str


def find_forbidden_terms(fields: dict[str, str], terms: Iterable[str]) -> list[TermHit]:
    """Each forbidden term found in any of `fields` (label → text).

    Matching is case-insensitive and also sees through separators that spammers insert
    between characters (必-赢-体-育, 必 赢 体 育, zero-width spaces).
    """
    terms = [t for t in terms if t]
    hits: list[TermHit] = []
    for label, text in fields.items():
        if not text:
            continue
        lowered = text.casefold()
        squeezed = _INVISIBLE_RE.sub("", lowered)
        for term in terms:
            needle = term.casefold()
            if needle in lowered or _INVISIBLE_RE.sub("", needle) in squeezed:
                hits.append(TermHit(term=term, field=label))
    return hits


# --- Personal information --------------------------------------------------------------------

_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_ID_CHECK = "10X98765432"
_ID_RE = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx])(?![0-9A-Za-z])")
_MOBILE_RE = re.compile(r"(?<!\d)(?:\+?86[-\s]?)?(1[3-9]\d[-\s]?\d{4}[-\s]?\d{4})(?!\d)")
_CARD_RE = re.compile(r"(?<!\d)((?:\d[ -]?){12,18}\d)(?!\d)")


def is_valid_id_number(value: str) -> bool:
    """Mainland resident ID number (GB 11643): 18 characters, plausible birth date, checksum."""
    value = value.upper()
    if not re.fullmatch(r"\d{17}[\dX]", value):
        return False
    year, month, day = int(value[6:10]), int(value[10:12]), int(value[12:14])
    if not (1900 <= year <= 2100 and 1 <= month <= 12 and 1 <= day <= 31):
        return False
    total = sum(int(d) * w for d, w in zip(value[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == value[17]


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch)
        if i % 2 == 1:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0


@dataclass(frozen=True)
class PersonalDataFinding:
    """One suspected piece of personal information in a text field."""

    kind: str  # "id_number" | "mobile" | "bank_card"
    value: str  # normalised (digits only, X upper-case)
    field: str

    KIND_LABELS = {"id_number": "身份证号码", "mobile": "手机号码", "bank_card": "银行卡号"}

    @property
    def kind_label(self) -> str:
        return self.KIND_LABELS[self.kind]

    @property
    def masked(self) -> str:
        v = self.value
        return v[:4] + "*" * (len(v) - 8) + v[-4:] if len(v) > 8 else v[:3] + "****" + v[-4:]

    @property
    def key(self) -> str:
        """Stable key used to record a reviewer's confirmation without storing the value."""
        return f"{self.kind}:{hashlib.sha256(self.value.encode()).hexdigest()[:16]}"


def find_personal_data(fields: dict[str, str]) -> list[PersonalDataFinding]:
    """ID numbers (checksum), mobile numbers and bank card numbers (Luhn) in `fields`."""
    found: dict[tuple[str, str], PersonalDataFinding] = {}
    for label, text in fields.items():
        if not text:
            continue
        id_spans = []
        for m in _ID_RE.finditer(text):
            if is_valid_id_number(m.group(1)):
                value = m.group(1).upper()
                found.setdefault(("id_number", value), PersonalDataFinding("id_number", value, label))
                id_spans.append(m.span(1))
        for m in _MOBILE_RE.finditer(text):
            if any(s <= m.start(1) < e for s, e in id_spans):
                continue
            value = re.sub(r"\D", "", m.group(1))
            found.setdefault(("mobile", value), PersonalDataFinding("mobile", value, label))
        for m in _CARD_RE.finditer(text):
            if any(s <= m.start(1) < e for s, e in id_spans):
                continue
            value = re.sub(r"\D", "", m.group(1))
            if 16 <= len(value) <= 19 and luhn_ok(value) and not is_valid_id_number(value):
                found.setdefault(("bank_card", value), PersonalDataFinding("bank_card", value, label))
    return list(found.values())


# --- HTML sanitising -------------------------------------------------------------------------

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "b", "em", "i", "u", "s", "sub", "sup",
    "blockquote", "ul", "ol", "li", "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption",
    "a", "img", "span", "div", "pre", "code", "figure", "figcaption",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}


def sanitize_html(html: str) -> str:
    """Allow-list sanitising (nh3): no script, no event handlers, no style, no iframes,
    only http(s)/mailto/tel links and relative URLs."""
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
