"""Everything the app adds to Wagtail's admin, in one table of contents.

Each line registers something defined in its own module; no module registers itself
when imported. Permission policies and signal receivers are registered in
``AppConfig.ready()`` instead, so that commands and task workers have them too.
"""

from django.apps import apps
from wagtail import hooks
from wagtail.snippets.models import register_snippet

# Models are not loaded when a required app is missing (see apps.py); the system
# check then explains what to add, and we register nothing.
if apps.get_app_config("wagtail_borderplan").models_module is not None:
    from .calendar.article_field import only_editable_articles
    from .editions import refuse_other_language
    from .log_formatters import register_log_actions
    from .permissions import entry_policy, register_policies

    # Wagtail's snippets app reads the hooks in its own ready(), which runs before ours
    # when it is listed first: the policies must be in the registry before any viewset
    # asks for one (registering is idempotent; AppConfig.ready() does it otherwise).
    register_policies()
    from .deliveries.admin_views import admin_urls as delivery_admin_urls
    from .deliveries.admin_views import menu_item as deliveries_menu_item
    from .deliveries.deletion import keep_delivery_records
    from .publishing.dashboard import PlanningPanel
    from .reports.menu import report_menu_items, report_urls
    from .viewsets import PlanningViewSetGroup

    # The "Planning" menu: the calendar, the plan's data and collecting, as viewsets.
    register_snippet(PlanningViewSetGroup)
    # The reports: their URLs, and their items in Wagtail's Reports menu.
    hooks.register("register_admin_urls", report_urls)
    for menu_item in report_menu_items():
        hooks.register("register_reports_menu_item", menu_item)
    # Deliveries: confirming in bulk and the carrying units' links.
    hooks.register("register_admin_urls", delivery_admin_urls)
    hooks.register("register_admin_menu_item", deliveries_menu_item)
    # Deleting a unit or a channel keeps the delivery records that name it, and says why.
    hooks.register("before_delete_snippet", keep_delivery_records)
    # Our entries in the audit log, with their own labels and messages.
    hooks.register("register_log_actions", register_log_actions)
    # The entry's article chooser lists only the articles the editor may edit.
    hooks.register("construct_page_chooser_queryset", only_editable_articles)
    # A border page answers only under its own language's address.
    hooks.register("before_serve_page", refuse_other_language)

    @hooks.register("construct_homepage_panels")
    def add_planning_panel(request, panels):
        """The dashboard's planning panel, for those who see the calendar."""
        if entry_policy().user_has_permission(request.user, "view"):
            panels.append(PlanningPanel())
