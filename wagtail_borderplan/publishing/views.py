"""Admin views to schedule and unschedule an entry's article."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View
from wagtail.admin import messages
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.widgets import AdminDateTimeInput

from ..calendar.views import EntryChangeMixin
from .scheduling import ScheduleError, schedule_article, unschedule_article


class ScheduleForm(forms.Form):
    go_live_at = forms.DateTimeField(label=gettext_lazy("Go live at"), widget=AdminDateTimeInput)
    expire_at = forms.DateTimeField(
        label=gettext_lazy("Expire at"),
        required=False,
        widget=AdminDateTimeInput,
        help_text=gettext_lazy("Optional: when the article is taken down again."),
    )


class ScheduleView(EntryChangeMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "wagtail_borderplan/calendar/schedule.html"
    page_title = gettext_lazy("Schedule the article")
    header_icon = "calendar-check"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = self.entry.page.specific if self.entry.page_id else None
        initial = {"go_live_at": self.entry.planned_at, "expire_at": page and page.expire_at}
        context.setdefault("form", ScheduleForm(initial=initial))
        context.update(
            entry=self.entry, page=page, scheduled=page.scheduled_revision if page else None
        )
        return context

    def post(self, request, *args, **kwargs):
        form = ScheduleForm(request.POST)
        if form.is_valid():
            try:
                outcome = schedule_article(
                    self.entry,
                    request.user,
                    form.cleaned_data["go_live_at"],
                    form.cleaned_data["expire_at"],
                )
            except (ScheduleError, PermissionDenied) as error:
                form.add_error(None, str(error))
            else:
                when = timezone.localtime(form.cleaned_data["go_live_at"])
                message = (
                    _("The article will go live on %(time)s.")
                    if outcome == "scheduled"
                    else _(
                        "The article is in moderation; it will go live on %(time)s once approved."
                    )
                )
                messages.success(request, message % {"time": f"{when:%d/%m/%Y %H:%M}"})
                return redirect(
                    "wagtailsnippets_wagtail_borderplan_calendarentry:edit", self.entry.pk
                )
        return self.render_to_response(self.get_context_data(form=form), status=400)


class UnscheduleView(EntryChangeMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            done = unschedule_article(self.entry, request.user)
        except (ScheduleError, PermissionDenied) as error:
            messages.error(request, str(error))
        else:
            if done:
                messages.success(request, _("The article is no longer scheduled."))
            else:
                messages.info(request, _("The article was not scheduled."))
        return redirect("wagtailsnippets_wagtail_borderplan_calendarentry:edit", self.entry.pk)
