"""Spidermon checks at spider close: pages fetched, error rate, per-field coverage, vs the previous run.

A layout change on a site rarely breaks a crawl: pages still come back 200 and
parse, only emptier. These checks turn that into a failed run: exit code 3, a
JSON report in ``OUT/_runs/<run_id>/monitors.json`` and a summary on stderr.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

from spidermon import Monitor, MonitorSuite, monitors
from spidermon.core.actions import Action

from crawler import notify
from crawler.run import run_context
from output.runs import previous_run, read_state, write_state

REPORT = "monitors.json"


@dataclass(slots=True)
class Check:
    group: str  # 'pages', 'errors', 'coverage', 'previous_run'
    name: str
    value: float
    threshold: float | None
    ok: bool
    message: str


def run_checks(stats: dict[str, Any], settings: Any, previous: dict[str, Any] | None) -> list[Check]:
    """Every check of one run: its stats against the thresholds in settings and the previous run's counts."""
    checks: list[Check] = []
    pages = int(stats.get("drugpages/pages", 0))
    errors = int(stats.get("drugpages/errors", 0))
    fact_pages = int(stats.get("drugpages/fact_pages", 0))
    sample = settings.getint("DRUGPAGES_MONITOR_MIN_SAMPLE")
    min_pages = settings.getint("DRUGPAGES_MONITOR_MIN_PAGES")
    checks.append(Check("pages", "pages_fetched", pages, min_pages, pages >= min_pages,
                        f"{pages} pages fetched (at least {min_pages})"))
    fetched = pages + errors
    max_rate = settings.getfloat("DRUGPAGES_MONITOR_MAX_ERROR_RATE")
    rate = errors / fetched if fetched else 0.0
    if fetched >= sample:
        checks.append(Check("errors", "error_rate", round(rate, 4), max_rate, rate <= max_rate,
                            f"{errors} errors in {fetched} URLs fetched = {rate:.0%} (at most {max_rate:.0%})"))
    min_share = settings.getfloat("DRUGPAGES_MONITOR_MIN_FACT_PAGE_SHARE")
    share = fact_pages / pages if pages else 0.0
    if pages >= sample:
        checks.append(Check("coverage", "fact_pages", round(share, 4), min_share, share >= min_share,
                            f"{fact_pages} of {pages} pages state drug facts = {share:.0%} "
                            f"(at least {min_share:.0%})"))
    if fact_pages >= sample:
        for name, minimum in settings.getdict("DRUGPAGES_MONITOR_MIN_COVERAGE").items():
            value = float(stats.get(f"drugpages/coverage/{name}", 0.0))
            checks.append(Check("coverage", name, value, float(minimum), value >= float(minimum),
                                f"{name}: {value:.0%} of fact pages (at least {float(minimum):.0%})"))
    if previous:
        drop = settings.getfloat("DRUGPAGES_MONITOR_MAX_DROP")
        compared = {"pages_fetched": (pages, previous.get("outcome_pages", previous.get("pages", 0))),
                    "fact_pages": (fact_pages, previous.get("fact_pages"))}
        for name in settings.getdict("DRUGPAGES_MONITOR_MIN_COVERAGE"):
            compared[f"coverage_{name}"] = (float(stats.get(f"drugpages/coverage/{name}", 0.0)),
                                            previous.get(f"coverage_{name}"))
        for name, (now, before) in compared.items():
            if before is None or not before:
                continue
            floor = round(float(before) * (1 - drop), 4)
            checks.append(Check("previous_run", name, now, floor, now >= floor,
                                f"{name}: {now:g} now, {before:g} in the previous run (at least {floor:g})"))
    return checks


def _checks_of(monitor: Monitor) -> list[Check]:
    crawler = monitor.data.crawler
    cached = getattr(crawler, "_drugpages_checks", None)
    if cached is None:
        ctx = run_context(crawler)
        baseline = ctx.baseline
        previous = baseline.counts if baseline else None
        if previous is None:
            found = previous_run(ctx.out, crawler.spidercls.name, exclude=ctx.run_id)
            previous = found[1] if found else None
        cached = run_checks(monitor.data.stats, crawler.settings, previous)
        crawler._drugpages_checks = cached  # noqa: SLF001 - computed once per run
    return cached


def _assert_group(monitor: Monitor, group: str) -> None:
    failed = [c.message for c in _checks_of(monitor) if c.group == group and not c.ok]
    if failed:
        monitor.fail("; ".join(failed))


@monitors.name("drugpages")
class RunMonitor(Monitor):
    @monitors.name("pages fetched")
    def test_pages_fetched(self) -> None:
        _assert_group(self, "pages")

    @monitors.name("error rate")
    def test_error_rate(self) -> None:
        _assert_group(self, "errors")

    @monitors.name("field coverage")
    def test_field_coverage(self) -> None:
        _assert_group(self, "coverage")

    @monitors.name("against the previous run")
    def test_previous_run(self) -> None:
        _assert_group(self, "previous_run")


class WriteReport(Action):
    """Writes ``monitors.json`` in the run folder and the outcome into the crawl stats."""

    def run_action(self) -> None:
        crawler = self.data.crawler
        ctx = run_context(crawler)
        results = []
        for item in self.result.monitor_results:
            message = str(item.error or "").strip().splitlines()[-1] if item.error else ""
            results.append({"monitor": item.monitor.name, "status": item.status,
                            "message": message.removeprefix("AssertionError: ")})
        failed = [r for r in results if r["status"] != "OK"]
        report = {"run_id": ctx.run_id, "passed": not failed,
                  "previous_run_id": ctx.baseline.run_id if ctx.baseline else None,
                  "monitors": results, "checks": [asdict(c) for c in getattr(crawler, "_drugpages_checks", None) or []]}
        path = write_state(ctx.out, ctx.run_id, REPORT, json.dumps(report, indent=1))
        crawler.stats.set_value("drugpages/monitors_failed", len(failed))
        crawler.stats.set_value("drugpages/failed_monitors", [r["monitor"] for r in failed])
        crawler.stats.set_value("drugpages/monitor_report", path)
        crawler.stats.set_value("drugpages/monitors_passed", not failed)


class SendReport(Action):
    """Sends the report to the file, webhook and e-mail the DRUGPAGES_NOTIFY_* settings name (crawler.notify)."""

    def run_action(self) -> None:
        crawler = self.data.crawler
        ctx = run_context(crawler)
        text = read_state(ctx.out, ctx.run_id, REPORT)
        if text is None:
            return
        report = json.loads(text) | {"spider": crawler.spidercls.name, "out": ctx.out}
        sent = notify.send(crawler.settings, report)
        crawler.stats.set_value("drugpages/report_sent_to", sent)


class CloseMonitorSuite(MonitorSuite):
    monitors = [RunMonitor]
    monitors_finished_actions = [WriteReport, SendReport]


def summary(report: dict[str, Any]) -> str:
    """A few lines for stderr: each failed monitor and why."""
    if report["passed"]:
        return f"monitors passed ({len(report['monitors'])} checks groups)"
    lines = ["MONITORS FAILED:"]
    lines += [f"  {r['monitor']}: {r['message']}" for r in report["monitors"] if r["status"] != "OK"]
    return "\n".join(lines)
