-- Deploy wellflow:well_completions to pg
-- Wells get completions, each with its OCD pool and share of the well's volumes; the pool code moves
-- from the well to its completion. The C-115 and the OGOR have a line per completion, and a report's
-- rows say which wells inject, with their average pressure.
begin;
set local role wellflow_owner;

create table app.well_completions (
    organization_id uuid not null references app.organizations (id),
    id uuid not null default app.uuid_generate_v7(),
    well_id uuid not null,
    -- The operator's designation of the interval, as the agencies' producing interval codes go: 1 to 3
    -- capitals or digits, e.g. 1, 01S, A.
    completion_code text not null constraint well_completions_completion_code_check check (completion_code ~ '^[0-9A-Z]{1,3}$'),
    formation text constraint well_completions_formation_check check (formation ~ '^\S(.{0,98}\S)?$'),
    -- New Mexico Oil Conservation Division pool code, six digits at most.
    -- squawk-ignore prefer-bigint-over-int
    ocd_pool_code integer constraint well_completions_ocd_pool_code_check check (ocd_pool_code between 1 and 999999),
    -- The part of the well's measured volumes reported for this completion; a well's completions sum to 1.
    production_share numeric not null default 1 constraint well_completions_production_share_check
        check (production_share > 0 and production_share <= 1 and production_share = round(production_share, 4)),
    top_perforation_ft numeric constraint well_completions_top_perforation_ft_check
        check (top_perforation_ft >= 0 and top_perforation_ft < 100000 and top_perforation_ft = round(top_perforation_ft, 2)),
    bottom_perforation_ft numeric constraint well_completions_bottom_perforation_ft_check
        check (bottom_perforation_ft > 0 and bottom_perforation_ft < 100000
               and bottom_perforation_ft = round(bottom_perforation_ft, 2)),
    created_at timestamptz not null default clock_timestamp(),
    updated_at timestamptz not null default clock_timestamp(),
    primary key (organization_id, id),
    constraint well_completions_completion_code_key unique (organization_id, well_id, completion_code),
    constraint well_completions_well_id_fkey foreign key (organization_id, well_id)
        references app.wells (organization_id, id) on delete cascade,
    constraint well_completions_perforations_check check (top_perforation_ft < bottom_perforation_ft)
);
comment on table app.well_completions is
    'A well''s completions (producing intervals): code, formation, OCD pool and the share of the well''s volumes reported for it.';

-- A pool code names a New Mexico pool, so only a New Mexico well (state code 30) has completions with
-- one: checked when a completion is written and when a well is renumbered, after the row is final
-- (the well number normalized). Arguments: the firing row's column that names the well, and the
-- field the error names.
create function app.completion_pools_in_new_mexico() returns trigger
language plpgsql security definer
set search_path = pg_catalog, app
as $$
declare
    well uuid := (to_jsonb(new) ->> tg_argv[0])::uuid;
begin
    if exists (select from app.well_completions c
                 join app.wells w on w.organization_id = c.organization_id and w.id = c.well_id
                where c.organization_id = new.organization_id and c.well_id = well and c.ocd_pool_code is not null
                  and w.well_number not like '30%') then
        perform app.raise_error(400, 'WF_COMPLETION_POOL_STATE', 'An OCD pool code is for a New Mexico well (state code 30)',
            tg_argv[1], 'Pool codes go on the completions of a New Mexico well: clear them on /well_completions for a '
                        'well of another state');
    end if;
    return null;
end
$$;
comment on function app.completion_pools_in_new_mexico() is
    'Trigger: only a New Mexico well has completions with OCD pool codes (on completions and on wells).';

-- Deferred to commit, so a well can gain a second completion and both shares change in one transaction.
create function app.well_completions_check_shares() returns trigger
language plpgsql security definer
set search_path = pg_catalog, app
as $$
declare
    line app.well_completions := case when tg_op = 'DELETE' then old else new end;
    well uuid;
    total numeric;
begin
    foreach well in array array_remove(array[line.well_id,
                                             case when tg_op = 'UPDATE' and old.well_id <> new.well_id then old.well_id end],
                                       null) loop
        select sum(c.production_share) into total
          from app.well_completions c where c.organization_id = line.organization_id and c.well_id = well;
        if total <> 1 then
            perform app.raise_error(422, 'WF_COMPLETION_SHARES',
                format('The completions of well %s share %s of its production, not 1', well, to_char(total, 'FM0.0000')),
                'production_share', 'Change the completions'' shares in one transaction so they sum to exactly 1');
        end if;
    end loop;
    return null;
end
$$;
comment on function app.well_completions_check_shares() is
    'Constraint trigger (deferred): a well''s completions share exactly all of its production.';

create trigger well_completions_pools_in_new_mexico after insert or update of well_id, ocd_pool_code
    on app.well_completions
    for each row execute function app.completion_pools_in_new_mexico('well_id', 'ocd_pool_code');
create trigger wells_keep_completion_pools after update of well_number on app.wells
    for each row when (old.well_number is distinct from new.well_number)
    execute function app.completion_pools_in_new_mexico('id', 'well_number');
create constraint trigger well_completions_check_shares after insert or update or delete on app.well_completions
    deferrable initially deferred
    for each row execute function app.well_completions_check_shares();
create trigger well_completions_set_updated_at before update on app.well_completions
    for each row execute function app.set_updated_at();
create trigger well_completions_audit after insert or update or delete on app.well_completions
    for each row execute function app.audit_change();
create trigger well_completions_require_asset_writer before insert or update or delete on app.well_completions
    for each statement execute function app.require_org_role('asset_writers');

alter table app.well_completions enable row level security;
alter table app.well_completions force row level security;
create policy well_completions_tenant_read on app.well_completions
    for select
    using (organization_id = (select app.current_organization_id()));
create policy well_completions_asset_writer_write on app.well_completions
    for all
    using (organization_id = (select app.current_organization_id()) and (select app.current_role_may('asset_writers')))
    with check (organization_id = (select app.current_organization_id()) and (select app.current_role_may('asset_writers')));

grant select, insert, update, delete on app.well_completions to wellflow_api;
grant select on app.well_completions to wellflow_worker;
set local role wellflow_api;

create view api.well_completions as
    select organization_id, id, well_id, completion_code, formation, ocd_pool_code, production_share, top_perforation_ft,
           bottom_perforation_ft, created_at, updated_at
      from app.well_completions;
alter view api.well_completions alter column organization_id set default app.current_organization_id();
comment on view api.well_completions is
    'A well''s completions (producing intervals), each with its OCD pool and the share of the well''s measured volumes '
    'reported for it: the New Mexico C-115 and the OGOR file one line per completion. A well''s shares sum to exactly 1 at '
    'commit (WF_COMPLETION_SHARES); a well without completions is filed as one line. Everyone reads; owners, admins, '
    'managers and engineers write.';
comment on column api.well_completions.organization_id is 'The organization; defaults to the signed-in one.';
comment on column api.well_completions.id is 'Completion id (UUID v7).';
comment on column api.well_completions.well_id is 'The well (see /wells).';
comment on column api.well_completions.completion_code is 'The producing interval''s code: 1 to 3 capitals or digits, unique per well.';
comment on column api.well_completions.formation is 'The formation it produces from.';
comment on column api.well_completions.ocd_pool_code is
    'New Mexico only: the Oil Conservation Division pool code (WF_COMPLETION_POOL_STATE for another state''s well).';
comment on column api.well_completions.production_share is
    'The part of the well''s volumes reported for this completion, over 0 up to 1, 4 decimals; 1 for a single completion.';
comment on column api.well_completions.top_perforation_ft is 'Top of the perforated interval, feet measured depth.';
comment on column api.well_completions.bottom_perforation_ft is 'Bottom of the perforated interval, feet measured depth.';
comment on column api.well_completions.created_at is 'When it was created.';
comment on column api.well_completions.updated_at is 'When it was last changed.';
grant select on api.well_completions to wellflow_user, wellflow_analyst;
grant insert, update, delete on api.well_completions to wellflow_user;

-- Each well's pool code becomes its one completion, 1, with all of its production. The pool codes
-- were checked against the well's state when they were set, and moving them is no one's edit to
-- audit, so triggers are off for the copy (which needs the superuser).
reset role;
set local session_replication_role = replica;
insert into app.well_completions (organization_id, well_id, completion_code, ocd_pool_code)
select w.organization_id, w.id, '1', w.ocd_pool_code from app.wells w where w.ocd_pool_code is not null;
set local session_replication_role = origin;

set local role wellflow_api;
drop view api.wells;
set local role wellflow_owner;
-- A pool code belongs to a completion of the well (/well_completions), not to the well.
-- squawk-ignore ban-drop-column
alter table app.wells drop column ocd_pool_code;
set local role wellflow_api;
create view api.wells as
    select organization_id, id, well_number, app.format_well_number(well_number) as well_number_formatted,
           name, lease_id, field_id, operator_company_id, status, well_type, horizontal, offshore,
           drilling_contractor_id, rig_name, surface_latitude, surface_longitude, spud_date, completion_date,
           first_production_date, measured_depth, true_vertical_depth, lateral_length, created_at, updated_at,
           status_date, surface_location, operated, ndic_file_number
      from app.wells;
alter view api.wells alter column organization_id set default app.current_organization_id();
comment on view api.wells is
    'Wells by US well number. Everyone reads; owners, admins, managers and engineers write. Depths and lengths in feet.';
comment on column api.wells.organization_id is 'The organization; defaults to the signed-in one.';
comment on column api.wells.id is 'Well id (UUID v7).';
comment on column api.wells.well_number is
    'US well number, stored as 14 digits. Accepts 10, 12 or 14 digits with or without dashes; errors WF_WELL_NUMBER_NOT_DIGITS, _LENGTH, _STATE, _COUNTY.';
comment on column api.wells.well_number_formatted is 'The well number for display: 42-501-20130-03-00. Read-only.';
comment on column api.wells.name is 'Well name, 1-200 characters.';
comment on column api.wells.lease_id is 'The lease (see /leases).';
comment on column api.wells.field_id is 'The field (see /fields).';
comment on column api.wells.operator_company_id is 'The operating company; must hold the operator role (see /companies).';
comment on column api.wells.status is 'permitted, drilling, completing, producing, shut_in, temporarily_abandoned, plugged_and_abandoned or injecting.';
comment on column api.wells.well_type is 'oil, gas, oil_and_gas, water_injection, gas_injection, salt_water_disposal, water_supply or observation.';
comment on column api.wells.horizontal is 'True for horizontal wells, which require lateral_length.';
comment on column api.wells.offshore is 'Derived from the well number when omitted; must match it when given (WF_OFFSHORE_MISMATCH).';
comment on column api.wells.drilling_contractor_id is 'The drilling contractor; must hold the drilling_contractor role.';
comment on column api.wells.rig_name is 'Rig name or number.';
comment on column api.wells.surface_latitude is 'Surface latitude, WGS 84 decimal degrees in [-90, 90].';
comment on column api.wells.surface_longitude is 'Surface longitude, WGS 84 decimal degrees in [-180, 180].';
comment on column api.wells.spud_date is 'Date drilling started.';
comment on column api.wells.completion_date is 'Completion date; not before spud_date.';
comment on column api.wells.first_production_date is 'First production; not before spud_date or completion_date.';
comment on column api.wells.measured_depth is 'Measured depth along the wellbore (MD), feet.';
comment on column api.wells.true_vertical_depth is 'True vertical depth (TVD), feet; at most measured_depth.';
comment on column api.wells.lateral_length is 'Horizontal lateral length, feet, under 100,000; required when horizontal.';
comment on column api.wells.created_at is 'When the well was created.';
comment on column api.wells.updated_at is 'When the well was last changed.';
comment on column api.wells.status_date is
    'When the current status took effect; defaults to today when the status changes. Production after a shut-in or plugging date is flagged.';
comment on column api.wells.surface_location is
    'Surface location as a GeoJSON-ready point (SRID 4326), derived from surface_latitude and surface_longitude. '
    'Read-only. Ask with Accept: application/geo+json for a FeatureCollection.';
comment on column api.wells.operated is
    'true (default) when this organization operates the well and files its regulatory reports; false for a well a partner '
    'operates, which no report of this organization lists.';
comment on column api.wells.ndic_file_number is 'North Dakota: the Industrial Commission well file number.';
grant select on api.wells
    to wellflow_user, wellflow_analyst;
-- surface_location is derived: a value for it is refused (400, 428C9) before it is read.
grant insert, update, delete on api.wells
    to wellflow_user;

set local role wellflow_owner;
-- A constant default: a catalog change, no rewrite of the five-row table.
alter table ref.filing_rules add column per_completion boolean not null default false;
update ref.filing_rules set per_completion = true where (agency, form) in (('NM-OCD', 'C-115'), ('ONRR', 'OGOR'));
set local role wellflow_api;
drop view api.filing_rules;
create view api.filing_rules as
    with readable as (
        select agency, form, title, state_code, months_after, due_day, source, primary_source, lease_types, per_completion
          from ref.filing_rules)
    select * from readable;
comment on view api.filing_rules is 'When each monthly report is due, with the rule''s source.';
comment on column api.filing_rules.agency is 'Agency: NM-OCD, ND-DMR, ONRR, TX-RRC.';
comment on column api.filing_rules.form is 'Form: C-115, FORM-5, FORM-5B, OGOR, PR.';
comment on column api.filing_rules.title is 'Form title.';
comment on column api.filing_rules.state_code is 'Well-number state whose wells the form covers; empty for federal forms.';
comment on column api.filing_rules.months_after is 'Months after the production month in which the report is due.';
comment on column api.filing_rules.due_day is
    'Day of that month; empty means its last day. Weekends and the agency''s holidays (/agency_holidays; federal ones for ONRR) '
    'move it to the next business day.';
comment on column api.filing_rules.source is 'Regulation or source of the rule.';
comment on column api.filing_rules.primary_source is 'True when the rule comes from the regulation itself.';
comment on column api.filing_rules.lease_types is
    'The lease types (fee, state, federal, tribal) whose wells the form covers; empty for all. ONRR''s OGOR: federal and tribal.';
comment on column api.filing_rules.per_completion is
    'True when the form has a line per completion (/well_completions, with its share of the well''s volumes) rather than '
    'per well: the C-115 and the OGOR.';

grant select on api.filing_rules to wellflow_user, wellflow_analyst, wellflow_anon;

set local role wellflow_owner;
drop function app.regulatory_report_rows(uuid);
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

grant execute on function app.regulatory_report_rows(uuid) to wellflow_worker;

commit;
