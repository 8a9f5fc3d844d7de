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
    ('01900000-0000-7000-8000-000000000002', '01900000-0000-7000-8000-000000000201', 'owner')
on conflict (organization_id, user_id) do nothing;

commit;
