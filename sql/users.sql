-- People who sign in. A user may belong to several organizations (app.memberships);
-- credentials live apart in auth.credentials so no API role can ever read a hash.
set local role wellflow_owner;

create type app.user_status as enum ('invited', 'active', 'disabled');

create table app.users (
    id uuid primary key default app.uuid_generate_v7(),
    email citext not null
        constraint users_email_check check (email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' and length(email) <= 254),
    full_name text not null
        constraint users_full_name_check check (length(btrim(full_name)) between 1 and 200),
    status app.user_status not null default 'invited',
    created_at timestamptz not null default clock_timestamp(),
    updated_at timestamptz not null default clock_timestamp(),
    constraint users_email_key unique (email)
);
comment on table app.users is 'People who can sign in; organization access comes from app.memberships.';

create trigger users_set_updated_at before update on app.users
    for each row execute function app.set_updated_at();

alter table app.users enable row level security;
alter table app.users force row level security;
