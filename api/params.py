"""Query parameters of the open-data API (接口参数): parsed strictly, refused in Chinese.

Every parser raises `ApiError` with a message naming the parameter; the view turns it into a
400 JSON answer. Unknown parameters are ignored (clients add cache busters).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.http import QueryDict
from django.utils import timezone

from disclosure import selectors as disclosure_selectors
from disclosure.pagination import Cursor
from portal.models import Organisation

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
FORMATS = ("json", "csv")


class ApiError(Exception):
    """A request the API refuses: `message` is shown to the client as `error`."""

    def __init__(self, message: str, *, status: int = 400, details: dict | None = None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.details = details or {}


def refuse_control_characters(query: QueryDict) -> None:
    """No parameter may hold a NUL character: PostgreSQL refuses it in any text it compares
    (a 500 where a 400 is due)."""
    for name, values in query.lists():
        if any("\x00" in value for value in values) or "\x00" in name:
            raise ApiError(f"参数 {name.replace(chr(0), '')[:50]} 含有不允许的字符。")


@dataclass(frozen=True)
class ListParams:
    """Paging and output format shared by every list endpoint."""

    limit: int
    cursor: str | None
    format: str


def list_params(query: QueryDict) -> ListParams:
    raw_limit = query.get("limit", "").strip()
    if not raw_limit:
        limit = DEFAULT_LIMIT
    else:
        try:
            limit = int(raw_limit)
        except ValueError:
            raise ApiError(f"参数 limit 必须是 1 到 {MAX_LIMIT} 之间的整数。") from None
        if not 1 <= limit <= MAX_LIMIT:
            raise ApiError(f"参数 limit 必须是 1 到 {MAX_LIMIT} 之间的整数。")
    cursor = query.get("cursor") or None
    if cursor is not None and Cursor.decode(cursor) is None:
        raise ApiError("参数 cursor 无效，请使用上一页返回的 next 链接。")
    output = query.get("format", "json") or "json"
    if output not in FORMATS:
        raise ApiError("参数 format 只能是 json 或 csv。")
    return ListParams(limit=limit, cursor=cursor, format=output)


def year_param(query: QueryDict, *, first: int = 1990) -> int | None:
    raw = query.get("year", "").strip()
    if not raw:
        return None
    latest = timezone.localdate().year
    if not raw.isdigit() or not first <= int(raw) <= latest:
        raise ApiError(f"参数 year 必须是 {first} 到 {latest} 之间的年份。")
    return int(raw)


def year_range(year: int) -> tuple[datetime, datetime]:
    """[1 January, next 1 January) of a local year, for an indexed range filter."""
    tz = timezone.get_current_timezone()
    return datetime(year, 1, 1, tzinfo=tz), datetime(year + 1, 1, 1, tzinfo=tz)


def column_param(query: QueryDict) -> disclosure_selectors.ColumnNode | None:
    slug = query.get("column", "").strip()
    if not slug:
        return None
    node = disclosure_selectors.column_with_ancestors(slug)
    if node is None:
        raise ApiError(f"参数 column：栏目“{slug[:50]}”不存在。")
    return node


def organisation_param(query: QueryDict) -> Organisation | None:
    """An organisation given by its id or its code (机构代码)."""
    value = query.get("organisation", "").strip()
    if not value:
        return None
    found = None
    if value.isdigit() and len(value) < 12:
        found = Organisation.objects.filter(pk=int(value)).first()
    if found is None and len(value) <= 18:
        found = Organisation.objects.filter(code=value).order_by("pk").first()
    if found is None:
        raise ApiError(f"参数 organisation：机构“{value[:50]}”不存在（可填写机构 id 或机构代码）。")
    return found


def int_param(query: QueryDict, name: str, label: str) -> int | None:
    raw = query.get(name, "").strip()
    if not raw:
        return None
    if not raw.isdigit() or len(raw) > 12:
        raise ApiError(f"参数 {name}：{label}必须是正整数。")
    return int(raw)
