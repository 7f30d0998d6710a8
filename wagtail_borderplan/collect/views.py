"""Admin views for collecting: import an article from HTML, and fetch one source now."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.db import transaction
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.permission_policies import ModelPermissionPolicy

from ..actions.articles import CollectArticleAction, Draft
from ..models import FeedSource
from ..permissions import entry_policy
from .collector import collect_source
from .forms import _LEADING_HEADING, ImportForm
from .images import ImageCollector
from .sanitize import sanitize_html

IMPORT_PERMISSION = "wagtail_borderplan.import_article"


def csrf_refusal(request):
    """Django's CSRF check, run by hand; the refusal response, or None when it passes."""
    return CsrfViewMiddleware(lambda request: None).process_view(request, None, (), {})


# CSRF is checked inside ``post``: the middleware would read a too-large form first and
# answer a bare "400 Bad Request", where the editor needs to be told what to do.
@method_decorator(csrf_exempt, name="dispatch")
class ImportArticleView(WagtailAdminTemplateMixin, TemplateView):
    """Paste or upload HTML, review the cleaned article, then save it as a draft with
    its "collected" calendar entry. The HTML is cleaned again on saving: what the
    preview page sent back is never trusted."""

    template_name = "wagtail_borderplan/collect/import.html"
    page_title = gettext_lazy("Import an article")
    header_icon = "doc-full-inverse"

    def dispatch(self, request, *args, **kwargs):
        # Importing creates a calendar entry: the calendar's own rule applies too.
        if not request.user.has_perm(IMPORT_PERMISSION) or not entry_policy().user_has_permission(
            request.user, "add"
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", ImportForm(user=self.request.user))
        return context

    def post(self, request, *args, **kwargs):
        try:
            form = ImportForm(request.POST, request.FILES, user=request.user)
        except RequestDataTooBig:
            # Django refuses a form this large before we see it; a file has no such limit.
            form = ImportForm(user=request.user)
            form.errors["html"] = form.error_class(
                [
                    _(
                        "This text is too large to paste: save it as an .html file and choose the file instead."
                    )
                ]
            )
            return self.render_to_response(self.get_context_data(form=form), status=400)
        if refusal := csrf_refusal(request):
            return refusal
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        data = form.cleaned_data
        if "save" not in request.POST:
            return self.preview(form)
        index = data["channel"].index_page
        if not index.permissions_for_user(request.user).can_add_subpage():
            raise PermissionDenied
        page, problems = self.save(data, index)
        messages.success(
            request,
            _("“%(title)s” was saved as a draft and put on the calendar.") % {"title": page.title},
        )
        for problem in problems:
            messages.warning(request, problem)
        return redirect("wagtailadmin_pages:edit", page.pk)

    def preview(self, form):
        data = form.cleaned_data
        # An uploaded file travels on as text, so that saving needs no second upload,
        # unless it is too large for a form (then the file is chosen again to save).
        bound = form.data.copy()
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is None or len(data["source_html"].encode("utf-8")) < limit // 2:
            bound["html"] = data["source_html"]
        else:
            bound["html"] = ""
            messages.info(
                self.request,
                _("The file is large: choose it again when you save."),
            )
        reviewed = ImportForm(bound, user=self.request.user)
        reviewed.is_valid()
        context = self.get_context_data(
            form=reviewed,
            preview=data,
            dropped=data["sanitized"].dropped,
            image_count=len(data["sanitized"].images),
        )
        return self.render_to_response(context)

    def save(self, data, index):
        images = ImageCollector()
        cleaned = sanitize_html(
            data["source_html"], base_url=data["source_url"], embed_image=images.embed
        )
        body = cleaned.html
        if data["drop_heading"] and (heading := _LEADING_HEADING.match(body)):
            body = body[heading.end() :]
        line = data["content_line"]
        try:
            with transaction.atomic():
                body, _stored = images.store(body)
                page, _entry = CollectArticleAction(
                    Draft(
                        title=data["title"],
                        intro=data["intro"],
                        body=body,
                        source_name=data["source_name"],
                        source_url=data["source_url"],
                        sections=[line.section] if line else [],
                        treaties=list(line.treaties.all()) if line else [],
                        topics=list(line.topics.all()) if line else [],
                    ),
                    index,
                    self.request.user,
                    plan=data["plan"],
                    content_line=line,
                    unit=data["unit"],
                    channels=[data["channel"]],
                    log_data={"pasted": True},
                ).execute()
        except BaseException:
            images.discard()
            raise
        return page, [*images.problems, *cleaned.dropped]


class CollectNowView(WagtailAdminTemplateMixin, TemplateView):
    """Fetch one source now (POST), after a confirmation page (GET)."""

    template_name = "wagtail_borderplan/collect/collect_now.html"
    page_title = gettext_lazy("Fetch now")
    header_icon = "download"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.source = get_object_or_404(FeedSource, pk=kwargs["pk"])

    def dispatch(self, request, *args, **kwargs):
        if not ModelPermissionPolicy(FeedSource).user_has_permission(request.user, "change"):
            raise PermissionDenied
        # Fetching creates pages under the source's index.
        if not self.source.index_page.permissions_for_user(request.user).can_add_subpage():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.source.name

    def get_breadcrumbs_items(self):
        # Without its own items Wagtail's header shows only "Home".
        sources = "wagtailsnippets_wagtail_borderplan_feedsource"
        return [
            *super().get_breadcrumbs_items(),
            {
                "url": reverse(f"{sources}:list"),
                "label": capfirst(FeedSource._meta.verbose_name_plural),
            },
            {"url": reverse(f"{sources}:edit", args=[self.source.pk]), "label": self.source.name},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(source=self.source, **kwargs)

    def post(self, request, *args, **kwargs):
        result = collect_source(self.source)
        if result.error:
            messages.error(request, result.error)
        elif result.not_modified:
            messages.info(request, _("The feed has not changed since the last fetch."))
        else:
            messages.success(
                request,
                _("%(imported)s imported, %(failed)s failed, %(skipped)s already imported.")
                % {
                    "imported": len(result.imported),
                    "failed": len(result.failed),
                    "skipped": result.skipped + result.taken,
                },
            )
        url = reverse("wagtailsnippets_wagtail_borderplan_collecteditem:list")
        return redirect(f"{url}?source={self.source.pk}")
