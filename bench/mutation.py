"""Mutation score of the extraction core and the crawl's exactly-once bookkeeping (mutmut, outside CI's run).

``python -m bench.mutation [MODULE ...]`` runs mutmut with one worker (``--children N`` for more) over the
modules named (default: every module ``[tool.mutmut] only_mutate`` lists), then prints killed/total per
module and every surviving mutant. mutmut keeps its copy of the tree and each mutant's result in
``mutants/`` (git-ignored); a mutant keeps its result until its function changes, so a second call runs
only the mutants not yet checked. ``--survivors`` also runs those that survived again (after adding tests),
``--again`` every mutant of the modules anew; ``--sample N`` runs N of each module's unchecked mutants (an
estimate where a whole module takes too long); ``--report`` runs nothing.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tomllib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MUTMUT = Path(sys.executable).with_name("mutmut")
# "    extract.link_blocks.x_absolute__mutmut_3: survived"
# a method's: "    crawler.pipelines.xǁDatasetPipelineǁ_stats__mutmut_1: killed"
_RESULT = re.compile(r"^\s*(?P<name>(?P<module>[\w.]+?)\.x[_ǁ]\S+__mutmut_\d+): (?P<status>.+?)\s*$")
CAUGHT = ("killed", "timeout", "caught by type check")


@dataclass(slots=True)
class ModuleScore:
    statuses: Counter[str] = field(default_factory=Counter)
    names: list[tuple[str, str]] = field(default_factory=list)  # (mutant, status)

    @property
    def survivors(self) -> list[str]:
        return [f"{name}: {status}" for name, status in self.names if status in ("survived", "no tests")]

    @property
    def total(self) -> int:
        """Mutants run (those not yet checked left out)."""
        return sum(n for status, n in self.statuses.items() if status != "not checked")

    @property
    def caught(self) -> int:
        return sum(self.statuses[s] for s in CAUGHT)



def modules() -> list[str]:
    """The modules pyproject.toml has mutmut mutate, as dotted names."""
    config = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["mutmut"]
    return [path.removesuffix(".py").replace("/", ".") for path in config["only_mutate"]]


def parse_results(text: str) -> dict[str, ModuleScore]:
    """``mutmut results --all true`` output → per module: how many mutants ended how, and the survivors."""
    scores: dict[str, ModuleScore] = defaultdict(ModuleScore)
    for line in text.splitlines():
        m = _RESULT.match(line)
        if not m:
            continue
        score = scores[m.group("module")]
        score.statuses[m.group("status")] += 1
        score.names.append((m.group("name"), m.group("status")))
    return dict(scores)


def table(scores: dict[str, ModuleScore]) -> str:
    """Markdown: killed (timeouts included) / total per module, the survivors and the untested counted."""
    lines = ["| where | killed / total | score | survived | no tests | timeout | not run yet |",
             "|---|---|---|---|---|---|---|"]
    for module, s in sorted(scores.items()):
        score = f"{100 * s.caught / s.total:.1f}%" if s.total else "–"
        lines.append(f"| `{module}` | {s.caught} / {s.total} | {score} | {s.statuses['survived']} | "
                     f"{s.statuses['no tests']} | {s.statuses['timeout']} | {s.statuses['not checked']} |")
    return "\n".join(lines)


def spread(names: list[str], n: int) -> list[str]:
    """``n`` of ``names`` at even steps (every function's mutants get their share)."""
    if len(names) <= n:
        return names
    return [names[i * len(names) // n] for i in range(n)]


def by_function(scores: dict[str, ModuleScore]) -> dict[str, ModuleScore]:
    """The same counts per function ("crawler.pipelines.DatasetPipeline.process_item")."""
    out: dict[str, ModuleScore] = defaultdict(ModuleScore)
    for module, score in scores.items():
        for name, status in score.names:
            function = name[len(module) + 1 :].rsplit("__mutmut_", 1)[0]
            function = function.removeprefix("x_").removeprefix("xǁ").replace("ǁ", ".")
            out[f"{module}.{function}"].statuses[status] += 1
            out[f"{module}.{function}"].names.append((name, status))
    return dict(out)


def results() -> dict[str, ModuleScore]:
    out = subprocess.run([str(MUTMUT), "results", "--all", "true"], cwd=REPO, capture_output=True, text=True,
                         check=True).stdout
    return parse_results(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.mutation", description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", help="dotted module names (default: every module mutmut mutates)")
    parser.add_argument("--report", action="store_true", help="only print the scores of the last runs")
    parser.add_argument("--again", action="store_true", help="run every mutant of the modules, not only new ones")
    parser.add_argument("--survivors", action="store_true", help="also run the mutants that survived again")
    parser.add_argument("--functions", action="store_true", help="the table per function, not per module")
    parser.add_argument("--children", type=int, default=1, metavar="N",
                        help="mutants run at once (default 1: the machine is shared; 2 on an idle 2-core machine)")
    parser.add_argument("--sample", type=int, metavar="N",
                        help="of each module's mutants not yet checked, run N spread evenly (an estimate, for time)")
    args = parser.parse_args(argv)
    known = modules()
    unknown = [m for m in args.modules if m not in known]
    if unknown:
        print(f"not mutated: {', '.join(unknown)}; modules: {', '.join(known)}", file=sys.stderr)
        return 2
    chosen = args.modules or known
    if not args.report:
        # mutmut runs a mutant it is given by name whatever an earlier run found; unnamed, only unchecked ones
        before = results() if (REPO / "mutants").is_dir() else {}
        if args.again:
            names = [f"{module}.*" for module in chosen]
        else:  # a module never run before (no mutants yet) is named whole
            wanted = ("not checked", "survived", "no tests") if args.survivors else ("not checked",)
            names = [f"{m}.*" for m in chosen if m not in before]
            for module, score in before.items():
                if module in chosen:
                    unchecked = [n for n, status in score.names if status == "not checked"]
                    names += [n for n, status in score.names if status in wanted and status != "not checked"]
                    names += spread(unchecked, args.sample) if args.sample else unchecked
        if names:
            subprocess.run([str(MUTMUT), "run", "--max-children", str(max(1, args.children)), *names], cwd=REPO,
                           check=True)
    scores = results()
    print(table(by_function(scores) if args.functions else scores))
    for _, score in sorted(scores.items()):
        for line in score.survivors:
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
