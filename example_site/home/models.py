from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField

from wagtail_borderplan.compat import Page
from wagtail_borderplan.listing import article_model


class HomePage(Page):
    """A portal's home page: its introduction and its latest border articles."""

    intro = RichTextField("giới thiệu", blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["wagtail_borderplan.BorderIndexPage"]

    class Meta:
        verbose_name = "trang chủ cổng thông tin"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["indexes"] = self.get_children().live().specific()
        context["latest"] = (
            article_model()
            .objects.live()
            .descendant_of(self)
            .order_by(models.F("first_published_at").desc(nulls_last=True))[:5]
        )
        return context
