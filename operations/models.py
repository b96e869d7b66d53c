from django.db import models


class Heartbeat(models.Model):
    """When a scheduled task last finished without error (the reminder sweep), so /health/
    and the metrics can say how long ago it was. One row per task name."""

    name = models.CharField(max_length=50, unique=True)
    last_success_at = models.DateTimeField()

    def __str__(self):
        return f"{self.name} at {self.last_success_at:%Y-%m-%d %H:%M}"
