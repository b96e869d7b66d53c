import factory

from audit.models import AuditEvent


class AuditEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AuditEvent

    event = AuditEvent.Event.PERMISSION_DENIED
    actor_label = factory.Sequence(lambda n: f"Person {n} (person{n}@example.org)")
    summary = factory.Sequence(lambda n: f"Refused GET /staff/thing/{n}/")
    ip_address = "203.0.113.7"
    user_agent = "Mozilla/5.0 (test)"
