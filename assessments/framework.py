"""Installing and reading framework versions."""

from . import default_framework


def install_default_framework(FrameworkVersion, Level, Indicator, ScoreDescriptor):
    """Create the shipped default version if it is missing. Safe to run twice.

    Takes the model classes so a data migration can pass its historical models.
    """
    version, created = FrameworkVersion.objects.get_or_create(
        name=default_framework.VERSION_NAME, defaults={"is_current": True}
    )
    if not created:
        return version
    for d in default_framework.SCORE_DESCRIPTORS:
        ScoreDescriptor.objects.create(
            version=version, value=d["value"], label=d["label"], description=d["description"]
        )
    for level_data in default_framework.LEVELS:
        level = Level.objects.create(
            version=version,
            code=level_data["code"],
            name=level_data["name"],
            order=level_data["order"],
            colour=level_data["colour"],
            summary=level_data.get("summary", ""),
        )
        Indicator.objects.bulk_create(
            Indicator(
                level=level,
                order=position,
                code=i["code"],
                title=i["title"],
                element=i["element"],
                promise=i["promise"],
                guidance=i["guidance"],
                example_evidence=i["example_evidence"],
            )
            for position, i in enumerate(level_data["indicators"], start=1)
        )
    return version
