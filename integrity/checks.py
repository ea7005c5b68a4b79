"""Pure content checks: forbidden terms (禁用词) and personal information (个人信息) in text.

These functions touch no database: callers pass the active terms in. They are used before
saving and publishing (services), and by the `integrity_scan` command over published content.

Text is compared after Unicode NFKC normalisation (full-width letters and digits become ASCII)
and case folding, with invisible formatting characters (zero-width spaces, soft hyphens,
direction marks) removed. A forbidden term also matches when spammers put up to three
spacing characters or symbols between its characters (必-赢-体-育, 必 赢 体 育, b.e.t.3.6.5),
but never across a line or paragraph break or a sentence end (。！？；), so two unrelated
sentences do not combine into a term.
"""

import hashlib
import html as html_lib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from urllib.parse import unquote

import nh3
from django.utils import timezone

# --- Plain text ------------------------------------------------------------------------------

#: Tags whose boundaries separate text (a paragraph, a table cell …): replaced by a line break.
_BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "br", "caption", "dd", "div", "dl", "dt",
    "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li",
    "main", "nav", "ol", "p", "pre", "section", "table", "tbody", "td", "tfoot", "th", "thead",
    "title", "tr", "ul",
})
#: Formatting tags inside a run of text: removed without a gap, as a browser renders them.
_INLINE_TAGS = frozenset({
    "a", "abbr", "b", "bdi", "bdo", "big", "cite", "code", "del", "em", "font", "i", "ins",
    "kbd", "mark", "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "tt",
    "u", "var",
})
_TAG_RE = re.compile(r"<!--.*?(?:-->|$)|<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>|<[/!?][^>]*>", re.S)
_URL_ATTR_RE = re.compile(
    r"""\b(?:href|src|action|formaction|data|poster)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""",
    re.I,
)


def _tag_replacement(match: re.Match) -> str:
    name = (match.group(2) or "").lower()
    if name in _INLINE_TAGS or match.group(0).startswith("<!--"):
        return ""
    if name in _BLOCK_TAGS:
        return "\n"
    return " "


def plain_text(html: str) -> str:
    """Text of an HTML fragment for scanning: tags removed, entities decoded, comments dropped.

    Block elements (paragraphs, table cells, line breaks) become line breaks, inline
    formatting disappears without a gap (必<b>赢</b>体育 reads 必赢体育, as on screen).
    """
    return html_lib.unescape(_TAG_RE.sub(_tag_replacement, html or ""))


def link_targets(html: str) -> str:
    """The URLs an HTML fragment links to or loads (href, src …), one a line, percent-decoded.

    Defacements often add hidden links to gambling sites whose text is innocuous.
    """
    urls = []
    for match in _URL_ATTR_RE.finditer(html or ""):
        value = next(group for group in match.groups() if group is not None)
        urls.append(unquote(html_lib.unescape(value)))
    return "\n".join(urls)


#: Markup the publishing workflow never stores (sanitize_html removes it), as seen in
#: defacements: scripts and frames, event handlers, javascript: links, text hidden by CSS,
#: meta refresh redirects.
_UNSAFE_MARKUP = [
    ("脚本", re.compile(r"<\s*script\b", re.I)),
    ("内嵌框架", re.compile(r"<\s*(?:iframe|frame|frameset|object|embed)\b", re.I)),
    ("事件属性", re.compile(r"<[^<>]{0,2000}?\son[a-z]+\s*=", re.I)),
    ("javascript: 链接", re.compile(
        r"<[^<>]{0,2000}?=\s*[\"']?\s*(?:javascript|vbscript)\s*:", re.I
    )),
    ("自动跳转", re.compile(r"<\s*meta\b[^>]*http-equiv\s*=\s*[\"']?refresh", re.I)),
    ("隐藏内容", re.compile(
        r"<[^<>]{0,2000}?\sstyle\s*=\s*[\"'][^\"']*(?:display\s*:\s*none"
        r"|visibility\s*:\s*hidden|font-size\s*:\s*0(?:px|pt|em|rem|%)?\s*(?:[;\"']|$)"
        r"|(?:left|top|text-indent)\s*:\s*-\d{3,})",
        re.I,
    )),
]


def unsafe_markup(html: str) -> list[str]:
    """Labels of the kinds of active or hiding markup in `html` that sanitising would remove."""
    return [label for label, pattern in _UNSAFE_MARKUP if pattern.search(html or "")]


# --- Normalisation ---------------------------------------------------------------------------

#: Invisible formatting characters: zero-width spaces and joiners, direction marks, soft
#: hyphen, word joiner, variation selectors, BOM, Hangul fillers.
_INVISIBLE_RE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]"
)


def normalise(text: str) -> str:
    """NFKC (full-width → ASCII), case-folded, invisible characters removed."""
    return _INVISIBLE_RE.sub("", unicodedata.normalize("NFKC", text or "").casefold())


# --- Forbidden terms -------------------------------------------------------------------------

#: What spammers put between the characters of a term: spacing (but not line breaks) and
#: symbols. Sentence punctuation (。！？；，、：) is deliberately absent.
_SEPARATOR_CHARS = (
    "-_.*·•・~|/\\+=#^@&%$'\"`°○●◎◇◆□■△▲▽▼☆★♡♥❤✿※→←↑↓√×"
)
_SEPARATOR = "(?:[^\\S\\n\\r\\u2028\\u2029]|[" + re.escape(_SEPARATOR_CHARS) + "])"
_SEPARATOR_RE = re.compile(_SEPARATOR)
_MAX_SEPARATORS = 3
_LATIN = "a-z0-9"


@dataclass(frozen=True)
class TermHit:
    term: str
    field: str


@dataclass(frozen=True)
class _TermMatcher:
    pattern: re.Pattern
    terms_by_key: dict[str, str]

    def terms_in(self, text: str) -> list[str]:
        found: dict[str, None] = {}  # ordered set
        for match in self.pattern.finditer(normalise(text)):
            key = _SEPARATOR_RE.sub("", match.group(1))
            found.setdefault(self.terms_by_key[key])
        return list(found)


def _term_key(term: str) -> str:
    return _SEPARATOR_RE.sub("", normalise(term))


def _term_regex(key: str) -> str:
    gap = f"{_SEPARATOR}{{0,{_MAX_SEPARATORS}}}"
    regex = gap.join(re.escape(ch) for ch in key)
    if re.match(f"[{_LATIN}]", key[0]):
        regex = f"(?<![{_LATIN}])" + regex
    if re.match(f"[{_LATIN}]", key[-1]):
        regex += f"(?![{_LATIN}])"
    return regex


@lru_cache(maxsize=8)
def _matcher(terms: tuple[str, ...]) -> _TermMatcher | None:
    terms_by_key: dict[str, str] = {}
    for term in terms:
        key = _term_key(term)
        if key:
            terms_by_key.setdefault(key, term)
    if not terms_by_key:
        return None
    # Longest first, so that at one position the most specific term wins; the zero-width
    # lookahead lets overlapping terms (必赢体育投注: 必赢体育, 体育投注) all be found.
    keys = sorted(terms_by_key, key=len, reverse=True)
    alternatives = "|".join(_term_regex(key) for key in keys)
    return _TermMatcher(re.compile(f"(?=({alternatives}))"), terms_by_key)


def find_forbidden_terms(fields: dict[str, str], terms: Iterable[str]) -> list[TermHit]:
    """Each forbidden term found in any of `fields` (label → text), once per field.

    Matching is case-insensitive, width-insensitive and sees through zero-width characters
    and the separators spammers insert between characters (see the module docstring).
    """
    matcher = _matcher(tuple(terms))
    if matcher is None:
        return []
    return [
        TermHit(term=term, field=label)
        for label, text in fields.items()
        if text
        for term in matcher.terms_in(text)
    ]


# --- Personal information --------------------------------------------------------------------

_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_ID_CHECK = "10X98765432"
#: Province-level codes (GB/T 2260) that start a resident ID number.
_PROVINCE_CODES = frozenset({
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
    "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64",
    "65", "71", "81", "82", "83", "91",
})

_NOT_ALNUM_BEFORE = r"(?<![0-9A-Za-z])"
_NOT_ALNUM_AFTER = r"(?![0-9A-Za-z])"
#: A code followed by /year is the organisation part of a 索引号, not an ID number.
_NOT_INDEX_NUMBER = r"(?!\s*/\s*\d{4})"
_ID_RE = re.compile(_NOT_ALNUM_BEFORE + r"(\d{17}[\dXx])" + _NOT_ALNUM_AFTER + _NOT_INDEX_NUMBER)
#: First-generation 15-digit ID numbers have no checksum: only reported after a label.
_OLD_ID_RE = re.compile(
    r"(?:身份证|证件号|身份号码)[^0-9\n]{0,10}" + _NOT_ALNUM_BEFORE + r"(\d{15})" + _NOT_ALNUM_AFTER
)
_GAP = r"[ \-]"
#: Mobile numbers: 11 digits 1[3-9]…, optionally +86/0086, grouped 3-4-4 or not. Never part
#: of a longer run of digits (a 索引号, an amount with decimals); bank cards are matched first.
_MOBILE_RE = re.compile(
    r"(?<![\d+])(?:(?:\+|00)?86[ \-]?)?(1[3-9]\d" + _GAP + r"?\d{4}" + _GAP + r"?\d{4})(?!\.?\d)"
)
#: Bank cards: 16–19 digits, possibly grouped by single spaces or dashes, starting like an
#: issuer number (3 Amex/JCB, 4 Visa, 5 Mastercard, 6 UnionPay, 9 some domestic cards).
_CARD_RE = re.compile(
    _NOT_ALNUM_BEFORE + r"(?<!\d[ \-])([3-69](?:" + _GAP + r"?\d){15,18})"
    + _NOT_ALNUM_AFTER + r"(?![ \-]\d)"
)


def _plausible_birth_date(year: int, month: int, day: int) -> bool:
    try:
        born = date(year, month, day)
    except ValueError:
        return False
    return date(1900, 1, 1) <= born <= timezone.localdate()


def is_valid_id_number(value: str) -> bool:
    """Mainland resident ID number (GB 11643): 18 characters, a province code, a real birth
    date in the past and a correct check character."""
    value = value.upper()
    if not re.fullmatch(r"\d{17}[\dX]", value) or value[:2] not in _PROVINCE_CODES:
        return False
    if not _plausible_birth_date(int(value[6:10]), int(value[10:12]), int(value[12:14])):
        return False
    total = sum(int(d) * w for d, w in zip(value[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == value[17]


def is_valid_old_id_number(value: str) -> bool:
    """First-generation 15-digit ID number: province code and a real birth date 19YYMMDD."""
    return (
        re.fullmatch(r"\d{15}", value) is not None
        and value[:2] in _PROVINCE_CODES
        and _plausible_birth_date(1900 + int(value[6:8]), int(value[8:10]), int(value[10:12]))
    )


def luhn_ok(digits: str) -> bool:
    """The Luhn (mod 10) check used by bank card numbers."""
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


def _overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in taken)


def _personal_data_in(text: str) -> list[tuple[str, str]]:
    """(kind, normalised value) of each suspected personal datum in one text."""
    text = normalise(text)  # full-width digits too
    found: list[tuple[str, str]] = []
    taken: list[tuple[int, int]] = []

    def add(kind: str, value: str, span: tuple[int, int]) -> None:
        found.append((kind, value))
        taken.append(span)

    for m in _ID_RE.finditer(text):
        if is_valid_id_number(m.group(1)):
            add("id_number", m.group(1).upper(), m.span(1))
    for m in _OLD_ID_RE.finditer(text):
        if is_valid_old_id_number(m.group(1)) and not _overlaps(m.span(1), taken):
            add("id_number", m.group(1), m.span(1))
    for m in _CARD_RE.finditer(text):
        digits = re.sub(r"\D", "", m.group(1))
        if luhn_ok(digits) and not _overlaps(m.span(1), taken):
            add("bank_card", digits, m.span(1))
    for m in _MOBILE_RE.finditer(text):
        if not _overlaps(m.span(1), taken):
            add("mobile", re.sub(r"\D", "", m.group(1)), m.span(1))
    return found


def find_personal_data(fields: dict[str, str]) -> list[PersonalDataFinding]:
    """ID numbers (checksum), mobile numbers and bank card numbers (Luhn) in `fields`,
    each value once (in the first field where it appears)."""
    found: dict[tuple[str, str], PersonalDataFinding] = {}
    for label, text in fields.items():
        if not text:
            continue
        for kind, value in _personal_data_in(text):
            found.setdefault((kind, value), PersonalDataFinding(kind, value, label))
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
