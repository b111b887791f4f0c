"""Writes the generated mirror as ``HOST/PATH`` folders: N eMedTV articles plus their indexes, and DailyMed labels.

Link structure: each channel home links to its topic-index pages (100
articles each); articles link to their drug's other articles (the Drug
Information box), to six articles anywhere (Referring Pages), to other drugs
inline, to channel homes, to robots-blocked search pages, off-site footers,
and now and then to a page that does not exist (a 404).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

from bench import dailymed_pages, emedtv_pages
from bench.textgen import CHANNELS, TOPICS, Drug, drugs

PER_INDEX = 100
DAILYMED_HOST = "dailymed.nlm.nih.gov"


@dataclass(frozen=True, slots=True)
class Article:
    drug: Drug
    url: str
    title: str
    mobile: bool


@dataclass(slots=True)
class Mirror:
    root: Path
    articles: list[Article]
    start_urls: list[str]
    index_urls: list[str]
    dailymed: list[tuple[str, Path]] = field(default_factory=list)  # (original URL, file)

    @property
    def html_pages(self) -> int:
        return len(self.articles) + len(self.index_urls)

    def file_of(self, url: str) -> Path:
        rel = url.split("://", 1)[1]
        return self.root / (rel + "index.html" if rel.endswith("/") else rel)


def plan(n: int) -> list[Article]:
    pool = drugs()
    out = []
    for i in range(n):
        drug = pool[i % len(pool)]
        turn = i // len(pool)
        topic = TOPICS[turn % len(TOPICS)]
        k = turn // len(TOPICS)
        slug = f"{drug.generic}-{topic}" + (f"-{k + 1}" if k else "")
        mobile = i % 10 == 7
        path = f"/m/{drug.generic}/{slug}.html" if mobile else f"/{drug.generic}/{slug}.html"
        title = f"{drug.name} {topic.replace('-', ' ').title()}" + (f" (Part {k + 1})" if k else "")
        out.append(Article(drug, f"http://{drug.channel}.emedtv.com{path}", title, mobile))
    return out


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def generate(root: Path, n: int, dailymed: int = 0, page_bytes: int = 40_000, label_bytes: int = 275_000,
             seed: int = 7) -> Mirror:
    """Write the mirror under ``root`` (which must be empty or absent); deterministic for a seed."""
    rng = random.Random(seed)
    articles = plan(n)
    by_drug: dict[str, list[int]] = {}
    for i, a in enumerate(articles):
        by_drug.setdefault(a.drug.generic, []).append(i)
    mirror = Mirror(root, articles, [], [])
    for ch in CHANNELS:
        _write(root / f"{ch}.emedtv.com" / "robots.txt", emedtv_pages.ROBOTS)
    for i, a in enumerate(articles):
        siblings = [j for j in by_drug[a.drug.generic][:12] if j != i][:5]
        info = [(articles[j].url, articles[j].title) for j in siblings]
        referring = [(articles[j].url, articles[j].title) for j in rng.sample(range(n), min(6, n))]
        if i % 97 == 50:
            referring.append((f"http://{a.drug.channel}.emedtv.com/{a.drug.generic}/retired-page-{i}.html",
                              "Retired Page"))
        mentions = [(articles[by_drug[g][0]].url, articles[by_drug[g][0]].drug)
                    for g in rng.sample(sorted(by_drug), min(3, len(by_drug)))]
        html = emedtv_pages.article(random.Random(seed * 1_000_003 + i), a.drug, a.title, page_bytes, info,
                                    referring, mentions, a.mobile)
        _write(mirror.file_of(a.url), html)
    for ch in CHANNELS:
        mine = [a for a in articles if a.drug.channel == ch]
        pages = [mine[k:k + PER_INDEX] for k in range(0, len(mine), PER_INDEX)]
        page_urls = [f"http://{ch}.emedtv.com/topics/index-{k + 1}.html" for k in range(len(pages))]
        nav = [(u, f"Topics page {k + 1}") for k, u in enumerate(page_urls)]
        for url, chunk in zip(page_urls, pages, strict=True):
            title = f"{ch.replace('-', ' ').title()} Topics"
            _write(mirror.file_of(url), emedtv_pages.index(ch, title, [(a.url, a.title) for a in chunk], nav))
        home = f"http://{ch}.emedtv.com/"
        _write(mirror.file_of(home), emedtv_pages.index(ch, f"eMedTV {ch.title()} Channel", nav[:1], nav))
        mirror.start_urls.append(home)
        mirror.index_urls += [home, *page_urls]
    az = "http://drugs.emedtv.com/drugs/a-z.html"
    _write(mirror.file_of(az), emedtv_pages.index(
        "drugs", "Topics & Medications A-Z", [(f"http://{c}.emedtv.com/", c.title()) for c in CHANNELS], []))
    mirror.start_urls.append(az)
    mirror.index_urls.append(az)
    pool = drugs()
    for k in range(dailymed):
        setid = dailymed_pages.set_id(rng)
        drug = pool[k % len(pool)]
        path = root / DAILYMED_HOST / "dailymed" / "drugInfo" / f"{setid}.html"
        _write(path, dailymed_pages.label(random.Random(seed + k), drug, setid, label_bytes))
        mirror.dailymed.append((f"https://{DAILYMED_HOST}/dailymed/drugInfo.cfm?setid={setid}", path))
    return mirror
