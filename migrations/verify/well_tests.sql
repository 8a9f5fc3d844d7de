-- Verify wellflow:well_tests on pg
select organization_id, id, well_id, test_date, gas_oil_ratio, water_cut from app.well_tests where false;
