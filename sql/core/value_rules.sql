-- Value rules that more than one place enforces: the table checks of app.production,
-- app.well_tests and app.sales_statements, and the imports' per-row reports, which must name the same rule
-- for a row before the table would refuse it. Each is an immutable SQL predicate without a SET
-- clause, so the planner inlines it wherever it is called. NULL passes, as in a CHECK.
set local role wellflow_owner;

-- Volumes: barrels or mcf, up to 3 decimals, finite (NaN and Infinity pass >= 0 and round checks).
create function app.is_volume(value numeric) returns boolean
language sql immutable parallel safe
as $$ select value >= 0 and value < 'Infinity' and value = round(value, 3) $$;
comment on function app.is_volume(numeric) is 'A volume: >= 0, finite, at most 3 decimals.';

create function app.is_hours_on(value numeric) returns boolean
language sql immutable parallel safe
as $$ select value between 0 and 24 and value = round(value, 2) $$;
comment on function app.is_hours_on(numeric) is 'Hours a well produced in a day: 0 to 24, at most 2 decimals.';

-- Choke sizes are counted in 64ths of an inch; 256/64 is a 4-inch opening.
create function app.is_choke_64ths(value numeric) returns boolean
language sql immutable parallel safe
as $$ select value between 0 and 256 and value = trunc(value) $$;
comment on function app.is_choke_64ths(numeric) is 'A choke size in 64ths of an inch: a whole number from 0 to 256.';

create function app.is_pressure_psi(value numeric) returns boolean
language sql immutable parallel safe
as $$ select value >= 0 and value < 50000 and value = round(value, 1) $$;
comment on function app.is_pressure_psi(numeric) is 'A wellhead pressure in psi: 0 to under 50,000, at most 1 decimal.';

-- Every date a user sets lies in this window. Far-off dates are never real operations data, and
-- each one would cost work per month or per day between it and today (derived obligations,
-- revalidation, partitions), so they are refused at the door.
create function app.is_sane_date(value date) returns boolean
language sql immutable parallel safe
as $$ select value between date '1900-01-01' and date '2199-12-31' $$;
comment on function app.is_sane_date(date) is 'A date a user may set: from 1900-01-01 to 2199-12-31.';

-- Sales: what one purchaser statement line can hold. A price per barrel, mcf or MMBtu has 4
-- decimals as purchasers print it; amounts are whole cents.
create function app.is_sold_volume(value numeric) returns boolean
language sql immutable parallel safe
as $$ select value >= 0 and value < 10000000000 and value = round(value, 3) $$;
comment on function app.is_sold_volume(numeric) is 'A sold volume (bbl, mcf or MMBtu): 0 to under 10 billion, at most 3 decimals.';

create function app.is_unit_price(value numeric) returns boolean
language sql immutable parallel safe
as $$ select value >= 0 and value < 1000000 and value = round(value, 4) $$;
comment on function app.is_unit_price(numeric) is 'A price per unit in US dollars: 0 to under 1,000,000, at most 4 decimals.';

create function app.is_money_amount(value numeric) returns boolean
language sql immutable parallel safe
as $$ select value >= 0 and value < 1000000000000 and value = round(value, 2) $$;
comment on function app.is_money_amount(numeric) is 'An amount in US dollars: 0 to under 1,000,000,000,000, whole cents.';

-- A cost at 8/8ths: an invoice or accrual line, or a credit against one (negative), whole cents.
create function app.is_cost_amount(value numeric) returns boolean
language sql immutable parallel safe
as $$ select value <> 0 and abs(value) < 1000000000000 and value = round(value, 2) $$;
comment on function app.is_cost_amount(numeric) is
    'A cost in US dollars: not zero, negative for a credit, under 1,000,000,000,000 either way, whole cents.';

-- A non-consent penalty: the share of a party's costs its recoupment account is charged, in percent.
create function app.is_penalty_percent(value numeric) returns boolean
language sql immutable parallel safe
as $$ select value >= 0 and value <= 1000 and value = round(value, 2) $$;
comment on function app.is_penalty_percent(numeric) is 'A non-consent penalty in percent: 0 to 1000, at most 2 decimals.';

grant execute on function app.is_volume(numeric), app.is_hours_on(numeric), app.is_choke_64ths(numeric),
    app.is_pressure_psi(numeric), app.is_sane_date(date), app.is_sold_volume(numeric), app.is_unit_price(numeric),
    app.is_money_amount(numeric), app.is_cost_amount(numeric), app.is_penalty_percent(numeric)
    to wellflow_api, wellflow_worker, wellflow_user, wellflow_analyst;
