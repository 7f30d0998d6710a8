"""The "Import an article" form: pasted or uploaded HTML, cleaned before anyone sees it."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..conf import get_setting
from ..line_chooser import ContentLineChoiceField
from ..models import Channel, Plan, Unit
from ..models.planning import PlanStatus
from ..permissions import entry_policy
from .fetch import megabytes
from .items import TITLE_LENGTH, clean_text, http_url, plain_text
from .sanitize import SanitizeError, decode_html_bytes, html_to_text, sanitize_html

_TITLE_PATTERNS = [
    re.compile(r"<meta[^>]+property=[\"']og:title[\"'][^>]+content=[\"']([^\"']+)", re.I),
    re.compile(r"<h1\b[^>]*>(.*?)</h1\s*>", re.I | re.S),
    re.compile(r"<title\b[^>]*>(.*?)</title\s*>", re.I | re.S),
]
_LEADING_HEADING = re.compile(r"^\s*<h[2-4][^>]*>(.*?)</h[2-4]>", re.S)
_FIRST_PARAGRAPH = re.compile(r"<p[^>]*>(.*?)</p>", re.S)


def guess_title(html: str) -> str:
    """The article's title as the press site marks it: og:title, the first h1, <title>."""
    head = html[:200_000]
    for pattern in _TITLE_PATTERNS:
        match = pattern.search(head)
        if match and (title := plain_text(match.group(1), TITLE_LENGTH)):
            return title
    return ""


def publishable_portals(user) -> list[Channel]:
    """Portals served here whose receiving index the user may add pages under."""
    portals = Channel.objects.publishable().select_related("index_page")
    return [c for c in portals if c.index_page.permissions_for_user(user).can_add_subpage()]


class ImportForm(forms.Form):
    html = forms.CharField(
        label=gettext_lazy("HTML"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false"}),
        help_text=gettext_lazy(
            "Paste the article copied from a press website or a word processor, or the "
            "page's HTML source."
        ),
    )
    html_file = forms.FileField(
        label=gettext_lazy("or an HTML file"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".html,.htm,text/html"}),
    )
    title = forms.CharField(
        label=gettext_lazy("Title"),
        required=False,
        max_length=TITLE_LENGTH,
        help_text=gettext_lazy("Empty: taken from the article's own heading."),
    )
    intro = forms.CharField(
        label=gettext_lazy("Introduction"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Empty: the first paragraph."),
    )
    channel = forms.ModelChoiceField(
        Channel.objects.none(), label=gettext_lazy("Portal"), empty_label=None
    )
    plan = forms.ModelChoiceField(
        Plan.objects.filter(status=PlanStatus.ACTIVE), label=gettext_lazy("Plan")
    )
    content_line = ContentLineChoiceField(
        label=gettext_lazy("Content line"),
        required=False,
        help_text=gettext_lazy("Its section, treaties and topics tag the article."),
    )
    unit = forms.ModelChoiceField(
        Unit.objects.all(), label=gettext_lazy("Receiving unit"), required=False
    )
    source_name = forms.CharField(
        label=gettext_lazy("Source (press agency or website)"), required=False, max_length=255
    )
    source_url = forms.URLField(
        label=gettext_lazy("Original URL"), required=False, max_length=1000, assume_scheme="https"
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        portals = publishable_portals(user)
        self.fields["channel"].queryset = Channel.objects.filter(pk__in=[c.pk for c in portals])
        units = self.fields["unit"]
        if not entry_policy().user_has_global_permission(user, "add"):
            # As in the calendar: without the global permission, one's own units only.
            units.queryset = Unit.objects.for_user(user)
            units.required = True
        if not self.is_bound:
            self.initial.setdefault("plan", Plan.objects.active_on())
            default = Unit.objects.ict_centre()
            if default is None or not units.queryset.filter(pk=default.pk).exists():
                default = units.queryset.first()
            self.initial.setdefault("unit", default)

    def clean_html_file(self):
        upload = self.cleaned_data.get("html_file")
        if upload and upload.size > get_setting("COLLECT_HTML_MAX_BYTES"):
            raise forms.ValidationError(self._too_large(upload.size))
        return upload

    def clean_source_url(self):
        url = self.cleaned_data.get("source_url", "")
        if url and not http_url(url):
            raise forms.ValidationError(_("Enter an http or https address."))
        return url

    def clean(self):
        data = super().clean()
        upload = data.get("html_file")
        if upload:
            try:
                html = decode_html_bytes(upload.read())
            except SanitizeError as error:
                raise forms.ValidationError({"html_file": str(error)}) from None
        else:
            html = data.get("html", "")
        html = clean_text(html)
        if not html.strip():
            if not self.has_error("html_file"):
                self.add_error("html", _("Paste the article's HTML or choose an HTML file."))
            return data
        size = len(html.encode("utf-8"))
        if size > get_setting("COLLECT_HTML_MAX_BYTES"):
            self.add_error("html", self._too_large(size))
            return data
        line, plan = data.get("content_line"), data.get("plan")
        if line and plan and line.plan_id != plan.pk:
            self.add_error("content_line", _("The content line belongs to another plan."))
        try:
            cleaned = sanitize_html(html, base_url=data.get("source_url", ""))
        except SanitizeError as error:
            self.add_error("html", str(error))
            return data
        title = data.get("title") or guess_title(html)
        body = cleaned.html
        heading = _LEADING_HEADING.match(body)
        if heading and html_to_text(heading.group(1)) == title:
            body = body[heading.end() :]  # the title is not repeated as the first heading
        if not title:
            self.add_error("title", _("The article has no heading: give it a title."))
        # The sanitiser leaves no empty paragraphs: nothing left is an empty string.
        if not body.strip() and not cleaned.images:
            self.add_error("html", _("Nothing is left of this HTML once cleaned."))
        first = _FIRST_PARAGRAPH.search(body)
        data.update(
            source_html=html,
            sanitized=cleaned,
            body=body,
            title=title,
            intro=data.get("intro") or plain_text(first.group(1) if first else body, 600),
            drop_heading=bool(heading and html_to_text(heading.group(1)) == title),
        )
        return data

    def _too_large(self, size: int) -> str:
        return _("The HTML is %(size)s, more than the limit of %(limit)s.") % {
            "size": megabytes(size),
            "limit": megabytes(get_setting("COLLECT_HTML_MAX_BYTES")),
        }
