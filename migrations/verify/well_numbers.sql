-- Verify wellflow:well_numbers on pg
select 1 / (app.normalize_well_number('42-501-20130-03-00') = '42501201300300')::int;
select 1 / (app.format_well_number('42501201300300') = '42-501-20130-03-00')::int;
