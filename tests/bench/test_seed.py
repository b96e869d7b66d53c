"""The benchmark's data generator, run at a tiny scale (make bench runs it at scale 1)."""

from django.db.models import Count
from django.utils import timezone

from assessments import outcomes
from assessments.models import Answer, Application, Status
from bench import seed as bench_seed
from certificates.models import Award, CertificateCounter
from organisations.models import Organisation
from panels.models import AgreedScore, Finalisation, PanelSeat, Score

SCALE = 0.001


def test_tiny_seed_has_the_planned_shape(db):
    expected = bench_seed.plan(SCALE)
    result = bench_seed.seed(SCALE, log=lambda *a: None)
    counts = result.counts
    today = timezone.localdate()

    # Organisations, each with exactly one member.
    assert counts["organisations"] == expected["organisations"]
    assert counts["memberships"] == expected["organisations"]
    assert not Organisation.objects.annotate(n=Count("memberships")).exclude(n=1).exists()
    assert counts["panel_members"] == expected["panel_members"]

    # The full applications each have all 16 answers; the award top-up ones have none.
    assert counts["applications_with_answers"] == expected["applications"]
    per_app = set(
        Answer.objects.values("application").annotate(n=Count("pk")).values_list("n", flat=True)
    )
    assert per_app == {16}
    assert counts["answers"] == 16 * expected["applications"]

    # Interviewed: individual scores of 2-3 members x 16, 16 agreed scores and a finalisation.
    assert counts["interviewed"] == expected["interviewed"]
    assert counts["agreed_scores"] == 16 * expected["interviewed"]
    for final in Finalisation.objects.select_related("application"):
        app = final.application
        seats = PanelSeat.objects.filter(panel__application=app).count()
        assert 2 <= seats <= 3
        assert Score.objects.filter(application=app, round=1).count() == 16 * seats
        agreed = AgreedScore.objects.filter(application=app, round=1)
        assert sum(a.value for a in agreed) == final.total == app.total
        assert final.outcome == outcomes.outcome_for_total(app.total)
        assert app.proposed_outcome == final.outcome
        if app.status == Status.AWARDED:
            assert app.total >= outcomes.AWARD_THRESHOLD

    # Exactly the planned current and historic awards; every award on an awarded application.
    assert counts["current_awards"] == expected["current_awards"]
    assert counts["historic_awards"] == expected["historic_awards"]
    assert not Award.objects.exclude(application__status=Status.AWARDED).exists()
    for award in Award.objects.all()[:50]:
        assert award.expires_on == award.awarded_on.replace(year=award.awarded_on.year + 3) or (
            award.awarded_on.month == 2 and award.awarded_on.day == 29
        )
    assert Award.objects.filter(expires_on__gt=today).count() == expected["current_awards"]
    # The certificate counters continue each year's sequence.
    top = CertificateCounter.objects.order_by("-last_number").first()
    assert Award.objects.filter(certificate_number=f"KM-{top.year}-{top.last_number:04d}").exists()

    # At most one live application per organisation (the database enforces it too).
    live = Application.objects.live().values("organisation").annotate(n=Count("pk"))
    assert all(row["n"] == 1 for row in live)
    assert Application.objects.filter(status=Status.DRAFT).count() == expected["draft"]
    assert len(result.scheduled_application_ids) == expected["interview_scheduled"]

    assert counts["evidence"] == expected["evidence"]
    assert result.verification_codes


def test_plan_scales_to_the_issue_numbers():
    full = bench_seed.plan(1)
    assert full["organisations"] == 10_000
    assert full["applications"] == 30_000
    assert full["interviewed"] == 20_000
    assert full["current_awards"] == 8_000
    assert full["historic_awards"] == 100_000
    assert full["panel_members"] == 300
    assert full["evidence"] == 1_000
