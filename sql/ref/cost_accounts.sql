-- The chart of cost accounts that operators code invoices and accruals to, in the classes the COPAS
-- accounting procedure and the AAPL Form 610 operating agreement distinguish: intangible and tangible
-- drilling and completion costs, lease operating expense by kind, workover, plugging, and overhead.
-- Each account also says how a non-consenting party's share of it is recovered (Form 610 Art. VI.B.2:
-- a penalty percentage on the costs of drilling and completing and on equipment in the well, 100 %
-- of surface equipment and of operating costs).
set local role wellflow_owner;

create table ref.cost_accounts (
    account_code text primary key constraint cost_accounts_account_code_check check (account_code ~ '^[0-9]{4}$'),
    name text not null constraint cost_accounts_name_check check (char_length(name) between 1 and 200),
    category text not null constraint cost_accounts_category_check check (category in (
        'intangible_drilling', 'tangible_drilling', 'intangible_completion', 'tangible_completion',
        'lease_operating', 'workover', 'plugging', 'overhead')),
    -- capital: capitalised (tangible equipment) or, for intangible drilling and completion costs,
    -- deductible when incurred under IRC §263(c); expense: operating costs of the period.
    cost_class text not null constraint cost_accounts_cost_class_check check (cost_class in ('capital', 'expense')),
    penalty_class text not null constraint cost_accounts_penalty_class_check check (penalty_class in (
        'drilling_and_completion', 'equipment_in_well', 'surface_equipment', 'operating')),
    source text not null constraint cost_accounts_source_check check (char_length(source) between 1 and 500)
);
comment on table ref.cost_accounts is
    'Cost accounts for invoices and accruals, by COPAS class, with the Form 610 penalty class of each.';

insert into ref.cost_accounts (account_code, name, category, cost_class, penalty_class, source) values
    ('8100', 'Location, roads and site preparation', 'intangible_drilling', 'capital', 'drilling_and_completion',
     'COPAS: intangible drilling costs; AAPL Form 610 Art. VI.B.2(a)(ii) costs of drilling'),
    ('8110', 'Drilling rig, daywork and footage', 'intangible_drilling', 'capital', 'drilling_and_completion',
     'COPAS: intangible drilling costs; AAPL Form 610 Art. VI.B.2(a)(ii) costs of drilling'),
    ('8120', 'Drilling fluids, mud and chemicals', 'intangible_drilling', 'capital', 'drilling_and_completion',
     'COPAS: intangible drilling costs; AAPL Form 610 Art. VI.B.2(a)(ii) costs of drilling'),
    ('8130', 'Cementing and cementing services', 'intangible_drilling', 'capital', 'drilling_and_completion',
     'COPAS: intangible drilling costs; AAPL Form 610 Art. VI.B.2(a)(ii) costs of drilling'),
    ('8140', 'Drilling supervision and engineering', 'intangible_drilling', 'capital', 'drilling_and_completion',
     'COPAS: intangible drilling costs; AAPL Form 610 Art. VI.B.2(a)(ii) costs of drilling'),
    ('8150', 'Fuel, water and rentals while drilling', 'intangible_drilling', 'capital', 'drilling_and_completion',
     'COPAS: intangible drilling costs; AAPL Form 610 Art. VI.B.2(a)(ii) costs of drilling'),
    ('8200', 'Conductor, surface and intermediate casing', 'tangible_drilling', 'capital', 'equipment_in_well',
     'COPAS: tangible (controllable) material; AAPL Form 610 Art. VI.B.2(a)(ii) equipment in the well'),
    ('8210', 'Wellhead equipment (drilling)', 'tangible_drilling', 'capital', 'equipment_in_well',
     'COPAS: tangible material; AAPL Form 610 Art. VI.B.2(a)(ii) equipment to and including the wellhead connections'),
    ('8300', 'Completion rig and services', 'intangible_completion', 'capital', 'drilling_and_completion',
     'COPAS: intangible completion costs; AAPL Form 610 Art. VI.B.2(a)(ii) costs of completing'),
    ('8310', 'Perforating and wireline', 'intangible_completion', 'capital', 'drilling_and_completion',
     'COPAS: intangible completion costs; AAPL Form 610 Art. VI.B.2(a)(ii) costs of completing'),
    ('8320', 'Stimulation and fracturing', 'intangible_completion', 'capital', 'drilling_and_completion',
     'COPAS: intangible completion costs; AAPL Form 610 Art. VI.B.2(a)(ii) costs of completing'),
    ('8330', 'Completion fluids, water and disposal', 'intangible_completion', 'capital', 'drilling_and_completion',
     'COPAS: intangible completion costs; AAPL Form 610 Art. VI.B.2(a)(ii) costs of completing'),
    ('8400', 'Production casing and tubing', 'tangible_completion', 'capital', 'equipment_in_well',
     'COPAS: tangible material; AAPL Form 610 Art. VI.B.2(a)(ii) equipment in the well'),
    ('8410', 'Artificial lift and downhole equipment', 'tangible_completion', 'capital', 'equipment_in_well',
     'COPAS: tangible material; AAPL Form 610 Art. VI.B.2(a)(ii) equipment in the well'),
    ('8420', 'Tanks, separators and surface facilities', 'tangible_completion', 'capital', 'surface_equipment',
     'COPAS: tangible material; AAPL Form 610 Art. VI.B.2(a)(i) surface equipment beyond the wellhead connections'),
    ('8430', 'Flowlines and meters', 'tangible_completion', 'capital', 'surface_equipment',
     'COPAS: tangible material; AAPL Form 610 Art. VI.B.2(a)(i) surface equipment beyond the wellhead connections'),
    ('8500', 'Contract pumping and field labor', 'lease_operating', 'expense', 'operating',
     'COPAS: direct charges, lease operating expense; AAPL Form 610 Art. VI.B.2(a)(i) cost of operation'),
    ('8510', 'Electricity and fuel', 'lease_operating', 'expense', 'operating',
     'COPAS: direct charges, lease operating expense; AAPL Form 610 Art. VI.B.2(a)(i) cost of operation'),
    ('8520', 'Chemicals and treating', 'lease_operating', 'expense', 'operating',
     'COPAS: direct charges, lease operating expense; AAPL Form 610 Art. VI.B.2(a)(i) cost of operation'),
    ('8530', 'Saltwater hauling and disposal', 'lease_operating', 'expense', 'operating',
     'COPAS: direct charges, lease operating expense; AAPL Form 610 Art. VI.B.2(a)(i) cost of operation'),
    ('8540', 'Repairs and maintenance', 'lease_operating', 'expense', 'operating',
     'COPAS: direct charges, lease operating expense; AAPL Form 610 Art. VI.B.2(a)(i) cost of operation'),
    ('8550', 'Equipment rentals', 'lease_operating', 'expense', 'operating',
     'COPAS: direct charges, lease operating expense; AAPL Form 610 Art. VI.B.2(a)(i) cost of operation'),
    ('8560', 'Ad valorem taxes and insurance', 'lease_operating', 'expense', 'operating',
     'COPAS: direct charges, lease operating expense; AAPL Form 610 Art. VI.B.2(a)(i) cost of operation'),
    ('8600', 'Workover rig and services', 'workover', 'expense', 'drilling_and_completion',
     'COPAS: direct charges; AAPL Form 610 Art. VI.B.2(a)(ii) costs of reworking'),
    ('8700', 'Plugging and abandonment', 'plugging', 'expense', 'drilling_and_completion',
     'COPAS: direct charges; AAPL Form 610 Art. VI.B.2(a)(ii) costs of plugging back and abandonment'),
    ('8900', 'Overhead, drilling well rate', 'overhead', 'expense', 'operating',
     'COPAS accounting procedure, Section III: fixed monthly overhead rate per drilling well'),
    ('8910', 'Overhead, producing well rate', 'overhead', 'expense', 'operating',
     'COPAS accounting procedure, Section III: fixed monthly overhead rate per producing well');

grant select on ref.cost_accounts to wellflow_api, wellflow_worker, wellflow_user, wellflow_analyst;
set local role wellflow_api;

-- Read-only: a WITH query is not auto-updatable, so PostgREST offers GET only (and the
-- pre-request check answers 405 to other verbs). PostgreSQL inlines it: filters reach the table.
create view api.cost_accounts as
    with readable as (select account_code, name, category, cost_class, penalty_class, source from ref.cost_accounts)
    select * from readable;
comment on view api.cost_accounts is
    'The cost accounts invoices and accruals are coded to (/cost_transactions), by COPAS class, with how a non-consenting '
    'party''s share of each is recovered.';
comment on column api.cost_accounts.account_code is 'Four-digit account code.';
comment on column api.cost_accounts.name is 'What the account holds.';
comment on column api.cost_accounts.category is
    'intangible_drilling, tangible_drilling, intangible_completion, tangible_completion, lease_operating, workover, plugging '
    'or overhead.';
comment on column api.cost_accounts.cost_class is 'capital (drilling, completion, equipment) or expense (operating costs of the period).';
comment on column api.cost_accounts.penalty_class is
    'How a non-consenting party''s share is recovered under the operating agreement: drilling_and_completion and '
    'equipment_in_well carry the penalty percentage, surface_equipment and operating are recovered at 100 %.';
comment on column api.cost_accounts.source is 'Where the classification comes from.';
grant select on api.cost_accounts to wellflow_user, wellflow_analyst;
