from django.apps import AppConfig


class WagtailViConfig(AppConfig):
    name = "wagtail_borderplan.wagtail_vi"
    label = "borderplan_wagtail_vi"
    verbose_name = "Wagtail admin in Vietnamese"

    def ready(self) -> None:
        from .labels import label_wagtail_fields

        label_wagtail_fields()
