-- Outgoing e-mail: rows written in the transaction that wants the mail, sent by one task.
set local role wellflow_owner;

create type app.email_status as enum ('pending', 'sent', 'failed');

create table app.email_outbox (
    organization_id uuid not null references app.organizations (id),
    id uuid not null default app.uuid_generate_v7(),
    to_address citext not null
        constraint email_outbox_to_address_check check (to_address ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
    template text not null
        constraint email_outbox_template_check check (template ~ '^[a-z_]+$'),
    context jsonb not null default '{}',
    status app.email_status not null default 'pending',
    attempts integer not null default 0,
    last_error text,
    sent_at timestamptz,
    created_at timestamptz not null default clock_timestamp(),
    updated_at timestamptz not null default clock_timestamp(),
    primary key (organization_id, id)
);
comment on table app.email_outbox is 'E-mails waiting to be sent (or sent) by the notifications queue; the template renders subject and body.';

create trigger email_outbox_set_updated_at before update on app.email_outbox
    for each row execute function app.set_updated_at();

alter table app.email_outbox enable row level security;
alter table app.email_outbox force row level security;

create policy email_outbox_tenant_all on app.email_outbox
    for all
    using (organization_id = (select app.current_organization_id()))
    with check (organization_id = (select app.current_organization_id()));

grant select, update (status, attempts, last_error, sent_at, context) on app.email_outbox to wellflow_worker;
-- wellflow_auth queues invitation e-mails and scrubs their tokens once accepted.
grant select, insert, update (context) on app.email_outbox to wellflow_auth;

create function app.queue_email(organization uuid, to_address text, template text, context jsonb)
returns uuid
language plpgsql volatile
set search_path = pg_catalog, app
as $$
declare
    outbox_id uuid;
begin
    insert into app.email_outbox (organization_id, to_address, template, context)
    values (organization, to_address, template, context)
    returning id into outbox_id;
    perform app.defer_job('notifications', 'email_outbox__send',
        jsonb_build_object('organization_id', organization, 'outbox_id', outbox_id),
        'email_outbox:' || outbox_id);
    return outbox_id;
end
$$;
comment on function app.queue_email(uuid, text, text, jsonb) is 'Writes an outbox row and enqueues its sending job in the same transaction.';
grant execute on function app.queue_email(uuid, text, text, jsonb) to wellflow_auth;
-- The outbox context can hold a one-time invitation token.
create trigger email_outbox_audit after insert or update or delete on app.email_outbox
    for each row execute function app.audit_change('context');
-- The worker writes e-mails too (compliance reminders, failed-job alerts): it may queue outbox
-- rows inside the organization it acts for, and the reminders it has sent.

grant insert on app.email_outbox to wellflow_worker;
grant execute on function app.queue_email(uuid, text, text, jsonb) to wellflow_worker;
