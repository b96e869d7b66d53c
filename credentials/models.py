from django.db import models
from django.db.models import Q


class IssuerKey(models.Model):
    """A public key the issuer has signed with. Rows are never deleted: a rotated-out key
    stays published, so credentials signed with it still verify. Private keys are never
    stored (see credentials/keys.py)."""

    thumbprint = models.CharField(max_length=64, unique=True, help_text="RFC 7638 thumbprint.")
    public_jwk = models.JSONField()
    first_used_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["first_used_at", "pk"]

    def __str__(self):
        return self.thumbprint


class AwardCredential(models.Model):
    """An award's Open Badges 3.0 credential (a VC-JWT) and its place in a status list.

    The status list position is taken at random when the award is made and never given to
    another award. Whether its bit is set is read from the award itself (revoked_at), so
    the revocation and the bit change in the same transaction by construction. The bit of
    a position whose award was deleted is set too."""

    # A deleted award keeps its row (its position is never given again) with its bit set.
    award = models.OneToOneField(
        "certificates.Award",
        null=True,
        on_delete=models.SET_NULL,
        related_name="credential",
    )
    status_list = models.PositiveIntegerField(default=1)
    status_index = models.PositiveIntegerField()
    jwt = models.TextField(blank=True, help_text="The signed credential; empty until issued.")
    key = models.ForeignKey(
        IssuerKey, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["status_list", "status_index"], name="unique_status_position"
            ),
            models.CheckConstraint(
                condition=Q(jwt="") | Q(key__isnull=False, issued_at__isnull=False),
                name="issued_credential_names_key",
            ),
        ]

    def __str__(self):
        return f"Credential of award {self.award_id} (list {self.status_list}, {self.status_index})"

    @property
    def is_issued(self):
        return bool(self.jwt)
