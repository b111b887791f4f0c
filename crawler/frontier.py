"""A frontier shared in Redis: any number of crawl processes, one queue, one duplicate filter, one run.

scrapy-redis gives the shared queue and duplicate filter, but pops requests for
good: a worker killed with ``-9`` would take its requests with it. Here a pop
moves the request, in one Lua call, into the worker's lease set; the lease is
released only when the request's row is committed with a checkpoint of the
worker's parts (or when the request is queued again: a retry, a redirect). A
worker renews a heartbeat key; when it expires, any other worker puts its
leases back in the queue and marks it dead. The worker's committed checkpoint
count and WARC position are kept beside it, so its later parts and WARC tail
are not part of the run. Whoever sees the queue empty and no lease held
publishes the run once; the others wait for that and leave.

Keys, under ``drugpages:<spider>:``: ``run`` (the current run's id), and under
``drugpages:<spider>:<run>:``: ``requests:*`` (the queue, below), ``seen`` (duplicate filter),
``workers``, ``dead``, ``alive:<w>``, ``leases:<w>``, ``commit:<w>``, ``state``,
``started_at``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import redis
from pyarrow import fs as pafs
from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider, DontCloseSpider, IgnoreRequest, NotConfigured
from scrapy_redis.queue import Base
from scrapy_redis.scheduler import Scheduler
from twisted.internet import task

from extract.registry import page_object
from output.layout import open_root

LEASE_META = "drugpages_lease"
PUBLISHING, PUBLISHED = "publishing", "published"
EXPIRE_AFTER = 7 * 24 * 3600  # a published run's keys linger this long, for workers still leaving

# The queue: one sorted set per host (KEYS prefix ``requests:q:<host>``; FIFO within a priority), the set of
# hosts with requests, and their total. A request is stored as ``host\n`` + scrapy-redis's encoding, so that a
# lease goes back to its host's queue. A pop skips the hosts this worker's downloader already has enough of.
# A worker declared dead pops nothing: its lease set was emptied into the queue once, and nobody empties it again.
_PUSH = """
local seq = redis.call('INCR', KEYS[1])
redis.call('ZADD', ARGV[1] .. ARGV[2], tonumber(ARGV[3]) + seq / 1e10, ARGV[4])
redis.call('SADD', KEYS[2], ARGV[2])
redis.call('INCR', KEYS[3])
"""
_POP = """
if redis.call('SISMEMBER', KEYS[5], ARGV[2]) == 1 then return false end
local hosts = redis.call('SMEMBERS', KEYS[1])
local n = #hosts
if n == 0 then return false end
local busy = {}
for i = 3, #ARGV do busy[ARGV[i]] = true end
local start = redis.call('INCR', KEYS[4]) % n
for k = 0, n - 1 do
  local host = hosts[((start + k) % n) + 1]
  if not busy[host] then
    local queue = ARGV[1] .. host
    local item = redis.call('ZRANGE', queue, 0, 0)[1]
    if item then
      redis.call('ZREM', queue, item)
      redis.call('DECR', KEYS[3])
      redis.call('SADD', KEYS[2], item)
      if redis.call('ZCARD', queue) == 0 then redis.call('SREM', KEYS[1], host) end
      return item
    end
    redis.call('SREM', KEYS[1], host)
  end
end
return false
"""
_REQUEUE = """
if redis.call('SISMEMBER', KEYS[3], ARGV[1]) == 1 or redis.call('EXISTS', KEYS[4]) == 1 then return 0 end
for _, item in ipairs(redis.call('SMEMBERS', KEYS[2])) do
  local host = string.match(item, '^([^\\n]*)\\n')
  redis.call('ZADD', ARGV[2] .. host, 0, item)
  redis.call('SADD', KEYS[1], host)
  redis.call('INCR', KEYS[5])
end
redis.call('DEL', KEYS[2])
redis.call('SADD', KEYS[3], ARGV[1])
return 1
"""
_COMMIT = """
if redis.call('SISMEMBER', KEYS[2], ARGV[1]) == 1 then return 0 end
for i = 5, #ARGV do redis.call('SREM', KEYS[3], ARGV[i]) end
redis.call('HSET', KEYS[1], 'checkpoints', ARGV[2], 'warc_index', ARGV[3], 'warc_offset', ARGV[4])
return 1
"""
_IDLE = """
local state = redis.call('GET', KEYS[3])
if state then return state end
if tonumber(redis.call('GET', KEYS[1]) or '0') > 0 then return 'busy' end
for _, worker in ipairs(redis.call('SMEMBERS', KEYS[2])) do
  if redis.call('SCARD', ARGV[1] .. worker) > 0 then return 'busy' end
end
redis.call('SET', KEYS[3], 'publishing:' .. ARGV[2])
return 'publish'
"""


def frontier_prefix(spider: str) -> str:
    return f"drugpages:{spider}"


def join_run(url: str, spider: str, new_id: str) -> tuple[str, bool]:
    """The run this crawl works on: the one in Redis, or ``new_id`` if none is. Returns it and whether it's new."""
    server = redis.Redis.from_url(url)
    key = f"{frontier_prefix(spider)}:run"
    created = bool(server.set(key, new_id, nx=True))
    run_id = new_id if created else server.get(key).decode()
    if created:
        server.set(f"{frontier_prefix(spider)}:{run_id}:started_at", datetime.now(UTC).isoformat())
    return run_id, created


def frontier_settings(url: str, spider: str, run_id: str) -> dict[str, Any]:
    """The Scrapy settings of a crawl on a shared frontier."""
    prefix = f"{frontier_prefix(spider)}:{run_id}"
    return {"DRUGPAGES_FRONTIER": url, "REDIS_URL": url, "SCHEDULER": "crawler.frontier.FrontierScheduler",
            "SCHEDULER_QUEUE_CLASS": "crawler.frontier.LeasedQueue", "SCHEDULER_QUEUE_KEY": f"{prefix}:requests",
            "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter", "SCHEDULER_DUPEFILTER_KEY": f"{prefix}:seen",
            "SCHEDULER_PERSIST": True}


class Frontier:
    """This worker's side of the shared frontier: its leases, heartbeat, commits, and the end of the run."""

    def __init__(self, crawler: Crawler, run_id: str) -> None:
        settings = crawler.settings
        self.server = redis.Redis.from_url(settings.get("DRUGPAGES_FRONTIER"))
        self.lease_seconds = settings.getfloat("DRUGPAGES_FRONTIER_LEASE")
        self.prefix = f"{frontier_prefix(crawler.spidercls.name)}:{run_id}"
        self.run_key = f"{frontier_prefix(crawler.spidercls.name)}:run"
        self.worker = f"w{self.server.incr(self.key('worker_seq'))}"
        self.server.sadd(self.key("workers"), self.worker)
        self.beat()
        self.held: dict[str, Callable[[], None]] = {}  # page URL -> its WARC record, written once its row is
        self.leases: dict[str, bytes] = {}  # page URL -> the lease of the request that fetches it
        self.finished: list[bytes] = []  # leases whose rows are added, released at the next commit
        self.warc_position: Callable[[], tuple[int, int]] = lambda: (0, 0)
        self.publisher = False
        self.lost = False
        self.on_commit: Callable[[], None] = lambda: None  # the pipeline's: checkpoint, then commit()
        self.on_publish: Callable[[], None] = lambda: None  # the pipeline's: take in every worker's parts
        self._push = self.server.register_script(_PUSH)
        self._pop = self.server.register_script(_POP)
        self._requeue = self.server.register_script(_REQUEUE)
        self._commit = self.server.register_script(_COMMIT)
        self._idle = self.server.register_script(_IDLE)
        self._heart = task.LoopingCall(self.heartbeat)
        self.crawler = crawler

    def key(self, name: str) -> str:
        return f"{self.prefix}:{name}"

    @property
    def started_at(self) -> datetime | None:
        value = self.server.get(self.key("started_at"))
        return datetime.fromisoformat(value.decode()) if value else None

    def staging(self, out: str, worker: str | None = None) -> str:
        """Where a worker's dataset writer puts its parts: ``OUT/_runs/<run>/workers/<w>`` (a root of its own);
        with ``worker=""``, the folder of them all."""
        base, sep, query = out.partition("?")
        folder = f"{base.rstrip('/')}/_runs/{self.prefix.rsplit(':', 1)[1]}/workers"
        name = self.worker if worker is None else worker
        return f"{folder}/{name}{sep}{query}" if name else f"{folder}{sep}{query}"

    def start(self) -> None:
        self._heart.start(max(0.2, self.lease_seconds / 4), now=False)

    def stop(self) -> None:
        if self._heart.running:
            self._heart.stop()

    def beat(self) -> None:
        self.server.set(self.key(f"alive:{self.worker}"), "1", px=int(self.lease_seconds * 1000))

    def heartbeat(self) -> None:
        """Renew this worker's lease; give the leases of workers whose heartbeat stopped back to the queue."""
        self.beat()
        dead = self.dead()
        for worker in sorted(w.decode() for w in self.server.smembers(self.key("workers"))):
            if worker == self.worker or worker in dead or self.server.exists(self.key(f"alive:{worker}")):
                continue
            self._requeue(keys=[self.key("requests:hosts"), self.key(f"leases:{worker}"), self.key("dead"),
                                self.key(f"alive:{worker}"), self.key("requests:queued")],
                          args=[worker, self.key("requests:q:")])

    def push(self, host: str, priority: int, data: bytes) -> None:
        self._push(keys=[self.key("requests:seq"), self.key("requests:hosts"), self.key("requests:queued")],
                   args=[self.key("requests:q:"), host, -priority, host.encode() + b"\n" + data])

    def pop(self, busy: list[str]) -> bytes | None:
        """The next request of a host not in ``busy``, leased to this worker (``host\n`` + its encoding)."""
        return self._pop(keys=[self.key("requests:hosts"), self.key(f"leases:{self.worker}"),
                               self.key("requests:queued"), self.key("requests:rr"), self.key("dead")],
                         args=[self.key("requests:q:"), self.worker, *busy])

    def queued(self) -> int:
        return int(self.server.get(self.key("requests:queued")) or 0)

    def release(self, lease: bytes) -> None:
        self.server.srem(self.key(f"leases:{self.worker}"), lease)

    def hold(self, url: str, write: Callable[[], None]) -> None:
        self.held[url] = write

    def done(self, url: str) -> None:
        """The URL's rows are added to this worker's writer: its WARC record goes in, its lease ends at the commit."""
        write = self.held.pop(url, None)
        if write is not None:
            write()
        lease = self.leases.pop(url, None)
        if lease is not None:
            self.finished.append(lease)

    def commit(self, checkpoints: int) -> bool:
        """After a checkpoint of this worker's parts: release the leases of its rows, record how far it got.
        False when this worker was declared dead meanwhile (its leases went back to the queue)."""
        index, offset = self.warc_position()
        ok = self._commit(keys=[self.key(f"commit:{self.worker}"), self.key("dead"), self.key(f"leases:{self.worker}")],
                          args=[self.worker, checkpoints, index, offset, *self.finished])
        self.finished = []
        self.lost = self.lost or not ok
        return bool(ok)

    def idle(self) -> str:
        """'busy', 'publish' (this worker publishes the run), or the state another worker set."""
        state = self._idle(keys=[self.key("requests:queued"), self.key("workers"), self.key("state")],
                           args=[self.key("leases:"), self.worker])
        state = state.decode() if isinstance(state, bytes) else str(state)
        if state == "publish":
            self.publisher = True
        return state

    def committed(self) -> dict[str, dict[str, int]]:
        """Every worker's last commit: checkpoints, WARC file index and offset (zeros if it never committed)."""
        out = {}
        for worker in sorted(w.decode() for w in self.server.smembers(self.key("workers"))):
            raw = {k.decode(): int(v) for k, v in self.server.hgetall(self.key(f"commit:{worker}")).items()}
            out[worker] = {"checkpoints": 0, "warc_index": 0, "warc_offset": 0} | raw
        return out

    def dead(self) -> set[str]:
        return {w.decode() for w in self.server.smembers(self.key("dead"))}

    def urls_met(self) -> int:
        return int(self.server.scard(self.key("seen")))

    def published(self) -> None:
        """The run is in the dataset: the next crawl on this frontier starts a new run; these keys expire."""
        self.server.set(self.key("state"), PUBLISHED)
        self.server.delete(self.run_key)
        for key in self.server.scan_iter(f"{self.prefix}:*"):
            self.server.expire(key, EXPIRE_AFTER)


def cut_warc_tails(out: str, run_id: str, committed: dict[str, dict[str, int]]) -> None:
    """Each worker's WARC files cut to where its last commit left them: captures of rows it never committed
    (fetched again by another worker after it died) are not kept twice."""
    if "://" in out:
        return  # object storage: each file is one upload, complete or absent
    folder = Path(out) / "warc"
    for worker, done in committed.items():
        for path in sorted(folder.glob(f"{run_id}-{worker}-*.warc.gz")):
            index = int(path.name.removesuffix(".warc.gz").rsplit("-", 1)[1])
            if index > done["warc_index"] or (index == done["warc_index"] and done["warc_offset"] == 0):
                path.unlink()
            elif index == done["warc_index"] and path.stat().st_size > done["warc_offset"]:
                with open(path, "r+b") as fh:
                    fh.truncate(done["warc_offset"])


def remove_staging(uri: str) -> None:
    """A worker's folder of parts, once they are the run's (or never will be); the last one out takes the
    ``workers`` folder too. Each worker removes only its own: one that joined late may still be writing."""
    filesystem, folder = open_root(uri)
    if filesystem.get_file_info(folder).type != pafs.FileType.NotFound:
        filesystem.delete_dir(folder)
    parent = folder.rsplit("/", 1)[0]
    try:
        if not filesystem.get_file_info(pafs.FileSelector(parent)):
            filesystem.delete_dir(parent)
    except (FileNotFoundError, OSError):
        pass  # another worker took it, or another one's folder is still there


class LeasedQueue(Base):
    """scrapy-redis's queue interface over the frontier: a queue per host, a pop is a lease of this worker,
    and it takes only requests its downloader has room for (as Scrapy's downloader-aware queue does)."""

    def frontier(self) -> Frontier:
        return worker_frontier(self.spider.crawler)

    def __len__(self) -> int:
        return self.frontier().queued()

    def push(self, request: Request) -> None:
        request.meta.pop(LEASE_META, None)
        self.frontier().push(urlsplit(request.url).hostname or "", request.priority, self._encode_request(request))

    def pop(self, timeout: int = 0) -> Request | None:
        frontier = self.frontier()
        if frontier.lost:
            return None
        item = frontier.pop(self._busy_hosts())
        if not item:
            return None
        request = self._decode_request(item.split(b"\n", 1)[1])
        request.meta[LEASE_META] = item
        frontier.leases[request.url] = item
        return request

    def _busy_hosts(self) -> list[str]:
        """Hosts whose downloader slot already holds as many requests as it may run at once."""
        engine = self.spider.crawler.engine
        slots = getattr(getattr(engine, "downloader", None), "slots", {})
        return [key for key, slot in slots.items() if len(slot.active) >= slot.concurrency]


class FrontierScheduler(Scheduler):
    """A request queued again (a retry, a redirect) carries its lease: the lease ends once it is queued."""

    def enqueue_request(self, request: Request) -> bool:
        lease = request.meta.get(LEASE_META)
        queued = super().enqueue_request(request)
        if lease is not None:
            frontier = worker_frontier(self.spider.crawler)
            frontier.release(lease)
            if frontier.leases.get(request.url) == lease:
                del frontier.leases[request.url]
        return queued


class OffsiteSkipMiddleware:
    """On a shared frontier an offsite URL is queued like any other, so that its skip row is leased and
    committed like a page's; here it becomes that skip, unfetched."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> OffsiteSkipMiddleware:
        if not crawler.settings.get("DRUGPAGES_FRONTIER"):
            raise NotConfigured
        return cls()

    def process_request(self, request: Request, spider: Spider) -> None:
        site = getattr(spider, "site", "")
        if site and not page_object(site).handles(request.url) and request.meta.get("drugpages_page"):
            error = IgnoreRequest(f"offsite: {request.url}")
            error.reason = "offsite"  # type: ignore[attr-defined]
            raise error


def worker_frontier(crawler: Crawler) -> Frontier:
    from crawler.run import run_context  # crawler.run makes the Frontier of a crawl that has one

    frontier = run_context(crawler).shared
    assert frontier is not None
    return frontier


class FrontierExtension:
    """Starts the heartbeat; when this worker runs dry, commits, and either publishes the run or waits for it."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.enabled = bool(crawler.settings.get("DRUGPAGES_FRONTIER"))
        if self.enabled:
            crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
            crawler.signals.connect(self.spider_idle, signal=signals.spider_idle)
            crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FrontierExtension:
        return cls(crawler)

    def spider_opened(self, spider: Spider) -> None:
        worker_frontier(self.crawler).start()

    def spider_idle(self, spider: Spider) -> None:
        frontier = worker_frontier(self.crawler)
        if not frontier.lost:
            frontier.on_commit()
        if frontier.lost:
            raise CloseSpider("lease lost")  # declared dead while stalled: its leases are another's now
        state = frontier.idle()
        if state == "publish":
            frontier.on_publish()
        elif state != PUBLISHED:
            raise DontCloseSpider
        else:
            self._leave_monitors_to_the_publisher()

    def _leave_monitors_to_the_publisher(self) -> None:
        """The run's monitors ran once, on its rows, in the publisher: this worker's own close runs none."""
        for extension in self.crawler.extensions.middlewares:
            if type(extension).__name__ == "Spidermon":
                self.crawler.signals.disconnect(extension.spider_closed, signal=signals.spider_closed)

    def spider_closed(self, spider: Spider) -> None:
        worker_frontier(self.crawler).stop()
