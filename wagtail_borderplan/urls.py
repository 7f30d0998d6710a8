"""Public URLs: include them in the project's urls.py, e.g.
``path("borderplan/", include("wagtail_borderplan.urls"))``."""

from django.urls import path

from .calendar.ics import feed_view

urlpatterns = [
    path("ics/<str:token>.ics", feed_view, name="wagtail_borderplan_ics"),
]
