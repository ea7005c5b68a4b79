"""Public filter forms of the cultural calendar (GET). A bad value is reported and ignored;
it never causes an error page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import City, EventCategory
from .selectors import MAX_YEAR, MIN_YEAR


class EventFilterForm(forms.Form):
    """类别 and 城市 filters of the week, month and feed."""

    category = forms.ChoiceField(
        label=_("活动类别"),
        required=False,
        choices=[("", _("全部类别")), *EventCategory.choices],
        error_messages={"invalid_choice": _("没有这个活动类别。")},
    )
    city = forms.ChoiceField(
        label=_("所在城市"),
        required=False,
        choices=[("", _("全部城市")), *City.choices],
        error_messages={"invalid_choice": _("没有这个城市。")},
    )

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, auto_id="filter_%s", **kwargs)

    def filters(self) -> dict[str, str | None]:
        """The valid filter values (an invalid one counts as "all")."""
        return {name: self.valid_value(name) for name in ("category", "city")}

    def valid_value(self, name: str):
        """The cleaned value of one field, or None when it is missing or invalid."""
        if not self.is_bound or not self.is_valid() and name in self.errors:
            return None
        return self.cleaned_data.get(name) or None

    def params(self) -> dict[str, str]:
        """The valid filter values as query parameters, kept in navigation links."""
        return {name: value for name, value in self.filters().items() if value}


class ArchiveFilterForm(EventFilterForm):
    """往期活动: also 年份."""

    year = forms.TypedChoiceField(
        label=_("年份"),
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": _("没有这个年份的活动。")},
    )

    def __init__(self, data=None, *args, years=(), **kwargs):
        super().__init__(data, *args, **kwargs)
        self.fields["year"].choices = [
            ("", _("全部年份")),
            *((str(year), f"{year}年") for year in years if MIN_YEAR <= year <= MAX_YEAR),
        ]

    def filters(self) -> dict:
        filters = super().filters()
        filters["year"] = self.valid_value("year")
        return filters

    def params(self) -> dict[str, str]:
        return {name: str(value) for name, value in self.filters().items() if value}
