// What the dashboard's pages share: the signed-in token, PostgREST calls through this nginx,
// tables and the error line. Loaded before each page's own script.
"use strict";

// The address carries the page's arguments after the "#" (never sent to a server). The token is
// kept in this tab's sessionStorage, so links between the pages need not carry it.
const address = new URLSearchParams(location.hash.slice(1));
let token = address.get("token") || sessionStorage.getItem("wellflow.token");
if (address.get("token")) sessionStorage.setItem("wellflow.token", token);

function remember(newToken) {
  token = newToken;
  sessionStorage.setItem("wellflow.token", token);
}

async function api(path, options = {}) {
  const response = await fetch(path, {
    ...options,
    headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
  });
  const body = response.status === 204 ? null : await response.json();
  if (!response.ok) throw new Error(body && body.message ? `${body.code}: ${body.message}` : `HTTP ${response.status}`);
  return body;
}

// Every row of a read, page by page: PostgREST answers at most db-max-rows (1000) rows a request.
async function apiAll(path, pageSize = 1000) {
  const rows = [];
  for (;;) {
    const page = await api(`${path}${path.includes("?") ? "&" : "?"}limit=${pageSize}&offset=${rows.length}`);
    rows.push(...page);
    if (page.length < pageSize) return rows;
  }
}

function cell(row, text, numeric = false) {
  const td = row.insertCell();
  td.textContent = text === null || text === undefined ? "" : String(text);
  if (numeric) td.className = "n";
  return td;
}

function linkCell(row, text, href) {
  const link = document.createElement("a");
  link.href = href;
  link.textContent = text;
  const td = row.insertCell();
  td.append(link);
  return td;
}

function fill(tableId, rows, render, emptyText) {
  const body = document.querySelector(`#${tableId} tbody`);
  body.replaceChildren();
  if (rows.length === 0) {
    const row = body.insertRow();
    const td = cell(row, emptyText);
    td.colSpan = document.querySelectorAll(`#${tableId} th`).length;
    td.className = "empty";
    return;
  }
  for (const item of rows) render(body.insertRow(), item);
}

function show(error) {
  const problem = document.querySelector("#problem");
  problem.textContent = error.message;
  problem.hidden = false;
  document.body.dataset.state = "error";
}
