"""The mutation-score report: mutmut's per-mutant results read into killed/total per module."""

from __future__ import annotations

from bench.mutation import by_function, main, modules, parse_results, spread, table

RESULTS = """\
    extract.link_blocks.x_absolute__mutmut_1: killed
    extract.link_blocks.x_absolute__mutmut_2: survived
    extract.link_blocks.x_absolute__mutmut_3: timeout
    extract.link_blocks.x_absolute__mutmut_4: killed
    crawler.pipelines.xǁDatasetPipelineǁprocess_item__mutmut_7: no tests
    crawler.pipelines.xǁDatasetPipelineǁprocess_item__mutmut_8: killed
    crawler.resume.x_recovered_frontier__mutmut_1: not checked
"""


def test_results_counted_per_module_with_survivors_named() -> None:
    scores = parse_results("Running mutation testing\n" + RESULTS)
    assert set(scores) == {"extract.link_blocks", "crawler.pipelines", "crawler.resume"}
    links = scores["extract.link_blocks"]
    assert (links.caught, links.total) == (3, 4)
    assert links.survivors == ["extract.link_blocks.x_absolute__mutmut_2: survived"]
    pipeline = scores["crawler.pipelines"]
    assert (pipeline.caught, pipeline.total) == (1, 2)
    assert pipeline.survivors == ["crawler.pipelines.xǁDatasetPipelineǁprocess_item__mutmut_7: no tests"]
    assert scores["crawler.resume"].total == 0

    rows = table(scores).splitlines()
    assert "| `extract.link_blocks` | 3 / 4 | 75.0% | 1 | 0 | 1 | 0 |" in rows
    assert "| `crawler.pipelines` | 1 / 2 | 50.0% | 0 | 1 | 0 | 0 |" in rows
    assert "| `crawler.resume` | 0 / 0 | – | 0 | 0 | 0 | 1 |" in rows


def test_the_modules_named_are_those_the_config_mutates(capsys) -> None:  # noqa: ANN001 - pytest's fixture
    assert {"extract.analysis.uses", "extract.analysis.condition_phrases", "extract.analysis.comedications",
            "extract.link_blocks", "crawler.pipelines", "crawler.resume"} <= set(modules())
    assert main(["extract.sites.emedtv"]) == 2
    assert "not mutated: extract.sites.emedtv" in capsys.readouterr().err


def test_a_sample_is_spread_over_all_the_names() -> None:
    names = [f"m.x_f__mutmut_{i}" for i in range(10)]
    assert spread(names, 20) == names
    assert spread(names, 5) == names[::2]
    assert spread(names, 3) == [names[0], names[3], names[6]]


def test_counts_per_function() -> None:
    functions = by_function(parse_results(RESULTS))
    assert functions["crawler.pipelines.DatasetPipeline.process_item"].statuses == {"no tests": 1, "killed": 1}
    assert functions["extract.link_blocks.absolute"].total == 4
