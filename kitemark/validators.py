"""Single-line text: names, titles, venues and the like hold no line breaks or control
characters.

Such a value ends up in places where a line break changes its meaning: an email
subject (a header, where a carriage return and line feed start a new header such as
Bcc:), a CSV row, a calendar file, a plaque. `validate_single_line` refuses them on
every single-line model field (so the admin and every ModelForm check it) and on the
single-line fields of plain forms; `one_line` makes any text safe for a header when
it was not typed into such a field.
"""

import re

from django.core.exceptions import ValidationError

# C0 controls (NUL to US, which includes tab, line feed and carriage return), DEL, C1
# controls (which include NEL, U+0085), and Unicode's line and paragraph separators.
_CONTROLS = "\x00-\x1f\x7f-\x9f\u2028\u2029"
CONTROL_CHARACTERS = re.compile(f"[{_CONTROLS}]")
# A run of them, with any spaces around it.
_CONTROL_RUN = re.compile(f"[ {_CONTROLS}]*[{_CONTROLS}][ {_CONTROLS}]*")

SINGLE_LINE_MESSAGE = (
    "Write this on one line, without line breaks, tabs or other hidden characters."
)


def validate_single_line(value):
    """Refuse text holding a control character or a line separator."""
    if isinstance(value, str) and CONTROL_CHARACTERS.search(value):
        raise ValidationError(SINGLE_LINE_MESSAGE, code="single_line")


def one_line(value):
    """The text with each run of control characters and line separators turned into one
    space, and no surrounding spaces: what a header or a one-line field can hold."""
    return _CONTROL_RUN.sub(" ", value).strip() if value else value


def has_control_characters(value):
    return isinstance(value, str) and bool(CONTROL_CHARACTERS.search(value))


def strip_control_characters(apps, fields_by_model):
    """For data migrations: make existing values single-line, in place.

    `fields_by_model` maps "app_label.ModelName" to the names of its single-line
    fields. Rows are read in Python rather than matched with a regular expression in
    SQL, so the migration behaves alike on SQLite and PostgreSQL. A unique value whose
    cleaned form another row already holds (a username, say) is left as it is rather
    than failing the migration; staff can then correct it.
    """
    for label, fields in fields_by_model.items():
        model = apps.get_model(label)
        manager = model._base_manager
        changed = []
        for row in manager.only("pk", *fields).iterator():
            dirty = False
            for name in fields:
                value = getattr(row, name)
                if not has_control_characters(value):
                    continue
                cleaned = one_line(value)
                if model._meta.get_field(name).unique and (
                    manager.filter(**{f"{name}__iexact": cleaned}).exclude(pk=row.pk).exists()
                ):
                    continue
                setattr(row, name, cleaned)
                dirty = True
            if dirty:
                changed.append(row)
        if changed:
            manager.bulk_update(changed, fields, batch_size=500)
