"""Hypothesis strategies of hostile input (恶意输入): what attackers and broken clients send.

Arbitrary Unicode (control characters U+0000–U+001F included; lone surrogates cannot exist in a
Python ``str``), script and HTML injection, SQL fragments, bidi overrides and zero-width
characters, emoji and mixed scripts, and very long strings (10 thousand to 1 million
characters). Every strategy yields ``str``.
"""

from __future__ import annotations

from hypothesis import strategies as st

SCRIPT = "<script>alert(1)</script>"
IMG_ONERROR = '"><img src=x onerror=alert(1)>'
#: Payloads whose raw form must never appear in a rendered page (they must come back escaped).
MARKUP_PAYLOADS = (
    SCRIPT,
    IMG_ONERROR,
    "<svg/onload=alert(1)>",
    "</textarea><script>alert(1)</script>",
    "<iframe src=javascript:alert(1)>",
)
PAYLOADS = (
    *MARKUP_PAYLOADS,
    "javascript:alert(1)",
    "' OR 1=1 --",
    "'; DROP TABLE requests_app_application; --",
    '" OR ""="',
    "1; SELECT pg_sleep(5)",
    "%00",
    "\x00",
    "a\x00b",
    "\u202e\u0645\u202dgpj.exe",  # RLO: "exe.jpg" shown reversed
    "\u200b\u200c\u200d\ufeff",  # zero-width characters and BOM
    "{{ 7*7 }}{% debug %}",  # template injection
    "${jndi:ldap://x/a}",
    "../../../../etc/passwd",
    "😀👨‍👩‍👧‍👦🇨🇳",
    "汉字ةيبرعلاРусскийעברית한국어",
    "\r\nSet-Cookie: x=1",
    "\t\x0b\x0c\x1b[31m\x7f",
)

control_text = st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x1F), max_size=20)
#: Any Unicode scalar value except surrogates (category Cs), control characters included.
any_text = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=200)
payload = st.sampled_from(PAYLOADS)


@st.composite
def long_text(draw) -> str:
    """10 000 to 1 000 000 characters of one repeated unit (ASCII, Han, emoji or a payload)."""
    unit = draw(st.sampled_from(("a", "政", "😀", "<script>", "' OR 1=1 --")))
    length = draw(st.sampled_from((10_000, 100_000, 1_000_000)))
    return (unit * (length // len(unit) + 1))[:length]


@st.composite
def mixed(draw) -> str:
    """A payload embedded in arbitrary text, e.g. 'abc<script>…\\x00…'."""
    return draw(any_text) + draw(payload) + draw(control_text)


#: What the tests feed every field: arbitrary, malicious, mixed and (rarely) very long text.
hostile_text = st.one_of(
    payload,
    any_text,
    control_text,
    mixed(),
    long_text(),
)
