"""Staff forms of the annual report: texts plus one field per entered figure of table 二."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

from . import labels as L
from . import tables
from .formats import ReportFormat, format_for_year
from .models import AnnualReport


class AnnualReportCreateForm(forms.ModelForm):
    class Meta:
        model = AnnualReport
        fields = ["organisation", "year", "report_format"]

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not 2008 <= year <= 2100:
            raise ValidationError("请填写2008年以后的报告年度。")
        return year


def entered_field_name(index: int) -> str:
    return f"figure_{index}"


class AnnualReportForm(forms.ModelForm):
    """Texts and the staff-entered figures (表二 第（五）（六）（八）项 …), one field each."""

    class Meta:
        model = AnnualReport
        fields = [
            "report_format",
            "overview",
            "problems",
            "other_matters",
            "free_text",
            "fees_collected",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 6})
            for name in ["overview", "problems", "other_matters", "free_text"]
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        report = self.instance
        fmt = report.effective_format if report.pk else format_for_year(report.year or 2021)
        self.entered_cells: list[tuple[str, str]] = []
        if fmt == ReportFormat.FREE:
            for name in ("overview", "problems", "other_matters"):
                self.fields.pop(name)
            return
        self.fields.pop("free_text")
        blocks = L.TABLE_2_2019 if fmt == ReportFormat.F2019 else L.TABLE_2_2021
        figures = report.entered_figures or {}
        for block in (b for b in blocks if b.entered):
            for row in block.rows:
                for column in block.columns:
                    key = tables.entered_key(block.caption, row, column)
                    name = entered_field_name(len(self.entered_cells))
                    decimal = column in L.DECIMAL_COLUMNS
                    self.fields[name] = forms.DecimalField(
                        label=f"{block.caption} {row} {column}",
                        required=False,
                        min_value=None if column in L.SIGNED_COLUMNS else Decimal(0),
                        max_digits=14,
                        decimal_places=4 if decimal else 0,
                        initial=figures.get(key),
                    )
                    self.entered_cells.append((name, key))

    def clean(self):
        cleaned = super().clean()
        figures = {}
        for name, key in self.entered_cells:
            value = cleaned.get(name)
            if value is not None:
                figures[key] = str(value)
        self.instance.entered_figures = figures
        return cleaned


class PublishForm(forms.Form):
    confidentiality_checked = forms.BooleanField(
        label="已完成保密审查，确认年报内容可以公开",
        required=True,
        error_messages={"required": "发布前须完成保密审查并勾选确认。"},
    )
