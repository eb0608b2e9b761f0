"""Forms of the offices' reporting pages. Fields are optional here: the services say what
is missing, in one place, for pages and API alike."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eplan.core.thai import thai_datetime
from eplan.reporting.models import ExpectedRule, Round

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _reason_field():
    return forms.CharField(label=gettext_lazy("เหตุผล"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


def _date_field(label, help_text=""):
    return forms.DateField(label=label, required=False, widget=DATE, help_text=help_text)


class ExtensionForm(forms.Form):
    until = _date_field(gettext_lazy("ขยายเวลาถึงวันที่"))
    reason = _reason_field()


class ReasonForm(forms.Form):
    reason = _reason_field()


class RoundForm(forms.Form):
    opens_on = _date_field(gettext_lazy("เปิดรับรายงาน"))
    due_on = _date_field(gettext_lazy("กำหนดส่ง"))
    closes_on = _date_field(gettext_lazy("ปิดรับรายงาน"), gettext_lazy("หลังวันนี้ส่งได้เฉพาะ อปท. ที่ได้รับการขยายเวลา"))
    expected_rule = forms.ChoiceField(
        label=gettext_lazy("อปท. ที่ต้องรายงาน"), required=False, choices=ExpectedRule.choices
    )

    def __init__(self, *args, round: Round, **kwargs):
        initial = {name: getattr(round, name) for name in ("opens_on", "due_on", "closes_on", "expected_rule")}
        super().__init__(*args, initial=initial, **kwargs)
        if round.expected_frozen_at:
            self.fields["expected_rule"].disabled = True
            self.fields["expected_rule"].help_text = _(
                "กำหนดรายชื่อแล้วเมื่อ %(when)s เปลี่ยนเกณฑ์ไม่ได้ แก้ไขรายชื่อทีละแห่งได้ที่หน้าติดตามการรายงาน"
            ) % {"when": thai_datetime(round.expected_frozen_at)}
