from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "example_site.home"
    label = "home"
    verbose_name = "Trang chủ"
    default_auto_field = "django.db.models.BigAutoField"
