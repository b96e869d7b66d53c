"""The brand colour must keep white text readable: WCAG 2.2 AA asks for a contrast
ratio of at least 4.5:1 for normal text (success criterion 1.4.3)."""

import re

from django.core.exceptions import ValidationError

MIN_CONTRAST_WITH_WHITE = 4.5
_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")


def _linear(channel):
    value = channel / 255
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def relative_luminance(hex_colour):
    red, green, blue = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _linear(red) + 0.7152 * _linear(green) + 0.0722 * _linear(blue)


def contrast_with_white(hex_colour):
    """The WCAG contrast ratio between the colour and white (1 to 21)."""
    return 1.05 / (relative_luminance(hex_colour) + 0.05)


def validate_brand_colour(value):
    """A #RRGGBB colour dark enough for white text on it."""
    if not _HEX.match(value or ""):
        raise ValidationError(
            "Enter the colour as # and six letters or digits, for example #1d3b6e.",
            code="format",
        )
    ratio = contrast_with_white(value)
    if ratio < MIN_CONTRAST_WITH_WHITE:
        shown = f"{int(ratio * 10) / 10:.1f}"  # rounded down: 4.49 never reads as 4.5
        raise ValidationError(
            f"White text on {value} has a contrast of {shown}:1; it must be at least "
            f"{MIN_CONTRAST_WITH_WHITE}:1 (WCAG AA). Choose a darker colour.",
            code="contrast",
        )
