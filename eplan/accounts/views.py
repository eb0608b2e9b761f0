import datetime

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from eplan.accounts import api_tokens, login_flow, scope, second_factor, services, throttle
from eplan.accounts.forms import (
    ApiTokenCreateForm,
    FindUsernameForm,
    ForcedPasswordChangeForm,
    LoginForm,
    MyAccountForm,
    OrganisationProfileForm,
    PasswordResetRequestForm,
    RoleScopeForm,
    UserCreateForm,
)
from eplan.accounts.middleware import PROFILE_DONE_SESSION_KEY
from eplan.accounts.models import ApiToken, RoleAssignment
from eplan.accounts.roles import Capability
from eplan.core.forms import errors_into
from eplan.core.http import refused_is_not_found
from eplan.core.models import AuditEvent
from eplan.core.ratelimit import rate_limit
from eplan.core.thai import thai_sort_key, thai_sorted
from eplan.registry import selectors as registry_selectors
from eplan.registry.models import Organisation, OrganisationProfile, Province, Region


@rate_limit("login")
class LoginView(auth_views.LoginView):
    """The password first; then, for an account with an authenticator or whose role
    requires one, the code (accounts.login_flow) before the session is logged in."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        if second_factor.needed_at_login(user):
            login_flow.begin(self.request, user, next_url=self.get_success_url())
            return redirect("accounts:login_code")
        return super().form_valid(form)


@login_required
def password_change(request):
    """Change one's password; forced after a one-time password was issued."""
    form = ForcedPasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        services.password_changed(user=user)
        update_session_auth_hash(request, user)
        messages.success(request, _("เปลี่ยนรหัสผ่านเรียบร้อยแล้ว"))
        return redirect("public:home")
    return render(request, "accounts/password_change.html", {"form": form, "forced": request.user.must_change_password})


@rate_limit("password_reset")
def password_reset(request):
    form = PasswordResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.send(request)
        return redirect("accounts:password_reset_sent")
    return render(request, "accounts/password_reset.html", {"form": form})


def password_reset_sent(request):
    return render(request, "accounts/password_reset_sent.html")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:login")
    post_reset_login = False

    def form_valid(self, form):
        response = super().form_valid(form)
        services.password_changed(user=form.user, by_reset=True)
        messages.success(self.request, _("ตั้งรหัสผ่านใหม่เรียบร้อยแล้ว กรุณาเข้าสู่ระบบด้วยรหัสผ่านใหม่"))
        return response


def find_username(request):
    """The circulars tell every LAO to look up its username (its LAO code): public."""
    form = FindUsernameForm(request.GET or None)
    results = None
    if form.is_bound and form.is_valid():
        results = registry_selectors.organisations_filter(
            Organisation.objects.filter(active=True).select_related("province", "district"),
            text=form.cleaned_data["name"],
            province=form.cleaned_data["province"],
        ).order_by("name")[:50]
    return render(request, "accounts/find_username.html", {"form": form, "results": results})


def _account_details_form(user, data=None):
    return MyAccountForm(
        data,
        initial={name: getattr(user, name) for name in ("first_name", "last_name", "position", "email", "phone")},
    )


def _me_page(request, form=None, token_form=None, status=200, **extra):
    user = request.user
    device = second_factor.device_of(user)
    context = {
        "form": form or _account_details_form(user),
        "token_form": token_form or ApiTokenCreateForm(),
        "assignments": scope.assignments_of(user),
        "api_tokens": api_tokens.live_tokens(user),
        "second_factor_device": device,
        "second_factor_enforced": second_factor.enforced_for(user),
        "recovery_codes_left": second_factor.recovery_codes_left(user) if device else 0,
        **extra,
    }
    return render(request, "accounts/me.html", context, status=status)


@login_required
def me(request):
    user = request.user
    form = _account_details_form(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        current_password = data.pop("current_password")
        try:
            services.user_update(actor=user, user=user, current_password=current_password, **data)
        except ValidationError as error:
            errors_into(form, error)
        else:
            messages.success(request, _("บันทึกข้อมูลบัญชีเรียบร้อยแล้ว"))
            if user.email and user.email_verified_at is None and "email" in form.changed_data:
                messages.info(request, _("ส่งลิงก์ยืนยันไปที่ %(email)s แล้ว กรุณาเปิดลิงก์ในอีเมลเพื่อยืนยัน") % {"email": user.email})
            return redirect("accounts:me")
    return _me_page(request, form, status=422 if form.is_bound else 200)


@login_required
@require_POST
def email_verification_resend(request):
    """Send the verification link again, at most once every two minutes."""
    user = request.user
    if user.email and user.email_verified_at is None:
        if cache.add(f"eplan:email-verify-sent:{user.pk}", 1, timeout=120):
            services.email_verification_send(user=user)
        messages.info(request, _("ส่งลิงก์ยืนยันไปที่ %(email)s แล้ว กรุณาเปิดลิงก์ในอีเมลเพื่อยืนยัน") % {"email": user.email})
    return redirect("accounts:me")


@never_cache
def email_verify(request, token):
    """The link in the verification mail: shows whose address it is, and a button (a GET
    reads, and mail scanners that open links verify nothing)."""
    try:
        account = services.email_verification_pending(token)
    except ValidationError as error:
        return render(request, "accounts/email_verify.html", {"error": error.messages[0]}, status=400)
    if request.method == "POST":
        services.email_verify(token=token)
        messages.success(request, _("ยืนยันอีเมล %(email)s แล้ว ใช้รับลิงก์ตั้งรหัสผ่านใหม่ได้") % {"email": account.email})
        return redirect("accounts:me" if request.user.is_authenticated else "accounts:login")
    return render(request, "accounts/email_verify.html", {"account": account})


@never_cache
@login_required
@require_POST
def api_token_create(request):
    """The new key is shown in this response only: it is kept nowhere to be shown again."""
    form = ApiTokenCreateForm(request.POST)
    if not form.is_valid():
        return _me_page(request, token_form=form, status=422)
    try:
        token, key = services.api_token_create(
            actor=request.user,
            name=form.cleaned_data["name"],
            days=form.cleaned_data["days"],
            read_only=form.cleaned_data["read_only"],
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("accounts:me")
    return _me_page(request, new_token=token, new_key=key)


@login_required
@require_POST
def api_token_revoke(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    services.api_token_revoke(actor=request.user, token=token)
    messages.success(request, _("ยกเลิกโทเคน %(token)s แล้ว") % {"token": token})
    return redirect("accounts:me")


@login_required
def organisation_profile(request, code):
    organisation = scope.organisation_for_user_or_404(request.user, code, Capability.EDIT_ORGANISATION_PROFILE)
    profile = OrganisationProfile.objects.filter(organisation=organisation).first()
    form = OrganisationProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_profile_update(actor=request.user, organisation=organisation, data=form.cleaned_data)
        except ValidationError as error:
            errors_into(form, error)
        else:
            request.session.pop(PROFILE_DONE_SESSION_KEY, None)
            messages.success(request, _("บันทึกข้อมูลพื้นฐานของ %(name)s เรียบร้อยแล้ว") % {"name": organisation})
            return redirect("public:organisation", code=organisation.code)
    first_time = profile is None or profile.completed_at is None
    return render(
        request,
        "accounts/organisation_profile.html",
        {"form": form, "organisation": organisation, "first_time": first_time},
    )


# --- account management ---------------------------------------------------------------


def _require_capability(user, capability):
    if not scope.has_capability(user, capability):
        raise Http404


@login_required
def users(request):
    _require_capability(request.user, Capability.MANAGE_ACCOUNTS)
    queryset = scope.users_for_user(request.user).prefetch_related(
        Prefetch(
            "role_assignments",
            queryset=RoleAssignment.objects.select_related("organisation", "district__province", "province", "region"),
        )
    )
    text = request.GET.get("q", "").strip()
    if text:
        organisations = Organisation.objects.filter(registry_selectors.search_condition(text))
        queryset = queryset.filter(
            Q(username__icontains=text)
            | Q(first_name__icontains=text)
            | Q(last_name__icontains=text)
            | Q(role_assignments__organisation__in=organisations)
        ).distinct()
    page = Paginator(queryset.order_by("username"), 50).get_page(request.GET.get("page"))
    can_set_policy = scope.is_national(request.user, Capability.MANAGE_ACCOUNTS)
    return render(request, "accounts/users.html", {"page": page, "q": text, "can_set_policy": can_set_policy})


@login_required
def user_new(request):
    _require_capability(request.user, Capability.MANAGE_ACCOUNTS)
    form = UserCreateForm(request.POST or None, actor=request.user, initial=request.GET.dict())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user, password = services.user_create(
                actor=request.user,
                username=data["username"],
                role=data["role"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                position=data["position"],
                phone=data["phone"],
                **data["scope"],
            )
        except ValidationError as error:
            errors_into(form, error)
        else:
            return render(request, "accounts/one_time_password.html", {"account": user, "password": password})
    return render(request, "accounts/user_new.html", {"form": form})


@login_required
def user_detail(request, pk):
    account = scope.user_for_user_or_404(request.user, pk)
    assignments = RoleAssignment.objects.filter(user=account).select_related(
        "organisation", "district__province", "province", "region"
    )
    role_form = RoleScopeForm(actor=request.user)
    blocked = list(throttle.blocked_usernames([throttle.normalise_username(account.username)]))
    can_unlock = scope.has_capability(request.user, Capability.UNLOCK_LOGIN)
    return render(
        request,
        "accounts/user_detail.html",
        {
            "account": account,
            "assignments": assignments,
            "role_form": role_form,
            "blocked": blocked,
            "can_unlock": can_unlock,
            "api_tokens": api_tokens.live_tokens(account),
            "second_factor_device": second_factor.device_of(account),
            "second_factor_enforced": second_factor.enforced_for(account),
        },
    )


@login_required
@require_POST
def user_action(request, pk, action):
    account = scope.user_for_user_or_404(request.user, pk)
    try:
        if action == "one-time-password":
            password = services.user_issue_one_time_password(actor=request.user, user=account)
            return render(request, "accounts/one_time_password.html", {"account": account, "password": password})
        if action == "deactivate":
            services.user_set_active(actor=request.user, user=account, active=False)
            messages.success(request, _("ระงับบัญชี %(user)s แล้ว") % {"user": account})
        elif action == "activate":
            services.user_set_active(actor=request.user, user=account, active=True)
            messages.success(request, _("เปิดใช้บัญชี %(user)s แล้ว") % {"user": account})
        elif action == "unlock":
            cleared = services.login_unlock(actor=request.user, username=account.username)
            messages.success(request, _("ปลดล็อกแล้ว (ล้างการเข้าสู่ระบบที่ไม่สำเร็จ %(n)s ครั้ง)") % {"n": cleared})
        elif action == "grant":
            form = RoleScopeForm(request.POST, actor=request.user)
            if form.is_valid():
                services.role_grant(
                    actor=request.user, user=account, role=form.cleaned_data["role"], **form.cleaned_data["scope"]
                )
                messages.success(request, _("เพิ่มบทบาทแล้ว"))
            else:
                for errors in form.errors.values():
                    for error in errors:
                        messages.error(request, error)
        elif action == "revoke":
            assignment = get_object_or_404(RoleAssignment, pk=request.POST.get("assignment"), user=account)
            services.role_revoke(actor=request.user, assignment=assignment)
            messages.success(request, _("ยกเลิกบทบาทแล้ว"))
        elif action == "revoke-token":
            token = get_object_or_404(ApiToken, pk=request.POST.get("token"), user=account)
            services.api_token_revoke(actor=request.user, token=token)
            messages.success(request, _("ยกเลิกโทเคน %(token)s แล้ว") % {"token": token})
        elif action == "revoke-tokens":
            count = services.api_tokens_revoke_managed(actor=request.user, user=account)
            messages.success(request, _("ยกเลิกโทเคนของบัญชีนี้แล้ว %(n)s รายการ") % {"n": count})
        elif action == "reset-second-factor":
            second_factor.second_factor_reset(actor=request.user, user=account)
            messages.success(request, _("ล้างการยืนยันตัวตนสองขั้นตอนของ %(user)s แล้ว") % {"user": account})
        else:
            raise Http404
    except PermissionDenied:
        messages.error(request, _("คุณไม่มีสิทธิ์ดำเนินการนี้กับบัญชีนี้"))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("accounts:user_detail", pk=account.pk)


@login_required
def lockouts(request):
    """Logins blocked right now for accounts in the user's scope, with an unlock button."""
    _require_capability(request.user, Capability.UNLOCK_LOGIN)
    managed = scope.users_for_user(request.user)
    usernames = {name.lower(): pk for pk, name in managed.values_list("pk", "username")}
    rows = [row for row in throttle.blocked_usernames(list(usernames)) if row["username"] in usernames]
    for row in rows:
        row["user_pk"] = usernames[row["username"]]
    return render(request, "accounts/lockouts.html", {"rows": rows})


@login_required
@require_POST
@refused_is_not_found
def lockout_unlock(request, pk):
    account = scope.user_for_user_or_404(request.user, pk)
    cleared = services.login_unlock(actor=request.user, username=account.username)
    messages.success(request, _("ปลดล็อก %(user)s แล้ว (%(n)s ครั้ง)") % {"user": account, "n": cleared})
    return redirect("accounts:lockouts")


# --- national administration -------------------------------------------------------------


@login_required
def regions(request):
    if not scope.is_national(request.user, Capability.EDIT_REGIONS):
        raise Http404
    provinces = sorted(
        Province.objects.select_related("region"),
        key=lambda province: (province.region_id or 0, thai_sort_key(province.name_th)),
    )
    all_regions = list(Region.objects.all())
    if request.method == "POST":
        province = get_object_or_404(Province, code=request.POST.get("province"))
        region_number = request.POST.get("region") or None
        region = get_object_or_404(Region, number=region_number) if region_number else None
        services.region_assign(actor=request.user, province=province, region=region)
        messages.success(
            request,
            _("กำหนดให้จังหวัด%(province)s อยู่ใน %(region)s แล้ว")
            % {"province": province.name_th, "region": region or _("ส่วนกลาง")},
        )
        return redirect(reverse("accounts:regions") + f"#p{province.code}")
    return render(request, "accounts/regions.html", {"provinces": provinces, "regions": all_regions})


@login_required
def audit(request):
    if not scope.is_national(request.user, Capability.VIEW_AUDIT):
        raise Http404
    events = AuditEvent.objects.all()
    filters = {
        "action": request.GET.get("action", "").strip(),
        "actor": request.GET.get("actor", "").strip(),
        "organisation": request.GET.get("organisation", "").strip(),
        "province": request.GET.get("province", "").strip(),
        "since": request.GET.get("since", "").strip(),
        "until": request.GET.get("until", "").strip(),
    }
    if filters["action"]:
        events = events.filter(action__startswith=filters["action"])
    if filters["actor"]:
        events = events.filter(actor_username__iexact=filters["actor"])
    if filters["organisation"]:
        events = events.filter(organisation_code=filters["organisation"])
    if filters["province"]:
        events = events.filter(province_code=filters["province"])
    errors = []
    for key, lookup in (("since", "at__date__gte"), ("until", "at__date__lte")):
        if filters[key]:
            try:
                events = events.filter(**{lookup: datetime.date.fromisoformat(filters[key])})
            except ValueError:
                errors.append(_("วันที่ '%(value)s' ไม่ถูกต้อง (ใช้รูปแบบ ปปปป-ดด-วว ค.ศ.)") % {"value": filters[key]})
    actions = AuditEvent.objects.order_by("action").values_list("action", flat=True).distinct()
    page = Paginator(events, 100).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "accounts/audit.html",
        {
            "page": page,
            "filters": filters,
            "actions": actions,
            "errors": errors,
            "provinces": thai_sorted(Province.objects.all(), key=lambda province: province.name_th),
            "query": query.urlencode(),
        },
    )
