"""The admin page where a user creates and revokes their secret ICS feed URLs."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.http import HttpRequest, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.log_actions import log

from ..models import CalendarFeed
from ..times import zone_label
from .access import CalendarAccessMixin, CalendarBreadcrumbsMixin, require_view
from .filters import CalendarFilterForm


class FeedForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=100)
    query = forms.CharField(required=False, widget=forms.HiddenInput, max_length=1000)


def feed_url(request: HttpRequest, token: str) -> str:
    return request.build_absolute_uri(reverse("wagtail_borderplan_ics", args=[token]))


class FeedsView(
    CalendarAccessMixin, CalendarBreadcrumbsMixin, WagtailAdminTemplateMixin, TemplateView
):
    template_name = "wagtail_borderplan/calendar/feeds.html"
    page_title = gettext_lazy("Calendar feeds (ICS)")
    header_icon = "calendar"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("view", None)
        query.pop("date", None)
        filters = CalendarFilterForm(query, user=self.request.user)
        context.setdefault(
            "form",
            FeedForm(
                initial={"name": _("Editorial calendar"), "query": urlencode(filters.active())}
            ),
        )
        context["filter_form"] = filters
        context["feeds"] = CalendarFeed.objects.filter(user=self.request.user)
        context["zone_label"] = zone_label()
        return context

    def post(self, request, *args, **kwargs):
        form = FeedForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        # Keep only what the calendar's filters understand.
        filters = CalendarFilterForm(QueryDict(form.cleaned_data["query"]), user=request.user)
        feed, token = CalendarFeed.create_for(
            request.user, form.cleaned_data["name"], urlencode(sorted(filters.active().items()))
        )
        log(instance=feed, action="wagtail.create", user=request.user)
        context = self.get_context_data(form=FeedForm(initial={"name": feed.name}))
        context["new_feed"] = feed
        context["new_url"] = feed_url(request, token)
        return self.render_to_response(context)


@require_POST
def revoke_feed(request: HttpRequest, pk: int):
    require_view(request)
    feed = get_object_or_404(CalendarFeed, pk=pk, user=request.user)
    log(instance=feed, action="wagtail.delete", user=request.user)
    feed.delete()
    messages.success(
        request,
        _("The feed “%(name)s” was revoked; its address no longer works.") % {"name": feed.name},
    )
    return redirect("borderplan_calendar:feeds")
