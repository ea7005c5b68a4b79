"""iCalendar output (日历订阅): RFC 5545 structure, escaping, folding, DATE values, filters."""

import pytest

from events import ical
from events.models import EventCategory
from tests.events.factories import PublishedEventFactory, local
from tests.factories import SiteProfileFactory

pytestmark = pytest.mark.django_db

LONG_TEXT = (
    "辽宁省博物馆推出的红山文化考古成果展，集中展示牛河梁遗址出土的玉猪龙、玉人等珍贵文物。" * 4
)


def parse(body: bytes) -> list[dict]:
    """A tiny RFC 5545 reader: checks line endings and octet limits, unfolds, and returns
    the components as dicts of property name (with parameters) -> raw value."""
    assert body.endswith(b"\r\n")
    physical = body.split(b"\r\n")[:-1]
    for line in physical:
        assert b"\n" not in line and b"\r" not in line
        assert len(line) <= 75, line
        line.decode("utf-8")  # each physical line is valid UTF-8: no character was split
    logical: list[str] = []
    for line in physical:
        text = line.decode("utf-8")
        if text.startswith(" "):
            logical[-1] += text[1:]
        else:
            logical.append(text)
    components: list[dict] = []
    stack: list[dict] = []
    for line in logical:
        name, _, value = line.partition(":")
        if name == "BEGIN":
            stack.append({"BEGIN": value})
        elif name == "END":
            component = stack.pop()
            assert component["BEGIN"] == value
            components.append(component)
        else:
            stack[-1][name] = value
    assert not stack
    return components


def unescape(value: str) -> str:
    out, chars = [], iter(value)
    for char in chars:
        if char == "\\":
            following = next(chars)
            out.append("\n" if following in "nN" else following)
        else:
            assert char not in ",;", f"unescaped {char!r} in {value!r}"
            out.append(char)
    return "".join(out)


@pytest.fixture
def feed_events(frozen):
    SiteProfileFactory(site_domain="whj.ln.gov.cn")
    timed = PublishedEventFactory(
        title="演出,特别场; 含\\反斜杠",
        description=f"<p>第一段{LONG_TEXT}</p><p>第二段</p>",
        venue="辽宁大剧院",
        address="沈阳市浑南区浑南中路37号",
        starts_at=local(2026, 11, 30, 23, 30),
        ends_at=local(2026, 12, 1, 1, 0),
    )
    exhibition = PublishedEventFactory(
        title="又见红山考古成果展",
        category=EventCategory.EXHIBITION,
        all_day=True,
        starts_at=local(2026, 11, 27),
        ends_at=local(
            2026,
            12,
            2,
            23,
            59,
        ),
    )
    old = PublishedEventFactory(
        title="2017年的演出",
        starts_at=local(2017, 6, 10, 9),
        ends_at=local(2017, 6, 10, 11),
        published_at=local(2017, 6, 1),
    )
    return {"timed": timed, "exhibition": exhibition, "old": old}


def test_feed_is_valid_icalendar(client, feed_events):
    response = client.get("/whrl/calendar.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    components = parse(response.content)
    calendar = components[-1]
    assert calendar["BEGIN"] == "VCALENDAR"
    assert calendar["VERSION"] == "2.0" and calendar["CALSCALE"] == "GREGORIAN"
    assert calendar["PRODID"] and calendar["X-WR-TIMEZONE"] == "Asia/Shanghai"
    assert "文化日历" in unescape(calendar["X-WR-CALNAME"])
    assert any(c["BEGIN"] == "VTIMEZONE" and c["TZID"] == "Asia/Shanghai" for c in components)
    events = {unescape(c["SUMMARY"]): c for c in components if c["BEGIN"] == "VEVENT"}
    assert set(events) == {"演出,特别场; 含\\反斜杠", "又见红山考古成果展"}  # 2017 is too old
    timed = events["演出,特别场; 含\\反斜杠"]
    assert timed["UID"] == f"event-{feed_events['timed'].pk}@whj.ln.gov.cn"
    assert timed["DTSTART;TZID=Asia/Shanghai"] == "20261130T233000"
    assert timed["DTEND;TZID=Asia/Shanghai"] == "20261201T010000"
    assert timed["DTSTAMP"].endswith("Z") and len(timed["DTSTAMP"]) == 16
    assert timed["URL"] == f"http://testserver/whrl/event/{feed_events['timed'].pk}/"
    assert unescape(timed["LOCATION"]) == "沈阳，辽宁大剧院，沈阳市浑南区浑南中路37号"


def test_escaping_and_folding_of_long_chinese_text(client, feed_events):
    body = client.get("/whrl/calendar.ics").content
    assert "SUMMARY:演出\\,特别场\\; 含\\\\反斜杠\r\n".encode() in body
    event = next(c for c in parse(body) if c.get("SUMMARY", "").startswith("演出"))
    description = unescape(event["DESCRIPTION"])
    assert description.startswith(f"第一段{LONG_TEXT}\n第二段")  # plain text, no tags
    assert "<p>" not in description
    assert "票务：售票（80元、180元）" in description
    # The long description was folded over many physical lines.
    assert body.count(b"\r\n ") > 5


def test_fold_never_splits_a_character():
    line = "DESCRIPTION:" + "文" * 100
    folded = ical.fold(line)
    parts = folded.split("\r\n")
    assert all(len(part.encode()) <= 75 for part in parts)
    assert "".join(part[1:] if i else part for i, part in enumerate(parts)) == line
    assert ical.fold("SHORT:abc") == "SHORT:abc"


def test_all_day_events_use_date_values(client, feed_events):
    components = parse(client.get("/whrl/calendar.ics").content)
    exhibition = next(c for c in components if c.get("SUMMARY") == "又见红山考古成果展")
    assert exhibition["DTSTART;VALUE=DATE"] == "20261127"
    assert exhibition["DTEND;VALUE=DATE"] == "20261203"  # exclusive end: the day after
    assert "DTSTART;TZID=Asia/Shanghai" not in exhibition


def test_feed_filters_and_bad_values(client, feed_events):
    components = parse(client.get("/whrl/calendar.ics?category=exhibition").content)
    assert [c["SUMMARY"] for c in components if c["BEGIN"] == "VEVENT"] == ["又见红山考古成果展"]
    components = parse(client.get("/whrl/calendar.ics?city=dalian").content)
    assert not [c for c in components if c["BEGIN"] == "VEVENT"]
    response = client.get("/whrl/calendar.ics?category=<x>&city=;;")
    assert response.status_code == 200
    assert len([c for c in parse(response.content) if c["BEGIN"] == "VEVENT"]) == 2


def test_single_event_file(client, feed_events):
    event = feed_events["exhibition"]
    response = client.get(f"/whrl/event/{event.pk}.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert f"event-{event.pk}.ics" in response["Content-Disposition"]
    vevents = [c for c in parse(response.content) if c["BEGIN"] == "VEVENT"]
    assert [c["UID"] for c in vevents] == [f"event-{event.pk}@whj.ln.gov.cn"]
    # An old event is still available as its own file.
    assert client.get(f"/whrl/event/{feed_events['old'].pk}.ics").status_code == 200


def test_escape_text_rules():
    assert ical.escape_text("a,b;c\\d\ne\r\nf") == "a\\,b\\;c\\\\d\\ne\\nf"
