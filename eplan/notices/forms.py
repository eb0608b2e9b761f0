"""The circular form. Dates come from the browser's date picker (ค.ศ., YYYY-MM-DD) or typed
as printed on the letter: 31/5/2561 or ๓๑/๕/๒๕๖๑ (a year above 2400 is พ.ศ.)."""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eplan.core.forms import sort_choices_in_thai
from eplan.core.thai import BE_OFFSET, arabic_digits
from eplan.notices.models import AddressedTo, AudienceKind
from eplan.registry.models import District, OrganisationType, Province, Region

_TYPED = re.compile(r"^\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*$")


class LetterDateField(forms.DateField):
    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    default_error_messages = {"invalid": gettext_lazy("วันที่ไม่ถูกต้อง ใช้รูปแบบ วว/ดด/ปปปป (พ.ศ.) เช่น 31/5/2561")}

    def to_python(self, value):
        if isinstance(value, datetime.date):
            return value
        text = arabic_digits(value or "").strip()
        if not text:
            return None
        match = _TYPED.match(text)
        try:
            if match:
                day, month, year = (int(part) for part in match.groups())
                return datetime.date(year - BE_OFFSET if year > 2400 else year, month, day)
            found = datetime.date.fromisoformat(text[:10])
            return found.replace(year=found.year - BE_OFFSET) if found.year > 2400 else found
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class MultiplePdfInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePdfField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultiplePdfInput(attrs={"accept": ".pdf,application/pdf"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultiplePdfField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class CircularForm(forms.Form):
    number = forms.CharField(
        label=gettext_lazy("ที่"), help_text=gettext_lazy("ตามที่พิมพ์ในหนังสือ เช่น ที่ นศ ๐๐๒๓.๔/ว ๕๗๕๕"), max_length=100
    )
    issued_on = LetterDateField(label=gettext_lazy("ลงวันที่"))
    issuing_office = forms.CharField(
        label=gettext_lazy("ส่วนราชการเจ้าของหนังสือ"),
        max_length=300,
        help_text=gettext_lazy("เช่น ศาลากลางจังหวัดนครศรีธรรมราช"),
    )
    subject = forms.CharField(label=gettext_lazy("เรื่อง"), max_length=500)
    addressees = forms.CharField(label=gettext_lazy("เรียน"), max_length=500)
    enclosures = forms.CharField(
        label=gettext_lazy("สิ่งที่ส่งมาด้วย"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    body = forms.CharField(
        label=gettext_lazy("ข้อความ"),
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=gettext_lazy("วางข้อความจาก Word หรือ PDF ได้ ระบบต่อบรรทัดที่ถูกตัดกลางย่อหน้าให้"),
    )
    signatory = forms.CharField(label=gettext_lazy("ผู้ลงนาม"), required=False, max_length=300)
    signatory_position = forms.CharField(
        label=gettext_lazy("ตำแหน่งผู้ลงนาม"),
        required=False,
        max_length=500,
        help_text=gettext_lazy("เช่น รองผู้ว่าราชการจังหวัด ปฏิบัติราชการแทน ผู้ว่าราชการจังหวัดนครศรีธรรมราช"),
    )
    contact = forms.CharField(label=gettext_lazy("หน่วยงานเจ้าของเรื่อง โทรศัพท์ โทรสาร"), required=False, max_length=500)
    reply_by = LetterDateField(label=gettext_lazy("ขอให้ตอบภายในวันที่"), required=False)
    addressed_to = forms.ChoiceField(
        label=gettext_lazy("ส่งถึง"), choices=AddressedTo.choices, initial=AddressedTo.LAO, required=False
    )
    audience_kind = forms.ChoiceField(label=gettext_lazy("ผู้รับ"), choices=AudienceKind.choices, initial=AudienceKind.ALL)
    audience_region = forms.ModelChoiceField(label=gettext_lazy("ภาค"), queryset=Region.objects.all(), required=False)
    audience_province = forms.ModelChoiceField(
        label=gettext_lazy("จังหวัด"), queryset=Province.objects.all(), required=False
    )
    audience_district = forms.ModelChoiceField(
        label=gettext_lazy("อำเภอ"), queryset=District.objects.select_related("province"), required=False
    )
    audience_org_type = forms.ChoiceField(
        label=gettext_lazy("ประเภท อปท."), choices=[("", "—"), *OrganisationType.choices], required=False
    )
    audience_codes = forms.CharField(
        label=gettext_lazy("รหัส อปท."),
        required=False,
        max_length=60_000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("รหัส 7 หลัก คั่นด้วยเว้นวรรค จุลภาค หรือขึ้นบรรทัดใหม่"),
    )
    is_public = forms.BooleanField(label=gettext_lazy("เผยแพร่ต่อสาธารณะ (ทุกคนอ่านได้โดยไม่ต้องเข้าสู่ระบบ)"), required=False)
    attachments = MultiplePdfField(label=gettext_lazy("ไฟล์หนังสือที่ลงนามแล้วและสิ่งที่ส่งมาด้วย (PDF)"), required=False)

    def __init__(self, *args, regions=None, provinces=None, districts=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name, queryset in (
            ("audience_region", regions),
            ("audience_province", provinces),
            ("audience_district", districts),
        ):
            if queryset is not None:
                self.fields[name].queryset = queryset
        self.fields["audience_district"].label_from_instance = lambda district: (
            f"{district.title} ({district.province.title})"
        )
        for name in ("audience_province", "audience_district"):
            sort_choices_in_thai(self.fields[name])
        for field in self.fields.values():
            field.error_messages.setdefault("required", _("กรุณากรอกช่องนี้"))
            field.error_messages["required"] = _("กรุณากรอกช่องนี้")
            field.error_messages["max_length"] = _("ยาวได้ไม่เกิน %(limit_value)d ตัวอักษร (ที่กรอก %(show_value)d)")
            field.error_messages["invalid_choice"] = _("เลือกจากรายการ")

    def clean(self):
        data = super().clean()
        for name, value in data.items():
            if isinstance(value, str) and "\x00" in value:
                self.add_error(name, _("ข้อความมีอักขระที่ใช้ไม่ได้"))
        return data


class AcknowledgeForm(forms.Form):
    reply_text = forms.CharField(
        label=gettext_lazy("ข้อความตอบกลับ (ถ้ามี)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    reply_file = forms.FileField(
        label=gettext_lazy("ไฟล์ตอบกลับ (PDF ถ้ามี)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"}),
    )
