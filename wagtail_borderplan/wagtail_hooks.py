from django.apps import apps
from wagtail.snippets.models import register_snippet

# Models are not loaded when a required app is missing (see apps.py); the system
# check then explains what to add, and we register nothing.
if apps.get_app_config("wagtail_borderplan").models_module is not None:
    from .viewsets import PlanningViewSetGroup

    register_snippet(PlanningViewSetGroup)
