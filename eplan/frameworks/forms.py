from django import forms
from django.utils.translation import gettext_lazy as _

from eplan.frameworks.checks import PART1_SECTIONS
from eplan.frameworks.models import CheckKind, Cycle

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CycleForm(forms.ModelForm):
    target_groups_text = forms.CharField(
        label=_("กลุ่มเป้าหมาย (บรรทัดละหนึ่งกลุ่ม)"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )

    class Meta:
        model = Cycle
        fields = [
            "code",
            "title",
            "description",
            "submission_opens",
            "submission_due",
            "submission_closes",
            "score_release_date",
            "pass_mark",
        ]
        widgets = {
            "submission_opens": DATE,
            "submission_due": DATE,
            "submission_closes": DATE,
            "score_release_date": DATE,
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"submission_opens": _("วันที่เป็น ค.ศ. ตามปฏิทินของเบราว์เซอร์ ระบบแสดงผลเป็น พ.ศ.")}

    def __init__(self, *args, copy_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["target_groups_text"].initial = "\n".join(self.instance.target_groups or [])
            if self.instance.is_framework_locked:
                self.fields["code"].disabled = True
        if copy_choices is not None:
            self.fields["copy_from"] = forms.ChoiceField(
                label=_("คัดลอกกรอบ มิติ ภารกิจ และเกณฑ์จากรอบแผน"),
                required=False,
                choices=[("", _("— ไม่คัดลอก (เริ่มกรอบว่าง) —")), *copy_choices],
            )

    def clean_target_groups_text(self):
        return [line.strip() for line in self.cleaned_data["target_groups_text"].splitlines() if line.strip()]


class MissionForm(forms.Form):
    code = forms.CharField(label=_("รหัส"), max_length=20)
    title = forms.CharField(label=_("ชื่อภารกิจ"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class CriterionForm(forms.Form):
    text = forms.CharField(label=_("เกณฑ์"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    text_en = forms.CharField(
        label=_("เกณฑ์ (ภาษาอังกฤษ)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "lang": "en"}),
        help_text=_("ไม่บังคับ แสดงเมื่อผู้ใช้เลือกภาษาอังกฤษ"),
    )
    max_points = forms.DecimalField(label=_("คะแนนเต็ม"), min_value=0.01, max_digits=5, decimal_places=2)
    dimension = forms.TypedChoiceField(label=_("มิติ"), required=False, coerce=int, empty_value=None)
    check_kind = forms.ChoiceField(label=_("ตรวจอัตโนมัติ"), choices=CheckKind.choices, required=False)
    check_mission = forms.CharField(label=_("ภารกิจที่ตรวจ (เช่น 3.2)"), required=False, max_length=20)
    check_min = forms.IntegerField(label=_("จำนวนขั้นต่ำ"), required=False, min_value=1, initial=1)
    check_section = forms.ChoiceField(
        label=_("หัวข้อส่วนที่ 1"), required=False, choices=[("", "—")] + [(k, v) for k, v in PART1_SECTIONS.items()]
    )

    def __init__(self, *args, cycle, **kwargs):
        super().__init__(*args, **kwargs)
        self.cycle = cycle
        self.fields["dimension"].choices = [("", _("ภาพรวมของแผน"))] + [
            (dimension.number, f"มิติที่ {dimension.number}") for dimension in cycle.dimensions.order_by("number")
        ]

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("check_kind") or ""
        params = {}
        if kind == CheckKind.MIN_ITEMS_IN_MISSION:
            params = {"mission": (cleaned.get("check_mission") or "").strip(), "min": cleaned.get("check_min") or 1}
        elif kind == CheckKind.PART1_SECTION_FILLED:
            params = {"section": cleaned.get("check_section")}
        elif kind == CheckKind.BUDGET_STATED and cleaned.get("dimension") is None:
            self.add_error("dimension", _("การตรวจงบประมาณต้องระบุมิติ"))
        cleaned["check_params"] = params
        mission_code = params.get("mission")
        cleaned["mission"] = self.cycle.missions.filter(code=mission_code).first() if mission_code else None
        return cleaned

    @classmethod
    def initial_for(cls, criterion):
        params = criterion.check_params or {}
        return {
            "text": criterion.text,
            "text_en": criterion.text_en,
            "max_points": criterion.max_points,
            "dimension": criterion.dimension.number if criterion.dimension_id else "",
            "check_kind": criterion.check_kind,
            "check_mission": params.get("mission", ""),
            "check_min": params.get("min", 1),
            "check_section": params.get("section", ""),
        }
