-- Verify wellflow:regulatory_identifiers on pg
-- Raises unless the agency numbers, the operated flag and the forms' lease types exist.
select lease_type, federal_lease_number, rrc_lease_number, rrc_district, ocd_property_code from app.leases where false;
select rrc_field_number from app.fields where false;
select operated, ndic_file_number from app.wells where false;
select lease_types from ref.filing_rules where false;
