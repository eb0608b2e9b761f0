from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eplan.ita.importer import MAX_BYTES


class ItaUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("ไฟล์ผลการประเมิน ITA (.csv)"),
        help_text=gettext_lazy(
            "คอลัมน์ รหัส อปท., ปี (ปีงบประมาณ พ.ศ.), คะแนน, ระดับ · CSV UTF-8 หรือ TIS-620 ขนาดไม่เกิน 2 MB"
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
        error_messages={"required": gettext_lazy("กรุณาเลือกไฟล์ CSV"), "empty": gettext_lazy("ไฟล์ว่างเปล่า")},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise ValidationError(
                _("ไฟล์ใหญ่ %(size).1f MB เกินที่รับได้ (%(max)s MB) แบ่งเป็นหลายไฟล์แล้วนำเข้าทีละไฟล์")
                % {"size": upload.size / 1024 / 1024, "max": MAX_BYTES // 1024 // 1024}
            )
        return upload
