-- The base rate of late-payment interest on oil and gas proceeds: Texas Natural Resources Code
-- §91.403(a) charges two percentage points above the rate the Federal Reserve Bank of New York
-- charges on loans to depository institutions (its primary credit rate), from the day a payment
-- was due under §91.402. One row per change of that rate; the latest row on or before a day is
-- the rate of that day.
set local role wellflow_owner;

create table ref.late_payment_interest_rates (
    state_code text not null references ref.well_number_states (state_code),
    effective_from date not null,
    base_rate numeric not null
        constraint late_payment_interest_rates_base_rate_check check (base_rate >= 0 and base_rate < 1
                                                                      and base_rate = round(base_rate, 6)),
    -- Added to the base rate: 0.02 in Texas.
    margin numeric not null
        constraint late_payment_interest_rates_margin_check check (margin >= 0 and margin < 1 and margin = round(margin, 6)),
    source text not null constraint late_payment_interest_rates_source_check check (char_length(source) between 1 and 500),
    primary key (state_code, effective_from)
);
comment on table ref.late_payment_interest_rates is
    'Dated base rates and margins of the interest owed on proceeds paid after the statutory deadline, per state.';

insert into ref.late_payment_interest_rates (state_code, effective_from, base_rate, margin, source)
select '42', effective_from::date, base_rate, 0.02,
       'Texas Natural Resources Code §91.403(a): 2 points above the Federal Reserve Bank of New York primary credit rate '
       '(Federal Reserve Board release H.15), ' || base_rate * 100 || ' percent from ' || effective_from
  from (values ('2020-03-16', 0.0025), ('2022-03-17', 0.005), ('2022-05-05', 0.01), ('2022-06-16', 0.0175),
               ('2022-07-28', 0.025), ('2022-09-22', 0.0325), ('2022-11-03', 0.04), ('2022-12-15', 0.045),
               ('2023-02-02', 0.0475), ('2023-03-23', 0.05), ('2023-05-04', 0.0525), ('2023-07-27', 0.055),
               ('2024-09-19', 0.05), ('2024-11-08', 0.0475), ('2024-12-19', 0.045)) as r (effective_from, base_rate);

grant select on ref.late_payment_interest_rates to wellflow_api, wellflow_worker, wellflow_user, wellflow_analyst;
set local role wellflow_api;

-- Read-only: a WITH query is not auto-updatable, so PostgREST offers GET only (and the
-- pre-request check answers 405 to other verbs). PostgreSQL inlines it: filters reach the table.
create view api.late_payment_interest_rates as
    with readable as (
        select state_code, effective_from, base_rate, margin, source from ref.late_payment_interest_rates)
    select * from readable;
comment on view api.late_payment_interest_rates is
    'Base rates of late-payment interest on proceeds (Texas: the New York Fed''s primary credit rate plus 2 points), dated.';
comment on column api.late_payment_interest_rates.state_code is 'Well-number state code (42 Texas).';
comment on column api.late_payment_interest_rates.effective_from is 'First day the base rate applies; it applies until the next row.';
comment on column api.late_payment_interest_rates.base_rate is 'The base rate as a share (0.045 = 4.5 %).';
comment on column api.late_payment_interest_rates.margin is 'Added to the base rate (0.02 in Texas).';
comment on column api.late_payment_interest_rates.source is 'Statute and release the rate comes from.';
grant select on api.late_payment_interest_rates to wellflow_user, wellflow_analyst;
