"""Pages of the second factor: the code after the password, setting up the authenticator
(at login when the role requires it, or from "บัญชีของฉัน"), removing it, new recovery
codes, and the central administrators' choice of roles that must use it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from eplan.accounts import login_flow, scope, second_factor, services, throttle
from eplan.accounts.forms import (
    CurrentPasswordForm,
    SecondFactorCodeForm,
    SecondFactorRemoveForm,
    SecondFactorSetupForm,
)
from eplan.accounts.roles import Capability, Role
from eplan.core.forms import errors_into

SETUP_KEY_SESSION_KEY = "eplan_second_factor_setup_key"


def _restart_login(request):
    messages.error(request, _("หมดเวลาหรือใส่รหัสผิดหลายครั้ง กรุณาเข้าสู่ระบบอีกครั้ง"))
    return redirect("accounts:login")


def _setup_context(user, key, form, **extra):
    url = second_factor.setup_url(user, key)
    return {"form": form, "qr_svg": second_factor.qr_svg(url), "typed_key": second_factor.key_for_typing(key), **extra}


def _recovery_codes_page(request, codes, next_url):
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": next_url})


@never_cache
def login_code(request):
    """Second step of logging in: the authenticator's code, or a recovery code."""
    user, state = login_flow.pending(request)
    if user is None:
        return redirect("accounts:login")
    if second_factor.device_of(user) is None:
        return redirect("accounts:login_setup")
    form = SecondFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        block = throttle.block_for(user.get_username(), request.client_ip)
        waiting = second_factor.authenticator_waiting(user)
        if block is not None:
            form.add_error("code", block.message)
        elif waiting and len(code.replace(" ", "")) == 6:
            form.add_error("code", _("ใส่รหัสผิดหลายครั้ง กรุณารอ %(seconds)s วินาทีแล้วลองใหม่") % {"seconds": waiting})
        else:
            how = second_factor.verify_code(user, code)
            if how:
                next_url = login_flow.complete(request, user, how=how)
                if how == "recovery_code":
                    messages.warning(
                        request,
                        _("ใช้รหัสกู้คืนไปหนึ่งรหัส (เหลือ %(n)s รหัส) หากโทรศัพท์หาย ให้ตั้งค่าแอปใหม่ที่หน้า บัญชีของฉัน")
                        % {"n": second_factor.recovery_codes_left(user)},
                    )
                return redirect(next_url)
            throttle.record_failure(user.get_username(), request.client_ip, stage="second_factor")
            if not login_flow.count_wrong_code(request, state):
                return _restart_login(request)
            form.add_error("code", _("รหัสไม่ถูกต้อง กรุณาดูรหัสล่าสุดในแอป (รหัสเปลี่ยนทุก 30 วินาที)"))
    status = 422 if form.errors else 200
    return render(request, "accounts/login_code.html", {"form": form, "account": user}, status=status)


@never_cache
def login_setup(request):
    """An account whose role requires a second factor, without one yet, sets it up right
    after the password; the session is logged in once the first code is right."""
    user, state = login_flow.pending(request)
    if user is None:
        return redirect("accounts:login")
    if second_factor.device_of(user) is not None:
        return redirect("accounts:login_code")
    if not state.get("setup_key"):
        state["setup_key"] = second_factor.new_key()
        login_flow.remember(request, state)
    key = state["setup_key"]
    form = SecondFactorSetupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = second_factor.second_factor_enrol(user=user, key=key, code=form.cleaned_data["code"])
        except ValidationError as error:
            errors_into(form, error)
        else:
            next_url = login_flow.complete(request, user, how="enrolled")
            return _recovery_codes_page(request, codes, next_url)
    context = _setup_context(user, key, form, account=user, at_login=True)
    return render(request, "accounts/second_factor_setup.html", context, status=422 if form.errors else 200)


@never_cache
@login_required
def second_factor_setup(request):
    """Set up (or replace) one's authenticator from "บัญชีของฉัน"."""
    user = request.user
    key = request.session.get(SETUP_KEY_SESSION_KEY)
    if not key:
        key = request.session[SETUP_KEY_SESSION_KEY] = second_factor.new_key()
    form = SecondFactorSetupForm(request.POST or None, ask_password=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.check_current_password(user=user, password=form.cleaned_data["current_password"])
            codes = second_factor.second_factor_enrol(user=user, key=key, code=form.cleaned_data["code"])
        except ValidationError as error:
            errors_into(form, error)
        else:
            request.session.pop(SETUP_KEY_SESSION_KEY, None)
            return _recovery_codes_page(request, codes, reverse("accounts:me"))
    context = _setup_context(user, key, form, account=user, replacing=second_factor.device_of(user) is not None)
    return render(request, "accounts/second_factor_setup.html", context, status=422 if form.errors else 200)


@login_required
@require_POST
def second_factor_remove(request):
    user = request.user
    form = SecondFactorRemoveForm(request.POST)
    try:
        if second_factor.enforced_for(user):
            second_factor.second_factor_remove(user=user)  # refuses, with the reason
        if not form.is_valid():
            raise ValidationError([error for errors in form.errors.values() for error in errors])
        services.check_current_password(user=user, password=form.cleaned_data["current_password"])
        if not second_factor.verify_code(user, form.cleaned_data["code"]):
            throttle.record_failure(user.get_username(), request.client_ip, stage="second_factor")
            raise ValidationError(_("รหัสจากแอปหรือรหัสกู้คืนไม่ถูกต้อง"))
        second_factor.second_factor_remove(user=user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("ยกเลิกการยืนยันตัวตนสองขั้นตอนแล้ว"))
    return redirect(reverse("accounts:me") + "#second-factor")


@never_cache
@login_required
@require_POST
def recovery_codes(request):
    """Ten new recovery codes, shown once; the old ones stop working."""
    user = request.user
    form = CurrentPasswordForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("กรุณากรอกรหัสผ่านปัจจุบัน"))
        services.check_current_password(user=user, password=form.cleaned_data["current_password"])
        codes = second_factor.recovery_codes_generate(user=user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(reverse("accounts:me") + "#second-factor")
    return _recovery_codes_page(request, codes, reverse("accounts:me"))


@login_required
def second_factor_policy(request):
    """Central administrators choose the roles that must log in with a second factor."""
    if not scope.is_national(request.user, Capability.MANAGE_ACCOUNTS):
        raise Http404
    if request.method == "POST":
        wanted = [role for role in Role if request.POST.get(f"required_{role.value}")]
        changes = second_factor.second_factor_policy_set(actor=request.user, required=wanted)
        if changes:
            messages.success(request, _("บันทึกแล้ว มีผลเมื่อผู้ใช้เข้าสู่ระบบครั้งถัดไป"))
        else:
            messages.info(request, _("ไม่มีการเปลี่ยนแปลง"))
        return redirect("accounts:second_factor_policy")
    return render(request, "accounts/second_factor_policy.html", {"rows": second_factor.policy_rows()})
