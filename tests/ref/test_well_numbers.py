"""Well-number reference codes (sql/ref/well_numbers.sql) as a client lists them; the codes and
the normalisation rules themselves are checked in pgtap/well_numbers.sql."""


def test_reference_codes_are_listed(stack, engineer_client):
    texas = engineer_client.get("/well_number_counties?state_code=eq.42&county_code=eq.501").json()
    assert texas == [{"state_code": "42", "county_code": "501", "name": "YOAKUM", "offshore": False}]
    with stack.client() as anonymous:
        states = anonymous.get("/well_number_states?order=state_code").json()
    assert len(states) == 55 and states[7]["state_code"] == "08"
