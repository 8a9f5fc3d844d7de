-- Revert wellflow:plpgsql_checked from pg
-- The released functions, and one guard trigger function for distributions and their lines.
begin;
set local role wellflow_owner;

create or replace function app.production_import_check(organization uuid, rows jsonb, csv text, header_width integer,
                                            positions integer[]) returns integer
language plpgsql volatile
set search_path = pg_catalog, app
as $$
declare
    received integer;
begin
    -- The careful path: one statement checks every row and names the first rule each breaks.
    create temporary table if not exists import_rows (
        line integer, well_id uuid, well_label text, production_date date, oil_bbl numeric, gas_mcf numeric,
        water_bbl numeric, hours_on numeric, choke_64ths integer, tubing_pressure_psi numeric,
        casing_pressure_psi numeric, downtime_reason text, code text, field text, message text) on commit drop;
    truncate import_rows;
    insert into import_rows
    with staged as materialized (  -- each value once: the rules below refer to it several times
        select r.*, w.spud_date
          from app.production_import_rows(organization, rows, csv, header_width, positions) r
          left join app.wells w on w.organization_id = organization and w.id = r.well_id),
    -- The first failing rule names the row's reason (a CASE stops at the first true branch).
    coded as materialized (  -- the reason once per row: the steps below refer to it several times
        select r.*,
               case
                   when jsonb_typeof(r.item) = 'object' then 'WF_IMPORT_COLUMN_COUNT'  -- only CSV sets an object
                   when r.item is not null then 'WF_IMPORT_NOT_AN_OBJECT'
                   when r.well_id_text is null and r.well_number_text is null then 'WF_IMPORT_WELL_REQUIRED'
                   when r.well_id is null then 'WF_IMPORT_UNKNOWN_WELL'
                   when r.production_date is null then 'WF_IMPORT_BAD_DATE'
                   when r.production_date > current_date then 'WF_IMPORT_FUTURE_DATE'
                   when not app.is_sane_date(r.production_date) then 'WF_IMPORT_BAD_DATE'
                   when r.production_date < r.spud_date then 'WF_IMPORT_BEFORE_SPUD'
                   when r.oil_bbl is null then 'WF_IMPORT_NOT_A_NUMBER:oil_bbl'
                   when r.gas_mcf is null then 'WF_IMPORT_NOT_A_NUMBER:gas_mcf'
                   when r.water_bbl is null then 'WF_IMPORT_NOT_A_NUMBER:water_bbl'
                   -- The table's own value rules (sql/core/value_rules.sql), split only to name the reason.
                   when not app.is_volume(r.oil_bbl) and r.oil_bbl < 0 then 'WF_IMPORT_NEGATIVE_VOLUME:oil_bbl'
                   when not app.is_volume(r.gas_mcf) and r.gas_mcf < 0 then 'WF_IMPORT_NEGATIVE_VOLUME:gas_mcf'
                   when not app.is_volume(r.water_bbl) and r.water_bbl < 0 then 'WF_IMPORT_NEGATIVE_VOLUME:water_bbl'
                   when not app.is_volume(r.oil_bbl) then 'WF_IMPORT_PRECISION:oil_bbl'
                   when not app.is_volume(r.gas_mcf) then 'WF_IMPORT_PRECISION:gas_mcf'
                   when not app.is_volume(r.water_bbl) then 'WF_IMPORT_PRECISION:water_bbl'
                   when r.hours_text is not null and r.hours_on is null then 'WF_IMPORT_NOT_A_NUMBER:hours_on'
                   when not app.is_hours_on(r.hours_on) then 'WF_IMPORT_HOURS_RANGE'
                   when r.choke_text is not null and not coalesce(app.is_choke_64ths(r.choke_64ths), false)
                        then 'WF_IMPORT_CHOKE_RANGE'
                   when r.tubing_text is not null and not coalesce(app.is_pressure_psi(r.tubing_pressure_psi), false)
                        then 'WF_IMPORT_PRESSURE_RANGE:tubing_pressure_psi'
                   when r.casing_text is not null and not coalesce(app.is_pressure_psi(r.casing_pressure_psi), false)
                        then 'WF_IMPORT_PRESSURE_RANGE:casing_pressure_psi'
                   when char_length(r.downtime_reason) > 200 then 'WF_IMPORT_TOO_LONG'
               end as reason
          from staged r),
    checked as (
        select c.*, split_part(c.reason, ':', 1) as code,
               case split_part(c.reason, ':', 1)
                   when 'WF_IMPORT_NOT_AN_OBJECT' then 'rows'
                   when 'WF_IMPORT_COLUMN_COUNT' then 'csv'
                   when 'WF_IMPORT_WELL_REQUIRED' then 'well_number'
                   when 'WF_IMPORT_UNKNOWN_WELL' then case when c.well_id_text is null then 'well_number' else 'well_id' end
                   when 'WF_IMPORT_BAD_DATE' then 'production_date'
                   when 'WF_IMPORT_FUTURE_DATE' then 'production_date'
                   when 'WF_IMPORT_BEFORE_SPUD' then 'production_date'
                   when 'WF_IMPORT_HOURS_RANGE' then 'hours_on'
                   when 'WF_IMPORT_CHOKE_RANGE' then 'choke_64ths'
                   when 'WF_IMPORT_TOO_LONG' then 'downtime_reason'
                   else split_part(c.reason, ':', 2)
               end as field,
               case split_part(c.reason, ':', 1)
                   when 'WF_IMPORT_NOT_AN_OBJECT' then 'Each row must be a JSON object'
                   when 'WF_IMPORT_COLUMN_COUNT' then format('%s fields where the header names %s',
                                                             c.item ->> '_columns', coalesce(header_width, 0))
                   when 'WF_IMPORT_WELL_REQUIRED' then 'Give the well_number or the well_id'
                   when 'WF_IMPORT_UNKNOWN_WELL' then format('No well %s in this organization', c.well_label)
                   when 'WF_IMPORT_BAD_DATE' then format('%s is not a date (YYYY-MM-DD, from 1900)',
                                                         coalesce(c.date_text, 'null'))
                   when 'WF_IMPORT_FUTURE_DATE' then format('%s is in the future', c.production_date)
                   when 'WF_IMPORT_BEFORE_SPUD' then format('%s is before the well''s spud date %s',
                                                            c.production_date, c.spud_date)
                   when 'WF_IMPORT_NOT_A_NUMBER' then format('%s is not a number', c.offending_text)
                   when 'WF_IMPORT_NEGATIVE_VOLUME' then format('%s %s is negative', split_part(c.reason, ':', 2),
                                                                c.offending_text)
                   when 'WF_IMPORT_PRECISION' then 'Volumes carry at most 3 decimals'
                   when 'WF_IMPORT_HOURS_RANGE' then format('hours_on %s is outside 0-24 (2 decimals)', c.hours_on)
                   when 'WF_IMPORT_CHOKE_RANGE' then format('choke_64ths %s is not a whole number of 64ths in 0-256',
                                                            c.choke_text)
                   when 'WF_IMPORT_PRESSURE_RANGE' then 'Pressures are 0-50000 psi with 1 decimal'
                   when 'WF_IMPORT_TOO_LONG' then 'downtime_reason has at most 200 characters'
               end as message
          from (select c.*, case split_part(c.reason, ':', 2) when 'oil_bbl' then c.oil_text
                                 when 'gas_mcf' then c.gas_text when 'water_bbl' then c.water_text
                                 when 'hours_on' then c.hours_text end as offending_text
                  from coded c) c)
    select line, well_id, well_label, production_date, oil_bbl, gas_mcf, water_bbl, hours_on,
           case when code is null then choke_64ths::integer end,
           tubing_pressure_psi, casing_pressure_psi, downtime_reason, code, field, message
      from checked;
    get diagnostics received = row_count;

    -- The same well and day twice in one payload: the first valid occurrence wins.
    update import_rows r
       set code = 'WF_IMPORT_DUPLICATE_ROW', field = 'production_date',
           message = format('Line %s already has this well and day', d.first_line)
      from (select line, min(line) over (partition by well_id, production_date) as first_line
              from import_rows where code is null) d
     where r.line = d.line and d.first_line <> d.line;

    return received;
end
$$;
comment on function app.production_import_check(uuid, jsonb, text, integer, integer[]) is
    'Import step 3: checks every row into import_rows with the first rule it breaks; answers the rows received.';

create or replace function app.production_import_careful(organization uuid, rows jsonb, csv text, header_width integer,
                                              positions integer[], mode app.import_mode) returns jsonb
language plpgsql volatile
set search_path = pg_catalog, app
as $$
declare
    received integer;
    rejected jsonb;
    inserted integer := 0;
    updated integer := 0;
    valid integer;
begin
    received := app.production_import_check(organization, rows, csv, header_width, positions);
    -- Statistics on the working set, so the steps below are planned for its real size.
    analyze import_rows;

    select coalesce(jsonb_agg(jsonb_build_object('line', line, 'well', well_label, 'production_date', production_date,
                                                 'code', code, 'field', field, 'message', message) order by line)
                        filter (where code is not null), '[]'),
           count(*) filter (where code is null)
      into rejected, valid
      from import_rows;

    if mode = 'all_or_nothing' and jsonb_array_length(rejected) > 0 then
        perform set_config('response.status', '422', true);
        return jsonb_build_object('mode', mode, 'received', received, 'inserted', 0, 'updated', 0, 'unchanged', 0,
                                  'rejected', rejected,
                                  'message', format('%s of %s rows were rejected; nothing was imported',
                                                    jsonb_array_length(rejected), received));
    end if;

    -- One probe of the primary key per row, whatever the payload's shape: the upsert itself tells
    -- a new day from a replaced one (a new row's two stamps are the same statement time; an update
    -- restamps updated_at), and an equal day is not written at all.
    with upserted as (
        insert into app.production as p (organization_id, well_id, production_date, oil_bbl, gas_mcf, water_bbl, hours_on,
                                         choke_64ths, tubing_pressure_psi, casing_pressure_psi, downtime_reason,
                                         created_at, updated_at)
        select organization, well_id, production_date, oil_bbl, gas_mcf, water_bbl, hours_on,
               choke_64ths, tubing_pressure_psi, casing_pressure_psi, downtime_reason,
               statement_timestamp(), statement_timestamp()
          from import_rows where code is null
         order by well_id, production_date
        on conflict (organization_id, well_id, production_date) do update
           set oil_bbl = excluded.oil_bbl, gas_mcf = excluded.gas_mcf, water_bbl = excluded.water_bbl,
               hours_on = excluded.hours_on, choke_64ths = excluded.choke_64ths,
               tubing_pressure_psi = excluded.tubing_pressure_psi, casing_pressure_psi = excluded.casing_pressure_psi,
               downtime_reason = excluded.downtime_reason
         where (p.oil_bbl, p.gas_mcf, p.water_bbl, p.hours_on, p.choke_64ths, p.tubing_pressure_psi,
                p.casing_pressure_psi, p.downtime_reason)
               is distinct from
               (excluded.oil_bbl, excluded.gas_mcf, excluded.water_bbl, excluded.hours_on, excluded.choke_64ths,
                excluded.tubing_pressure_psi, excluded.casing_pressure_psi, excluded.downtime_reason)
        returning p.created_at = p.updated_at as is_new)
    select count(*) filter (where is_new), count(*) filter (where not is_new) into inserted, updated from upserted;

    return jsonb_build_object('mode', mode, 'received', received, 'inserted', inserted, 'updated', updated,
                              'unchanged', valid - inserted - updated, 'rejected', rejected);
end
$$;
comment on function app.production_import_careful(uuid, jsonb, text, integer, integer[], app.import_mode) is
    'Import step 4: the report of rejected rows, then the upsert of the valid ones with their counts.';

create or replace function app.validate_production() returns integer
language plpgsql volatile security definer
set search_path = pg_catalog, app
as $$
declare
    org uuid := app.current_organization_id();
    found_count integer;
begin
    create temporary table validation_scope on commit drop as
    with claimed as (
        delete from app.production_validation_queue q where q.organization_id = org
        returning q.well_id, q.month)
    select c.well_id, c.month, w.status, w.status_date, w.well_type, w.spud_date, w.first_production_date
      from claimed c join app.wells w on w.organization_id = org and w.id = c.well_id;

    create temporary table validation_findings on commit drop as
    with days as (
        select p.well_id, p.production_date, p.oil_bbl, p.gas_mcf, p.water_bbl,
               avg(p.oil_bbl) over w7 as oil_avg, avg(p.gas_mcf) over w7 as gas_avg, count(*) over w7 as prior_days
          from app.production p
         where p.organization_id = org
           and exists (select from validation_scope s
                        where s.well_id = p.well_id and p.production_date >= s.month - 7
                          and p.production_date < s.month + interval '1 month')
        window w7 as (partition by p.well_id order by p.production_date
                      range between interval '7 days' preceding and interval '1 day' preceding)),
    months as (
        select s.well_id, s.month, s.status, s.status_date, s.well_type, s.spud_date, s.first_production_date,
               m.oil_bbl, m.gas_mcf, m.water_bbl, m.reported_days,
               (select coalesce(sum(p.oil_bbl + p.gas_mcf + p.water_bbl), 0) from app.production p
                 where p.organization_id = org and p.well_id = s.well_id and p.production_date >= s.status_date
                   and p.production_date >= s.month and p.production_date < s.month + interval '1 month')
                   as volume_since_status,
               (select count(*) from app.production p where p.organization_id = org and p.well_id = s.well_id
                   and p.production_date < s.spud_date
                   and p.production_date >= s.month and p.production_date < s.month + interval '1 month'
                   and p.oil_bbl + p.gas_mcf + p.water_bbl > 0) as days_before_spud,
               (select count(*) from generate_series(greatest(s.month, s.first_production_date),
                                                     least((s.month + interval '1 month - 1 day')::date, current_date - 1),
                                                     interval '1 day') d
                 where not exists (select from app.production p where p.organization_id = org
                                      and p.well_id = s.well_id and p.production_date = d::date)) as missing_days
          from validation_scope s
          left join app.production_monthly_wells m on m.organization_id = org and m.well_id = s.well_id
                                                   and m.month = s.month)
    select d.well_id, d.production_date as issue_date, 'spike'::app.data_quality_kind as kind, v.field,
           v.observed, round(v.expected, 3) as expected,
           format('%s of %s on %s is over 3 times the trailing 7-day average (%s)', v.field, v.observed,
                  d.production_date, round(v.expected, 1)) as message
      from days d
     cross join lateral (values ('oil_bbl', d.oil_bbl, d.oil_avg), ('gas_mcf', d.gas_mcf, d.gas_avg)) v (field, observed, expected)
     where (d.well_id, date_trunc('month', d.production_date)::date) in (select well_id, month from validation_scope)
       and d.prior_days >= 3 and v.expected > 0 and v.observed > 3 * v.expected and v.observed - v.expected >= 10
    union all
    select m.well_id, m.month, 'missing_days', 'production_date', m.missing_days, 0,
           format('%s day(s) of %s have no production row for a producing well', m.missing_days, to_char(m.month, 'YYYY-MM'))
      from months m where m.status = 'producing' and m.first_production_date is not null and m.missing_days > 0
    union all
    select m.well_id, m.month, 'production_on_inactive_well', 'oil_bbl', m.volume_since_status, 0,
           format('The well is %s since %s but reports production in %s', m.status, m.status_date,
                  to_char(m.month, 'YYYY-MM'))
      from months m
     where m.status in ('shut_in', 'temporarily_abandoned', 'plugged_and_abandoned') and m.volume_since_status > 0
    union all
    select m.well_id, m.month, 'production_before_spud', 'production_date', m.days_before_spud, 0,
           format('%s day(s) of production before the spud date %s', m.days_before_spud, m.spud_date)
      from months m where m.days_before_spud > 0
    union all
    select m.well_id, m.month, 'gas_oil_ratio_out_of_range', 'gas_mcf', round(m.gas_mcf * 1000 / m.oil_bbl, 1), 50000,
           format('Monthly GOR %s scf/bbl is above 50,000 for an oil well', round(m.gas_mcf * 1000 / m.oil_bbl, 1))
      from months m where m.well_type = 'oil' and m.oil_bbl > 0 and m.gas_mcf * 1000 / m.oil_bbl > 50000
    union all
    select m.well_id, m.month, 'water_cut_out_of_range', 'water_bbl', round(m.water_bbl / (m.oil_bbl + m.water_bbl), 4), 0.99,
           format('Monthly water cut %s is above 0.99 for an oil well', round(m.water_bbl / (m.oil_bbl + m.water_bbl), 4))
      from months m where m.well_type = 'oil' and m.oil_bbl + m.water_bbl > 0
                      and m.water_bbl / (m.oil_bbl + m.water_bbl) > 0.99;

    insert into app.data_quality_issues as i (organization_id, well_id, issue_date, kind, field, observed, expected, message)
    select org, f.well_id, f.issue_date, f.kind, f.field, f.observed, f.expected, f.message from validation_findings f
    on conflict (organization_id, well_id, issue_date, kind, field) do update
       set observed = excluded.observed, expected = excluded.expected, message = excluded.message,
           status = 'open', resolved_at = null
     where (i.observed, i.expected, i.message, i.status) is distinct from
           (excluded.observed, excluded.expected, excluded.message, 'open'::app.data_quality_status);
    get diagnostics found_count = row_count;

    update app.data_quality_issues i
       set status = 'resolved', resolved_at = clock_timestamp()
     where i.organization_id = org and i.status = 'open'
       and (i.well_id, date_trunc('month', i.issue_date)::date) in (select well_id, month from validation_scope)
       and not exists (select from validation_findings f where f.well_id = i.well_id and f.issue_date = i.issue_date
                                                          and f.kind = i.kind and f.field = i.field);
    drop table validation_scope;
    drop table validation_findings;
    return found_count;
end
$$;
comment on function app.validate_production() is
    'Validates the current organization''s queued well-months: upserts the issues found, resolves the ones gone.';

create or replace function app.revenue_distributions_guard() returns trigger
language plpgsql
set search_path = pg_catalog, app
as $$
declare
    distribution_status app.distribution_status;
begin
    if tg_table_name = 'revenue_distributions' then
        distribution_status := old.status;
    else
        select d.status into distribution_status from app.revenue_distributions d
         where d.organization_id = coalesce(new.organization_id, old.organization_id)
           and d.id = coalesce(new.distribution_id, old.distribution_id);
    end if;
    if distribution_status is null and tg_op <> 'DELETE' then
        perform app.raise_error(404, 'WF_DISTRIBUTION_NOT_FOUND', 'The line''s distribution is not visible here',
            'distribution_id', null);
    end if;
    if distribution_status = 'approved' then
        perform app.raise_error(409, 'WF_DISTRIBUTION_APPROVED',
            'An approved revenue distribution cannot change', 'status',
            'Correct it with a prior-period adjustment in a later month');
    end if;
    return case when tg_op = 'DELETE' then old else new end;
end
$$;
comment on function app.revenue_distributions_guard() is 'Trigger: approved revenue distributions and their lines are immutable.';

create or replace function app.load_distribution_deck(org uuid, well app.wells, product app.product, first_day date)
returns uuid
language plpgsql volatile
set search_path = pg_catalog, app
as $$
declare
    deck_total numeric;
    residue_line uuid;
begin
    create temporary table if not exists distribution_deck (
        division_order_id uuid, owner_company_id uuid, interest_type app.interest_type, decimal_interest numeric,
        pay_status app.pay_status, suspense_reason app.suspense_reason) on commit drop;
    truncate distribution_deck;
    insert into distribution_deck
    select o.id, o.owner_company_id, o.interest_type, o.decimal_interest,
           case when o.pay_status = 'suspense' or c.tax_id is null then 'suspense' else 'pay' end::app.pay_status,
           case when o.pay_status = 'suspense' then o.suspense_reason
                when c.tax_id is null then 'missing_tax_id' end
      from app.division_orders o
      join app.companies c on c.organization_id = o.organization_id and c.id = o.owner_company_id
     where o.organization_id = org and o.well_id = well.id and o.status = 'active'
       and o.effective @> first_day and o.products && app.product_range(load_distribution_deck.product);

    select coalesce(sum(d.decimal_interest), 0) into deck_total from distribution_deck d;
    if deck_total <> 1 then
        perform app.raise_error(422, 'WF_DECK_NOT_ONE',
            format('The %s deck of %s on %s sums to %s, %s %s 1.00000000; a distribution needs exactly 1',
                   product, well.name, first_day, to_char(deck_total, 'FM0.00000000'),
                   to_char(abs(1 - deck_total), 'FM0.00000000'), case when deck_total < 1 then 'short of' else 'over' end),
            'decimal_interest', 'Correct the decimals at /division_orders');
    end if;
    select d.division_order_id into residue_line from distribution_deck d
     where d.owner_company_id = well.operator_company_id
     order by d.interest_type = 'wi' desc, d.decimal_interest desc, d.division_order_id
     limit 1;
    if residue_line is null then
        perform app.raise_error(422, 'WF_DECK_NO_OPERATOR',
            format('The %s deck of %s has no line for the well''s operator, who takes the rounding residue', product, well.name),
            'owner_company_id', 'Add the operator''s division order, or set the well''s operator_company_id');
    end if;

    return residue_line;
end
$$;
comment on function app.load_distribution_deck(uuid, app.wells, app.product, date) is
    'Distribution step: loads the deck in effect into distribution_deck, checks it, and answers the residue line.';

create or replace function app.write_distribution_lines(org uuid, distribution_id uuid, residue_line uuid, volume numeric,
                                             price numeric, rate numeric, per_unit numeric, other_deductions numeric)
returns void
language plpgsql volatile
set search_path = pg_catalog, app
as $$
begin
    with exact as (
        select d.*,
               round(write_distribution_lines.volume * write_distribution_lines.price * d.decimal_interest, 2) as gross,
               round(write_distribution_lines.volume * write_distribution_lines.price * d.decimal_interest * rate
                     + write_distribution_lines.volume * d.decimal_interest * per_unit, 2) as tax,
               round(write_distribution_lines.other_deductions * d.decimal_interest, 2) as deductions
          from distribution_deck d),
    residue as (
        select r.gross_value - sum(e.gross) as gross, r.severance_tax - sum(e.tax) as tax,
               r.other_deductions - sum(e.deductions) as deductions
          from exact e cross join app.revenue_distributions r
         where r.organization_id = org and r.id = write_distribution_lines.distribution_id
         group by r.gross_value, r.severance_tax, r.other_deductions),
    final as (
        select e.*,
               e.gross + case when e.division_order_id = residue_line then r.gross else 0 end as line_gross,
               e.tax + case when e.division_order_id = residue_line then r.tax else 0 end as line_tax,
               e.deductions + case when e.division_order_id = residue_line then r.deductions else 0 end as line_deductions,
               case when e.division_order_id = residue_line then r.gross else 0 end as gross_residue,
               case when e.division_order_id = residue_line then r.tax else 0 end as tax_residue,
               case when e.division_order_id = residue_line then r.deductions else 0 end as deductions_residue
          from exact e cross join residue r)
    insert into app.revenue_distribution_lines (organization_id, distribution_id, division_order_id, owner_company_id,
                                                interest_type, decimal_interest, gross_value, severance_tax,
                                                other_deductions, net_value, gross_residue, tax_residue,
                                                deductions_residue, pay_status, suspense_reason)
    select org, write_distribution_lines.distribution_id, f.division_order_id, f.owner_company_id, f.interest_type, f.decimal_interest,
           f.line_gross, f.line_tax, f.line_deductions, f.line_gross - f.line_tax - f.line_deductions,
           f.gross_residue, f.tax_residue, f.deductions_residue,
           f.pay_status, f.suspense_reason
      from final f;
end
$$;
comment on function app.write_distribution_lines(uuid, uuid, uuid, numeric, numeric, numeric, numeric, numeric) is
    'Distribution step: writes the owner lines of a distribution, the rounding residue on the residue line.';

create or replace function app.stamp_actor() returns trigger
language plpgsql
set search_path = pg_catalog, app
as $$
declare
    actor constant uuid := app.current_user_id();
    column_name text;
    written jsonb := to_jsonb(new);
    stamped jsonb := '{}';
begin
    if actor is null then
        return new;
    end if;
    foreach column_name in array tg_argv loop
        if written ->> column_name is not null
           and (tg_op = 'INSERT' or written -> column_name is distinct from to_jsonb(old) -> column_name) then
            stamped := stamped || jsonb_build_object(column_name, actor);
        end if;
    end loop;
    if stamped = '{}' then
        return new;
    end if;
    return jsonb_populate_record(new, stamped);
end
$$;
comment on function app.stamp_actor() is
    'Trigger: the listed who-did-it columns take the signed-in user whenever a request writes them.';

create or replace trigger revenue_distribution_lines_guard before insert or update or delete on app.revenue_distribution_lines
    for each row execute function app.revenue_distributions_guard();
drop function app.revenue_distribution_lines_guard();
drop function app.refuse_approved_distribution(app.distribution_status);

commit;
