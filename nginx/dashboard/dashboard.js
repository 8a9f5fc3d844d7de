// The operations dashboard: reads PostgREST (through this nginx) with the signed-in admin's token.
// The token comes from the sign-in form or from the address (#token=...), and stays in this tab
// (common.js, loaded first, holds it and the helpers both pages use).
"use strict";

async function retry(jobId) {
  await api("/rpc/retry_job", { method: "POST", body: JSON.stringify({ job_id: jobId }) });
  await load();
}

async function load() {
  const me = await api("/rpc/me", { method: "POST" });
  document.querySelector("#who").textContent =
    `${me.user.full_name} (${me.org_role}) - ${me.organization.name}`;
  const [queues, failures, calendar, issues] = await Promise.all([
    api("/job_queue_stats?order=queue_name,task_name"),
    api("/failed_jobs?order=failed_at.desc&limit=50"),
    api("/compliance_calendar?order=due_date"),
    api("/data_quality_issues?status=eq.open&order=issue_date.desc&limit=20"
        + "&select=issue_date,kind,message,well_id,well:wells(name,well_number_formatted)"),
  ]);
  fill("queues", queues, (row, q) => {
    cell(row, q.queue_name); cell(row, q.task_name);
    for (const n of [q.todo, q.doing, q.succeeded, q.failed, q.succeeded_last_hour]) cell(row, n, true);
  }, me.org_role === "owner" || me.org_role === "admin" ? "No jobs yet." : "Only owners and admins see jobs.");
  fill("failures", failures, (row, f) => {
    cell(row, f.job_id, true); cell(row, f.task_name); cell(row, f.attempts, true);
    cell(row, f.failed_at); cell(row, f.last_error);
    const button = document.createElement("button");
    button.textContent = "Retry";
    button.addEventListener("click", () => retry(f.job_id).catch(show));
    row.insertCell().append(button);
  }, "No failed jobs.");
  fill("calendar", calendar, (row, c) => {
    cell(row, c.agency); cell(row, c.form); cell(row, c.period.slice(0, 7)); cell(row, c.due_date);
    cell(row, c.status); cell(row, c.rolled_over);
  }, "No filing schedules.");
  fill("issues", issues, (row, i) => {
    cell(row, i.issue_date);
    linkCell(row, `${i.well.name} (${i.well.well_number_formatted})`,
             `well.html#well=${encodeURIComponent(i.well_id)}`);
    cell(row, i.kind); cell(row, i.message);
  }, "No open issues.");
  document.querySelector("#board").hidden = false;
  document.querySelector("#sign-in").hidden = true;
  document.body.dataset.state = "ready";
}

document.querySelector("#sign-in").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  try {
    const result = await api("/rpc/login", {
      method: "POST", body: JSON.stringify({ email: form.get("email"), password: form.get("password") }),
    });
    remember(result.token);
    await load();
  } catch (error) { show(error); }
});

if (token) {
  load().catch(show);
} else {
  document.querySelector("#sign-in").hidden = false;
  document.body.dataset.state = "signed-out";
}
