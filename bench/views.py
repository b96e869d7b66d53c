from django.http import HttpResponse


def baseline(request):
    """The floor: a short response through the full middleware stack, no database."""
    return HttpResponse(b"ok\n", content_type="text/plain")
