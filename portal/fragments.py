"""Rendered HTML kept under the content version (片段缓存): forms whose many options only change
with the content (columns, organisations) and the year."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from . import localcache
from .versioning import content_version


def cached_html(
    name: str, parts: Sequence[str], render: Callable[[], str], seconds: int
) -> SafeString:
    """`render()`'s HTML, cached per content version, current year (year choices end at it)
    and `parts` (whatever else the HTML depends on, e.g. the values sent).

    `render` must render our own templates with autoescaping on: the result is marked safe.
    """
    raw = "|".join([*parts, str(timezone.localdate().year)])
    digest = hashlib.sha256(raw.encode()).hexdigest()[:32]
    html = localcache.get_or_set(f"{name}:v{content_version()}:{digest}", render, seconds)
    return mark_safe(html)  # noqa: S308 - see the docstring
