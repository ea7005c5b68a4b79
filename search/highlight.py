"""Highlighted titles and snippets of search results (关键词高亮), built in Python.

The text is HTML-escaped first, piece by piece, and only then are the matches wrapped in
`<mark>`: the only markup in the output is the `<mark>` tags added here, whatever the indexed
text or the query contain.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.utils.safestring import SafeString, mark_safe

from portal.htmltext import SPECIAL, escape

SNIPPET_LENGTH = 160
SNIPPET_LEAD = 40  # characters shown before the first match


def match_pattern(words: Iterable[str]) -> re.Pattern[str] | None:
    """A case-insensitive pattern matching any of `words`, longest first."""
    unique = sorted({word for word in words if word}, key=len, reverse=True)
    if not unique:
        return None
    return re.compile("|".join(re.escape(word) for word in unique), re.IGNORECASE)


_MARKED = r"<mark>\g<0></mark>"


def highlight(text: str, pattern: re.Pattern[str] | None) -> SafeString:
    """`text` escaped, with every match of `pattern` wrapped in <mark>."""
    if pattern is None:
        return mark_safe(escape(text))  # noqa: S308 - escaped
    if not SPECIAL.search(text):
        # Nothing to escape in the text, hence in none of its matches: wrap them in one pass.
        return mark_safe(pattern.sub(_MARKED, text))  # noqa: S308
    parts, position = [], 0
    for match in pattern.finditer(text):
        parts.append(escape(text[position : match.start()]))
        parts.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    parts.append(escape(text[position:]))
    # Safe: every piece of text was escaped above; the only markup added is <mark>.
    return mark_safe("".join(parts))  # noqa: S308


def snippet(text: str, pattern: re.Pattern[str] | None, length: int = SNIPPET_LENGTH) -> SafeString:
    """About `length` characters of `text` around its first match (the start when there is
    none), highlighted, with an ellipsis where text was cut."""
    match = pattern.search(text) if pattern is not None else None
    start = max(0, match.start() - SNIPPET_LEAD) if match else 0
    end = min(len(text), start + length)
    if end - start < length:
        start = max(0, end - length)
    window = highlight(text[start:end], pattern)
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return mark_safe(f"{prefix}{window}{suffix}")  # noqa: S308 - window is escaped above
