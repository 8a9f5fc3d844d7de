"""Valid asset rows for tests, and a way to write them through the api views as PostgREST does."""

from __future__ import annotations

import itertools
import json
import random

import psycopg

RESOURCES = ("fields", "companies", "leases", "wells")
REPRESENTATION = {"Prefer": "return=representation"}
WRITER_ROLES = ("owner", "admin", "manager", "engineer")
READ_ONLY_ROLES = ("accountant", "viewer")
_serial = itertools.count(random.randrange(10_000, 60_000))


def unique() -> int:
    return next(_serial)


def payload(resource: str, refs: dict | None = None) -> dict:
    """A valid new row for the resource; refs holds ids of the field, lease and company to point at."""
    refs = refs or {}
    n = unique()
    if resource == "fields":
        return {"name": f"Field {n}", "basin": "Permian - Midland", "play": "Spraberry",
                "state_code": "42", "county_code": "329", "discovery_date": "1951-05-01"}
    if resource == "companies":
        return {"name": f"Company {n}", "roles": ["operator", "drilling_contractor"],
                "state_operator_numbers": {"TX-RRC-P5": str(n)}, "contact_email": f"c{n}@example.com"}
    if resource == "leases":
        return {"lease_number": f"TX-{n}", "name": f"Lease {n}", "field_id": refs.get("field"),
                "state_code": "42", "county_code": "329", "gross_acres": 640, "net_acres": 480,
                "royalty_rate": 0.1875, "working_interest": 1, "net_revenue_interest": 0.8125,
                "effective_date": "2020-01-01", "expiration_date": "2023-01-01"}
    if resource == "wells":
        return {"well_number": f"42-329-{n:05d}", "name": f"Well {n}H", "lease_id": refs.get("lease"),
                "field_id": refs.get("field"), "operator_company_id": refs.get("company"),
                "drilling_contractor_id": refs.get("company"), "horizontal": True, "lateral_length": 10000,
                "measured_depth": 20000, "true_vertical_depth": 9800, "spud_date": "2021-03-01",
                "completion_date": "2021-05-01", "first_production_date": "2021-05-20"}
    raise ValueError(resource)


def insert(conn: psycopg.Connection, resource: str, row: dict) -> dict:
    """INSERT through the api view, only the given columns (as PostgREST does); returns the stored row."""
    columns = ", ".join(row)
    record = conn.execute(
        f"insert into api.{resource} ({columns}) select {columns}"
        f" from json_populate_record(null::api.{resource}, %s::json) returning to_json({resource}.*)",
        [json.dumps(row)]).fetchone()[0]
    return record


def create_graph(conn: psycopg.Connection) -> dict:
    """A field, a company, a lease and a well for the organization the connection acts for."""
    refs = {"field": insert(conn, "fields", payload("fields"))["id"],
            "company": insert(conn, "companies", payload("companies"))["id"]}
    refs["lease"] = insert(conn, "leases", payload("leases", refs))["id"]
    refs["well"] = insert(conn, "wells", payload("wells", refs))["id"]
    return refs


def post_row(client, resource: str, row: dict) -> dict:
    """POST one row through nginx + PostgREST; returns the stored row."""
    response = client.post(f"/{resource}", json=row, headers=REPRESENTATION)
    assert response.status_code == 201, response.text
    return response.json()[0]


def post_graph(client) -> dict:
    """A field, a company and a lease created over HTTP by the client's user."""
    refs = {"field": post_row(client, "fields", payload("fields"))["id"],
            "company": post_row(client, "companies", payload("companies"))["id"]}
    refs["lease"] = post_row(client, "leases", payload("leases", refs))["id"]
    return refs
