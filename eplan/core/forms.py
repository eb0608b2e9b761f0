from eplan.core.thai import thai_sort_key


def sort_choices_in_thai(field):
    """Give a ModelChoiceField its options in Thai dictionary order (the database sorts by
    code point, which puts every name starting with เ แ โ ใ ไ last). Validation still uses
    the field's queryset."""
    options = sorted(field.queryset, key=lambda item: thai_sort_key(field.label_from_instance(item)))
    empty = [("", field.empty_label)] if field.empty_label is not None else []
    field.choices = empty + [(field.prepare_value(item), field.label_from_instance(item)) for item in options]
