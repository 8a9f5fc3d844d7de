"""E-mail: the outbox table is written by SQL in the same transaction as the change that
wants the mail; this single task renders it with Jinja2 and hands it to SMTP."""

from __future__ import annotations

import asyncio
import os
import smtplib
from email.message import EmailMessage

import jinja2

from procrastinate_tasks.app import app, retry_strategy, tenant_transaction

templates = jinja2.Environment(
    loader=jinja2.PackageLoader("procrastinate_tasks", "templates/email"),
    autoescape=jinja2.select_autoescape(enabled_extensions=("html",), default_for_string=False),
    undefined=jinja2.StrictUndefined,
    keep_trailing_newline=True,
)


def render(template: str, to_address: str, context: dict) -> EmailMessage:
    values = {**context, "to_address": to_address,
              "public_url": os.environ.get("WELLFLOW_PUBLIC_URL", "http://127.0.0.1:8080")}
    message = EmailMessage()
    message["From"] = os.environ.get("WELLFLOW_MAIL_FROM", "WellFlow <no-reply@wellflow.invalid>")
    message["To"] = to_address
    message["Subject"] = templates.get_template(f"{template}.subject.txt").render(values).strip()
    message.set_content(templates.get_template(f"{template}.txt").render(values))
    message.add_alternative(templates.get_template(f"{template}.html").render(values), subtype="html")
    return message


def deliver(message: EmailMessage) -> None:
    host = os.environ.get("SMTP_HOST", "127.0.0.1")
    port = int(os.environ.get("SMTP_PORT", "1025"))
    with smtplib.SMTP(host, port, timeout=30) as smtp:
        if os.environ.get("SMTP_STARTTLS") == "1":
            smtp.starttls()
        if os.environ.get("SMTP_USER"):
            smtp.login(os.environ["SMTP_USER"], os.environ.get("SMTP_PASSWORD", ""))
        smtp.send_message(message)


@app.task(name="email_outbox__send", queue="notifications",
          retry=retry_strategy(6))
async def send_email(organization_id: str, outbox_id: str) -> str:
    """Sends one outbox row. Idempotent: a row already sent is left alone. A crash between
    the SMTP hand-off and the commit can send a mail twice, never zero times."""
    try:
        async with tenant_transaction(organization_id) as conn:
            row = await (await conn.execute(
                "select to_address, template, context, status from app.email_outbox"
                " where organization_id = %s and id = %s for update",
                [organization_id, outbox_id])).fetchone()
            if row is None:
                return "missing"
            to_address, template, context, status = row
            if status == "sent":
                return "already sent"
            message = render(template, to_address, context)
            await asyncio.to_thread(deliver, message)
            # The invitation token has done its job once it is in the mail.
            await conn.execute(
                "update app.email_outbox set status = 'sent', sent_at = clock_timestamp(),"
                " attempts = attempts + 1, last_error = null, context = context - 'invitation_token'"
                " where organization_id = %s and id = %s", [organization_id, outbox_id])
            return "sent"
    except (OSError, smtplib.SMTPException, jinja2.TemplateError) as error:
        async with tenant_transaction(organization_id) as conn:
            await conn.execute(
                "update app.email_outbox set attempts = attempts + 1, last_error = %s,"
                " status = 'failed' where organization_id = %s and id = %s and status <> 'sent'",
                [f"{type(error).__name__}: {error}"[:2000], organization_id, outbox_id])
        raise
