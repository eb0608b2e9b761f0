import json
import re
import unicodedata
from decimal import Decimal

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db.models import Q
from django.template import loader
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _

from eplan.accounts import scope, services, throttle
from eplan.accounts.roles import SCOPE_OF_ROLE, Capability, Role, ScopeKind
from eplan.core import request_context
from eplan.core.forms import sort_choices_in_thai
from eplan.core.money import parse_amount
from eplan.core.thai import arabic_digits
from eplan.registry.models import District, OrganisationProfile, OrganisationSize, Province, Region


class LoginForm(AuthenticationForm):
    """Username (an organisation's LAO code or a personal username) and password, throttled."""

    username = forms.CharField(
        label=_("ชื่อผู้ใช้ (รหัส อปท. หรือชื่อผู้ใช้ส่วนตัว)"),
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username", "autocapitalize": "none"}),
    )
    error_messages = {
        "invalid_login": _("ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง (ตัวพิมพ์เล็ก-ใหญ่มีผล)"),
        "inactive": _("บัญชีนี้ถูกระงับการใช้งาน กรุณาติดต่อผู้ดูแลบัญชีของหน่วยงาน"),
    }

    def clean(self):
        username = (self.cleaned_data.get("username") or "").strip()
        self.cleaned_data["username"] = username
        client_ip = request_context.current().client_ip
        block = throttle.block_for(username, client_ip)
        if block is not None:
            raise ValidationError(block.message, code="throttled")
        try:
            return super().clean()
        except ValidationError:
            throttle.record_failure(username, client_ip)
            raise


class ForcedPasswordChangeForm(SetPasswordForm):
    """Set a new password; the old (one-time) one is asked for too, as in Django's own form."""

    old_password = forms.CharField(
        label=_("รหัสผ่านปัจจุบัน"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )
    field_order = ["old_password", "new_password1", "new_password2"]

    def clean_old_password(self):
        old_password = self.cleaned_data["old_password"]
        services.check_current_password(user=self.user, password=old_password, field=None)
        return old_password

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("old_password") and cleaned.get("old_password") == cleaned.get("new_password1"):
            self.add_error("new_password1", _("รหัสผ่านใหม่ต้องไม่ซ้ำกับรหัสผ่านเดิม"))
        return cleaned


class PasswordResetRequestForm(forms.Form):
    """Ask for a reset link by username (LAO code) or e-mail address. The answer is the
    same whether or not an account was found, so nobody can probe for accounts."""

    identifier = forms.CharField(label=_("ชื่อผู้ใช้ (รหัส อปท.) หรืออีเมล"), max_length=254)

    def users(self):
        identifier = self.cleaned_data["identifier"].strip()
        found = get_user_model().objects.filter(
            Q(username__iexact=identifier) | Q(email__iexact=identifier, email_verified_at__isnull=False),
            is_active=True,
        )
        return [user for user in found if user.has_usable_password()]

    @staticmethod
    def address_of(user) -> str:
        """The account's own e-mail once its owner verified it (a link sent to it), and no
        other: not the organisation profile's, which any officer of it may edit."""
        return user.email if user.email and user.email_verified_at is not None else ""

    def send(self, request):
        sent = 0
        for user in self.users():
            address = self.address_of(user)
            if not address:
                continue
            context = {
                "user": user,
                "uid": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
                "protocol": "https" if request.is_secure() else "http",
                "domain": request.get_host(),
            }
            subject = "".join(
                loader.render_to_string("accounts/email/password_reset_subject.txt", context).splitlines()
            )
            body = loader.render_to_string("accounts/email/password_reset.txt", context)
            EmailMultiAlternatives(subject, body, to=[address]).send()
            sent += 1
        return sent


class FindUsernameForm(forms.Form):
    province = forms.ModelChoiceField(label=_("จังหวัด"), queryset=Province.objects.all(), empty_label=_("— เลือกจังหวัด —"))
    name = forms.CharField(label=_("ชื่อ อปท."), max_length=150, help_text=_("เช่น กลาย หรือ อบต.กลาย"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")  # Thai labels take no colon
        super().__init__(*args, **kwargs)
        sort_choices_in_thai(self.fields["province"])


def _typed(text) -> str:
    """What was typed, with Thai and full-width digits made Arabic and no spaces."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", arabic_digits(text or "")))


class _TypedFigureField(forms.CharField):
    """A figure typed as text (separators, Thai digits), cleaned to a number by to_python.
    Its length is bounded by the parse, not by a max_length validator, which would be run on
    the number."""

    inputmode = "numeric"
    max_chars = 20

    def widget_attrs(self, widget):
        attrs = {"inputmode": self.inputmode, "autocomplete": "off", "maxlength": str(self.max_chars)}
        return {**super().widget_attrs(widget), **attrs}


class AmountField(_TypedFigureField):
    """Baht as officers type them (1,234,567.50 / ๒๐,๐๐๐ / 20,000.-), read by parse_amount."""

    inputmode = "decimal"
    max_chars = 40

    def prepare_value(self, value):
        return f"{value:,.2f}" if isinstance(value, Decimal) else value

    def to_python(self, value):
        try:
            return parse_amount(super().to_python(value))
        except ValueError as error:
            raise ValidationError(str(error), code="invalid") from None


_WHOLE_NUMBER = re.compile(r"^(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)$")


class PopulationField(_TypedFigureField):
    """A head count as typed: 12,345 / ๑๒๓๔๕ / 12345 คน."""

    def prepare_value(self, value):
        return f"{value:,}" if isinstance(value, int) else value

    def to_python(self, value):
        text = _typed(super().to_python(value)).removesuffix("คน")
        if not text:
            return None
        if text[0] in "-−–":
            raise ValidationError(_("จำนวนประชากรต้องไม่ติดลบ"), code="negative")
        if not _WHOLE_NUMBER.match(text):
            raise ValidationError(_("ใส่จำนวนประชากรเป็นจำนวนเต็ม เช่น 12,345"), code="invalid")
        digits = text.replace(",", "").lstrip("0") or "0"
        limit = OrganisationProfile.MAX_POPULATION
        if len(digits) > len(str(limit)) or int(digits) > limit:
            raise ValidationError(
                _("จำนวนประชากรมากเกินไป (ไม่เกิน %(max)s คน)") % {"max": f"{limit:,}"}, code="max_value"
            )
        return int(digits)


class FiscalYearField(_TypedFigureField):
    """A Buddhist-era fiscal year as typed: 2568 / ๒๕๖๘ / พ.ศ. 2568."""

    max_chars = 10

    def to_python(self, value):
        text = _typed(super().to_python(value)).removeprefix("พ.ศ.")
        if not text:
            return None
        if not re.fullmatch(r"[0-9]{4}", text):
            raise ValidationError(_("ใส่ปีงบประมาณเป็นปีพุทธศักราช 4 หลัก เช่น 2568"), code="invalid")
        year = int(text)
        if year < 2400:
            raise ValidationError(_("ใส่ปีงบประมาณเป็นปีพุทธศักราช (พ.ศ.) เช่น 2568 ไม่ใช่ ค.ศ."), code="not_buddhist_era")
        if year < OrganisationProfile.EARLIEST_FISCAL_YEAR:
            raise ValidationError(
                _("ปีงบประมาณต้องไม่ก่อน พ.ศ. %(min)s") % {"min": OrganisationProfile.EARLIEST_FISCAL_YEAR},
                code="min_value",
            )
        return year


_MOBILE = re.compile(r"^(?:0[689][0-9]{8}|\+?66[689][0-9]{8})$")
_PHONE_CHARACTERS = re.compile(r"^[0-9+\-().,/]+$")
_EXTENSION = re.compile(r"ต่อ[0-9]+")


def _phone_as_typed(text) -> str:
    """The number as typed, with Thai digits made Arabic so tel: links and searches work."""
    return " ".join(arabic_digits(text).split())


class OrganisationProfileForm(forms.ModelForm):
    """ข้อมูลพื้นฐาน อปท.: the first-login basic data and its later updates, in one form."""

    website = forms.URLField(label=_("เว็บไซต์"), required=False, assume_scheme="https")
    population = PopulationField(label=_("จำนวนประชากร (คน)"), required=False, help_text=_("เช่น 12,345"))
    figures_fiscal_year = FiscalYearField(
        label=_("ปีงบประมาณของข้อมูลประชากรและรายได้"),
        required=False,
        help_text=_("ปี พ.ศ. ที่จำนวนประชากรและรายได้ที่กรอกเป็นข้อมูลของปีนั้น เช่น 2568"),
    )
    own_revenue = AmountField(label=_("รายได้จัดเก็บเอง (บาท)"), required=False, help_text=_("เช่น 12,345,678.50"))
    subsidy_revenue = AmountField(label=_("เงินอุดหนุน (บาท)"), required=False, help_text=_("เช่น 20,000,000"))

    FIELDSETS = (
        (_("สำนักงาน"), ("address", "website")),
        (
            _("ขนาด ประชากร และรายได้ (แสดงต่อสาธารณะในหน้าข้อมูล อปท.)"),
            ("size_class", "population", "figures_fiscal_year", "own_revenue", "subsidy_revenue"),
        ),
        (_("ผู้บริหาร"), ("executive_name", "clerk_name")),
        (
            _("ผู้ประสานงาน"),
            (
                "coordinator_name",
                "coordinator_position",
                "coordinator_department",
                "phone",
                "coordinator_mobile",
                "fax",
                "email",
            ),
        ),
    )

    class Meta:
        model = OrganisationProfile
        fields = list(OrganisationProfile.FIELDS)
        widgets = {
            "address": forms.Textarea(attrs={"rows": 3}),
            "coordinator_mobile": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
            "fax": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
        }
        help_texts = {
            "coordinator_mobile": _("เช่น 081-234-5678"),
            "fax": _("เช่น 075-356-375"),
            "coordinator_department": _("เช่น สำนักปลัด หรือ กองคลัง"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in OrganisationProfile.REQUIRED_FIELDS:
            self.fields[name].required = True
        self.fields["size_class"].choices = [("", _("— เลือกขนาด อปท. —")), *OrganisationSize.choices]

    def fieldsets(self):
        """(legend, bound fields) in the order the 2018 form asked for them."""
        return [(legend, [self[name] for name in names]) for legend, names in self.FIELDSETS]

    def clean_coordinator_mobile(self):
        text = _phone_as_typed(self.cleaned_data["coordinator_mobile"])
        if text and not _MOBILE.match(re.sub(r"[\s\-().]", "", text)):
            raise ValidationError(
                _("เบอร์โทรศัพท์มือถือไม่ถูกต้อง ใส่ 10 หลัก ขึ้นต้นด้วย 06 08 หรือ 09 เช่น 081-234-5678"), code="invalid"
            )
        return text

    def clean_fax(self):
        text = _phone_as_typed(self.cleaned_data["fax"])
        folded = _EXTENSION.sub("", text.replace(" ", ""))
        numbers = [re.sub(r"[^0-9]", "", part) for part in re.split(r"[,/]", folded)]
        if text and (not _PHONE_CHARACTERS.match(folded) or any(not 9 <= len(n) <= 10 for n in numbers)):
            raise ValidationError(
                _("หมายเลขโทรสารไม่ถูกต้อง ใส่หมายเลข 9 หลัก เช่น 075-356-375 (หลายหมายเลขคั่นด้วยจุลภาค)"),
                code="invalid",
            )
        return text


class AccountDetailsForm(forms.Form):
    first_name = forms.CharField(label=_("ชื่อ"), max_length=150, required=False)
    last_name = forms.CharField(label=_("นามสกุล"), max_length=150, required=False)
    position = forms.CharField(label=_("ตำแหน่ง"), max_length=200, required=False)
    email = forms.EmailField(
        label=_("อีเมล"),
        required=False,
        help_text=_("ใช้รับลิงก์ตั้งรหัสผ่านใหม่เมื่อลืมรหัสผ่าน หลังเจ้าของอีเมลยืนยันจากลิงก์ที่ระบบส่งไปให้"),
    )
    phone = forms.CharField(label=_("โทรศัพท์"), max_length=100, required=False)


class MyAccountForm(AccountDetailsForm):
    """One's own details; changing the e-mail address (where resets go) needs the password."""

    current_password = forms.CharField(
        label=_("รหัสผ่านปัจจุบัน"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("ต้องกรอกเมื่อเปลี่ยนอีเมล"),
    )


class ApiTokenCreateForm(forms.Form):
    name = forms.CharField(
        label=_("ชื่อโทเคนใหม่"),
        max_length=100,
        required=False,
        help_text=_("ใช้กับอะไร เช่น สคริปต์นำเข้าแผนจากระบบงบประมาณ"),
    )
    days = forms.IntegerField(
        label=_("อายุ (วัน)"),
        required=False,  # empty: the default lifetime
        min_value=1,
        max_value=settings.API_TOKEN_MAX_DAYS,
        initial=settings.API_TOKEN_DEFAULT_DAYS,
        help_text=_("1 ถึง %(days)s วัน เมื่อครบกำหนดโทเคนจะใช้ไม่ได้ ต้องสร้างใหม่") % {"days": settings.API_TOKEN_MAX_DAYS},
    )
    read_only = forms.BooleanField(
        label=_("อ่านข้อมูลอย่างเดียว"),
        required=False,
        help_text=_("โทเคนนี้อ่านข้อมูลได้ แต่บันทึก แก้ไข ส่ง หรือลบอะไรไม่ได้"),
    )


class SecondFactorCodeForm(forms.Form):
    code = forms.CharField(
        label=_("รหัสจากแอปยืนยันตัวตน"),
        max_length=32,
        strip=True,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True, "autocapitalize": "none"}
        ),
        help_text=_("รหัส 6 หลักที่แอปแสดงตอนนี้ หรือรหัสกู้คืน 10 ตัวอักษร (เช่น ABCDE-FGHJK) ถ้าไม่มีโทรศัพท์อยู่กับตัว"),
    )


class SecondFactorSetupForm(forms.Form):
    code = forms.CharField(
        label=_("รหัส 6 หลักจากแอป"),
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def __init__(self, *args, ask_password=False, **kwargs):
        super().__init__(*args, **kwargs)
        if ask_password:
            self.fields["current_password"] = forms.CharField(
                label=_("รหัสผ่านปัจจุบัน"),
                strip=False,
                widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
            )


class CurrentPasswordForm(forms.Form):
    current_password = forms.CharField(
        label=_("รหัสผ่านปัจจุบัน"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class SecondFactorRemoveForm(CurrentPasswordForm):
    code = forms.CharField(
        label=_("รหัสจากแอป หรือรหัสกู้คืน"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "none"}),
    )


SCOPE_FIELDS = {
    "organisation_code": ScopeKind.ORGANISATION,
    "district": ScopeKind.DISTRICT,
    "province": ScopeKind.PROVINCE,
    "region": ScopeKind.REGION,
}


class RoleScopeForm(forms.Form):
    """A role and the one scope it needs, limited to what the actor may grant."""

    role = forms.ChoiceField(label=_("บทบาท"))
    organisation_code = forms.CharField(
        label=_("รหัส อปท."), max_length=7, required=False, help_text=_("สำหรับบทบาทของ อปท.")
    )
    district = forms.ModelChoiceField(label=_("อำเภอ"), queryset=District.objects.none(), required=False)
    province = forms.ModelChoiceField(label=_("จังหวัด"), queryset=Province.objects.none(), required=False)
    region = forms.ModelChoiceField(label=_("ภาค"), queryset=Region.objects.none(), required=False)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        grantable = scope.grantable_roles(actor)
        self.fields["role"].choices = [(role.value, role.label) for role in grantable]
        # The page shows only the scope field the chosen role needs (eplan.js).
        self.fields["role"].widget.attrs["data-role-scopes"] = json.dumps(
            {role.value: SCOPE_OF_ROLE[role].value for role in grantable}
        )
        needed = {SCOPE_OF_ROLE[role] for role in grantable}
        for name, kind in SCOPE_FIELDS.items():
            if kind in needed:
                self.fields[name].widget.attrs["data-scope"] = kind.value
            else:
                del self.fields[name]
        manage = Capability.MANAGE_ACCOUNTS
        if "district" in self.fields:
            self.fields["district"].queryset = (
                scope.districts_for_user(actor, manage)
                .select_related("province")
                .order_by("province__name_th", "name_th")
            )
            self.fields["district"].label_from_instance = lambda d: f"{d.province.name_th} – {d.name_th}"
            sort_choices_in_thai(self.fields["district"])
        if "province" in self.fields:
            self.fields["province"].queryset = scope.provinces_for_user(actor, manage)
            sort_choices_in_thai(self.fields["province"])
        if "region" in self.fields:
            self.fields["region"].queryset = scope.regions_for_user(actor, manage)

    def clean(self):
        cleaned = super().clean()
        role = cleaned.get("role")
        if not role:
            return cleaned
        kind = SCOPE_OF_ROLE[Role(role)]
        cleaned["scope"] = {}
        if kind == ScopeKind.ORGANISATION:
            code = (cleaned.get("organisation_code") or "").strip()
            organisation = (
                scope.organisations_for_user(self.actor, Capability.MANAGE_ACCOUNTS)
                .filter(code=code)
                .select_related("province")
                .first()
            )
            if organisation is None:
                self.add_error("organisation_code", _("ไม่พบ อปท. รหัสนี้ในความรับผิดชอบของคุณ"))
            cleaned["scope"] = {"organisation": organisation}
        elif kind == ScopeKind.DISTRICT:
            if not cleaned.get("district"):
                self.add_error("district", _("กรุณาเลือกอำเภอ"))
            cleaned["scope"] = {"district": cleaned.get("district")}
        elif kind == ScopeKind.PROVINCE:
            if not cleaned.get("province"):
                self.add_error("province", _("กรุณาเลือกจังหวัด"))
            cleaned["scope"] = {"province": cleaned.get("province")}
        elif kind == ScopeKind.REGION:
            if not cleaned.get("region"):
                self.add_error("region", _("กรุณาเลือกภาค"))
            cleaned["scope"] = {"region": cleaned.get("region")}
        return cleaned


class UserCreateForm(RoleScopeForm, AccountDetailsForm):
    username = forms.RegexField(
        label=_("ชื่อผู้ใช้"),
        regex=r"^[A-Za-z0-9_.@+-]{3,150}$",
        error_messages={"invalid": _("ใช้ได้เฉพาะตัวอักษรอังกฤษ ตัวเลข และ . _ @ + - อย่างน้อย 3 ตัว")},
    )
    field_order = ["username", "first_name", "last_name", "position", "email", "phone", "role"]
