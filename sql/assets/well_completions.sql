-- Completions: the intervals of a well open to a reservoir. New Mexico files the C-115 per completion,
-- identified by the well's API number and the OCD pool it produces from (NMAC 19.15.7.24), and ONRR's
-- OGOR per well and producing interval; a well completed in two pools is two lines. Production is
-- measured per well, so each completion carries the share of the well's volumes it is reported with.
set local role wellflow_owner;

create table app.well_completions (
    organization_id uuid not null references app.organizations (id),
    id uuid not null default app.uuid_generate_v7(),
    well_id uuid not null,
    -- The operator's designation of the interval, as the agencies' producing interval codes go: 1 to 3
    -- capitals or digits, e.g. 1, 01S, A.
    completion_code text not null constraint well_completions_completion_code_check check (completion_code ~ '^[0-9A-Z]{1,3}$'),
    formation text constraint well_completions_formation_check check (formation ~ '^\S(.{0,98}\S)?$'),
    -- New Mexico Oil Conservation Division pool code.
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
