from django.apps import apps
from wagtail import hooks
from wagtail.snippets.models import register_snippet

# Models are not loaded when a required app is missing (see apps.py); the system
# check then explains what to add, and we register nothing.
if apps.get_app_config("wagtail_borderplan").models_module is not None:
    from .calendar import article_field  # noqa: F401  (the entry's page chooser)
    from .collect import hooks as collect_hooks  # noqa: F401
    from .log_formatters import register_log_actions
    from .reports import hooks as reports_hooks  # noqa: F401
    from .viewsets import PlanningViewSetGroup

    register_snippet(PlanningViewSetGroup)
    hooks.register("register_log_actions", register_log_actions)

    @hooks.register("construct_homepage_panels")
    def add_planning_panel(request, panels):
        from .permissions import entry_policy
        from .publishing.dashboard import PlanningPanel

        if entry_policy().user_has_permission(request.user, "view"):
            panels.append(PlanningPanel())
