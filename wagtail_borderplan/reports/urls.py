"""Admin URLs of the reports (under ``/admin/borderplan/reports/``)."""

from django.urls import path

from .views import REPORTS

app_name = "borderplan_reports"

urlpatterns = [
    pattern
    for view in REPORTS
    for pattern in (
        path(f"{view.url_name}/", view.as_view(), name=view.url_name),
        path(
            f"{view.url_name}/results/",
            view.as_view(results_only=True),
            name=f"{view.url_name}_results",
        ),
    )
]
