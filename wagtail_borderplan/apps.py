from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _

# Apps whose models or URLs ours build on. When one is missing we skip importing our
# models so that Django's system checks can explain it (wagtail_borderplan.E003)
# instead of a traceback at start-up.
REQUIRED_APPS = (
    "wagtail",
    "wagtail.admin",
    "wagtail.images",
    "wagtail.documents",
    "wagtail.snippets",
    "wagtail.search",
    "wagtail.contrib.routable_page",
    "taggit",
    "modelcluster",
)


def missing_required_apps() -> list[str]:
    """The entries of REQUIRED_APPS that INSTALLED_APPS lacks."""
    installed = {config.name for config in apps.app_configs.values()}
    return [name for name in REQUIRED_APPS if name not in installed]


class WagtailBorderplanConfig(AppConfig):
    name = "wagtail_borderplan"
    label = "wagtail_borderplan"
    verbose_name = _("Border communication plan")
    default_auto_field = "django.db.models.BigAutoField"

    def import_models(self):
        if missing_required_apps():
            self.models = self.apps.all_models[self.label]
            return
        super().import_models()

    def ready(self):
        from .checks import register_checks

        register_checks()

        if self.models_module is not None:
            from .permissions import register_policies
            from .publishing.signals import connect_receivers

            register_policies()
            connect_receivers()
