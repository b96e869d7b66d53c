import factory

from jobs.models import Job


class JobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Job

    kind = "email"
    key = factory.Sequence(lambda n: f"test-job-{n}")
    payload = factory.LazyFunction(
        lambda: {"to": ["a@example.org"], "subject": "Hi", "body": "Hello", "attachments": []}
    )
