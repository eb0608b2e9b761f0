"""The bell's pages: one's notifications, opening one (marks it read), marking all read,
and the choice of e-mail per kind."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from eplan.accounts.notifications import addresses_of
from eplan.notifications import selectors, services
from eplan.notifications.models import Kind

PER_PAGE = 30


@require_safe
@login_required
def index(request):
    unread_only = request.GET.get("show") == "unread"
    notifications = selectors.notifications_for_user(request.user)
    if unread_only:
        notifications = notifications.filter(read_at__isnull=True)
    page = Paginator(notifications, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/index.html",
        {"page": page, "unread_only": unread_only, "query": "show=unread" if unread_only else ""},
    )


@require_POST
@login_required
def open_notification(request, notification):
    found = selectors.notification_for_user_or_404(request.user, notification)
    services.notification_read(user=request.user, notification=found)
    target = found.url
    if not target or not url_has_allowed_host_and_scheme(target, allowed_hosts=None) or not target.startswith("/"):
        target = reverse("notifications:index")
    return redirect(target)


@require_POST
@login_required
def read_all(request):
    count = services.notifications_read_all(user=request.user)
    messages.success(request, _("ทำเครื่องหมายว่าอ่านแล้ว %(count)s รายการ") % {"count": count})
    return redirect("notifications:index")


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def preferences(request):
    if request.method == "POST":
        choices = {kind: request.POST.get(kind) == "on" for kind in Kind.values}
        changes = services.email_preferences_update(user=request.user, choices=choices)
        messages.success(request, _("บันทึกการรับอีเมลแจ้งเตือนแล้ว") if changes else _("ไม่มีการเปลี่ยนแปลงการรับอีเมลแจ้งเตือน"))
        return redirect("notifications:preferences")
    choices = services.email_choices(request.user)
    rows = [{"kind": kind, "label": label, "email": choices[kind]} for kind, label in Kind.choices]
    return render(request, "notifications/preferences.html", {"rows": rows, "addresses": addresses_of(request.user)})


urlpatterns = [
    path("", index, name="index"),
    path("<int:notification>/open", open_notification, name="open"),
    path("read-all", read_all, name="read_all"),
    path("preferences", preferences, name="preferences"),
]
