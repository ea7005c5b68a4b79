"""A database-level guard on PostgreSQL (等保: 审计记录保护): audit rows cannot be updated, and
cannot be deleted before they are 183 days old, whatever the application does. The only update
allowed is Django clearing `actor_id` when an account is deleted (on_delete=SET_NULL).
SQLite (development) relies on the model's own refusal."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION audit_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.at > now() - interval '183 days' THEN
            RAISE EXCEPTION '审计日志至少保留 183 天，不能删除（记录 %）。', OLD.id;
        END IF;
        RETURN OLD;
    END IF;
    IF NEW.actor_id IS NULL
       AND (NEW.id, NEW.at, NEW.kind, NEW.actor_username, NEW.ip, NEW.object_type,
            NEW.object_id, NEW.object_label, NEW.detail)
           IS NOT DISTINCT FROM
           (OLD.id, OLD.at, OLD.kind, OLD.actor_username, OLD.ip, OLD.object_type,
            OLD.object_id, OLD.object_label, OLD.detail) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION '审计日志只能追加，不能修改（记录 %）。', OLD.id;
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS audit_auditevent_append_only ON audit_auditevent;
CREATE TRIGGER audit_auditevent_append_only
    BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_auditevent_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS audit_auditevent_append_only ON audit_auditevent;
DROP FUNCTION IF EXISTS audit_auditevent_append_only();
"""


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP))]
