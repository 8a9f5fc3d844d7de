"""The production validation queue (sql/compliance/production_validation_queue.sql): production
changes queue one validation job per organization."""

from conftest import act_as
from support.compliance import import_days


def test_production_changes_queue_one_validation_job_per_organization(db, tenants, nm_well):
    alpha, _ = tenants

    def waiting():
        return db.execute("select count(*) from procrastinate.procrastinate_jobs where task_name = 'production__validate'"
                          " and status = 'todo' and args ->> 'organization_id' = %s", [str(alpha.id)]).fetchone()[0]

    for day in (1, 2, 3):
        import_days(db, alpha, [{"well_id": nm_well["nm_well"], "production_date": f"2024-06-0{day}", "oil_bbl": 10}])
    with db.transaction():
        act_as(db, alpha, "engineer")
        db.execute("delete from api.production where well_id = %s and production_date = '2024-06-01'", [nm_well["nm_well"]])
    assert waiting() == 1
    queued = db.execute("select count(*) from app.production_validation_queue where organization_id = %s",
                        [alpha.id]).fetchone()[0]
    assert queued == 1
