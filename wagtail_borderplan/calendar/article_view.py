"""Creating an entry's draft article from the calendar."""

from __future__ import annotations

from django import forms
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from ..actions.articles import CreateEntryArticleAction
from ..actions.base import ActionError, ActionPermissionError
from ..models import CalendarEntry, Channel
from .access import CalendarBreadcrumbsMixin, EntryChangeMixin


class ArticleForm(forms.Form):
    channel = forms.ModelChoiceField(
        Channel.objects.none(), label=gettext_lazy("Portal"), empty_label=None
    )

    def __init__(self, *args, entry: CalendarEntry, **kwargs):
        super().__init__(*args, **kwargs)
        portals = Channel.objects.publishable().select_related("site")
        chosen = [c.pk for c in entry.portal_channels() if c.is_publishable]
        self.fields["channel"].queryset = portals.filter(pk__in=chosen) if chosen else portals


class CreateArticleView(
    EntryChangeMixin, CalendarBreadcrumbsMixin, WagtailAdminTemplateMixin, TemplateView
):
    """Create the entry's draft article under the chosen portal's index, and link them."""

    template_name = "wagtail_borderplan/calendar/create_article.html"
    page_title = gettext_lazy("Create the draft article")
    header_icon = "doc-full"

    def get(self, request, *args, **kwargs):
        return self.existing_article() or super().get(request, *args, **kwargs)

    def existing_article(self) -> HttpResponse | None:
        if self.entry.page_id:
            messages.info(self.request, _("This entry already has its article."))
            return redirect("wagtailadmin_pages:edit", self.entry.page_id)
        return None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", ArticleForm(entry=self.entry))
        context["entry"] = self.entry
        return context

    def post(self, request, *args, **kwargs):
        if existing := self.existing_article():
            return existing
        form = ArticleForm(request.POST, entry=self.entry)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        index = form.cleaned_data["channel"].index_page.specific
        try:
            page = CreateEntryArticleAction(self.entry, index, request.user).execute()
        except ActionPermissionError as error:
            form.add_error("channel", str(error))
            return self.render_to_response(self.get_context_data(form=form), status=403)
        except ActionError as error:
            form.add_error(None, str(error))
            return self.render_to_response(self.get_context_data(form=form), status=409)
        messages.success(request, _("The draft article was created and linked to the entry."))
        return redirect("wagtailadmin_pages:edit", page.pk)
