"""The demo's 2017 report reproduces the reference report; 2025 is published with real numbers."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from annual_reports.models import AnnualReport
from requests_app.models import Application, Channel, Outcome, Remedy


@pytest.mark.django_db
def test_demo_reports(calendar_db, client):
    call_command("seed_demo", stdout=StringIO())
    apps_2017 = Application.objects.filter(received_on__year=2017)
    assert apps_2017.count() == 12
    assert apps_2017.filter(channel=Channel.ONLINE).count() == 11
    assert apps_2017.filter(channel=Channel.LETTER).count() == 1
    assert apps_2017.filter(outcome=Outcome.DISCLOSED).count() == 10
    assert apps_2017.filter(outcome=Outcome.PARTIAL).count() == 2
    art = apps_2017.filter(subject__contains="艺术品交易有限公司")
    assert art.count() == 8 and art.first().related.count() == 7
    assert Remedy.objects.filter(filed_on__year=2017, result=Remedy.Result.UPHELD).count() == 1
    assert {o.value for o in Outcome} <= set(
        Application.objects.filter(received_on__year__gte=2024).values_list("outcome", flat=True)
    )

    out = StringIO()
    call_command("annual_report", year=2017, format="json", stdout=out)
    counts = json.loads(out.getvalue())["统计数字"]
    assert counts["主动公开政府信息数"] == 1161
    assert counts["按申请渠道"] == {"互联网（网上申请）": 11, "平常信函": 1}
    assert counts["按办理结果"] == {"公开答复": 10, "部分公开答复": 2}
    assert counts["行政复议案件数"] == 1

    report_2017 = AnnualReport.objects.get(year=2017)
    assert report_2017.is_frozen and "辽宁省" in report_2017.free_text
    page = client.get("/nianbao/2017/").content.decode()
    assert "1161" in page and "必赢体育" not in page

    report_2025 = AnnualReport.objects.get(year=2025)
    assert report_2025.is_frozen
    page = client.get("/nianbao/2025/").content.decode()
    assert "四、结转下年度继续办理" in page
    out = StringIO()
    call_command("annual_report", year=2025, format="json", stdout=out)
    payload = json.loads(out.getvalue())
    assert payload["violations"] == []
    table3 = payload["三、收到和处理政府信息公开申请情况"]
    assert table3["二、上年结转政府信息公开申请数量"]["总计"] == 2
    assert table3["四、结转下年度继续办理"]["总计"] == 2
    assert Application.objects.open().filter(received_on__year=2026).count() == 3
    assert not Application.objects.open().filter(due_on__isnull=True).exists()
