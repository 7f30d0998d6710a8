from django.apps import AppConfig


class WagtailViConfig(AppConfig):
    name = "wagtail_borderplan.wagtail_vi"
    label = "borderplan_wagtail_vi"
    verbose_name = "Wagtail admin in Vietnamese"
