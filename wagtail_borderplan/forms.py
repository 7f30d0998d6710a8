"""Admin forms of the plan's data: the calendar entry and feed source forms."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from modelcluster.forms import BaseChildFormSet
from wagtail.admin.forms import WagtailAdminModelForm

from .times import validate_day, zone_label


def label_content_lines(form: WagtailAdminModelForm) -> None:
    """The content-line chooser shows each line with its plan and section. Wagtail 8 takes
    the widget from the chooser viewset; Wagtail 7.4 builds a plain snippet chooser."""
    field = form.fields.get("content_line")
    if field is None:
        return
    from .line_chooser import ContentLineChooserWidget
    from .models import ContentLine

    if not isinstance(field.widget, ContentLineChooserWidget):
        field.widget = ContentLineChooserWidget(ContentLine)


class TreatyForm(WagtailAdminModelForm):
    """A translation of a treaty names it in its language; its border lines are its
    original's (``Treaty.plan_sections``), so its form does not offer them."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from .models.taxonomy import default_language

        locale = self.instance.locale if self.instance.locale_id else None
        if locale is not None and locale.language_code != default_language():
            self.fields.pop("sections", None)


class EditionFormSet(BaseChildFormSet):
    """The entry's editions. Every form, the blank one that "add" copies included, gets
    the units the editor may plan for and the languages named as the badges and the
    report name them (a locale names itself in its own script, which an editor may not
    read); a language planned twice is said in words, not as field names."""

    unit_queryset = None  # set by CalendarEntryForm for a member of units
    language_names: dict[str, str] = {}

    def add_fields(self, form, index) -> None:
        super().add_fields(form, index)
        if self.unit_queryset is not None:
            form.fields["unit"].queryset = self.unit_queryset
        names = self.language_names
        form.fields["locale"].label_from_instance = lambda locale: names.get(
            locale.language_code, str(locale)
        )

    def get_unique_error_message(self, unique_check):
        if "locale" in unique_check:
            return _("An entry plans one edition per language: remove the second one.")
        return super().get_unique_error_message(unique_check)


class CalendarEntryForm(WagtailAdminModelForm):
    """Without the global change permission, a member plans for their own units only."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from .models import Unit
        from .permissions import entry_policy

        label_content_lines(self)
        user = self.for_user
        if user is not None and not entry_policy().user_has_global_permission(user, "change"):
            field = self.fields["unit"]
            field.queryset = Unit.objects.for_user(user)
            field.required = True
            # Likewise for the units that translate (Wagtail does not pass the user on
            # to an inline panel's forms).
            if isinstance(self.formsets.get("editions"), EditionFormSet):
                self.formsets["editions"].unit_queryset = Unit.objects.for_user(user)
        if isinstance(self.formsets.get("editions"), EditionFormSet):
            from .models.editions import translated_language_names

            self.formsets["editions"].language_names = translated_language_names()
        if "page" in self.fields:
            from .calendar.article_field import article_chooser

            # The chooser offers what clean_page accepts: articles the user may edit.
            widget = article_chooser()
            widget.is_required = self.fields["page"].required
            self.fields["page"].widget = widget
        if "planned_at" in self.fields:
            # The time is read in the editor's admin zone: name it.
            field = self.fields["planned_at"]
            field.help_text = f"{field.help_text} " + _("Date and time in %(zone)s.") % {
                "zone": zone_label()
            }

        if "translation_rule" in self.fields:
            # A form posted without it (an older client) keeps the entry's rule.
            self.fields["translation_rule"].required = False

    def clean_translation_rule(self):
        return self.cleaned_data.get("translation_rule") or self.instance.translation_rule

    def check_publishing_with_original(self, cleaned: dict[str, Any]) -> None:
        """Translations that publish with the original go live without their own
        editors: only someone who may publish pages in each of those languages sets it."""
        from wagtail.permission_policies.pages import PagePermissionPolicy

        from .models import TranslationRule

        user = self.for_user
        if user is None or user.is_superuser:
            return
        if cleaned.get("translation_rule") != TranslationRule.WITH_ORIGINAL:
            return
        formset = self.formsets.get("editions")
        # The form is cleaned before its formsets: their languages are read here.
        if formset is None or not formset.is_valid():
            return
        publishable = PagePermissionPolicy().instances_user_has_any_permission_for(
            user, {"publish"}
        )
        for form in formset.forms:
            locale = form.cleaned_data.get("locale")
            if locale is None or form.cleaned_data.get("DELETE"):
                continue
            if not publishable.filter(locale=locale).exists():
                self.add_error(
                    "translation_rule",
                    _(
                        "You may not publish pages in %(language)s: ask someone who may, or "
                        "let each translation publish when it is ready."
                    )
                    % {"language": locale.get_display_name()},
                )
                return

    def clean_planned_at(self):
        # A year such as 9999 is a typing mistake, and would break the ICS feeds.
        validate_day(self.cleaned_data.get("planned_at"))
        return self.cleaned_data.get("planned_at")

    def clean_due_date(self):
        validate_day(self.cleaned_data.get("due_date"))
        return self.cleaned_data.get("due_date")

    def clean_page(self):
        from .calendar.article_field import check_article

        page = self.cleaned_data.get("page")
        if self.for_user is not None:
            check_article(page, self.for_user, self.instance.page_id)
        return page

    def clean(self):
        cleaned = super().clean()
        self.check_publishing_with_original(cleaned)
        # An article on its way to the portals follows the entry's channels (as Wagtail
        # aliases): refuse, before saving anything, portals the user may not add to.
        page = self.instance.page if self.instance.page_id else None
        channels = cleaned.get("channels")
        if page is None or channels is None or self.for_user is None:
            return cleaned
        home = page.get_parent()
        for channel in channels:
            index = channel.index_page
            if not channel.is_publishable or index.pk == home.pk:
                continue
            if not index.permissions_for_user(self.for_user).can_add_subpage():
                self.add_error(
                    "channels",
                    _("You may not add the article to “%(portal)s”.") % {"portal": channel},
                )
        return cleaned


class FeedSourceForm(WagtailAdminModelForm):
    """A source creates pages: only under an index the editor may add pages to, and only
    from an address the collector will fetch."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        label_content_lines(self)

    def clean_feed_url(self) -> str:
        from .collect.fetch import FetchError, check_source_address

        url = self.cleaned_data.get("feed_url", "")
        if url:
            # Said now, not at every fetch: an address the collector would never fetch.
            try:
                check_source_address(url)
            except FetchError as error:
                raise ValidationError(str(error), code="address") from None
        return url

    def clean(self):
        cleaned = super().clean()
        index = cleaned.get("index_page")
        if (
            index is not None
            and self.for_user is not None
            and not index.permissions_for_user(self.for_user).can_add_subpage()
        ):
            self.add_error("index_page", _("You may not add pages under this index."))
        return cleaned
