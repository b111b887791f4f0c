"""Where a run's monitor report goes besides ``_runs/<id>/monitors.json``: a file, a webhook, e-mail.

Unattended crawls (cron, Scrapyd) have no one reading stderr, so the report is
sent where someone will see it. Each channel is one setting; unset, it is off:

- ``DRUGPAGES_NOTIFY_FILE``: a path; one JSON line per run is appended.
- ``DRUGPAGES_NOTIFY_WEBHOOK``: a URL; the report is POSTed as JSON.
- ``DRUGPAGES_NOTIFY_EMAIL_TO`` (comma-separated), sent through ``DRUGPAGES_NOTIFY_SMTP``
  (``host:port``) from ``DRUGPAGES_NOTIFY_EMAIL_FROM``; ``DRUGPAGES_NOTIFY_SMTP_USER`` /
  ``_PASSWORD`` log in after STARTTLS when set.

``DRUGPAGES_NOTIFY_ON``: 'failure' (default: only runs a monitor failed) or 'always'.
A channel that cannot be reached is logged and does not fail the crawl.
"""

from __future__ import annotations

import json
import logging
import smtplib
import urllib.request
from email.message import EmailMessage
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)


def subject(report: dict[str, Any]) -> str:
    failed = [m["monitor"] for m in report["monitors"] if m["status"] != "OK"]
    outcome = f"monitors failed: {', '.join(failed)}" if failed else "monitors passed"
    return f"drugpages {report.get('spider', '')} run {report['run_id']}: {outcome}"


def body(report: dict[str, Any]) -> str:
    lines = [subject(report), f"dataset: {report.get('out', '')}", ""]
    lines += [f"{m['monitor']}: {m['status']} {m['message']}".rstrip() for m in report["monitors"]]
    return "\n".join(lines) + "\n\n" + json.dumps(report, indent=1) + "\n"


def to_file(path: str, report: dict[str, Any]) -> None:
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(report, sort_keys=True) + "\n")


def to_webhook(url: str, report: dict[str, Any], timeout: float = 30) -> None:
    request = urllib.request.Request(url, data=json.dumps(report).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        response.read()


def by_email(settings: Any, report: dict[str, Any], timeout: float = 30) -> None:
    host, _, port = settings.get("DRUGPAGES_NOTIFY_SMTP", "localhost:25").rpartition(":")
    message = EmailMessage()
    message["Subject"] = subject(report)
    message["From"] = settings.get("DRUGPAGES_NOTIFY_EMAIL_FROM")
    message["To"] = settings.get("DRUGPAGES_NOTIFY_EMAIL_TO")
    message.set_content(body(report))
    with smtplib.SMTP(host or "localhost", int(port or 25), timeout=timeout) as smtp:
        user = settings.get("DRUGPAGES_NOTIFY_SMTP_USER")
        if user:
            smtp.starttls()
            smtp.login(user, settings.get("DRUGPAGES_NOTIFY_SMTP_PASSWORD") or "")
        smtp.send_message(message)


def send(settings: Any, report: dict[str, Any]) -> list[str]:
    """Send the report to every configured channel; returns those that took it."""
    if report["passed"] and settings.get("DRUGPAGES_NOTIFY_ON", "failure") != "always":
        return []
    channels = {
        "file": (settings.get("DRUGPAGES_NOTIFY_FILE"), lambda: to_file(settings.get("DRUGPAGES_NOTIFY_FILE"), report)),
        "webhook": (settings.get("DRUGPAGES_NOTIFY_WEBHOOK"),
                    lambda: to_webhook(settings.get("DRUGPAGES_NOTIFY_WEBHOOK"), report)),
        "email": (settings.get("DRUGPAGES_NOTIFY_EMAIL_TO"), lambda: by_email(settings, report)),
    }
    sent = []
    for name, (configured, deliver) in channels.items():
        if not configured:
            continue
        try:
            deliver()
            sent.append(name)
        except (OSError, smtplib.SMTPException, ValueError) as exc:
            logger.error("drugpages: could not send the monitor report by %s: %s", name, exc)
    return sent
