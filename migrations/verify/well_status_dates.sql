-- Verify wellflow:well_status_dates on pg
select status_date from app.wells where false;
select status_date from api.wells where false;
