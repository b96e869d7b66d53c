"""Telling the next page's script which of the browser's form drafts were saved."""

CLEARED_DRAFTS_KEY = "organisations_cleared_drafts"


def mark_draft_saved(request, draft_key):
    """Tell the next page's script that the browser's copy of a form can be thrown away."""
    keys = request.session.get(CLEARED_DRAFTS_KEY, [])
    if draft_key not in keys:
        keys.append(draft_key)
    request.session[CLEARED_DRAFTS_KEY] = keys


def pop_cleared_drafts(request):
    return request.session.pop(CLEARED_DRAFTS_KEY, [])
