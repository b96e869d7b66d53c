"""Staff sign-in: who has two-factor set up, and resetting another account's (audited)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from accounts import two_factor
from accounts.decorators import permission_required


@permission_required("accounts.staff_console")
def staff_two_factor(request):
    return render(
        request,
        "console/staff_two_factor.html",
        {
            "accounts": two_factor.staff_accounts(),
            "required": two_factor.is_required(request.user),
        },
    )


@permission_required("accounts.staff_console")
@require_http_methods(["GET", "POST"])
def staff_two_factor_reset(request, pk):
    target = get_object_or_404(two_factor.staff_accounts(), pk=pk)
    refusal = two_factor.reset_allowed(request.user, target)
    if request.method == "POST" and refusal is None:
        two_factor.reset(request.user, target, request=request)
        messages.success(
            request,
            f"Two-factor sign-in for {target.display_label} is reset. "
            "They will set it up again the next time they sign in.",
        )
        return redirect("console:staff_two_factor")
    status = 200 if refusal is None else 403
    return render(
        request,
        "console/staff_two_factor_reset.html",
        {"target": target, "refusal": refusal},
        status=status,
    )
