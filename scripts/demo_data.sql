-- Demo data for `scripts/wellflow up`: two operators, so tenant isolation is visible.
-- Idempotent. Runs as a superuser (it creates people with passwords, which no API role can).
-- Every demo password is wellflow-demo-1.
begin;

insert into app.organizations (id, name, slug) values
    ('01900000-0000-7000-8000-000000000001', 'Permian Ridge Operating', 'permian-ridge'),
    ('01900000-0000-7000-8000-000000000002', 'Bakken Basin Partners', 'bakken-basin')
on conflict (id) do nothing;

with people (id, email, full_name) as (values
    ('01900000-0000-7000-8000-000000000101'::uuid, 'olivia.owner@permian-ridge.example', 'Olivia Owens'),
    ('01900000-0000-7000-8000-000000000102'::uuid, 'adam.admin@permian-ridge.example', 'Adam Alvarez'),
    ('01900000-0000-7000-8000-000000000103'::uuid, 'erin.engineer@permian-ridge.example', 'Erin Estrada'),
    ('01900000-0000-7000-8000-000000000104'::uuid, 'vic.viewer@permian-ridge.example', 'Vic Vaughn'),
    ('01900000-0000-7000-8000-000000000105'::uuid, 'alex.accountant@permian-ridge.example', 'Alex Acosta'),
    ('01900000-0000-7000-8000-000000000201'::uuid, 'bob.owner@bakken-basin.example', 'Bob Bergstrom')
)
insert into app.users (id, email, full_name, status)
select id, email, full_name, 'active' from people
on conflict (id) do nothing;

insert into auth.credentials (user_id, password_hash, password_changed_at)
select id, crypt('wellflow-demo-1', gen_salt('bf', 10)), clock_timestamp()
  from app.users where email like '%.example'
on conflict (user_id) do nothing;

insert into app.memberships (organization_id, user_id, org_role) values
    ('01900000-0000-7000-8000-000000000001', '01900000-0000-7000-8000-000000000101', 'owner'),
    ('01900000-0000-7000-8000-000000000001', '01900000-0000-7000-8000-000000000102', 'admin'),
    ('01900000-0000-7000-8000-000000000001', '01900000-0000-7000-8000-000000000103', 'engineer'),
    ('01900000-0000-7000-8000-000000000001', '01900000-0000-7000-8000-000000000104', 'viewer'),
    ('01900000-0000-7000-8000-000000000001', '01900000-0000-7000-8000-000000000105', 'accountant'),
    ('01900000-0000-7000-8000-000000000002', '01900000-0000-7000-8000-000000000201', 'owner')
on conflict (organization_id, user_id) do nothing;

-- Asset registry. Permian Ridge: Midland and Delaware basin acreage in Texas and New Mexico and
-- a Bakken position in North Dakota. Well numbers use the real state and county codes.
insert into app.fields (organization_id, name, basin, play, state_code, county_code, discovery_date, status)
select '01900000-0000-7000-8000-000000000001', name, basin, play, state_code, county_code, discovery_date::date, status::app.field_status
  from (values
    ('Spraberry Trend', 'Permian - Midland', 'Spraberry / Wolfcamp', '42', '329', '1949-03-01', 'active'),
    ('Wolfbone', 'Permian - Delaware', 'Wolfcamp / Bone Spring', '42', '389', '1958-06-15', 'active'),
    ('Purple Sage', 'Permian - Delaware', 'Wolfcamp', '30', '015', '1961-09-01', 'active'),
    ('Red Hills', 'Permian - Delaware', 'Bone Spring', '30', '025', '1964-04-20', 'active'),
    ('Sanish', 'Williston', 'Bakken', '33', '061', '1953-11-02', 'active'),
    ('Blue Buttes', 'Williston', 'Three Forks', '33', '053', '1955-07-11', 'active'),
    ('Yates Shallow', 'Permian - Central Basin Platform', 'San Andres', '42', '461', '1926-10-01', 'inactive')
  ) as f (name, basin, play, state_code, county_code, discovery_date, status)
on conflict (organization_id, name) do nothing;

create temporary table demo_companies on commit drop as
select '01900000-0000-7000-8000-000000000001'::uuid as organization_id, *
  from (values
    ('Permian Ridge Operating LLC', '{operator}', '74-3810042', '{"TX-RRC-P5": "655123", "NM-OCD-OGRID": "371204", "ND-DMR": "88214"}', 'Midland', 'TX', '79701', 'Olivia Owens', 'olivia.owner@permian-ridge.example', '+1 432 555 0100'),
    ('Caprock Minerals LP', '{non_operating_partner,royalty_owner}', '75-2214418', '{}', 'Lubbock', 'TX', '79401', 'Dana Pruitt', 'land@caprock.example', '+1 806 555 0117'),
    ('Mesquite Energy Partners', '{non_operating_partner}', '76-0049921', '{}', 'Fort Worth', 'TX', '76102', 'Sam Okafor', 'jv@mesquite.example', '+1 817 555 0142'),
    ('Llano Estacado Royalty Trust', '{royalty_owner}', '75-6655120', '{}', 'Amarillo', 'TX', '79101', 'Trust Officer', 'trust@llano.example', '+1 806 555 0190'),
    ('Pecos Valley Mineral Co', '{royalty_owner,overriding_royalty_owner}', '85-0311247', '{}', 'Roswell', 'NM', '88201', 'Ray Baca', 'owners@pecosvalley.example', '+1 575 555 0133'),
    ('Dakota Prairie Royalties', '{royalty_owner}', '45-0478812', '{}', 'Williston', 'ND', '58801', 'Ingrid Lund', 'pay@dakotaprairie.example', '+1 701 555 0108'),
    ('Gulf Coast Crude Marketing', '{purchaser,transporter}', '76-5510093', '{}', 'Houston', 'TX', '77002', 'Crude Desk', 'crude@gccm.example', '+1 713 555 0161'),
    ('Waha Gas Gathering', '{purchaser,transporter}', '74-2900115', '{"TX-RRC-P5": "889012"}', 'Pecos', 'TX', '79772', 'Gas Control', 'control@wahagas.example', '+1 432 555 0177'),
    ('Northern Plains Midstream', '{purchaser,transporter}', '45-3304491', '{}', 'Bismarck', 'ND', '58501', 'Scheduling', 'sched@npm.example', '+1 701 555 0122'),
    ('Longhorn Drilling Co', '{drilling_contractor}', '75-1188230', '{"TX-RRC-P5": "508811"}', 'Odessa', 'TX', '79761', 'Rig Manager', 'rigs@longhorn.example', '+1 432 555 0199'),
    ('Chihuahuan Rig Services', '{drilling_contractor,service_company}', '85-2007745', '{}', 'Hobbs', 'NM', '88240', 'Dispatch', 'dispatch@chrs.example', '+1 575 555 0150'),
    ('Badlands Drilling Inc', '{drilling_contractor}', '45-2219035', '{}', 'Dickinson', 'ND', '58601', 'Ops', 'ops@badlands.example', '+1 701 555 0111'),
    ('Basin Frac Services', '{service_company,vendor}', '75-3012268', '{}', 'Midland', 'TX', '79705', 'Frac Ops', 'frac@basinfrac.example', '+1 432 555 0185'),
    ('Red River Tubulars', '{vendor}', '73-1560043', '{}', 'Tulsa', 'OK', '74103', 'Sales', 'orders@rrtubulars.example', '+1 918 555 0102'),
    ('High Plains Water Solutions', '{vendor,service_company}', '75-4411902', '{}', 'Big Spring', 'TX', '79720', 'Dispatch', 'water@hpws.example', '+1 432 555 0164'),
    ('Trinity Wireline', '{service_company}', '75-2788610', '{}', 'Midland', 'TX', '79703', 'Field Office', 'field@trinitywl.example', '+1 432 555 0138'),
    ('Cimarron Land Services', '{vendor}', '73-0922157', '{}', 'Oklahoma City', 'OK', '73102', 'Abstracting', 'title@cimarronland.example', '+1 405 555 0119'),
    ('Texas Railroad Commission', '{regulator}', null, '{}', 'Austin', 'TX', '78701', 'Oil and Gas Division', null, '+1 512 463 6975'),
    ('New Mexico Oil Conservation Division', '{regulator}', null, '{}', 'Santa Fe', 'NM', '87505', 'Engineering Bureau', null, '+1 505 476 3440'),
    ('North Dakota Industrial Commission', '{regulator}', null, '{}', 'Bismarck', 'ND', '58505', 'Oil and Gas Division', null, '+1 701 328 8020')
  ) as c (name, roles, tax_id, numbers, city, state, zip, contact, email, phone);
insert into app.companies (organization_id, name, roles, state_operator_numbers, city, state_province,
                           postal_code, contact_name, contact_email, contact_phone)
select organization_id, name, roles::app.company_role[], numbers::jsonb, city, state, zip, contact, email, phone
  from demo_companies
on conflict (organization_id, name) do nothing;

-- Fifty leases cycling through twelve county slots; four wells each.
create temporary table demo_slots on commit drop as
select * from (values
        (0, 'Spraberry Trend', '42', '329', 31.87, -102.03, 'Longhorn Drilling Co', 9800),
        (1, 'Spraberry Trend', '42', '317', 32.31, -101.95, 'Longhorn Drilling Co', 10100),
        (2, 'Spraberry Trend', '42', '227', 32.30, -101.44, 'Longhorn Drilling Co', 9200),
        (3, 'Spraberry Trend', '42', '461', 31.37, -102.04, 'Longhorn Drilling Co', 9900),
        (4, 'Wolfbone', '42', '389', 31.32, -103.69, 'Chihuahuan Rig Services', 11200),
        (5, 'Wolfbone', '42', '301', 31.85, -103.58, 'Chihuahuan Rig Services', 11000),
        (6, 'Purple Sage', '30', '015', 32.47, -104.30, 'Chihuahuan Rig Services', 10400),
        (7, 'Red Hills', '30', '025', 32.79, -103.41, 'Chihuahuan Rig Services', 10800),
        (8, 'Red Hills', '30', '025', 32.05, -103.55, 'Chihuahuan Rig Services', 10900),
        (9, 'Sanish', '33', '061', 48.20, -102.36, 'Badlands Drilling Inc', 10300),
        (10, 'Blue Buttes', '33', '053', 47.74, -103.40, 'Badlands Drilling Inc', 10900),
        (11, 'Blue Buttes', '33', '053', 47.90, -102.95, 'Badlands Drilling Inc', 10700)
    ) as s (slot, field_name, state_code, county_code, latitude, longitude, contractor, tvd);

with plan as (
    select n, s.*, (array[0.1875, 0.2, 0.25])[1 + n % 3] as royalty, (array[1.0, 0.75, 0.5, 0.875])[1 + n % 4] as wi
      from generate_series(1, 50) n join demo_slots s on s.slot = (n - 1) % 12
)
insert into app.leases (organization_id, lease_number, name, lessor, field_id, state_code, county_code,
                        legal_description, gross_acres, net_acres, royalty_rate, working_interest,
                        net_revenue_interest, effective_date, expiration_date, status)
select '01900000-0000-7000-8000-000000000001',
       format('%s-%s', (select w.postal_code from ref.well_number_states w where w.state_code = p.state_code), lpad(n::text, 4, '0')),
       format('%s %s Unit', (array['Hutto', 'Cowden', 'Scharbauer', 'Tippett', 'Pecos Bend', 'Mentone', 'Loco Hills',
                                    'Jal', 'Red Tank', 'Parshall', 'Keene', 'Watford'])[p.slot + 1], n),
       (array['Scharbauer Ranch', 'Cowden Family Trust', 'State of Texas (PSF)', 'BLM', 'State of New Mexico',
              'Hovland Heirs', 'Fort Berthold Allottees'])[1 + n % 7],
       (select f.id from app.fields f where f.organization_id = '01900000-0000-7000-8000-000000000001'
                                        and f.name = p.field_name),
       p.state_code, p.county_code,
       case p.state_code
           when '42' then format('Section %s, Block %s, T&P RR Co Survey, A-%s', 1 + n % 48, 30 + n % 9, 1000 + n * 7)
           when '30' then format('Section %s, T%sS-R%sE, NMPM', 1 + n % 36, 20 + n % 6, 28 + n % 8)
           else format('Sections %s & %s, T%sN-R%sW, 5th PM', 1 + n % 35, 2 + n % 35, 150 + n % 6, 90 + n % 9)
       end,
       1280, 1280 * p.wi, p.royalty, p.wi, round(p.wi * (1 - p.royalty), 8),
       date '2014-01-01' + (n * 23), date '2017-01-01' + (n * 23),
       (case when n % 17 = 0 then 'expired' when n % 5 = 0 then 'active' else 'held_by_production' end)::app.lease_status
  from plan p
on conflict (organization_id, lease_number) do nothing;

with plan as (
    select l.id as lease_id, l.field_id, l.name as lease_name, n, k, s.*,
           n * 4 + k as seq
      from app.leases l
      join generate_series(1, 50) n on l.lease_number like '%-' || lpad(n::text, 4, '0')
      join demo_slots s on s.slot = (n - 1) % 12
     cross join generate_series(1, 4) k
     where l.organization_id = '01900000-0000-7000-8000-000000000001'
)
insert into app.wells (organization_id, well_number, name, lease_id, field_id, operator_company_id, status, well_type,
                       horizontal, offshore, drilling_contractor_id, rig_name, surface_latitude, surface_longitude,
                       spud_date, completion_date, first_production_date, measured_depth, true_vertical_depth,
                       lateral_length)
select '01900000-0000-7000-8000-000000000001',
       p.state_code || p.county_code || lpad((30000 + p.seq * 3)::text, 5, '0') || '0000',
       format('%s %s%s', p.lease_name, k, case when horizontal then 'H' else '' end),
       p.lease_id, p.field_id,
       (select c.id from app.companies c where c.organization_id = '01900000-0000-7000-8000-000000000001'
                                          and c.name = 'Permian Ridge Operating LLC'),
       (case when p.seq > 196 then 'drilling' when p.seq > 192 then 'permitted' when p.seq % 41 = 0 then 'plugged_and_abandoned'
             when p.seq % 13 = 0 then 'shut_in' when p.seq % 29 = 0 then 'injecting' else 'producing' end)
           ::text::app.well_status,
       (case when p.seq % 29 = 0 then 'salt_water_disposal' when p.state_code = '33' then 'oil'
             when p.slot in (4, 5) then 'oil_and_gas' else 'oil' end)::app.well_type,
       horizontal, false,
       (select c.id from app.companies c where c.organization_id = '01900000-0000-7000-8000-000000000001'
                                          and c.name = p.contractor),
       format('Rig %s', 100 + p.slot * 3 + k % 3),
       round(p.latitude + ((p.seq * 37) % 100 - 50) / 2000.0, 6), round(p.longitude + ((p.seq * 53) % 100 - 50) / 2000.0, 6),
       case when p.seq <= 196 then date '2016-01-04' + p.seq * 14 end,
       case when p.seq <= 192 then date '2016-01-04' + p.seq * 14 + 38 end,
       case when p.seq <= 192 then date '2016-01-04' + p.seq * 14 + 52 end,
       case when horizontal then p.tvd + 10000 + (p.seq % 7) * 250 else p.tvd + 200 end,
       p.tvd + (p.seq % 5) * 40,
       case when horizontal then 9500 + (p.seq % 7) * 250 end
  from plan p
  cross join lateral (select not (p.state_code = '42' and k = 4 and p.slot = 3) as horizontal) h
on conflict (organization_id, well_number) do nothing;

-- Bakken Basin Partners: a small North Dakota position, so isolation is visible in the demo.
insert into app.fields (organization_id, name, basin, play, state_code, county_code, discovery_date)
values ('01900000-0000-7000-8000-000000000002', 'Antelope', 'Williston', 'Bakken', '33', '053', '1953-04-01')
on conflict (organization_id, name) do nothing;

insert into demo_companies (organization_id, name, roles, tax_id, city, state, zip)
values ('01900000-0000-7000-8000-000000000002', 'Bakken Basin Partners LLC', '{operator}', '45-8812004', 'Minot', 'ND', '58701'),
       ('01900000-0000-7000-8000-000000000002', 'Badlands Drilling Inc', '{drilling_contractor}', '45-2219035', 'Dickinson', 'ND', '58601'),
       ('01900000-0000-7000-8000-000000000002', 'Northern Plains Midstream', '{purchaser}', '45-3304491', 'Bismarck', 'ND', '58501');
insert into app.companies (organization_id, name, roles, city, state_province, postal_code)
select organization_id, name, roles::app.company_role[], city, state, zip
  from demo_companies where organization_id = '01900000-0000-7000-8000-000000000002'
on conflict (organization_id, name) do nothing;

-- The companies' EINs. The demo data loads on every released schema: where a tax id carries its
-- kind (EIN or SSN) and owners their type, those are set too.
do $$
begin
    if exists (select from pg_attribute where attrelid = 'app.companies'::regclass and attname = 'tax_id_type'
                                           and not attisdropped) then
        execute $sql$
            update app.companies c
               set tax_id = d.tax_id, tax_id_type = case when d.tax_id is not null then 'ein' end::app.tax_id_type,
                   owner_type = case when 'regulator' = any (d.roles::app.company_role[]) then 'state'
                                     when d.name like '%Trust' then 'trust'
                                     when d.name like '% LP' or d.name like '%Partners' then 'partnership'
                                     else 'business' end::app.owner_type
              from demo_companies d
             where c.organization_id = d.organization_id and c.name = d.name$sql$;
    else
        update app.companies c set tax_id = d.tax_id
          from demo_companies d where c.organization_id = d.organization_id and c.name = d.name;
    end if;
end
$$;

insert into app.leases (organization_id, lease_number, name, lessor, field_id, state_code, county_code,
                        legal_description, gross_acres, net_acres, royalty_rate, working_interest,
                        net_revenue_interest, effective_date, expiration_date, status)
select '01900000-0000-7000-8000-000000000002', format('ND-B%s', n), format('Killdeer %s', n), 'Hovland Heirs',
       (select id from app.fields where organization_id = '01900000-0000-7000-8000-000000000002' and name = 'Antelope'),
       '33', case when n <= 3 then '025' else '053' end,
       format('Sections %s & %s, T147N-R96W, 5th PM', n * 2, n * 2 + 1), 1280, 640, 0.1875, 0.5, 0.40625,
       date '2015-05-01', date '2020-05-01', 'held_by_production'
  from generate_series(1, 5) n
on conflict (organization_id, lease_number) do nothing;

insert into app.wells (organization_id, well_number, name, lease_id, field_id, operator_company_id, status, well_type,
                       horizontal, offshore, surface_latitude, surface_longitude, spud_date, completion_date,
                       first_production_date, measured_depth, true_vertical_depth, lateral_length)
select l.organization_id, l.state_code || l.county_code || lpad((60000 + n * 3 + k)::text, 5, '0') || '0000',
       format('%s %s-%sH', l.name, n, k), l.id, l.field_id,
       (select id from app.companies where organization_id = l.organization_id and name = 'Bakken Basin Partners LLC'),
       'producing', 'oil', true, false, 47.40 + n * 0.02, -102.70 - k * 0.01,
       date '2016-06-01' + n * 60 + k * 10, date '2016-06-01' + n * 60 + k * 10 + 40,
       date '2016-06-01' + n * 60 + k * 10 + 55, 21000 + k * 100, 10800, 9800 + k * 100
  from app.leases l
  join generate_series(1, 5) n on l.lease_number = format('ND-B%s', n)
 cross join generate_series(1, 3) k
 where l.organization_id = '01900000-0000-7000-8000-000000000002'
on conflict (organization_id, well_number) do nothing;

-- Three years of daily production with hyperbolic decline (q = qi / (1 + b·Di·t)^(1/b)),
-- a few downtime days, rising water cut and GOR, and shut-in or plugged wells that stop.
-- The rollups and audit run as each organization, so the claims are set per organization.
select app.ensure_production_partitions(date_trunc('month', current_date - interval '3 years')::date, current_date);

create temporary table demo_production_plan on commit drop as
select w.organization_id, w.id as well_id, w.first_production_date,
       (case when w.state_code = '33' then 900 else 600 end + abs(hashtext(w.well_number)) % 900)::numeric as qi,
       1.1 + (abs(hashtext(w.name)) % 40) / 100.0 as b,
       2.2 + (abs(hashtext(w.well_number || 'd')) % 15) / 10.0 as di,
       1.2 + (abs(hashtext(w.well_number || 'g')) % 25) / 10.0 as gor,
       least(current_date - 1, case w.status when 'shut_in' then current_date - 60 - abs(hashtext(w.name)) % 90
                                             when 'plugged_and_abandoned' then current_date - 400
                                             else current_date - 1 end) as last_day
  from (select w.*, substr(w.well_number, 1, 2) as state_code from app.wells w) w
 where w.first_production_date is not null and w.well_type not in ('salt_water_disposal', 'water_supply')
   and w.status <> 'injecting';

create function pg_temp.load_demo_production(organization uuid) returns void language plpgsql as $$
begin
    perform set_config('request.jwt.claims',
                       json_build_object('org_id', organization, 'org_role', 'owner')::text, true);
    insert into app.production (organization_id, well_id, production_date, oil_bbl, gas_mcf, water_bbl, hours_on,
                                choke_64ths, tubing_pressure_psi, casing_pressure_psi, downtime_reason)
    select p.organization_id, p.well_id, day, round(rate * uptime, 1), round(rate * uptime * p.gor * (1 + 0.25 * t), 1),
           round(rate * uptime * (0.7 + 0.45 * t), 1), round(24 * uptime, 2),
           case when uptime > 0 then 24 + (abs(hashtext(p.well_id::text)) % 5) * 4 end,
           round(greatest(80, 1400 / (1 + t)), 1), round(greatest(150, 2100 / (1 + t)), 1),
           case when uptime = 0 then (array['rod pump failure', 'power outage', 'frac hit from offset well',
                                            'flowline repair'])[1 + roll % 4]
                when uptime < 1 then 'partial day: compressor down' end
      from demo_production_plan p
     cross join generate_series(greatest(p.first_production_date, date_trunc('month', current_date - interval '3 years')::date),
                                p.last_day, interval '1 day') as g (day)
     cross join lateral (select abs(hashtext(p.well_id::text || g.day::text)) % 100 as roll,
                                (g.day::date - p.first_production_date) / 365.25 as t) r
     cross join lateral (select p.qi / power(1 + p.b * p.di * r.t, 1 / p.b) as rate,
                                case when r.roll < 2 then 0 when r.roll < 6 then 0.5 + r.roll / 20.0 else 1 end
                                    as uptime) q
     where p.organization_id = organization
    on conflict (organization_id, well_id, production_date) do nothing;
    -- Shut-in and plugged wells stopped the day after their last production.
    update app.wells w set status_date = p.last_day + 1
      from demo_production_plan p
     where w.organization_id = organization and p.organization_id = organization and w.id = p.well_id
       and w.status in ('shut_in', 'plugged_and_abandoned') and w.status_date <> p.last_day + 1;
end
$$;
select pg_temp.load_demo_production('01900000-0000-7000-8000-000000000001');
select pg_temp.load_demo_production('01900000-0000-7000-8000-000000000002');
select set_config('request.jwt.claims', '', true);

commit;
