"""Well tests (sql/production/well_tests.sql): the derived gas-oil ratio and water cut, and the
duration check. Tenant isolation, role rules and the NaN checks are in test_production.py."""

import pytest
from psycopg import errors

from conftest import act_as
from support.assets import insert


def test_well_tests_derive_gas_oil_ratio_and_water_cut(db, alpha_wells):
    alpha, _, wells = alpha_wells
    with db.transaction():
        act_as(db, alpha, "engineer")
        test = insert(db, "well_tests", {"well_id": wells[0]["id"], "test_date": "2025-03-01", "test_type": "periodic",
                                         "duration_hours": 24, "oil_bbl": 400, "gas_mcf": 600, "water_bbl": 100,
                                         "separator_pressure_psi": 125, "separator_temperature_f": 95})
        dry = insert(db, "well_tests", {"well_id": wells[0]["id"], "test_date": "2025-03-02", "duration_hours": 8,
                                        "gas_mcf": 50})
        with pytest.raises(errors.CheckViolation, match="well_tests_duration_hours_check"):
            with db.transaction():
                insert(db, "well_tests", {"well_id": wells[0]["id"], "test_date": "2025-03-03", "duration_hours": 0})
    assert (test["gas_oil_ratio"], test["water_cut"]) == (1500, 0.2)
    assert (dry["gas_oil_ratio"], dry["water_cut"]) == (None, None)
