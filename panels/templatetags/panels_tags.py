from html import escape as _escape  # What django.utils.html.escape does, without the wrapper.

from django import template
from django.utils.safestring import mark_safe

from assessments.models import Status

from .. import selectors

register = template.Library()


@register.simple_tag
def org_panel_summary(application):
    """The organisation's view: the interview, and the confirmed result only."""
    interview = None
    if application.status == Status.INTERVIEW_SCHEDULED:
        interview = selectors.next_interview_for(application)
    confirmed = selectors.confirmed_rounds(application)
    return {"interview": interview, "latest": confirmed[-1] if confirmed else None}


# One indicator's agreed-score form on the consensus page. Its field names and ids are
# AgreedScoreForm's with the prefix "i<indicator id>" (the view reads the post with that
# form; tests/panels/test_queries.py checks they match).
_AGREED_FORM = """<form method="post" class="mt-2" novalidate>\
<input type="hidden" name="csrfmiddlewaretoken" value="{csrf}">
      <input type="hidden" name="indicator" value="{pk}">
      <fieldset class="mb-2">
        <legend class="h6">Agreed score for {code}</legend>
        <div class="score-buttons">
          {buttons}
        </div>
      </fieldset>
      <div class="mb-2">
        <label class="form-label" for="id_{prefix}-feedback">Feedback for the organisation, \
in the panel&#x27;s words</label>
        <textarea name="{prefix}-feedback" cols="40" rows="3" class="form-control" \
maxlength="4000" id="id_{prefix}-feedback">
{feedback}</textarea>
      </div>
      {evidence}
      <div class="mb-2">
        <label class="form-label" for="id_{prefix}-reason">Only if the agreed score is \
outside the young people&#x27;s scores: the panel&#x27;s reason</label>
        <textarea name="{prefix}-reason" cols="40" rows="2" class="form-control" \
maxlength="1000" id="id_{prefix}-reason">
{reason}</textarea>
      </div>
      <button type="submit" class="btn btn-primary">Save agreed score</button>
    </form>"""

_NEEDS_MORE_EVIDENCE = """<div class="form-check mb-2">
        <input class="form-check-input" type="checkbox" name="{prefix}-needs_more_evidence" \
id="id_{prefix}-needs_more_evidence"{checked}>
        <label class="form-check-label" for="id_{prefix}-needs_more_evidence">\
Needs more evidence</label>
      </div>
      """


@register.simple_tag(takes_context=True)
def agreed_score_form(context, row, descriptors, round_number):
    """The facilitator's form for one indicator's agreed score: the score buttons, the
    feedback (at first, the members' comments), in round 1 "Needs more evidence", and the
    reason for a value outside the members' scores. Built here, not in a template, for the
    same reason as score_buttons: it repeats for every indicator on the page."""
    agreed = row["agreed"] or {}
    prefix = _escape(row["prefix"])
    evidence = ""
    if round_number == 1:
        checked = " checked" if agreed.get("needs_more_evidence") else ""
        evidence = _NEEDS_MORE_EVIDENCE.format(prefix=prefix, checked=checked)
    html = _AGREED_FORM.format(
        csrf=_escape(str(context.get("csrf_token", ""))),
        pk=int(row["pk"]),
        code=_escape(row["code"]),
        buttons=score_buttons(
            context, descriptors, row["field"], row["choice_id"], agreed.get("value")
        ),
        prefix=prefix,
        feedback=_escape(agreed.get("feedback", row.get("suggested_feedback", ""))),
        evidence=evidence,
        reason=_escape(agreed.get("outside_range_reason", "")),
    )
    return mark_safe(html)  # noqa: S308 - every value above is escaped or an int


def _seat_header_cells(context, seats):
    """The table head's cells, one per member shown: the same in every row, so built once
    per page."""
    key = ("panels_seat_header_cells", id(seats))
    cells = context.render_context.get(key)
    if cells is None:
        cells = "".join(f'<th scope="col">{_escape(str(seat["name"]))}</th>' for seat in seats)
        context.render_context[key] = cells
    return cells


@register.simple_tag(takes_context=True)
def consensus_scores_table(context, row, seats):
    """One indicator's scores on the consensus page: a column per member shown (`seats`),
    a dash where a member has not scored. Built here rather than with two template loops
    nested in the page's loop over the indicators, which renders slowly."""
    cells = "".join(f"<td>{_escape(str(cell['text']))}</td>" for cell in row["cells"])
    return mark_safe(  # noqa: S308 - every value is escaped
        '<table class="table table-sm consensus-table">\n'
        f'    <caption class="visually-hidden">Scores for {_escape(row["code"])}</caption>\n'
        f"    <thead><tr>{_seat_header_cells(context, seats)}</tr></thead>\n"
        f"    <tbody><tr>{cells}</tr></tbody>\n"
        "  </table>"
    )


def _score_choices(context, descriptors):
    """(value, escaped label) of each descriptor, worked out once per page."""
    key = ("panels_score_choices", id(descriptors))
    choices = context.render_context.get(key)
    if choices is None:
        choices = [(int(d.value), _escape(d.label)) for d in descriptors]
        context.render_context[key] = choices
    return choices


@register.simple_tag(takes_context=True)
def score_buttons(context, descriptors, name, id_prefix, checked=None, autocomplete=False):
    """One indicator's score choices: a real radio input per descriptor (0 to 4), shown as a
    big button with the number and its label. The same markup repeats for every score of
    every indicator on the scoring and consensus pages, so it is built here rather than in
    a template loop nested in the page's loop, which renders slowly."""
    name, id_prefix = _escape(name), _escape(id_prefix)
    extra = ' autocomplete="off"' if autocomplete else ""
    buttons = []
    for value, label in _score_choices(context, descriptors):
        element_id = f"{id_prefix}-{value}"
        buttons.append(
            f'<input type="radio" class="btn-check" name="{name}" id="{element_id}" '
            f'value="{value}"{extra}{" checked" if checked == value else ""}>\n'
            f'<label class="btn btn-outline-primary score-option" for="{element_id}">'
            f'<span class="score-number">{value}</span> '
            f'<span class="score-label">{label}</span></label>'
        )
    return mark_safe("\n".join(buttons))  # noqa: S308 - every value above is escaped or an int
