-- Meter statements: a month's gas (with its heat content) or water measured at a measurement point,
-- from the meter's chart or electronic flow measurement, or the gatherer's statement.
set local role wellflow_owner;

create type app.metered_product as enum ('gas', 'water');

create table app.meter_statements (
    organization_id uuid not null references app.organizations (id),
    id uuid not null default app.uuid_generate_v7(),
    measurement_point_id uuid not null,
    month date not null constraint meter_statements_month_check check (month = date_trunc('month', month) and app.is_sane_date(month)),
    product app.metered_product not null,
    -- mcf of gas, or barrels of water.
    volume numeric not null constraint meter_statements_volume_check check (app.is_volume(volume) and volume < 100000000),
    -- Gas only: the heat content of the volume, MMBtu.
    heat_content_mmbtu numeric constraint meter_statements_heat_content_mmbtu_check check (
        app.is_volume(heat_content_mmbtu) and heat_content_mmbtu < 100000000),
    purchaser_company_id uuid,
    created_at timestamptz not null default clock_timestamp(),
    updated_at timestamptz not null default clock_timestamp(),
    primary key (organization_id, id),
    constraint meter_statements_product_key unique (organization_id, measurement_point_id, month, product),
    constraint meter_statements_measurement_point_id_fkey foreign key (organization_id, measurement_point_id)
        references app.measurement_points (organization_id, id),
    constraint meter_statements_purchaser_company_id_fkey foreign key (organization_id, purchaser_company_id)
        references app.companies (organization_id, id),
    constraint meter_statements_heat_content_mmbtu_product_check check (heat_content_mmbtu is null or product = 'gas')
);
comment on table app.meter_statements is 'A month''s metered gas (with heat content) or water at a measurement point.';

create trigger meter_statements_set_updated_at before update on app.meter_statements
    for each row execute function app.set_updated_at();
create trigger meter_statements_audit after insert or update or delete on app.meter_statements
    for each row execute function app.audit_change();
create trigger meter_statements_require_asset_writer before insert or update or delete on app.meter_statements
    for each statement execute function app.require_org_role('asset_writers');

alter table app.meter_statements enable row level security;
alter table app.meter_statements force row level security;
create policy meter_statements_tenant_read on app.meter_statements
    for select
    using (organization_id = (select app.current_organization_id()));
create policy meter_statements_asset_writer_write on app.meter_statements
    for all
    using (organization_id = (select app.current_organization_id()) and (select app.current_role_may('asset_writers')))
    with check (organization_id = (select app.current_organization_id()) and (select app.current_role_may('asset_writers')));

grant select, insert, update, delete on app.meter_statements to wellflow_api;
grant select on app.meter_statements to wellflow_worker;

-- The meter statement import, like the production import: every row checked and rejected with the
-- first rule it breaks, then the valid ones upserted by point, month and product.
create function app.meter_statements_import(organization uuid, rows jsonb, csv text, mode app.import_mode)
returns jsonb
language plpgsql volatile
set search_path = pg_catalog, app
as $$
declare
    columns constant text[] := array['measurement_point_id', 'measurement_point_name', 'month', 'product', 'volume',
        'heat_content_mmbtu', 'purchaser_company_id', 'purchaser_name'];
    uuid_pattern constant text := '^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$';
    layout record;
    received integer;
    rejected jsonb;
    refusal jsonb;
    valid integer;
    inserted integer := 0;
    updated integer := 0;
begin
    layout := app.import_layout(rows, csv, columns,
        '{"measurement_point_name": "Mesa Battery 1", "month": "2024-06", "product": "gas", "volume": 2500, '
        '"heat_content_mmbtu": 2875}');
    -- plpgsql_check cannot see a table this function creates; the pragma describes it (a no-op when run).
    perform 'PRAGMA:TABLE: statement_import_rows (line integer, point_label text, measurement_point_id uuid, '
            'month date, product app.metered_product, volume numeric, heat_content_mmbtu numeric, '
            'purchaser_company_id uuid, code text, field text, message text)';
    create temporary table if not exists statement_import_rows (
        line integer, point_label text, measurement_point_id uuid, month date, product app.metered_product,
        volume numeric, heat_content_mmbtu numeric, purchaser_company_id uuid, code text, field text, message text)
        on commit drop;
    truncate statement_import_rows;

    insert into statement_import_rows
    with input as (
        select i.line, i.item, i.f from app.import_fields(rows, csv, columns, layout.header_width, layout.positions) i),
    parsed as materialized (
        select i.line, i.item, i.f[1] as point_id_text, i.f[2] as point_name, i.f[3] as month_text,
               i.f[4] as product_text, i.f[5] as volume_text, i.f[6] as heat_text, i.f[7] as purchaser_id_text,
               i.f[8] as purchaser_name,
               -- A month is YYYY-MM or its first day.
               app.parse_date(case when i.f[3] ~ '^\d{4}-\d{2}$' then i.f[3] || '-01' else i.f[3] end) as month,
               (select e from unnest(enum_range(null::app.metered_product)) e where e::text = lower(i.f[4])) as product,
               app.parse_numeric(i.f[5]) as volume, app.parse_numeric(i.f[6]) as heat,
               coalesce(point_by_id.id, point_by_name.id) as measurement_point_id, coalesce(i.f[2], i.f[1]) as point_label,
               coalesce(purchaser_by_id.id, purchaser_by_name.id) as purchaser_company_id
          from input i
          left join app.measurement_points point_by_id
                 on i.f[1] ~* uuid_pattern and point_by_id.organization_id = organization
                and point_by_id.id = case when i.f[1] ~* uuid_pattern then i.f[1]::uuid end
          left join app.measurement_points point_by_name
                 on i.f[1] is null and point_by_name.organization_id = organization and point_by_name.name = i.f[2]
          left join app.companies purchaser_by_id
                 on i.f[7] ~* uuid_pattern and purchaser_by_id.organization_id = organization
                and purchaser_by_id.id = case when i.f[7] ~* uuid_pattern then i.f[7]::uuid end
          left join app.companies purchaser_by_name
                 on i.f[7] is null and purchaser_by_name.organization_id = organization
                and purchaser_by_name.name = i.f[8]),
    -- The first failing rule names the row's reason (a CASE stops at the first true branch).
    coded as (
        select p.*,
               case
                   when jsonb_typeof(p.item) = 'object' then 'WF_IMPORT_COLUMN_COUNT:csv'
                   when p.item is not null then 'WF_IMPORT_NOT_AN_OBJECT:rows'
                   when p.point_id_text is null and p.point_name is null
                        then 'WF_IMPORT_POINT_REQUIRED:measurement_point_name'
                   when p.measurement_point_id is null then 'WF_IMPORT_UNKNOWN_POINT:'
                        || case when p.point_id_text is null then 'measurement_point_name' else 'measurement_point_id' end
                   when p.month is null or p.month <> date_trunc('month', p.month) or not app.is_sane_date(p.month)
                        then 'WF_IMPORT_BAD_MONTH:month'
                   when p.month > current_date then 'WF_IMPORT_FUTURE_DATE:month'
                   when p.product is null then 'WF_IMPORT_BAD_PRODUCT:product'
                   when p.volume is null then 'WF_IMPORT_NOT_A_NUMBER:volume'
                   when not (app.is_volume(p.volume) and p.volume < 100000000) then 'WF_IMPORT_OUT_OF_RANGE:volume'
                   when p.heat_text is not null and p.heat is null then 'WF_IMPORT_NOT_A_NUMBER:heat_content_mmbtu'
                   when p.heat is not null and p.product <> 'gas' then 'WF_IMPORT_HEAT_NOT_GAS:heat_content_mmbtu'
                   when p.heat is not null and not (app.is_volume(p.heat) and p.heat < 100000000)
                        then 'WF_IMPORT_OUT_OF_RANGE:heat_content_mmbtu'
                   when (p.purchaser_id_text is not null or p.purchaser_name is not null) and p.purchaser_company_id is null
                        then 'WF_IMPORT_UNKNOWN_PURCHASER:'
                        || case when p.purchaser_id_text is null then 'purchaser_name' else 'purchaser_company_id' end
               end as reason
          from parsed p)
    select c.line, c.point_label, c.measurement_point_id, c.month, c.product, c.volume, c.heat, c.purchaser_company_id,
           split_part(c.reason, ':', 1), split_part(c.reason, ':', 2),
           case split_part(c.reason, ':', 1)
               when 'WF_IMPORT_COLUMN_COUNT' then format('%s fields where the header names %s', c.item ->> '_columns',
                                                         layout.header_width)
               when 'WF_IMPORT_NOT_AN_OBJECT' then 'Each row must be a JSON object'
               when 'WF_IMPORT_POINT_REQUIRED' then 'Give the measurement_point_name or the measurement_point_id'
               when 'WF_IMPORT_UNKNOWN_POINT' then format('No measurement point %s in this organization', c.point_label)
               when 'WF_IMPORT_BAD_MONTH' then format('%s is not a month (YYYY-MM, from 1900)', coalesce(c.month_text, 'null'))
               when 'WF_IMPORT_FUTURE_DATE' then format('%s has not begun', to_char(c.month, 'YYYY-MM'))
               when 'WF_IMPORT_BAD_PRODUCT' then format('%s is not a metered product (gas, water)', coalesce(c.product_text, 'null'))
               when 'WF_IMPORT_NOT_A_NUMBER' then format('%s is not a number', coalesce(
                   case split_part(c.reason, ':', 2) when 'volume' then c.volume_text else c.heat_text end, 'null'))
               when 'WF_IMPORT_OUT_OF_RANGE' then format('%s is from 0 to under 100,000,000, at most 3 decimals',
                                                         split_part(c.reason, ':', 2))
               when 'WF_IMPORT_HEAT_NOT_GAS' then 'Only a gas statement has a heat content'
               when 'WF_IMPORT_UNKNOWN_PURCHASER' then format('No company %s in this organization',
                                                              coalesce(c.purchaser_id_text, c.purchaser_name))
           end
      from coded c;
    get diagnostics received = row_count;

    -- The same point, month and product twice in one payload: the first valid occurrence wins.
    update statement_import_rows r
       set code = 'WF_IMPORT_DUPLICATE_ROW', field = 'product',
           message = format('Line %s already has this point, month and product', d.first_line)
      from (select line, min(line) over (partition by measurement_point_id, month, product) as first_line
              from statement_import_rows where code is null) d
     where r.line = d.line and d.first_line <> d.line;

    select coalesce(jsonb_agg(jsonb_build_object('line', line, 'measurement_point', point_label, 'month',
                                                 to_char(month, 'YYYY-MM'), 'code', code, 'field', field,
                                                 'message', message) order by line)
                        filter (where code is not null), '[]'),
           count(*) filter (where code is null)
      into rejected, valid
      from statement_import_rows;
    refusal := app.import_refusal(mode, received, rejected);
    if refusal is not null then
        return refusal;
    end if;

    with upserted as (
        insert into app.meter_statements as s (organization_id, measurement_point_id, month, product, volume,
                                               heat_content_mmbtu, purchaser_company_id, created_at, updated_at)
        select organization, measurement_point_id, month, product, volume, heat_content_mmbtu, purchaser_company_id,
               statement_timestamp(), statement_timestamp()
          from statement_import_rows where code is null
         order by measurement_point_id, month, product
        on conflict (organization_id, measurement_point_id, month, product) do update
           set volume = excluded.volume, heat_content_mmbtu = excluded.heat_content_mmbtu,
               purchaser_company_id = excluded.purchaser_company_id
         where (s.volume, s.heat_content_mmbtu, s.purchaser_company_id)
               is distinct from (excluded.volume, excluded.heat_content_mmbtu, excluded.purchaser_company_id)
        returning s.created_at = s.updated_at as is_new)
    select count(*) filter (where is_new), count(*) filter (where not is_new) into inserted, updated from upserted;

    return jsonb_build_object('mode', mode, 'received', received, 'inserted', inserted, 'updated', updated,
                              'unchanged', valid - inserted - updated, 'rejected', rejected);
end
$$;
comment on function app.meter_statements_import(uuid, jsonb, text, app.import_mode) is
    'The meter statement import: every row checked with the first rule it breaks, then the valid rows upserted; answers the report.';

create function api.import_meter_statements(rows jsonb default null, csv text default null,
                                            mode app.import_mode default 'all_or_nothing')
returns jsonb
language plpgsql volatile security definer
set search_path = pg_catalog, app
set client_min_messages = warning
set jit = off
as $$
declare
    organization uuid := app.current_organization_id();
begin
    if organization is null then
        perform app.raise_error(401, 'WF_SIGN_IN_REQUIRED', 'Sign in to import meter statements', null, null);
    end if;
    perform app.assert_org_role('import meter statements', 'asset_writers');
    return app.meter_statements_import(organization, rows, csv, mode);
end
$$;
comment on function api.import_meter_statements(jsonb, text, app.import_mode) is
    'Imports up to 50,000 meter statements: {"rows": [...]} (JSON objects) or {"csv": "..."} (header line first). Columns: '
    'measurement_point_id or measurement_point_name, month (YYYY-MM), product (gas or water), volume (mcf or barrels), '
    'heat_content_mmbtu (gas only, optional), purchaser_company_id or purchaser_name (optional). Re-sending a point''s '
    'month and product replaces it. mode all_or_nothing (default) imports nothing when any row is rejected and answers '
    '422; accept_valid imports the valid rows. The answer counts inserted, updated and unchanged rows and lists every '
    'rejected row with its line, code, field and message. Owners, admins, managers and engineers.';
grant execute on function api.import_meter_statements(jsonb, text, app.import_mode) to wellflow_user;
set local role wellflow_api;

create view api.meter_statements as
    select organization_id, id, measurement_point_id, month, product, volume, heat_content_mmbtu, purchaser_company_id,
           created_at, updated_at
      from app.meter_statements;
alter view api.meter_statements alter column organization_id set default app.current_organization_id();
comment on view api.meter_statements is
    'A month''s metered gas or water at a measurement point, one per point, month and product. POST one or a JSON array, or '
    'import many with a report of every rejected row at /rpc/import_meter_statements. Everyone reads; owners, admins, '
    'managers and engineers write.';
comment on column api.meter_statements.organization_id is 'The organization; defaults to the signed-in one.';
comment on column api.meter_statements.id is 'Statement id (UUID v7).';
comment on column api.meter_statements.measurement_point_id is 'The point (see /measurement_points).';
comment on column api.meter_statements.month is 'First day of the month measured.';
comment on column api.meter_statements.product is 'gas or water.';
comment on column api.meter_statements.volume is 'mcf of gas or barrels of water, at most 3 decimals.';
comment on column api.meter_statements.heat_content_mmbtu is 'Gas only: the volume''s heat content, MMBtu.';
comment on column api.meter_statements.purchaser_company_id is 'Who bought or took it (see /companies).';
comment on column api.meter_statements.created_at is 'When it was created.';
comment on column api.meter_statements.updated_at is 'When it was last changed.';
grant select on api.meter_statements to wellflow_user, wellflow_analyst;
grant insert, update, delete on api.meter_statements to wellflow_user;
