from .selectors import current_scheme


def scheme(request):
    """`scheme` in every template: the council's name, logo, colour and contacts."""
    return {"scheme": current_scheme()}
