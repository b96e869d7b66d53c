"""Nobody can change or delete an audit record: not the model, the queryset or the admin."""

import pytest

from audit import chain
from audit.models import AuditEvent, AuditLogIsAppendOnly
from tests.accounts.factories import UserFactory
from tests.audit.factories import AuditEventFactory


@pytest.mark.django_db
class TestAppendOnly:
    def test_saving_an_existing_record_raises_and_the_row_stays(self):
        event = AuditEventFactory(summary="Original")
        event.summary = "Tampered"
        with pytest.raises(AuditLogIsAppendOnly):
            event.save()
        with pytest.raises(AuditLogIsAppendOnly):
            event.save(update_fields=["summary"])
        assert AuditEvent.objects.get(pk=event.pk).summary == "Original"

    def test_a_new_object_reusing_an_existing_pk_cannot_overwrite_it(self):
        from django.db import IntegrityError, transaction

        event = AuditEventFactory(summary="Original")
        with pytest.raises(IntegrityError), transaction.atomic():
            AuditEvent(pk=event.pk, event=event.event, summary="Forged").save()
        assert AuditEvent.objects.get(pk=event.pk).summary == "Original"

    def test_deleting_a_record_raises_and_the_row_stays(self):
        event = AuditEventFactory()
        with pytest.raises(AuditLogIsAppendOnly):
            event.delete()
        with pytest.raises(AuditLogIsAppendOnly):
            AuditEvent.objects.filter(pk=event.pk).delete()
        with pytest.raises(AuditLogIsAppendOnly):
            AuditEvent.objects.all().update(summary="Tampered")
        with pytest.raises(AuditLogIsAppendOnly):
            AuditEvent.objects.bulk_update([event], ["summary"])
        assert AuditEvent.objects.filter(pk=event.pk, summary=event.summary).exists()

    def test_deleting_the_user_keeps_the_record_and_the_label(self):
        user = UserFactory(full_name="Leaving Person")
        event = AuditEventFactory(actor=user, actor_label="Leaving Person (x@example.org)")
        user_id = user.pk
        user.delete()
        event = AuditEvent.objects.with_actor().get(pk=event.pk)
        assert event.actor_id == user_id
        assert event.actor_label == "Leaving Person (x@example.org)"
        assert event.who == "Leaving Person (x@example.org) (account no longer exists)"
        assert chain.verify().ok


@pytest.mark.django_db
class TestAdminIsReadOnly:
    @pytest.fixture
    def admin_client(self, client):
        client.force_login(
            UserFactory(role="staff", is_staff=True, is_superuser=True, full_name="Ada Admin")
        )
        return client

    def test_superuser_can_list_and_search_but_not_add_change_or_delete(self, admin_client):
        event = AuditEventFactory(summary="Refused GET /secret/")
        listing = admin_client.get("/admin/audit/auditevent/", {"q": "secret"})
        assert listing.status_code == 200
        assert "Refused GET /secret/" in listing.content.decode()
        assert admin_client.get("/admin/audit/auditevent/add/").status_code == 403
        delete_url = f"/admin/audit/auditevent/{event.pk}/delete/"
        assert admin_client.post(delete_url, {"post": "yes"}).status_code == 403
        change_url = f"/admin/audit/auditevent/{event.pk}/change/"
        admin_client.post(change_url, {"summary": "Tampered"})
        assert AuditEvent.objects.get(pk=event.pk).summary == "Refused GET /secret/"
        view = admin_client.get(change_url)
        assert view.status_code == 200
        assert 'name="summary"' not in view.content.decode()

    def test_a_record_whose_account_was_deleted_still_shows(self, admin_client):
        user = UserFactory(full_name="Leaving Person")
        event = AuditEventFactory(actor=user, actor_label="Leaving Person (x@example.org)")
        user.delete()
        listing = admin_client.get("/admin/audit/auditevent/").content.decode()
        assert "Leaving Person (x@example.org) (account no longer exists)" in listing
        assert admin_client.get(f"/admin/audit/auditevent/{event.pk}/change/").status_code == 200

    def test_admin_has_no_bulk_delete_action(self, admin_client):
        AuditEventFactory()
        response = admin_client.get("/admin/audit/auditevent/")
        assert "delete_selected" not in response.content.decode()
