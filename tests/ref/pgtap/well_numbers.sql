-- US well-number reference codes and input normalisation.
begin;
set local search_path = tests, public;
select plan(16);

select is((select count(*)::int from ref.well_number_states), 55, '51 states and DC plus 4 offshore pseudo-states');
select is((select name from ref.well_number_states where state_code = '08'), 'DISTRICT OF COLUMBIA',
          'state 08 (District of Columbia), missing from one apinum file, is present');
select set_eq($$select state_code from ref.well_number_states where offshore$$, array['55', '56', '60', '61'],
              'the offshore pseudo-states are 55, 56, 60 and 61');
select ok((select count(*) from ref.well_number_counties where state_code in ('55', '56', '60', '61')) > 700,
          'offshore areas carry their area codes');
select is((select count(*)::int from ref.well_number_counties where state_code = '42' and not offshore), 254,
          'Texas has 254 onshore counties');
select is((select name from ref.well_number_counties where state_code = '30' and county_code = '006'), 'CIBOLA',
          'a later county with an even code (Cibola NM 006) exists');
select is_empty($$select name from ref.well_number_counties where name <> btrim(name) or name ~ '\s\s'$$,
                'county names carry no stray spaces');

select is(app.normalize_well_number('42-501-20130-03-00'), '42501201300300', 'dashed 14 digits');
select is(app.normalize_well_number('4250120130'), '42501201300000', '10 digits pad wellbore and event');
select is(app.normalize_well_number(' 42 501 20130 03 '), '42501201300300', '12 digits with spaces');
select is(app.normalize_well_number('30-15-1234'), '30015012340000', 'unpadded New Mexico groups');
select throws_like($$select app.normalize_well_number('42-501-2013A')$$, '%WF_WELL_NUMBER_NOT_DIGITS%', 'letters');
select throws_like($$select app.normalize_well_number('42501201')$$, '%WF_WELL_NUMBER_LENGTH%', '8 digits');
select throws_like($$select app.normalize_well_number('54-001-20130')$$, '%WF_WELL_NUMBER_STATE%', 'state 54');
select throws_like($$select app.normalize_well_number('42-002-20130')$$, '%WF_WELL_NUMBER_COUNTY%', 'Texas 002');
select is(app.format_well_number('33053090310000'), '33-053-09031-00-00', 'display form');

select * from finish();
rollback;
