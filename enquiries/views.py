from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts.ratelimits import limit_per_address_and_ip

from .forms import QuestionForm
from .services import questions


@require_http_methods(["GET", "POST"])
@limit_per_address_and_ip("enquiries:ask")
def ask(request):
    form = QuestionForm(request.POST or None, initial={"topic": request.GET.get("topic")})
    if request.method == "POST" and form.is_valid():
        questions.ask(**form.cleaned_data)
        return redirect("enquiries:sent")
    return render(request, "enquiries/ask.html", {"form": form})


@require_http_methods(["GET"])
def sent(request):
    return render(request, "enquiries/sent.html")
