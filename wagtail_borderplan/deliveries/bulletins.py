"""Publishing a bulletin issue from the admin: a confirmation page, then the action."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import Button
from wagtail.snippets.views.snippets import EditView

from ..actions.base import ActionError, ActionPermissionError
from ..actions.bulletins import PublishBulletinAction
from ..models import BulletinIssue

URL_NAME = "wagtailsnippets_wagtail_borderplan_bulletinissue"


class BulletinEditView(EditView):
    """The snippet's edit view, with "Publish this issue" among its header buttons."""

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if self.object.published_at is None and self.may_publish():
            url = reverse(f"{URL_NAME}:publish", args=[self.object.pk])
            buttons.append(Button(_("Publish this issue"), url=url, icon_name="upload"))
        return buttons

    def may_publish(self) -> bool:
        try:
            PublishBulletinAction(self.object, self.request.user).check_permission()
        except ActionPermissionError:
            return False
        return True


class PublishBulletinView(WagtailAdminTemplateMixin, TemplateView):
    """GET: what publishing will record; POST (CSRF): publish through the action."""

    template_name = "wagtail_borderplan/deliveries/admin/publish_bulletin.html"
    page_title = gettext_lazy("Publish the bulletin issue")
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        try:
            self.issue = get_object_or_404(
                BulletinIssue.objects.select_related("channel", "document"), pk=int(kwargs["pk"])
            )
        except (TypeError, ValueError) as error:
            raise Http404 from error
        self.action = PublishBulletinAction(self.issue, request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            issue=self.issue,
            entries=self.issue.entries.select_related("unit").order_by("planned_at", "pk"),
            edit_url=reverse(f"{URL_NAME}:edit", args=[self.issue.pk]),
        )
        return context

    def get(self, request, *args, **kwargs):
        try:
            self.action.check_permission()
        except ActionPermissionError as error:
            messages.error(request, str(error))
            return redirect(f"{URL_NAME}:edit", self.issue.pk)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        try:
            deliveries = self.action.execute()
        except ActionError as error:
            messages.error(request, str(error))
            return redirect(f"{URL_NAME}:edit", self.issue.pk)
        messages.success(
            request,
            _("Issue %(number)s published: %(count)s deliveries recorded.")
            % {"number": self.issue.number, "count": len(deliveries)},
        )
        return redirect(f"{URL_NAME}:edit", self.issue.pk)
