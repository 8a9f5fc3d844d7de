-- How long unclaimed oil and gas proceeds stay with the operator before the state presumes them
-- abandoned and they must be reported and delivered to it, per state.
set local role wellflow_owner;

create table ref.dormancy_periods (
    state_code text not null references ref.well_number_states (state_code),
    property_type text not null constraint dormancy_periods_property_type_check check (property_type in ('mineral_proceeds')),
    years integer not null constraint dormancy_periods_years_check check (years between 1 and 30),
    report_to text not null constraint dormancy_periods_report_to_check check (char_length(report_to) between 1 and 200),
    source text not null constraint dormancy_periods_source_check check (char_length(source) between 1 and 500),
    primary key (state_code, property_type)
);
comment on table ref.dormancy_periods is 'Dormancy periods of unclaimed mineral proceeds per state, with the statute.';

insert into ref.dormancy_periods (state_code, property_type, years, report_to, source) values
    ('42', 'mineral_proceeds', 3, 'Texas Comptroller of Public Accounts, Unclaimed Property',
     'Texas Property Code §75.101: mineral proceeds are presumed abandoned after 3 years without contact from the owner, '
     'and are reported and delivered to the comptroller (Title 6, Property Code)');

grant select on ref.dormancy_periods to wellflow_api, wellflow_worker, wellflow_user, wellflow_analyst;
set local role wellflow_api;

-- Read-only: a WITH query is not auto-updatable, so PostgREST offers GET only (and the
-- pre-request check answers 405 to other verbs). PostgreSQL inlines it: filters reach the table.
create view api.dormancy_periods as
    with readable as (select state_code, property_type, years, report_to, source from ref.dormancy_periods)
    select * from readable;
comment on view api.dormancy_periods is 'How long unclaimed mineral proceeds are held before the state presumes them abandoned.';
comment on column api.dormancy_periods.state_code is 'Well-number state code (42 Texas).';
comment on column api.dormancy_periods.property_type is 'mineral_proceeds.';
comment on column api.dormancy_periods.years is 'Years of dormancy after which the proceeds are presumed abandoned.';
comment on column api.dormancy_periods.report_to is 'Who they are reported and delivered to.';
comment on column api.dormancy_periods.source is 'The statute.';
grant select on api.dormancy_periods to wellflow_user, wellflow_analyst;
