-- Verify wellflow:agency_holiday_calendars on pg
-- Raises unless the agency calendars and the agency-aware business day exist.
select agency, holiday, name from ref.agency_holidays where false;
select agency, source from ref.agency_calendars where false;
select 'app.next_business_day(date, text)'::regprocedure, 'app.agency_holiday(text, date)'::regprocedure;
