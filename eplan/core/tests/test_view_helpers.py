"""The small helpers every view module needs live once in core (issue 12): whether htmx
asked, and a service's refusal put on the form. A guard fails for a module that copies them
again."""

from pathlib import Path

from django import forms
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from eplan.core.forms import errors_into
from eplan.core.http import is_htmx

EPLAN = Path(__file__).resolve().parents[2]


class NameForm(forms.Form):
    name = forms.CharField(required=False)


def test_is_htmx_only_for_htmx_requests():
    factory = RequestFactory()
    assert is_htmx(factory.get("/", HTTP_HX_REQUEST="true"))
    assert not is_htmx(factory.get("/"))
    assert not is_htmx(factory.get("/", HTTP_HX_REQUEST="false"))


def test_a_refusal_lands_on_its_field_or_on_the_form():
    form = NameForm(data={"name": "x"})
    assert form.is_valid()
    errors_into(form, ValidationError({"name": "ชื่อซ้ำ", "budget": "งบประมาณไม่ถูกต้อง"}))
    assert form.errors["name"] == ["ชื่อซ้ำ"]
    assert form.non_field_errors() == ["งบประมาณไม่ถูกต้อง"]
    other = NameForm(data={})
    other.is_valid()
    errors_into(other, ValidationError("ส่งแล้ว แก้ไขไม่ได้"))
    assert other.non_field_errors() == ["ส่งแล้ว แก้ไขไม่ได้"]


def _sources():
    for path in EPLAN.rglob("*.py"):
        if "tests" not in path.parts and "migrations" not in path.parts:
            yield path, path.read_text(encoding="utf-8")


def test_no_module_reads_the_htmx_header_or_copies_the_form_errors_loop_itself():
    header = [str(path.relative_to(EPLAN)) for path, text in _sources() if '"HX-Request"' in text]
    loop = [
        str(path.relative_to(EPLAN)) for path, text in _sources() if "add_error(field if field in form.fields" in text
    ]
    assert header == ["core/http.py"]
    assert loop == ["core/forms.py"]
