"""audit actions named <target>.<verb>

Every audit entry's action reads `<target>.<verb>`: the audited table's singular name and the
verb, in the imperative, that the workflow's transition (or the operation) is named after, e.g.
`practice.publish`, `peer_request.accept`, `thread.ask`. Entries written under the three older
conventions (`practice.published`, `question_asked`, bare `accepted`) are renamed; downgrade
gives them their old names back. Data only: no table changes.

Revision ID: 5b0e7c2a9d31
Revises: d07b34f64a94
Create Date: 2026-12-08 10:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '5b0e7c2a9d31'
down_revision = 'd07b34f64a94'
branch_labels = None
depends_on = None

# (target_type, old action, new action). Written out here, not imported: a migration keeps
# meaning what it meant when it was written.
RENAMES = [
    ("applications", "application.created", "application.create"),
    ("applications", "application.saved", "application.save"),
    ("calls", "call.opened", "call.open"),
    ("cities", "city.admitted", "city.admit"),
    ("cities", "city.created", "city.create"),
    ("users", "user.signed_up", "user.sign_up"),
    ("users", "user.sign_up_repeated", "user.repeat_sign_up"),
    ("users", "user.password_reset_requested", "user.request_password_reset"),
    ("users", "user.password_reset", "user.reset_password"),
    ("users", "user.password_changed", "user.change_password"),
    ("users", "account_suspended", "user.suspend"),
    ("users", "account_reinstated", "user.reinstate"),
    ("users", "notification_settings_changed", "user.change_notification_settings"),
    ("role_grants", "role.requested", "role_grant.request"),
    ("role_grants", "role.granted", "role_grant.grant"),
    ("role_grants", "role.refused", "role_grant.refuse"),
    ("role_grants", "role.revoked", "role_grant.revoke"),
    ("posts", "post_written", "post.write"),
    ("posts", "post_reported", "post.report"),
    ("posts", "post_hidden_by_reports", "post.hide_on_reports"),
    ("posts", "post_hidden", "post.hide"),
    ("posts", "post_restored", "post.restore"),
    ("posts", "answer_marked", "post.mark_answer"),
    ("posts", "answer_unmarked", "post.unmark_answer"),
    ("threads", "question_asked", "thread.ask"),
    ("threads", "participant_added", "thread.add_participant"),
    ("threads", "discussion_started", "thread.start_discussion"),
    ("clusters", "cluster_created", "cluster.create"),
    ("clusters", "cluster_updated", "cluster.update"),
    ("clusters", "city_joined", "cluster.join"),
    ("clusters", "city_left", "cluster.leave"),
    ("clusters", "cluster_loaded_from_reference", "cluster.load_from_reference"),
    ("adoptions", "adoption_recorded", "adoption.record"),
    ("peer_requests", "requested", "peer_request.create"),
    ("peer_requests", "accepted", "peer_request.accept"),
    ("peer_requests", "declined", "peer_request.decline"),
    ("peer_requests", "period_proposed", "peer_request.propose_period"),
    ("peer_requests", "withdrawn", "peer_request.withdraw"),
    ("peer_requests", "closed", "peer_request.close"),
    ("practices", "practice.created", "practice.create"),
    ("practices", "practice.updated", "practice.update"),
    ("practices", "practice.imported", "practice.import"),
    ("practices", "practice.submitted", "practice.submit"),
    ("practices", "practice.published", "practice.publish"),
    ("practices", "practice.returned", "practice.return"),
    ("practices", "practice.unpublished", "practice.unpublish"),
    ("practices", "practice.deleted", "practice.delete"),
    ("practices", "practice.revision_opened", "practice.open_revision"),
    ("practices", "practice.revision_published", "practice.publish_revision"),
]

audit_entries = sa.table("audit_entries", sa.column("target_type", sa.String),
                         sa.column("action", sa.String))


def _rename(pairs):
    for target_type, before, after in pairs:
        op.execute(audit_entries.update()
                   .where(audit_entries.c.target_type == target_type, audit_entries.c.action == before)
                   .values(action=after))


def upgrade():
    _rename(RENAMES)


def downgrade():
    _rename([(target_type, new, old) for target_type, old, new in RENAMES])
