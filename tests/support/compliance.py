"""Compliance test steps: a report's files stored as the worker would, production days imported,
and the validation job's work."""

import json

from support.sessions import act_as, act_as_worker


def generated(db, tenant, report, files=()):
    with db.transaction():
        act_as_worker(db, tenant)
        db.execute("select app.store_report_files(%s, %s::jsonb)", [report, json.dumps(list(files))])


def import_days(db, tenant, rows):
    with db.transaction():
        act_as(db, tenant, "engineer")
        return db.execute("select api.import_production(%s::jsonb, null, 'accept_valid')", [json.dumps(rows)]).fetchone()[0]


def validate(db, tenant):
    with db.transaction():
        act_as_worker(db, tenant)
        return db.execute("select app.validate_production()").fetchone()[0]
