from django.apps import AppConfig


class CustomPageConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "tests.custom_page"
    label = "custom_page"
