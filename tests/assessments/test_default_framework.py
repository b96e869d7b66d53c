from collections import Counter

import pytest
from django.core.exceptions import ValidationError

from assessments import outcomes
from assessments.models import FrameworkFrozen, FrameworkVersion, Indicator, Level, ScoreDescriptor
from tests.assessments.factories import ApplicationFactory


@pytest.mark.django_db
class TestDefaultFrameworkShape:
    def test_three_levels_of_sixteen_indicators_four_per_element_max_64(self):
        version = FrameworkVersion.objects.current()
        assert version.name == "2026"
        levels = list(version.levels.order_by("order"))
        assert [level.code for level in levels] == ["bronze", "silver", "gold"]
        for level in levels:
            indicators = list(level.indicators.all())
            assert len(indicators) == outcomes.INDICATORS_PER_LEVEL == 16
            assert Counter(i.element for i in indicators) == {
                "space": 4,
                "voice": 4,
                "audience": 4,
                "influence": 4,
            }
            assert Counter(i.promise for i in indicators) == {
                "involved": 4,
                "informed": 4,
                "relationships": 4,
                "skills": 4,
            }
            for indicator in indicators:
                assert indicator.title and indicator.guidance and indicator.example_evidence_list
        descriptors = list(version.descriptors.values_list("value", flat=True))
        assert descriptors == [0, 1, 2, 3, 4]
        assert len(levels[0].indicators.all()) * max(descriptors) == outcomes.MAX_TOTAL == 64

    def test_default_framework_reads_in_short_sentences(self):
        import re

        text = " ".join(
            f"{i.title}. {i.guidance}"
            for i in Indicator.objects.filter(level__version__name="2026")
        )
        sentences = [s for s in re.split(r"[.!?]+\s*", text) if s.strip()]
        words = sum(len(s.split()) for s in sentences)
        assert words / len(sentences) < 15


@pytest.mark.django_db
class TestFrameworkFreezesOnceUsed:
    def test_unused_version_can_be_edited(self):
        indicator = Indicator.objects.filter(level__version__name="2026").first()
        indicator.title = "A clearer title"
        indicator.save()
        indicator.refresh_from_db()
        assert indicator.title == "A clearer title"

    def test_used_version_refuses_indicator_level_and_descriptor_changes(self):
        application = ApplicationFactory()
        indicator = application.level.indicators.first()
        indicator.title = "Sneaky change"
        with pytest.raises(FrameworkFrozen, match="already used by an application"):
            indicator.save()
        with pytest.raises(ValidationError):
            indicator.full_clean()
        level = Level.objects.get(pk=application.level.pk)
        level.name = "Platinum"
        with pytest.raises(FrameworkFrozen):
            level.save()
        descriptor = ScoreDescriptor.objects.filter(version=level.version).first()
        descriptor.label = "Changed"
        with pytest.raises(FrameworkFrozen):
            descriptor.save()
        with pytest.raises(FrameworkFrozen):
            indicator.delete()
        indicator.refresh_from_db()
        assert indicator.title != "Sneaky change"

    def test_used_version_cannot_be_renamed(self):
        application = ApplicationFactory()
        version = application.level.version
        version.name = "2027"
        with pytest.raises(FrameworkFrozen):
            version.save()

    def test_admin_refuses_the_edit_and_says_why(self, client):
        from accounts.models import User

        application = ApplicationFactory()
        indicator = application.level.indicators.first()
        admin = User.objects.create_superuser("root@example.org", "pw-123456789")
        client.force_login(admin)
        url = f"/admin/assessments/indicator/{indicator.pk}/change/"
        data = {
            "level": indicator.level_id,
            "code": indicator.code,
            "title": "Changed in admin",
            "element": indicator.element,
            "promise": indicator.promise,
            "guidance": indicator.guidance,
            "example_evidence": indicator.example_evidence,
            "order": indicator.order,
        }
        assert "already used by an application" in client.get(url).content.decode()
        assert client.post(url, data).status_code == 403
        indicator.refresh_from_db()
        assert indicator.title != "Changed in admin"


@pytest.mark.django_db
def test_default_framework_text_reads_at_grade_6_or_lower(monkeypatch):
    import textstat

    # Pyphen's bundled dictionary, not NLTK's, which textstat would download.
    monkeypatch.setattr("textstat.backend.counts._count_syllables.get_cmudict", lambda lang: None)
    indicators = Indicator.objects.filter(level__version__name="2026")
    text = " ".join(f"{i.title}. {i.guidance}" for i in indicators)
    text += " " + " ".join(ScoreDescriptor.objects.values_list("description", flat=True))
    assert textstat.flesch_kincaid_grade(text) <= 6
