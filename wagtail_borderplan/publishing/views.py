"""Admin views to schedule and unschedule an entry's article."""

from __future__ import annotations

from django import forms
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View
from wagtail.admin import messages
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.widgets import AdminDateTimeInput

from ..actions.base import ActionError
from ..actions.scheduling import (
    ScheduleArticleAction,
    ScheduleOutcome,
    UnscheduleArticleAction,
)
from ..calendar.access import CalendarBreadcrumbsMixin, EntryChangeMixin
from ..times import format_with_zone, validate_day, zone_label


class ScheduleForm(forms.Form):
    """Wagtail's own date-time picker; times are read in the editor's admin zone, which
    the help texts name (its media must be rendered: see schedule.html)."""

    go_live_at = forms.DateTimeField(
        label=gettext_lazy("Go live at"), widget=AdminDateTimeInput, validators=[validate_day]
    )
    expire_at = forms.DateTimeField(
        label=gettext_lazy("Expire at"),
        required=False,
        widget=AdminDateTimeInput,
        validators=[validate_day],
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        zone = zone_label()
        self.fields["go_live_at"].help_text = _("Date and time in %(zone)s.") % {"zone": zone}
        self.fields["expire_at"].help_text = _(
            "Optional: when the article is taken down again. Date and time in %(zone)s."
        ) % {"zone": zone}


class ScheduleView(
    EntryChangeMixin, CalendarBreadcrumbsMixin, WagtailAdminTemplateMixin, TemplateView
):
    template_name = "wagtail_borderplan/calendar/schedule.html"
    page_title = gettext_lazy("Schedule the article")
    header_icon = "calendar-check"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = self.entry.page.specific if self.entry.page_id else None
        initial = {"go_live_at": self.entry.planned_at, "expire_at": page and page.expire_at}
        context.setdefault("form", ScheduleForm(initial=initial))
        scheduled = page.scheduled_revision if page else None
        context.update(
            entry=self.entry,
            page=page,
            scheduled=scheduled,
            scheduled_at=format_with_zone(scheduled.approved_go_live_at) if scheduled else "",
            zone_label=zone_label(),
        )
        return context

    def post(self, request, *args, **kwargs):
        form = ScheduleForm(request.POST)
        if form.is_valid():
            try:
                outcome = ScheduleArticleAction(
                    self.entry,
                    request.user,
                    go_live_at=form.cleaned_data["go_live_at"],
                    expire_at=form.cleaned_data["expire_at"],
                ).execute()
            except ActionError as error:
                form.add_error(None, str(error))
            else:
                when = format_with_zone(form.cleaned_data["go_live_at"])
                message = (
                    _("The article will go live on %(time)s.")
                    if outcome == ScheduleOutcome.SCHEDULED
                    else _(
                        "The article is in moderation; it will go live on %(time)s once approved."
                    )
                )
                messages.success(request, message % {"time": when})
                return redirect(
                    "wagtailsnippets_wagtail_borderplan_calendarentry:edit", self.entry.pk
                )
        return self.render_to_response(self.get_context_data(form=form), status=400)


class UnscheduleView(EntryChangeMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            done = UnscheduleArticleAction(self.entry, request.user).execute()
        except ActionError as error:
            messages.error(request, str(error))
        else:
            if done:
                messages.success(request, _("The article is no longer scheduled."))
            else:
                messages.info(request, _("The article was not scheduled."))
        return redirect("wagtailsnippets_wagtail_borderplan_calendarentry:edit", self.entry.pk)
