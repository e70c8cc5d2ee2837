"""The Dask runner: ``Pipeline.process`` mapped over partitions of articles on a local or remote cluster.

The driver reads the articles, cuts them into partitions of ``partition_size`` in input order and submits
a bounded window of partitions at a time. Each worker builds its ``Pipeline`` once (one spaCy model per
worker process) and processes a partition article by article, so one bad article is reported and the
partition goes on. Results come back in completion order and are handed to ``on_result`` in input order,
so a single writer (SQLite allows one) writes the same records in the same order whatever the number of
workers. With ``out_dir`` each worker writes its partition as a Parquet shard instead (``shards.py``) and
only counts and failures travel back.

Faults: when a worker dies mid-partition, the scheduler reruns the partition on another worker (Dask's
``distributed.scheduler.allowed-failures``, 3 by default); a partition that keeps killing workers is
reported article by article as not processed. Nothing is written for a partition before it has finished,
so no article is lost or written twice, and re-running finishes the job (the store upserts on ids; with
``out_dir`` the partitions whose shard exists are skipped).
"""

from __future__ import annotations

import contextlib
import logging
import resource
import socket
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from .errors import ClusterError, StoreError
from .model import Article, Extraction, stable_id
from .settings import Settings
from .shards import shard_name, write_shard

if TYPE_CHECKING:
    from distributed import Client

log = logging.getLogger(__name__)

# 16 articles of news length take a few seconds on one core: long enough to amortise the task overhead
# (~1 ms), short enough that a lost worker costs little and the progress bar moves.
DEFAULT_PARTITION_SIZE = 16
# A scheduler that does not answer within this time is reported as unreachable.
CONNECT_TIMEOUT_SECONDS = 3
# Partitions in flight per worker thread: one running, one queued, so a worker never waits for the driver.
WINDOW_PER_THREAD = 2
# Local workers run with two of Dask's defaults changed, each measured on 60-80 PolNeAR articles:
# - Dask starts workers with MALLOC_TRIM_THRESHOLD_=65536, so that glibc hands freed memory back to the
#   system at once; spaCy frees and reallocates large arrays at every batch, and extraction ran 17% slower
#   with 8x the page faults. A worker's memory stays bounded anyway (one pipeline, one partition at a time).
# - Dask's statistical profiler samples every worker thread's stack every 10 ms (for the dashboard's
#   profile page), taking the GIL from the parsing thread: one worker ran 10-15% slower with it on.
LOCAL_WORKER_CONFIG = {
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
    "distributed.worker.profile.enabled": False,
}


class ArticleProcessor(Protocol):
    """What a worker needs from a pipeline: one article in, its records out, without I/O."""

    def process(self, article: Article) -> Extraction: ...


def build_pipeline(settings: Settings) -> ArticleProcessor:
    """The standard ``Pipeline`` (the default factory; tests may pass another)."""
    from .pipeline import Pipeline

    return Pipeline(settings)


@cache
def worker_pipeline(settings: Settings, factory: Callable[[Settings], ArticleProcessor]) -> ArticleProcessor:
    """The pipeline of this process for ``settings``, built on first use and kept (one model per worker)."""
    return factory(settings)


@dataclass(frozen=True, slots=True)
class Failure:
    """An article that was not processed: its id, where it came from and why."""

    article_id: str
    source: str
    message: str

    def line(self) -> str:
        return f"{self.source}: {self.message}"


@dataclass(frozen=True, slots=True)
class PartitionResult:
    """What one partition gave: its extractions (empty when written to a shard), failures, shard name."""

    index: int
    key: str
    articles: int
    extractions: tuple[Extraction, ...] = ()
    failures: tuple[Failure, ...] = ()
    shard: str | None = None
    skipped: bool = False

    @property
    def processed(self) -> int:
        return 0 if self.skipped else self.articles - len(self.failures)


@dataclass(slots=True)
class RunSummary:
    """The totals of a run, and the measurements the scale bench reports."""

    workers: int
    cluster_seconds: float
    startup_seconds: float
    articles: int = 0
    processed: int = 0
    partitions: int = 0
    skipped_partitions: int = 0
    failures: list[Failure] = field(default_factory=list)
    seconds: float = 0.0
    worker_peak_mb: dict[str, float] = field(default_factory=dict)

    def line(self) -> str:
        """One line for the end of a run."""
        rate = self.processed / self.seconds if self.seconds else 0.0
        text = (
            f"{self.articles:,} articles in {self.seconds:.1f} s on {self.workers} worker(s) "
            f"({rate:.1f} articles/s): {self.processed:,} processed, {len(self.failures):,} failed"
        )
        if self.skipped_partitions:
            text += f", {self.skipped_partitions:,} partition(s) already written"
        return text


def partition_key(articles: Iterable[Article]) -> str:
    """A key that names a partition by its articles, so a re-run recognises a shard it already wrote."""
    return stable_id(*(article.id for article in articles))


def process_partition(
    settings: Settings,
    factory: Callable[[Settings], ArticleProcessor],
    index: int,
    first_position: int,
    articles: list[Article],
    out_dir: str | None,
) -> PartitionResult:
    """Run on a worker: process each article of a partition; write a shard when ``out_dir`` is given."""
    pipeline = worker_pipeline(settings, factory)
    extractions: list[Extraction] = []
    positions: list[int] = []
    failures: list[Failure] = []
    for offset, article in enumerate(articles):
        try:
            extraction = pipeline.process(article)
        # Isolation is the point: whatever one article raises is reported with it and the partition goes on.
        except Exception as error:  # noqa: BLE001
            failures.append(Failure(article.id, article.source, f"{type(error).__name__}: {error}"))
            continue
        extractions.append(extraction)
        positions.append(first_position + offset)
    key = partition_key(articles)
    if out_dir is None:
        return PartitionResult(index, key, len(articles), tuple(extractions), tuple(failures))
    name = shard_name(index, key)
    write_shard(Path(out_dir) / name, extractions, positions)
    return PartitionResult(index, key, len(articles), (), tuple(failures), shard=name)


def warm_pipeline(settings: Settings, factory: Callable[[Settings], ArticleProcessor]) -> float:
    """Run on each worker at start: build its pipeline now; returns the seconds it took."""
    started = time.perf_counter()
    worker_pipeline(settings, factory)
    return time.perf_counter() - started


def peak_memory_mb() -> float:
    """Peak resident memory of this process, in MB.

    Linux's VmHWM, not ``ru_maxrss``: a worker process is forked from the driver and then exec'd, and
    ``ru_maxrss`` survives both, so it would report the driver's peak at the time of the fork.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass  # not Linux: fall back to getrusage, in KiB on Linux and BSD, bytes on macOS
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def partitions(articles: Iterable[Article], size: int) -> Iterator[tuple[int, int, list[Article]]]:
    """(index, position of its first article, articles) for consecutive partitions of ``size`` articles."""
    batch: list[Article] = []
    index = position = 0
    for article in articles:
        batch.append(article)
        if len(batch) == size:
            yield index, position, batch
            index, position, batch = index + 1, position + len(batch), []
    if batch:
        yield index, position, batch


@contextlib.contextmanager
def open_client(workers: int | None = None, scheduler: str | None = None) -> Iterator[Client]:
    """A Dask client: on a new local cluster of ``workers`` processes, or on the scheduler at that address."""
    if (workers is None) == (scheduler is None):
        raise ClusterError("give either a number of workers or a scheduler address, not both or neither")
    if scheduler is not None:
        check_reachable(scheduler)
    import dask
    from distributed import Client, LocalCluster

    # Importing distributed sets its loggers to INFO (every worker start and stop); follow the caller's level.
    logging.getLogger("distributed").setLevel(logging.getLogger().getEffectiveLevel())
    if scheduler is not None:
        identify_scheduler(scheduler)
        try:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT_SECONDS, set_as_default=False)
        # The address answered as a scheduler a moment ago; if it fails now, the errors vary as there.
        except Exception as error:  # noqa: BLE001
            raise ClusterError(f"scheduler {scheduler}: cannot connect ({error})") from error
        try:
            client.wait_for_workers(1, timeout=CONNECT_TIMEOUT_SECONDS)
        except TimeoutError as error:
            client.close()
            raise ClusterError(f"scheduler {scheduler}: no worker is connected to it") from error
        with client:
            yield client
        return
    if workers is not None and workers < 1:
        raise ClusterError(f"--workers {workers}: need at least one worker")
    # One thread per worker process: spaCy parsing holds the GIL, so threads would not add throughput.
    with dask.config.set(LOCAL_WORKER_CONFIG):
        cluster = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",  # a free port: never collides with another cluster
            silence_logs=logging.ERROR,
        )
    with cluster, Client(cluster, set_as_default=False) as client:
        yield client


def identify_scheduler(address: str) -> None:
    """Ask what answers at ``address`` for its identity before a ``Client`` is made: a client that fails in
    its constructor (a web server or a proxy at that port) prints a traceback when it is collected."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from distributed.comm import connect

    async def identity() -> object:
        comm = await connect(address, timeout=CONNECT_TIMEOUT_SECONDS)
        try:
            await asyncio.wait_for(comm.write({"op": "identity"}), CONNECT_TIMEOUT_SECONDS)
            return await asyncio.wait_for(comm.read(), CONNECT_TIMEOUT_SECONDS)
        finally:
            comm.abort()

    # What answers at a wrong address varies (a web server, a proxy, a closed socket), and so does the error
    # the comm layer raises: OSError, TimeoutError, ValueError, even MemoryError on a garbage frame length.
    try:
        # In a thread of its own: the caller may be inside a running event loop (a notebook).
        with ThreadPoolExecutor(1) as pool:
            reply = pool.submit(asyncio.run, identity()).result()
    except Exception as error:  # noqa: BLE001
        # A garbage frame fails anywhere in Dask's decoding (once as a 3 EiB allocation): not worth quoting.
        reason = (str(error) or type(error).__name__) if isinstance(error, OSError | TimeoutError) else None
        raise ClusterError(
            f"scheduler {address}: no Dask scheduler answers there ({reason or 'it does not speak Dask'})"
        ) from error
    if not isinstance(reply, dict) or reply.get("type") != "Scheduler":
        raise ClusterError(f"scheduler {address}: what answers there is not a Dask scheduler")


def check_reachable(address: str) -> None:
    """Fail fast, before Dask is even imported, when nothing listens at a ``tcp://host:port`` address."""
    location = address.removeprefix("tcp://")
    if "://" in location:
        return  # tls://, ucx://, …: Dask's own connection handles them
    host, _, port = location.rpartition(":")
    if not host or not port.isdigit():
        raise ClusterError(f"scheduler {address}: not an address (expected tcp://HOST:PORT)")
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=CONNECT_TIMEOUT_SECONDS).close()
    except OSError as error:
        reason = error.strerror or str(error) or type(error).__name__
        raise ClusterError(f"scheduler {address}: cannot connect ({reason})") from error


def run(
    articles: Iterable[Article],
    settings: Settings | None = None,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    out_dir: str | Path | None = None,
    partition_size: int = DEFAULT_PARTITION_SIZE,
    on_result: Callable[[PartitionResult], None] | None = None,
    on_progress: Callable[[PartitionResult], None] | None = None,
    factory: Callable[[Settings], ArticleProcessor] = build_pipeline,
) -> RunSummary:
    """Process ``articles`` on Dask; ``on_result`` gets each partition's results in input order.

    ``on_progress`` is called as partitions finish, in any order (for a progress bar). With ``out_dir``,
    workers write Parquet shards there (it must be storage every worker can reach) and results carry no
    extractions. ``factory`` builds the pipeline on each worker from ``settings``.
    """
    settings = settings or Settings()
    if partition_size < 1:
        raise ClusterError(f"partition size {partition_size}: need at least one article per partition")
    # Absolute: a worker on another host resolves the same path on its own mount of the shared storage.
    target = str(Path(out_dir).resolve()) if out_dir is not None else None
    if target is not None:
        try:
            Path(target).mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(
                f"{out_dir}: cannot create the shard directory ({error.strerror or error})"
            ) from error
    started = time.perf_counter()
    with open_client(workers, scheduler) as client:
        cluster_seconds = time.perf_counter() - started
        # Every worker loads its model now, so start-up is measured apart from processing.
        client.run(warm_pipeline, settings, factory)
        summary = RunSummary(len(client.nthreads()), cluster_seconds, time.perf_counter() - started)
        _Driver(client, settings, factory, target, on_result, on_progress, summary).run(
            partitions(articles, partition_size)
        )
        # Processing time: from the pipelines being ready to the last partition written (not the shut-down).
        summary.seconds = time.perf_counter() - started - summary.startup_seconds
        summary.worker_peak_mb = {address: round(mb, 1) for address, mb in client.run(peak_memory_mb).items()}
    return summary


class _Driver:
    """Submits a bounded window of partitions, collects results, delivers them in input order."""

    def __init__(
        self,
        client: Client,
        settings: Settings,
        factory: Callable[[Settings], ArticleProcessor],
        out_dir: str | None,
        on_result: Callable[[PartitionResult], None] | None,
        on_progress: Callable[[PartitionResult], None] | None,
        summary: RunSummary,
    ) -> None:
        self.client = client
        self.settings = settings
        self.factory = factory
        self.out_dir = out_dir
        self.on_result = on_result
        self.on_progress = on_progress
        self.summary = summary
        self.token = uuid.uuid4().hex[:8]
        self.ready: dict[int, PartitionResult] = {}
        self.next_index = 0
        # What the driver keeps of a partition in flight: enough to report its articles if it is lost.
        self.in_flight: dict[str, tuple[int, str, list[tuple[str, str]]]] = {}

    def run(self, pending: Iterator[tuple[int, int, list[Article]]]) -> None:
        from distributed import as_completed

        window = WINDOW_PER_THREAD * max(1, sum(self.client.nthreads().values()))
        completed = as_completed(loop=self.client.loop)
        while len(self.in_flight) < window and self.submit(next(pending, None), completed):
            pass
        for future in completed:
            index, key, identities = self.in_flight.pop(future.key)
            try:
                result = future.result()
            except Exception as error:  # noqa: BLE001 - a lost partition is reported article by article
                result = self.written_anyway(index, key, identities) or lost_partition(
                    index, key, identities, error
                )
            future.release()
            self.finish(result)
            while len(self.in_flight) < window and self.submit(next(pending, None), completed):
                pass

    def submit(self, item: tuple[int, int, list[Article]] | None, completed: Any) -> bool:
        """Submit one partition (or settle it at once if its shard exists); False when none is left."""
        if item is None:
            return False
        index, first_position, batch = item
        key = partition_key(batch)
        if self.out_dir is not None:
            name = shard_name(index, key)
            if (Path(self.out_dir) / name).exists():
                self.finish(PartitionResult(index, key, len(batch), shard=name, skipped=True))
                return True
        future = self.client.submit(
            process_partition,
            self.settings,
            self.factory,
            index,
            first_position,
            batch,
            self.out_dir,
            key=f"dragoman-partition-{self.token}-{index}",
            pure=False,
        )
        self.in_flight[future.key] = (index, key, [(a.id, a.source) for a in batch])
        completed.add(future)
        return True

    def written_anyway(
        self, index: int, key: str, identities: list[tuple[str, str]]
    ) -> PartitionResult | None:
        """A partition whose shard is complete although its task was lost (the worker died after the shard's
        rename, with another partition's crash): written, not failed; None when there is no such shard."""
        if self.out_dir is None or not (Path(self.out_dir) / shard_name(index, key)).exists():
            return None
        return PartitionResult(index, key, len(identities), shard=shard_name(index, key))

    def finish(self, result: PartitionResult) -> None:
        summary = self.summary
        summary.partitions += 1
        summary.articles += result.articles
        summary.processed += result.processed
        summary.skipped_partitions += result.skipped
        summary.failures.extend(result.failures)
        if self.on_progress:
            self.on_progress(result)
        self.ready[result.index] = result
        while self.next_index in self.ready:
            in_order = self.ready.pop(self.next_index)
            if self.on_result:
                self.on_result(in_order)
            self.next_index += 1


def lost_partition(
    index: int, key: str, identities: list[tuple[str, str]], error: BaseException
) -> PartitionResult:
    """A partition whose task failed (its workers kept dying, or it raised): every article reported."""
    from distributed import KilledWorker

    if isinstance(error, KilledWorker):
        reason = "not processed: the workers running its partition died (re-run to finish)"
    else:
        reason = f"not processed: its partition failed ({type(error).__name__}: {error})"
    failures = tuple(Failure(article_id, source, reason) for article_id, source in identities)
    return PartitionResult(index, key, len(identities), failures=failures)
