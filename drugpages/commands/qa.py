"""The ``drugpages qa`` commands: report, diff, sample, eval.

Exit codes as for every drugpages command: 0 done, 2 bad arguments or input
(said on stderr, no traceback).
"""

from __future__ import annotations

import argparse

from rich.console import Console
from rich.table import Table

from drugpages import exits
from output.parts import DatasetError

err = Console(stderr=True, soft_wrap=True)  # one line per message, whatever the width


def add_parsers(subparsers: argparse._SubParsersAction) -> None:
    qa = subparsers.add_parser("qa", help="QA tools: HTML report, run diff, review sheets, evaluation")
    sub = qa.add_subparsers(dest="qa_command", required=True)
    p = sub.add_parser("report", help="static HTML report: every record beside its source page")
    p.add_argument("dir", help="dataset folder or URI")
    p.add_argument("--run", default="latest", help="'latest' (default: the newest current run) or a run id")
    p.add_argument("--out", required=True, help="REPORT_DIR (index.html, pages/, raw/)")
    p.set_defaults(handler=report)
    p = sub.add_parser("diff", help="what changed per page and field between two runs (HTML and CSV)")
    p.add_argument("dir", help="dataset folder or URI")
    p.add_argument("--from", dest="run_from", default="previous", metavar="RUN",
                   help="the older run: an id, 'latest' or 'previous' (default: the succeeded run of the same site "
                        "before --to)")
    p.add_argument("--to", dest="run_to", default="latest", metavar="RUN",
                   help="the newer run: an id, 'latest' (default: the newest current run) or 'previous'")
    p.add_argument("--out", help="folder for diff.csv and diff.html (default ./qa-diff-FROM--TO, outside the dataset)")
    p.add_argument("--report", metavar="REPORT_DIR", help="a `qa report` of either run: link each page to its view")
    p.set_defaults(handler=diff)
    p = sub.add_parser("sample", help="review sheet (CSV and HTML) of randomly chosen values")
    p.add_argument("dir", help="dataset folder or URI")
    p.add_argument("-n", type=int, default=50, help="values to sample (default 50), spread evenly over the fields")
    p.add_argument("--seed", default="0", help="random seed: the same seed gives the same sheet")
    p.add_argument("--run", default="latest", help="'latest' (default: the newest current run) or a run id")
    p.add_argument("--out", help="folder for review.csv and review.html (default ./qa-sample-SEED)")
    p.add_argument("--report", metavar="REPORT_DIR",
                   help="a `qa report` of the run: each value links to its page's view there, not the live site")
    p.set_defaults(handler=sample)
    p = sub.add_parser("eval", help="precision/recall on fixture cases, or precision from a filled review sheet")
    p.add_argument("fixtures", nargs="?", help="folder of fixture cases (page.html + expected.json)")
    p.add_argument("--reviews", help="a filled review sheet (review.csv)")
    p.set_defaults(handler=eval_command)


def _dataset_errors() -> tuple[type[Exception], ...]:
    return DatasetError, FileNotFoundError, ValueError


def report(args: argparse.Namespace) -> int:
    # here, not at the top: qa reads tables with pandas (~80 MB), which `drugpages crawl` never needs
    from qa.report import build_report

    try:
        summary = build_report(args.dir, args.out, args.run)
    except _dataset_errors() as exc:
        err.print(f"drugpages qa report: {exc}")
        return exits.USAGE
    print(f"report of run {summary.run_id}: {summary.pages} pages, {summary.pages_with_warnings} with warnings, "
          f"{summary.raw_captures} raw captures")
    print(f"open {(summary.out / 'index.html').resolve()}")
    return exits.OK


def diff(args: argparse.Namespace) -> int:
    from qa.diff import resolve_pair, write_diff  # as above

    try:
        run_from, run_to = resolve_pair(args.dir, args.run_from, args.run_to)
        out = args.out or f"qa-diff-{run_from}--{run_to}"
        csv_path, html_path, changes = write_diff(args.dir, run_from, run_to, out, args.report)
    except _dataset_errors() as exc:
        err.print(f"drugpages qa diff: {exc}")
        return exits.USAGE
    pages = len({c.url for c in changes})
    print(f"{len(changes)} changes on {pages} pages from run {run_from} to run {run_to}")
    print(f"wrote {csv_path} and {html_path}")
    return exits.OK


def sample(args: argparse.Namespace) -> int:
    from qa.sample import write_sheet  # as above

    if args.n < 1:
        err.print("drugpages qa sample: -n must be at least 1")
        return exits.USAGE
    out = args.out or f"qa-sample-{args.seed}"
    try:
        csv_path, html_path, n = write_sheet(args.dir, args.n, args.seed, out, args.run, args.report)
    except _dataset_errors() as exc:
        err.print(f"drugpages qa sample: {exc}")
        return exits.USAGE
    print(f"{n} values to review: {csv_path} and {html_path}")
    return exits.OK


def eval_command(args: argparse.Namespace) -> int:
    if bool(args.fixtures) == bool(args.reviews):
        err.print("drugpages qa eval: give either FIXTURES_DIR or --reviews FILE")
        return exits.USAGE
    return _eval_reviews(args.reviews) if args.reviews else _eval_fixtures(args.fixtures)


def _eval_fixtures(folder: str) -> int:
    from qa.evaluation import evaluate as run_evaluation  # as above

    try:
        scores = run_evaluation(folder)
    except (FileNotFoundError, ValueError, KeyError) as exc:
        err.print(f"drugpages qa eval: {exc}")
        return exits.USAGE
    table = Table(title=f"extraction vs {folder} (strict: one prediction per expected value; 'repeats' are "
                        "second wordings of a value already matched, which the lenient F1 forgives)")
    for col in ("field", "tp", "fp", "fn", "precision", "recall", "F1", "repeats", "lenient F1"):
        table.add_column(col, justify="left" if col == "field" else "right")
    for name, s in scores.items():
        table.add_row(name, str(s.tp), str(s.fp), str(s.fn), f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}",
                      str(s.repeats), f"{s.lenient_f1:.3f}")
    console = Console(width=160)
    console.print(table)
    banded = Table(title="precision per confidence band (uses.confidence: high >= 0.75, medium >= 0.5, low)")
    for col in ("field", "band", "correct", "predicted", "precision"):
        banded.add_column(col, justify="left" if col in ("field", "band") else "right")
    for name, s in scores.items():
        for band_name in ("high", "medium", "low"):
            if band_name in s.bands:
                correct, predicted = s.bands[band_name]
                banded.add_row(name, band_name, str(correct), str(predicted), f"{correct / predicted:.3f}")
    if banded.row_count:
        console.print(banded)
    for name, s in scores.items():
        if s.misses:
            console.print(f"[bold]{name}[/bold] misses ({len(s.misses)}):", highlight=False)
            for miss in s.misses:
                console.print(f"  {miss}", markup=False, highlight=False)
    return exits.OK


def _eval_reviews(path: str) -> int:
    from qa.sample import ReviewError, read_reviews  # as above

    try:
        scores = read_reviews(path)
    except (OSError, ReviewError) as exc:
        err.print(f"drugpages qa eval: {exc}")
        return exits.USAGE
    table = Table(title=f"precision from {path} (95% Wilson interval)")
    for col in ("field", "reviewed", "correct", "precision", "95% CI", "unreviewed"):
        table.add_column(col, justify="left" if col == "field" else "right")
    for name, s in sorted(scores.items()):
        low, high = s.interval
        shown = "—" if s.precision is None else f"{s.precision:.3f}"
        table.add_row(name, str(s.reviewed), str(s.correct), shown, f"{low:.3f}–{high:.3f}", str(s.unreviewed))
    Console(width=160).print(table)
    return exits.OK
