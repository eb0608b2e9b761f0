"""Circular pages: the list (LAO: addressed to me; offices: sent and received), a new
circular or a forward, the circular with its chain, publishing, withdrawal, acknowledging,
the sender's acknowledgement table, its export and reminders. Files in views_files.py,
public pages in views_public.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from eplan.accounts import scope
from eplan.accounts.decorators import login_required_keeping_input
from eplan.accounts.roles import Capability
from eplan.core.forms import errors_into
from eplan.core.thai import thai_date, thai_digits
from eplan.notices import audience as audiences
from eplan.notices import selectors, services
from eplan.notices.forms import AcknowledgeForm, CircularForm
from eplan.notices.models import CircularState
from eplan.public.worklist import days_left
from eplan.registry.models import District, Province, Region


def messages_of(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [message for found in error.message_dict.values() for message in found]
    return list(error.messages)


@login_required
@require_safe
def index(request):
    user = request.user
    own = list(scope.lao_organisations_of(user))
    office = audiences.sender_office(user)
    is_office = bool(audiences.offices_of(user, Capability.VIEW))
    if not own and not is_office:
        raise Http404
    context = {"own": own, "is_office": is_office, "can_publish": office is not None, "today": timezone.localdate()}
    if own:
        rows = selectors.addressed_for_user(user).annotate(
            mine_waiting=Count(
                "recipients",
                filter=Q(
                    recipients__organisation__in=own,
                    recipients__addressed=True,
                    recipients__acknowledged_at__isnull=True,
                ),
            )
        )
        context["addressed"] = list(rows.order_by("-published_at")[:200])
    if is_office:
        context["sent"] = list(
            selectors.sent_for_user(user)
            .annotate(
                addressed_count=Count("recipients", filter=Q(recipients__addressed=True)),
                acknowledged_count=Count(
                    "recipients", filter=Q(recipients__addressed=True, recipients__acknowledged_at__isnull=False)
                ),
                reached_count=Count("recipients"),
            )
            .order_by("-created_at")[:200]
        )
        forwarded = set(selectors.not_forwarded_for_user(user).values_list("pk", flat=True)) if office else set()
        received = list(selectors.received_for_user(user).order_by("-published_at")[:200])
        for circular in received:
            circular.to_forward = circular.pk in forwarded
        context["received"] = received
    return render(request, "notices/index.html", context)


def _form_choices(office) -> dict:
    """The regions, provinces and districts the office may address."""
    kind = office.kind
    if kind == "national":
        return {}
    if kind == "region":
        return {
            "regions": Region.objects.filter(number=office.region_id),
            "provinces": Province.objects.filter(region_id=office.region_id),
            "districts": District.objects.filter(province__region_id=office.region_id).select_related("province"),
        }
    if kind == "province":
        return {
            "regions": Region.objects.none(),
            "provinces": Province.objects.filter(code=office.province_id),
            "districts": District.objects.filter(province_id=office.province_id).select_related("province"),
        }
    return {
        "regions": Region.objects.none(),
        "provinces": Province.objects.none(),
        "districts": District.objects.filter(code=office.district_id).select_related("province"),
    }


def _forward_initial(parent) -> dict:
    return {
        "subject": parent.subject,
        "enclosures": _("สำเนาหนังสือ%(office)s %(number)s ลงวันที่ %(date)s จำนวน ๑ ชุด")
        % {"office": parent.issuing_office, "number": parent.number, "date": thai_digits(thai_date(parent.issued_on))},
        "reply_by": parent.reply_by,
        "is_public": parent.is_public,
    }


def _edit(request, parent=None):
    office = audiences.sender_office(request.user)
    if office is None:
        raise Http404
    choices = _form_choices(office)
    if request.method == "POST":
        form = CircularForm(request.POST, request.FILES, **choices)
        if form.is_valid():
            data = dict(form.cleaned_data)
            attachments = data.pop("attachments")
            try:
                circular = services.circular_create(actor=request.user, parent=parent, attachments=attachments, **data)
                if request.POST.get("action") == "publish":
                    circular = services.circular_publish(actor=request.user, circular=circular)
                    messages.success(request, _("ออกหนังสือเวียนแล้ว"))
                else:
                    messages.success(request, _("บันทึกร่างแล้ว ตรวจทานแล้วกดออกหนังสือเวียน"))
                return redirect("notices:detail", circular.pk)
            except ValidationError as error:
                errors_into(form, error)
            except PermissionDenied as error:
                form.add_error(None, str(error))
    else:
        form = CircularForm(initial=_forward_initial(parent) if parent else {}, **choices)
    return render(
        request,
        "notices/form.html",
        {"form": form, "parent": parent, "chain": selectors.chain_of(parent) if parent else [], "office": office},
    )


@login_required_keeping_input
@require_http_methods(["GET", "HEAD", "POST"])
def new(request):
    return _edit(request)


@login_required_keeping_input
@require_http_methods(["GET", "HEAD", "POST"])
def forward(request, circular_id):
    parent = selectors.circular_for_user_or_404(request.user, circular_id)
    if (
        audiences.sender_office(request.user) is None
        or not selectors.received_for_user(request.user).filter(pk=parent.pk).exists()
    ):
        raise Http404
    return _edit(request, parent=parent)


@login_required
@require_safe
def detail(request, circular_id):
    user = request.user
    circular = selectors.circular_for_user_or_404(user, circular_id)
    is_sender = selectors.sent_for_user(user).filter(pk=circular.pk).exists()
    can_forward = (
        audiences.sender_office(user) is not None and selectors.received_for_user(user).filter(pk=circular.pk).exists()
    )
    context = {
        "circular": circular,
        "chain": selectors.chain_of(circular),
        "attachments": list(circular.attachments.all()),
        "audience": audiences.audience_label(circular),
        "is_sender": is_sender,
        "can_forward": can_forward,
        "forwards": list(
            circular.forwards.filter(state=CircularState.PUBLISHED).filter(
                pk__in=selectors.circulars_for_user(user).values("pk")
            )
        ),
        "own": selectors.own_recipients(user, circular) if circular.is_published else [],
        "can_acknowledge": scope.has_capability(user, Capability.ACKNOWLEDGE_CIRCULAR),
        "form": AcknowledgeForm(),
        "totals": selectors.acknowledgement_totals(circular) if is_sender else None,
        "reply_when": days_left(circular.reply_by, timezone.localdate()) if circular.reply_by else "",
    }
    return render(request, "notices/detail.html", context)


@login_required
@require_POST
def publish(request, draft_id):
    circular = selectors.circular_for_user_or_404(request.user, draft_id, capability=Capability.PUBLISH_CIRCULAR)
    try:
        services.circular_publish(actor=request.user, circular=circular)
        messages.success(request, _("ออกหนังสือเวียนแล้ว"))
    except ValidationError as error:
        for message in messages_of(error):
            messages.error(request, message)
    return redirect("notices:detail", circular.pk)


@login_required
@require_POST
def withdraw(request, circular_id):
    circular = selectors.circular_for_user_or_404(request.user, circular_id, capability=Capability.PUBLISH_CIRCULAR)
    try:
        services.circular_withdraw(actor=request.user, circular=circular, reason=request.POST.get("reason", ""))
        messages.success(request, _("ยกเลิกหนังสือเวียนแล้ว"))
    except ValidationError as error:
        for message in messages_of(error):
            messages.error(request, message)
    return redirect("notices:detail", circular.pk)


@login_required
@require_POST
def acknowledge(request, circular_id):
    circular = selectors.circular_for_user_or_404(request.user, circular_id)
    own = selectors.own_recipients(request.user, circular)
    wanted = request.POST.get("organisation", "")
    recipient = next((row for row in own if row.organisation.code == wanted), own[0] if len(own) == 1 else None)
    if recipient is None:
        raise Http404
    form = AcknowledgeForm(request.POST, request.FILES)
    if not form.is_valid():
        for found in form.errors.values():
            for message in found:
                messages.error(request, message)
        return redirect("notices:detail", circular.pk)
    try:
        services.circular_acknowledge(
            actor=request.user,
            circular=circular,
            organisation=recipient.organisation,
            reply_text=form.cleaned_data["reply_text"],
            reply_file=form.cleaned_data["reply_file"],
        )
        messages.success(request, _("บันทึกการรับทราบแล้ว"))
    except ValidationError as error:
        for message in messages_of(error):
            messages.error(request, message)
    except PermissionDenied as error:
        messages.error(request, str(error))
    return redirect("notices:detail", circular.pk)


@login_required
@require_safe
def acknowledgements(request, circular_id):
    circular = selectors.circular_for_user_or_404(request.user, circular_id, capability=Capability.PUBLISH_CIRCULAR)
    context = {
        "circular": circular,
        "totals": selectors.acknowledgement_totals(circular),
        "districts": selectors.acknowledgement_by_district(circular),
        "rows": list(selectors.acknowledgement_rows(circular)),
        "today": timezone.localdate(),
    }
    return render(request, "notices/acknowledgements.html", context)


@login_required
@require_POST
def remind(request, circular_id):
    circular = selectors.circular_for_user_or_404(request.user, circular_id, capability=Capability.PUBLISH_CIRCULAR)
    try:
        count = services.circular_remind(actor=request.user, circular=circular)
        messages.success(
            request, _("ส่งการเตือนถึง อปท. ที่ยังไม่รับทราบ %(n)s แห่งแล้ว (เตือนซ้ำในวันเดียวกันจะไม่ส่งซ้ำ)") % {"n": count}
        )
    except ValidationError as error:
        for message in messages_of(error):
            messages.error(request, message)
    return redirect(reverse("notices:acknowledgements", args=[circular.pk]))
