-- Token signing, UUID v7 and the claim helpers.
begin;
set local search_path = tests, public;
select plan(9);

select is(substr(app.uuid_generate_v7()::text, 15, 1), '7', 'uuid_generate_v7 sets version 7');
select ok(substr(app.uuid_generate_v7()::text, 20, 1) in ('8', '9', 'a', 'b'), 'uuid_generate_v7 sets the RFC 9562 variant');
select ok(app.uuid_generate_v7() < (select app.uuid_generate_v7() from pg_sleep(0.002)), 'later ids sort after earlier ones');

select is(auth.base64url(convert_to('{"alg":"HS256","typ":"JWT"}', 'utf8')),
          'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9', 'base64url of the JWT header matches RFC 7515');

select is(split_part(auth.sign_jwt('{"sub":"x"}'), '.', 1), 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9',
          'tokens are HS256 JWTs');

select is_empty($$ select 1 from pg_roles r
    where has_table_privilege(r.oid, 'auth.credentials', 'select') and r.rolname in
          ('wellflow_anon', 'wellflow_user', 'wellflow_api', 'wellflow_worker', 'wellflow_analyst') $$,
    'no API, worker or analyst role can read password hashes');

select set_config('request.jwt.claims', '{"org_id":"01900000-0000-7000-8000-0000000000aa","sub":"01900000-0000-7000-8000-0000000000bb","org_role":"viewer"}', true);
select is(app.current_organization_id(), '01900000-0000-7000-8000-0000000000aa'::uuid, 'claims are read on trusted connections');
select set_config('request.jwt.claims', '', true);
select is(app.current_organization_id(), null, 'an empty claims setting (pooled connection) means no organization');
select is(app.current_role_in('owner', 'admin'), false, 'no role without claims');

select * from finish();
rollback;
