-- Regulatory reports: a monthly filing (e.g. New Mexico C-115) for an organization, lease or well.
--   draft -> generating -> generated -> submitted -> accepted | rejected
-- Requesting one enqueues its generation job in the same transaction; the worker renders the
-- files (CSV, HTML, PDF) and stores them here with their checksum.
set local role wellflow_owner;

create type app.report_scope as enum ('organization', 'lease', 'well');
create type app.report_status as enum ('draft', 'generating', 'generated', 'submitted', 'accepted', 'rejected');

create table app.regulatory_reports (
    organization_id uuid not null references app.organizations (id),
    id uuid not null default app.uuid_generate_v7(),
    agency text not null,
    form text not null,
    -- First day of the production month reported.
    period date not null constraint regulatory_reports_period_check check (period = date_trunc('month', period) and app.is_sane_date(period)),
    scope app.report_scope not null default 'organization',
    lease_id uuid,
    well_id uuid,
    -- 0 for the original filing, 1, 2, ... for amendments of the same period and scope.
    amendment integer not null default 0 constraint regulatory_reports_amendment_check check (amendment between 0 and 99),
    status app.report_status not null default 'draft',
    due_date date not null,
    requested_by uuid references app.users (id) default app.current_user_id(),
    generated_at timestamptz,
    submitted_at timestamptz,
    confirmation_number text
        constraint regulatory_reports_confirmation_number_check check (char_length(btrim(confirmation_number)) between 1 and 64),
    decided_at timestamptz,
    rejection_reason text
        constraint regulatory_reports_rejection_reason_check check (char_length(rejection_reason) <= 2000),
    last_error text,
    created_at timestamptz not null default clock_timestamp(),
    updated_at timestamptz not null default clock_timestamp(),
    primary key (organization_id, id),
    constraint regulatory_reports_agency_fkey foreign key (agency, form) references ref.filing_rules (agency, form),
    constraint regulatory_reports_lease_id_fkey foreign key (organization_id, lease_id) references app.leases (organization_id, id),
    constraint regulatory_reports_well_id_fkey foreign key (organization_id, well_id) references app.wells (organization_id, id),
    constraint regulatory_reports_scope_check check (
        scope = 'organization' and lease_id is null and well_id is null
        or scope = 'lease' and lease_id is not null and well_id is null
        or scope = 'well' and well_id is not null and lease_id is null),
    constraint regulatory_reports_period_key unique nulls not distinct
        (organization_id, agency, form, period, scope, lease_id, well_id, amendment)
);
comment on table app.regulatory_reports is 'Monthly regulatory filings and where each stands.';
create index regulatory_reports_period_idx on app.regulatory_reports (organization_id, period);

create table app.regulatory_report_files (
    organization_id uuid not null references app.organizations (id),
    id uuid not null default app.uuid_generate_v7(),
    report_id uuid not null,
    format text not null constraint regulatory_report_files_format_check check (format in ('csv', 'html', 'pdf')),
    file_name text not null constraint regulatory_report_files_file_name_check check (file_name ~ '^[A-Za-z0-9._-]{1,128}$'),
    content_type text not null,
    content bytea not null,
    sha256 text generated always as (encode(sha256(content), 'hex')) stored,
    byte_size integer generated always as (octet_length(content)) stored,
    created_at timestamptz not null default clock_timestamp(),
    updated_at timestamptz not null default clock_timestamp(),
    primary key (organization_id, id),
    constraint regulatory_report_files_format_key unique (organization_id, report_id, format),
    constraint regulatory_report_files_report_id_fkey foreign key (organization_id, report_id)
        references app.regulatory_reports (organization_id, id) on delete cascade
);
comment on table app.regulatory_report_files is 'Rendered files of a report (CSV in the form''s layout, HTML, PDF) with their SHA-256.';

create table app.report_transitions (
    from_status app.report_status not null,
    to_status app.report_status not null,
    primary key (from_status, to_status)
);
comment on table app.report_transitions is 'The legal report status changes.';
insert into app.report_transitions values
    ('draft', 'generating'), ('generating', 'generated'), ('generated', 'generating'), ('generated', 'submitted'),
    ('submitted', 'accepted'), ('submitted', 'rejected'), ('rejected', 'draft');
alter table app.report_transitions enable row level security;
alter table app.report_transitions force row level security;
create policy report_transitions_everyone_read on app.report_transitions for select using (true);

create function app.report_workflow_active() returns boolean
language sql stable
set search_path = pg_catalog
as $$ select coalesce(current_setting('wellflow.report_workflow', true), '') = 'on' $$;
comment on function app.report_workflow_active() is 'True while a report workflow function writes reports.';

create function app.regulatory_reports_guard() returns trigger
language plpgsql
set search_path = pg_catalog, app
as $$
begin
    if not app.report_workflow_active() then
        perform app.raise_error(400, 'WF_REPORT_READ_ONLY',
            'Reports change through /rpc/request_regulatory_report, /rpc/submit_regulatory_report and /rpc/record_regulatory_decision',
            'status', null);
    end if;
    return case when tg_op = 'DELETE' then old else new end;
end
$$;
comment on function app.regulatory_reports_guard() is 'Trigger: reports and their files are written only by the report workflow.';

create trigger regulatory_reports_guard before insert or update or delete on app.regulatory_reports
    for each row execute function app.regulatory_reports_guard();
create trigger regulatory_report_files_guard before insert or update or delete on app.regulatory_report_files
    for each row execute function app.regulatory_reports_guard();
create trigger regulatory_reports_set_updated_at before update on app.regulatory_reports
    for each row execute function app.set_updated_at();
create trigger regulatory_report_files_set_updated_at before update on app.regulatory_report_files
    for each row execute function app.set_updated_at();
create trigger regulatory_reports_audit after insert or update or delete on app.regulatory_reports
    for each row execute function app.audit_change();
create trigger regulatory_report_files_audit after insert or update or delete on app.regulatory_report_files
    for each row execute function app.audit_change('content');

alter table app.regulatory_reports enable row level security;
alter table app.regulatory_reports force row level security;
create trigger regulatory_reports_stamp_actor before insert or update of requested_by on app.regulatory_reports
    for each row execute function app.stamp_actor('requested_by');
alter table app.regulatory_report_files enable row level security;
alter table app.regulatory_report_files force row level security;

-- Writes come from the workflow functions (owner) and the worker, inside the tenant's claims.
create policy regulatory_reports_tenant_all on app.regulatory_reports
    for all
    using (organization_id = (select app.current_organization_id()))
    with check (organization_id = (select app.current_organization_id()));
create policy regulatory_report_files_tenant_all on app.regulatory_report_files
    for all
    using (organization_id = (select app.current_organization_id()))
    with check (organization_id = (select app.current_organization_id()));

grant select on app.regulatory_reports, app.regulatory_report_files to wellflow_api, wellflow_worker;

create function app.report_for_update(report_id uuid) returns app.regulatory_reports
language plpgsql
set search_path = pg_catalog, app
as $$
declare
    report app.regulatory_reports;
begin
    select * into report from app.regulatory_reports r
     where r.organization_id = app.current_organization_id() and r.id = report_id
       for update;
    if not found then
        perform app.raise_error(404, 'WF_REPORT_NOT_FOUND', format('No report %s in this organization', report_id),
            'report_id', null);
    end if;
    return report;
end
$$;
comment on function app.report_for_update(uuid) is 'The report, locked for a workflow step; 404 WF_REPORT_NOT_FOUND otherwise.';

create function app.move_report(report app.regulatory_reports, requested app.report_status,
                                confirmation text default null, reason text default null)
returns app.regulatory_reports
language plpgsql
set search_path = pg_catalog, app
as $$
declare
    moved app.regulatory_reports;
begin
    if not exists (select from app.report_transitions t where t.from_status = report.status and t.to_status = requested) then
        perform app.raise_error(409, 'WF_REPORT_ILLEGAL_TRANSITION',
            format('Report %s %s for %s is %s; it cannot become %s', report.agency, report.form,
                   to_char(report.period, 'YYYY-MM'), report.status, requested), 'status',
            coalesce('From ' || report.status || ' it can become: '
                     || (select string_agg(t.to_status::text, ', ' order by t.to_status)
                           from app.report_transitions t where t.from_status = report.status), 'It is final'));
    end if;
    perform set_config('wellflow.report_workflow', 'on', true);
    update app.regulatory_reports r
       set status = requested,
           generated_at = case when requested = 'generated' then clock_timestamp() else r.generated_at end,
           submitted_at = case when requested = 'submitted' then clock_timestamp() else r.submitted_at end,
           confirmation_number = case when requested = 'submitted' then confirmation else r.confirmation_number end,
           decided_at = case when requested in ('accepted', 'rejected') then clock_timestamp() else r.decided_at end,
           rejection_reason = case when requested = 'rejected' then reason else r.rejection_reason end,
           last_error = case when requested = 'generated' then null else r.last_error end
     where r.organization_id = report.organization_id and r.id = report.id
    returning * into moved;
    if requested = 'generating' then
        perform app.defer_job('reports', 'regulatory_reports__generate',
            jsonb_build_object('organization_id', moved.organization_id, 'report_id', moved.id));
    end if;
    perform set_config('wellflow.report_workflow', '', true);
    return moved;
end
$$;
comment on function app.move_report(app.regulatory_reports, app.report_status, text, text) is
    'Applies one legal report status change (enqueuing generation when it becomes generating); 409 WF_REPORT_ILLEGAL_TRANSITION otherwise.';

create function app.request_regulatory_report(agency text, form text, period date,
                                              scope app.report_scope default 'organization',
                                              lease_id uuid default null, well_id uuid default null)
returns uuid
language plpgsql security definer
set search_path = pg_catalog, app
as $$
declare
    report app.regulatory_reports;
    month date := date_trunc('month', request_regulatory_report.period)::date;
begin
    perform app.assert_org_role('request regulatory reports', 'asset_writers');
    if not exists (select from ref.filing_rules r where r.agency = request_regulatory_report.agency
                                                    and r.form = request_regulatory_report.form) then
        perform app.raise_error(400, 'WF_REPORT_FORM', format('No filing rule for %s %s', agency, form), 'form',
            'Known forms are at /filing_rules');
    end if;
    if month is null or month >= date_trunc('month', current_date) then
        perform app.raise_error(400, 'WF_REPORT_PERIOD',
            format('The production month must have ended; got %s', coalesce(period::text, 'nothing')), 'period', null);
    end if;
    perform set_config('wellflow.report_workflow', 'on', true);
    insert into app.regulatory_reports as r (organization_id, agency, form, period, scope, lease_id, well_id, amendment, due_date)
    select app.current_organization_id(), request_regulatory_report.agency, request_regulatory_report.form, month,
           request_regulatory_report.scope, request_regulatory_report.lease_id, request_regulatory_report.well_id,
           coalesce((select max(p.amendment) + 1 from app.regulatory_reports p
                      where p.organization_id = app.current_organization_id()
                        and p.agency = request_regulatory_report.agency and p.form = request_regulatory_report.form
                        and p.period = month and p.scope = request_regulatory_report.scope
                        and p.lease_id is not distinct from request_regulatory_report.lease_id
                        and p.well_id is not distinct from request_regulatory_report.well_id), 0),
           app.filing_due_date(request_regulatory_report.agency, request_regulatory_report.form, month)
    returning * into report;
    report := app.move_report(report, 'generating');
    return report.id;
end
$$;
comment on function app.request_regulatory_report(text, text, date, app.report_scope, uuid, uuid) is
    'Creates a report (an amendment if one exists for the period and scope) and enqueues its generation.';

create function app.submit_regulatory_report(report_id uuid, confirmation_number text) returns uuid
language plpgsql security definer
set search_path = pg_catalog, app
as $$
begin
    perform app.assert_org_role('submit regulatory reports', 'asset_writers');
    if coalesce(btrim(confirmation_number), '') = '' then
        perform app.raise_error(400, 'WF_REPORT_CONFIRMATION', 'The agency''s confirmation number is required',
            'confirmation_number', null);
    end if;
    return (app.move_report(app.report_for_update(report_id), 'submitted', btrim(confirmation_number))).id;
end
$$;
comment on function app.submit_regulatory_report(uuid, text) is 'generated -> submitted, with the agency''s confirmation number.';

create function app.record_regulatory_decision(report_id uuid, accepted boolean, reason text default null) returns uuid
language plpgsql security definer
set search_path = pg_catalog, app
as $$
begin
    perform app.assert_org_role('record regulatory decisions', 'asset_writers');
    if accepted is null then
        perform app.raise_error(400, 'WF_REPORT_DECISION', 'accepted is true or false', 'accepted', null);
    end if;
    if not accepted and coalesce(btrim(reason), '') = '' then
        perform app.raise_error(400, 'WF_REPORT_REASON', 'A rejection needs the agency''s reason', 'reason', null);
    end if;
    return (app.move_report(app.report_for_update(report_id),
                            case when accepted then 'accepted' else 'rejected' end::app.report_status, null, reason)).id;
end
$$;
comment on function app.record_regulatory_decision(uuid, boolean, text) is 'submitted -> accepted or rejected (with the reason).';

-- The rows of a report: one per well the organization operates in scope (in the rule's state, and on a
-- lease of a type the rule covers) with its month: the allocated volumes where the month is allocated
-- (app.allocations), else the sum of the daily production. A well a partner operates is the
-- partner's to report. A form filed per completion (ref.filing_rules.per_completion) has a row per
-- completion of a well that has them, with its share of the well's volumes cut to the hundredth and
-- what the cuts leave (never negative, and carrying any thousandths of the well's volume) on the
-- largest share (then the lowest code), so the completions sum exactly to the well. An injection well
-- (by type, or injecting) that reports no oil in the month is injecting: its daily rows are what it
-- injected, and its row says so, counts the days it injected and carries the month's average tubing
-- pressure. One that reports oil is filed as producing, so no oil is left off a form.
create function app.regulatory_report_rows(report_id uuid)
returns table (well_id uuid, well_number_formatted text, well_name text, lease_number text, lease_name text,
               county_name text, well_status text, operator_name text, operator_numbers jsonb,
               producing_days integer, oil_bbl numeric, gas_mcf numeric, water_bbl numeric, lease_type text,
               federal_lease_number text, rrc_lease_number text, rrc_district text, ocd_property_code integer,
               ocd_pool_code integer, ndic_file_number integer, measurement_point_id uuid, first_of_point boolean,
               well_type text, field_name text, rrc_field_number text, lease_id uuid, completion_code text,
               formation text, injection boolean, injection_pressure_psi numeric)
language sql stable security definer
set search_path = pg_catalog, app
as $$
    with wells as (
        select w.id as well_id, w.well_number, w.organization_id, rule.per_completion,
               app.format_well_number(w.well_number) as well_number_formatted, w.name as well_name, l.lease_number,
               l.name as lease_name, c.name as county_name, w.status::text as well_status, operator.name as operator_name,
               coalesce(operator.state_operator_numbers, '{}') as operator_numbers,
               -- Only an injection well's days are read: the case skips the others', cheaper than a join.
               case when injects.well
                    then (select count(*) filter (where p.water_bbl > 0 or p.gas_mcf > 0)::integer from app.production p
                           where p.organization_id = w.organization_id and p.well_id = w.id
                             and p.production_date >= r.period and p.production_date < r.period + interval '1 month')
                    else coalesce(m.producing_days, 0) end as producing_days,
               volumes.oil_bbl, volumes.gas_mcf, volumes.water_bbl,
               l.lease_type::text as lease_type, l.federal_lease_number, l.rrc_lease_number, l.rrc_district,
               l.ocd_property_code, w.ndic_file_number, allocated.measurement_point_id,
               -- Forms that report a battery's storage and runs once put them on its first well.
               allocated.measurement_point_id is not null
               and row_number() over (partition by allocated.measurement_point_id order by w.well_number) = 1
                   as first_of_point,
               w.well_type::text as well_type, f.name as field_name, f.rrc_field_number, w.lease_id,
               injects.well as injection,
               case when injects.well
                    then (select round(avg(p.tubing_pressure_psi)) from app.production p
                           where p.organization_id = w.organization_id and p.well_id = w.id
                             and p.production_date >= r.period and p.production_date < r.period + interval '1 month')
                    end as injection_pressure_psi
          from app.regulatory_reports r
          join ref.filing_rules rule on rule.agency = r.agency and rule.form = r.form
          join app.wells w on w.organization_id = r.organization_id
                          and (r.scope = 'organization' or w.id = r.well_id or w.lease_id = r.lease_id)
                          and (rule.state_code is null or substr(w.well_number, 1, 2) = rule.state_code)
          left join app.leases l on l.organization_id = w.organization_id and l.id = w.lease_id
          left join app.fields f on f.organization_id = w.organization_id and f.id = w.field_id
          left join app.companies operator on operator.organization_id = w.organization_id
                                          and operator.id = w.operator_company_id
          join ref.well_number_counties c on c.state_code = substr(w.well_number, 1, 2)
                                         and c.county_code = substr(w.well_number, 3, 3)
          left join app.production_monthly_wells m on m.organization_id = w.organization_id and m.well_id = w.id
                                                   and m.month = r.period
          left join lateral (select count(*) as wells, min(a.measurement_point_id::text)::uuid as measurement_point_id,
                                    coalesce(sum(a.allocated_volume) filter (where a.product = 'oil'), 0) as oil,
                                    coalesce(sum(a.allocated_volume) filter (where a.product = 'gas'), 0) as gas,
                                    coalesce(sum(a.allocated_volume) filter (where a.product = 'water'), 0) as water
                               from app.allocations a
                              where a.organization_id = w.organization_id and a.well_id = w.id and a.month = r.period) allocated
                 on true
         cross join lateral (
               select case when allocated.wells > 0 then allocated.oil else coalesce(m.oil_bbl, 0) end as oil_bbl,
                      case when allocated.wells > 0 then allocated.gas else coalesce(m.gas_mcf, 0) end as gas_mcf,
                      case when allocated.wells > 0 then allocated.water else coalesce(m.water_bbl, 0) end as water_bbl
               ) volumes
         cross join lateral (
               select (w.well_type in ('water_injection', 'gas_injection', 'salt_water_disposal') or w.status = 'injecting')
                      and volumes.oil_bbl = 0 as well) injects
         -- A subquery: its value is read once, where a bare call would run again on every joined row.
         where r.organization_id = (select app.current_organization_id()) and r.id = report_id
           and (m.well_id is not null or allocated.wells > 0
                or w.status in ('producing', 'shut_in', 'temporarily_abandoned', 'injecting'))
           and w.operated and (rule.lease_types is null or l.lease_type::text = any (rule.lease_types))),
    lines as (
        select wells.*, completion.completion_code, completion.formation, completion.ocd_pool_code,
               coalesce(completion.takes_residue, true) as takes_residue, coalesce(completion.first, true) as first_completion,
               coalesce(trunc(wells.oil_bbl * completion.production_share, 2), wells.oil_bbl) as oil_part,
               coalesce(trunc(wells.gas_mcf * completion.production_share, 2), wells.gas_mcf) as gas_part,
               coalesce(trunc(wells.water_bbl * completion.production_share, 2), wells.water_bbl) as water_part
          from wells
          left join lateral (
                select c.completion_code, c.formation, c.ocd_pool_code, c.production_share,
                       row_number() over (order by c.production_share desc, c.completion_code) = 1 as takes_residue,
                       row_number() over (order by c.completion_code) = 1 as first
                  from app.well_completions c
                 where wells.per_completion and c.organization_id = wells.organization_id and c.well_id = wells.well_id
               ) completion on true)
    select l.well_id, l.well_number_formatted, l.well_name, l.lease_number, l.lease_name, l.county_name, l.well_status,
           l.operator_name, l.operator_numbers, l.producing_days,
           l.oil_part + case when l.takes_residue then l.oil_bbl - sum(l.oil_part) over well else 0 end,
           l.gas_part + case when l.takes_residue then l.gas_mcf - sum(l.gas_part) over well else 0 end,
           l.water_part + case when l.takes_residue then l.water_bbl - sum(l.water_part) over well else 0 end,
           l.lease_type, l.federal_lease_number, l.rrc_lease_number, l.rrc_district, l.ocd_property_code, l.ocd_pool_code,
           l.ndic_file_number, l.measurement_point_id, l.first_of_point and l.first_completion, l.well_type, l.field_name,
           l.rrc_field_number, l.lease_id, l.completion_code, l.formation, l.injection, l.injection_pressure_psi
      from lines l
    window well as (partition by l.well_id)
     -- A battery's wells together, each group by well number, a well's completions by code.
     order by l.measurement_point_id nulls first, l.well_number, l.completion_code
$$;
comment on function app.regulatory_report_rows(uuid) is
    'One row per operated well (per completion, for a form filed per completion) in the report''s scope, state and lease '
    'types with the month''s volumes, allocated where the month is, the measurement point it was allocated from, and for '
    'an injection well what it injected and at what average pressure.';

-- The disposition section of a report: for each measurement point its rows' wells were allocated
-- from in the month (the rows' measurement_point_id, which the caller has already read), what left
-- it (run tickets by purchaser, meter statements) and its other dispositions and inventory.
create function app.regulatory_report_dispositions(report_id uuid, measurement_point_ids uuid[])
returns table (measurement_point_id uuid, point_name text, meter_number text, product text, disposition text,
               company_name text, volume numeric, release_authority text)
language sql stable security definer
set search_path = pg_catalog, app
as $$
    with report as (
        select r.organization_id, r.period from app.regulatory_reports r
         where r.organization_id = app.current_organization_id() and r.id = report_id)
    select p.id, p.name, p.meter_number, x.product, x.disposition, x.company_name, x.volume, x.release_authority
      from report
      join app.measurement_points p on p.organization_id = report.organization_id and p.id = any (measurement_point_ids)
     cross join lateral (
           select 'oil' as product, 'sold' as disposition, c.name as company_name, sum(t.net_standard_volume) as volume,
                  null as release_authority
             from app.run_tickets t
             left join app.companies c on c.organization_id = t.organization_id and c.id = t.purchaser_company_id
            where t.organization_id = p.organization_id and t.measurement_point_id = p.id
              and t.ticket_date >= report.period and t.ticket_date < report.period + interval '1 month'
            group by c.name
           union all
           select s.product::text, case s.product when 'gas' then 'sold' else 'disposed' end, c.name, s.volume, null
             from app.meter_statements s
             left join app.companies c on c.organization_id = s.organization_id and c.id = s.purchaser_company_id
            where s.organization_id = p.organization_id and s.measurement_point_id = p.id and s.month = report.period
           union all
           select d.product::text, d.disposition::text, c.name, d.volume, d.release_authority
             from app.dispositions d
             left join app.companies c on c.organization_id = d.organization_id and c.id = d.company_id
            where d.organization_id = p.organization_id and d.measurement_point_id = p.id and d.month = report.period) x
     order by p.name, x.product, x.disposition, x.company_name
$$;
comment on function app.regulatory_report_dispositions(uuid, uuid[]) is
    'The disposition section of a report: per measurement point of its wells, what was sold, used, flared, vented, injected '
    'or transferred in the month, and inventory.';

-- The worker stores the rendered files and marks the report generated in one transaction.
create function app.store_report_files(report_id uuid, files jsonb) returns void
language plpgsql security definer
set search_path = pg_catalog, app
as $$
declare
    report app.regulatory_reports := app.report_for_update(report_id);
begin
    if report.status <> 'generating' then
        return;                                   -- already done by an earlier attempt
    end if;
    perform set_config('wellflow.report_workflow', 'on', true);
    insert into app.regulatory_report_files (organization_id, report_id, format, file_name, content_type, content)
    select report.organization_id, report.id, f ->> 'format', f ->> 'file_name', f ->> 'content_type',
           decode(f ->> 'content_base64', 'base64')
      from jsonb_array_elements(files) f
    on conflict on constraint regulatory_report_files_format_key do update
       set file_name = excluded.file_name, content_type = excluded.content_type, content = excluded.content;
    perform set_config('wellflow.report_workflow', '', true);
    perform app.move_report(report, 'generated');
end
$$;
comment on function app.store_report_files(uuid, jsonb) is 'Worker: stores a report''s files and moves it to generated (idempotent).';

create function app.record_report_error(report_id uuid, error text) returns void
language plpgsql security definer
set search_path = pg_catalog, app
as $$
begin
    perform set_config('wellflow.report_workflow', 'on', true);
    update app.regulatory_reports r set last_error = left(error, 2000)
     where r.organization_id = app.current_organization_id() and r.id = report_id;
    perform set_config('wellflow.report_workflow', '', true);
end
$$;
comment on function app.record_report_error(uuid, text) is 'Worker: notes why a generation attempt failed.';

grant execute on function app.request_regulatory_report(text, text, date, app.report_scope, uuid, uuid),
    app.submit_regulatory_report(uuid, text), app.record_regulatory_decision(uuid, boolean, text) to wellflow_api;
grant execute on function app.regulatory_report_rows(uuid), app.regulatory_report_dispositions(uuid, uuid[]),
    app.store_report_files(uuid, jsonb), app.record_report_error(uuid, text) to wellflow_worker;
grant execute on function app.report_workflow_active() to wellflow_api, wellflow_worker, wellflow_user;
set local role wellflow_api;

-- PostgREST's "any" media type: functions returning it answer with raw bytes and their own Content-Type.
create domain api."*/*" as bytea;
comment on domain api."*/*" is 'Raw file bytes; the function sets the Content-Type.';

-- Read-only: a WITH query is not auto-updatable, so PostgREST offers GET only (and the
-- pre-request check answers 405 to other verbs). PostgreSQL inlines it: filters reach the table.
create view api.regulatory_reports as
    with readable as (
        select organization_id, id, agency, form, period, scope, lease_id, well_id, amendment, status, due_date,
               requested_by, generated_at, submitted_at, confirmation_number, decided_at, rejection_reason, last_error,
               created_at, updated_at
          from app.regulatory_reports)
    select * from readable;
comment on view api.regulatory_reports is
    'Monthly regulatory filings: request with /rpc/request_regulatory_report, download files with /rpc/download_report_file, '
    'then /rpc/submit_regulatory_report and /rpc/record_regulatory_decision.';
comment on column api.regulatory_reports.organization_id is 'The organization.';
comment on column api.regulatory_reports.id is 'Report id (UUID v7).';
comment on column api.regulatory_reports.agency is 'Agency (see /filing_rules).';
comment on column api.regulatory_reports.form is 'Form (see /filing_rules).';
comment on column api.regulatory_reports.period is 'First day of the production month reported.';
comment on column api.regulatory_reports.scope is 'organization, lease or well.';
comment on column api.regulatory_reports.lease_id is 'The lease, for a lease report.';
comment on column api.regulatory_reports.well_id is 'The well, for a well report.';
comment on column api.regulatory_reports.amendment is '0 for the original filing; 1, 2, ... for amendments.';
comment on column api.regulatory_reports.status is 'draft, generating, generated, submitted, accepted or rejected.';
comment on column api.regulatory_reports.due_date is 'When it is due, rolled over weekends and the agency''s holidays.';
comment on column api.regulatory_reports.requested_by is 'The user who requested it.';
comment on column api.regulatory_reports.generated_at is 'When its files were generated.';
comment on column api.regulatory_reports.submitted_at is 'When it was submitted to the agency.';
comment on column api.regulatory_reports.confirmation_number is 'The agency''s confirmation number.';
comment on column api.regulatory_reports.decided_at is 'When the agency accepted or rejected it.';
comment on column api.regulatory_reports.rejection_reason is 'The agency''s reason for a rejection.';
comment on column api.regulatory_reports.last_error is 'Why the last generation attempt failed, if it did.';
comment on column api.regulatory_reports.created_at is 'When it was requested.';
comment on column api.regulatory_reports.updated_at is 'When it last changed.';

-- Read-only: a WITH query is not auto-updatable, so PostgREST offers GET only (and the
-- pre-request check answers 405 to other verbs). PostgreSQL inlines it: filters reach the table.
create view api.regulatory_report_files as
    with readable as (
        select organization_id, id, report_id, format, file_name, content_type, sha256, byte_size, created_at, updated_at
          from app.regulatory_report_files)
    select * from readable;
comment on view api.regulatory_report_files is 'Files of a report with their SHA-256; the bytes come from /rpc/download_report_file.';
comment on column api.regulatory_report_files.organization_id is 'The organization.';
comment on column api.regulatory_report_files.id is 'File id (UUID v7).';
comment on column api.regulatory_report_files.report_id is 'The report (see /regulatory_reports).';
comment on column api.regulatory_report_files.format is 'csv (the form''s layout), html or pdf.';
comment on column api.regulatory_report_files.file_name is 'File name for downloads.';
comment on column api.regulatory_report_files.content_type is 'MIME type.';
comment on column api.regulatory_report_files.sha256 is 'SHA-256 of the bytes, hexadecimal.';
comment on column api.regulatory_report_files.byte_size is 'Size in bytes.';
comment on column api.regulatory_report_files.created_at is 'When it was first generated.';
comment on column api.regulatory_report_files.updated_at is 'When it was last regenerated.';

create function api.request_regulatory_report(agency text, form text, period date, scope app.report_scope default 'organization',
                                              lease_id uuid default null, well_id uuid default null)
returns api.regulatory_reports
language plpgsql volatile security definer
set search_path = pg_catalog, app
as $$
declare
    report_id uuid := app.request_regulatory_report(agency, form, period, scope, lease_id, well_id);
begin
    return (select r from api.regulatory_reports r where r.id = report_id);
end
$$;
comment on function api.request_regulatory_report(text, text, date, app.report_scope, uuid, uuid) is
    'Requests a report for a production month that has ended; its files are generated in the background (status generating, then generated).';

create function api.submit_regulatory_report(report_id uuid, confirmation_number text) returns api.regulatory_reports
language plpgsql volatile security definer
set search_path = pg_catalog, app
as $$
begin
    perform app.submit_regulatory_report(report_id, confirmation_number);
    return (select r from api.regulatory_reports r where r.id = report_id);
end
$$;
comment on function api.submit_regulatory_report(uuid, text) is 'Marks a generated report submitted, with the agency''s confirmation number.';

create function api.record_regulatory_decision(report_id uuid, accepted boolean, reason text default null)
returns api.regulatory_reports
language plpgsql volatile security definer
set search_path = pg_catalog, app
as $$
begin
    perform app.record_regulatory_decision(report_id, accepted, reason);
    return (select r from api.regulatory_reports r where r.id = report_id);
end
$$;
comment on function api.record_regulatory_decision(uuid, boolean, text) is 'Records the agency''s acceptance, or rejection with its reason.';

create function api.download_report_file(report_id uuid, format text) returns api."*/*"
language plpgsql stable security definer
set search_path = pg_catalog, app
as $$
declare
    file record;
begin
    select f.file_name, f.content_type, f.content into file
      from api.regulatory_report_files m
      join app.regulatory_report_files f on f.organization_id = m.organization_id and f.id = m.id
     where m.report_id = download_report_file.report_id and m.format = download_report_file.format;
    if not found then
        perform app.raise_error(404, 'WF_REPORT_FILE_NOT_FOUND',
            format('Report %s has no %s file (yet)', report_id, format), 'format', 'Files appear once the report is generated');
    end if;
    perform set_config('response.headers', json_build_array(
        json_build_object('Content-Type', file.content_type),
        json_build_object('Content-Disposition', format('attachment; filename="%s"', file.file_name)))::text, true);
    return file.content;
end
$$;
comment on function api.download_report_file(uuid, text) is 'The bytes of a report file (format csv, html or pdf), as a download.';
grant select on api.regulatory_reports, api.regulatory_report_files
    to wellflow_user, wellflow_analyst;
grant execute on function api.request_regulatory_report(text, text, date, app.report_scope, uuid, uuid), api.submit_regulatory_report(uuid, text), api.record_regulatory_decision(uuid, boolean, text), api.download_report_file(uuid, text)
    to wellflow_user;
