import factory

from audit.models import AuditEvent


class AuditEventFactory(factory.django.DjangoModelFactory):
    """An audit record, written through the chain like any other (`actor_label` is kept in
    its snapshot)."""

    class Meta:
        model = AuditEvent

    actor_label = factory.Sequence(lambda n: f"Person {n} (person{n}@example.org)")
    object_label = ""

    event = AuditEvent.Event.PERMISSION_DENIED
    summary = factory.Sequence(lambda n: f"Refused GET /staff/thing/{n}/")
    ip_address = "203.0.113.7"
    user_agent = "Mozilla/5.0 (test)"

    @classmethod
    def _create(cls, model_class, *args, actor_label="", object_label="", **kwargs):
        event = model_class(*args, **kwargs)
        event.set_snapshot(actor=actor_label, object=object_label)
        event.save()
        return event
