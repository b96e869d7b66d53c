"""The scheme's settings: the council's name, logo, colour, contacts and signatory."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts.decorators import permission_required
from audit.models import AuditEvent
from audit.services import record
from scheme.forms import SchemeSettingsForm
from scheme.services import settings as scheme_settings


@permission_required("scheme.edit_settings")
@require_http_methods(["GET", "POST"])
def staff_scheme_settings(request):
    row = scheme_settings.settings_for_editing()
    form = SchemeSettingsForm(request.POST or None, request.FILES or None, instance=row)
    if request.method == "POST" and form.is_valid():
        saved = scheme_settings.save_settings(form)
        record(
            AuditEvent.Event.ADMIN_CHANGE,
            request=request,
            obj=saved,
            summary="Scheme settings saved: " + (", ".join(form.changed_data) or "no change"),
        )
        messages.success(request, "The scheme settings have been saved.")
        return redirect("console:staff_scheme_settings")
    return render(request, "console/scheme_settings.html", {"form": form, "current": row})
