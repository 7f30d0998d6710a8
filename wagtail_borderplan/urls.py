"""Public URLs: include them in the project's urls.py, e.g.
``path("borderplan/", include("wagtail_borderplan.urls"))``."""

from django.urls import path

from .calendar.ics import feed_view
from .deliveries.carrier_page import carrier_page

urlpatterns = [
    path("ics/<str:token>.ics", feed_view, name="wagtail_borderplan_ics"),
    # A carrying unit confirms its deliveries through its secret link, without an account.
    path("carry/<str:token>/", carrier_page, name="wagtail_borderplan_carry"),
]
