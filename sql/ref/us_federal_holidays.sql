-- US federal holidays 2000-2045, observed days included: filing deadlines that fall on one
-- (or on a weekend) move to the next business day.
set local role wellflow_owner;

create table ref.us_federal_holidays (
    holiday date primary key,
    name text not null
);
comment on table ref.us_federal_holidays is
    'US federal holidays and their observed days (5 U.S.C. §6103), 2000-2045.';

-- CSV written by scripts/generate_ref_us_federal_holidays.py from holidays 0.108 (MIT).
\copy ref.us_federal_holidays (holiday, name) from 'ref/us_federal_holidays.csv' with (format csv, header true)

grant select on ref.us_federal_holidays to wellflow_api, wellflow_auth, wellflow_worker, wellflow_user,
    wellflow_analyst, wellflow_anon;
