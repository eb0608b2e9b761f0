from django.core.exceptions import ValidationError

from eplan.core.thai import thai_sort_key


def sort_choices_in_thai(field):
    """Give a ModelChoiceField its options in Thai dictionary order (the database sorts by
    code point, which puts every name starting with เ แ โ ใ ไ last). Validation still uses
    the field's queryset."""
    options = sorted(field.queryset, key=lambda item: thai_sort_key(field.label_from_instance(item)))
    empty = [("", field.empty_label)] if field.empty_label is not None else []
    field.choices = empty + [(field.prepare_value(item), field.label_from_instance(item)) for item in options]


def errors_into(form, error: ValidationError):
    """A service's refusal as the form's errors, each on its field when the form has it (on
    the form as a whole otherwise), so the page shows it beside what was typed."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
