"""`reverse_pk`: the URL of an object page by primary key, without resolving the pattern anew;
`reverse_fixed`: a URL without arguments, resolved once.

A list page links 20 rows to their pages; Django's `reverse` matches the URL patterns each time
(about 20 µs), a tenth of a column page's rendering. The URL of ``pk=N`` is the URL of any other
pk with the number replaced, so the two halves around the number are resolved once per view
name, script prefix and URLconf.
"""

from functools import lru_cache

from django.urls import get_script_prefix, get_urlconf, reverse

#: A primary key no table reaches; it only marks where the number goes.
_MARK = 9_876_543_210_123


@lru_cache(maxsize=256)
def _halves(viewname: str, script_prefix: str, urlconf: str | None) -> tuple[str, str]:
    url = reverse(viewname, kwargs={"pk": _MARK}, urlconf=urlconf)
    head, found, tail = url.partition(str(_MARK))
    if not found:  # the number was transformed (a converter): fall back to reversing
        raise ValueError(viewname)
    return head, tail


@lru_cache(maxsize=256)
def _fixed(viewname: str, script_prefix: str, urlconf: str | None) -> str:
    return reverse(viewname, urlconf=urlconf)


def reverse_fixed(viewname: str) -> str:
    """The same as ``reverse(viewname)`` for a URL without arguments, resolved once per view
    name, script prefix and URLconf (layout links on every page: feeds, home, search)."""
    return _fixed(viewname, get_script_prefix(), get_urlconf())


def reverse_pk(viewname: str, pk: int) -> str:
    """The same as ``reverse(viewname, kwargs={"pk": pk})`` for an integer `pk`."""
    try:
        head, tail = _halves(viewname, get_script_prefix(), get_urlconf())
    except ValueError:
        return reverse(viewname, kwargs={"pk": pk})
    return f"{head}{int(pk)}{tail}"
