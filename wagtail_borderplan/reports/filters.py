"""The reports' filters: Wagtail's filter set, read into a :class:`ReportScope`.

A filter whose value is invalid (an unknown plan, a malformed date, a period that ends
before it starts) is ignored and its error shown; the report never fails on its input.
"""

from __future__ import annotations

from datetime import date, datetime

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

from ..models import CalendarEntry, Channel, Plan, Section, Treaty, Unit
from ..times import EARLIEST, LATEST, bounds_message, in_bounds
from .scope import ReportScope


def keep(queryset, name, value):
    """The filters describe the report's scope; they do not filter a queryset."""
    return queryset


class ReportFilterForm(forms.Form):
    def clean(self):
        data = super().clean()
        period = data.get("period")
        if period and any(day and not in_bounds(_day(day)) for day in (period.start, period.stop)):
            self.add_error("period", bounds_message())
        elif period and period.start and period.stop and period.start > period.stop:
            self.add_error("period", _("The period cannot end before it starts."))
        return data


class ReportFilterSet(WagtailFilterSet):
    plan = django_filters.ModelChoiceFilter(
        queryset=Plan.objects.order_by("-period_start", "title"),
        label=pgettext_lazy("report filter", "Plan"),
        empty_label=_("The latest plan with entries"),
        method=keep,
    )
    period = django_filters.DateFromToRangeFilter(
        label=_("Reporting period"),
        widget=DateRangePickerWidget,
        method=keep,
        help_text=_("Local days, inclusive; the plan's period when left empty."),
    )
    section = django_filters.ModelChoiceFilter(
        queryset=Section.objects.canonical(),
        to_field_name="slug",
        label=pgettext_lazy("report filter", "Section"),
        empty_label=_("All sections"),
        method=keep,
    )
    treaty = django_filters.ModelChoiceFilter(
        queryset=Treaty.objects.canonical(),
        to_field_name="slug",
        label=pgettext_lazy("report filter", "Treaty"),
        empty_label=_("All treaties"),
        method=keep,
    )
    unit = django_filters.ModelChoiceFilter(
        queryset=Unit.objects.all(),
        label=pgettext_lazy("report filter", "Unit"),
        empty_label=_("All units"),
        method=keep,
    )
    channel = django_filters.ModelChoiceFilter(
        queryset=Channel.objects.all(),
        label=_("Channel or portal"),
        empty_label=_("All channels"),
        method=keep,
    )

    class Meta:
        model = CalendarEntry
        fields: list[str] = []
        form = ReportFilterForm


def default_plan() -> Plan | None:
    """The latest plan with entries, not an empty newer one (see ``latest_with_data``)."""
    return Plan.objects.latest_with_data()


def _day(value: date | datetime | None) -> date | None:
    # django-filter's range field gives datetimes (start and end of the day).
    return value.date() if isinstance(value, datetime) else value


def scope_from(filters: ReportFilterSet) -> ReportScope | None:
    """The scope the valid filters describe; None when there is no plan at all."""
    form = filters.form
    form.is_valid()  # cleaned_data then holds the valid fields only
    data = form.cleaned_data
    plan = data.get("plan") or default_plan()
    if plan is None:
        return None
    period = data.get("period")
    # A plan stored before its dates were bounded is cut to the days the app accepts.
    first = max(_day(period.start if period else None) or plan.period_start, EARLIEST)
    last = min(_day(period.stop if period else None) or plan.period_end, LATEST)
    if first > last:
        # One end given, on the wrong side of the plan's other end.
        form.add_error("period", _("The period cannot end before it starts."))
        first = max(plan.period_start, EARLIEST)
        last = max(min(plan.period_end, LATEST), first)
    return ReportScope(
        plan=plan,
        first=first,
        last=last,
        section=data.get("section"),
        treaty=data.get("treaty"),
        unit=data.get("unit"),
        channel=data.get("channel"),
    )
