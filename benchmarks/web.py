"""Benchmark the web app: the stories page and the story page with 10,000 articles in the store, 20 clients.

    python benchmarks/web.py                        # build (or reuse) the store, start newsdesk serve, measure
    python benchmarks/web.py --articles 2000 --seconds 5 --json
    python benchmarks/web.py --rebuild              # build the store again even when a cached one exists

The store. ``--articles`` news articles (default 10,000) go through the whole main job as
``benchmarks/run.py`` runs it (ingest with reprint detection, clustering, claims, briefings), into a SQLite file
cached under ``.newsdesk/bench-web/`` and keyed by the article count, the newsdesk version and the version of
the copy generator below, so a rerun skips the build. There are only about 1,600 full news texts in
``../shared/data`` (the ECB+ dev texts and the PolNeAR training articles that ``run.py`` reads); the rest are
made the way news really repeats itself: wire copy reprinted under other mastheads. A text travels widely,
a little or not at all (its reach, 0 to 8, comes from a hash of its URL); each copy appears under another of
the twelve outlets, 45 minutes to 31 hours after the original, with the same headline and either the same
text, a masthead line on top, or its last paragraph trimmed. Everything is arranged in publication order, so
ingest sees the originals before their copies, as a newsroom would.

The measurement. The real server, ``newsdesk --db STORE serve --host 127.0.0.1 --port PORT``, runs as a child
process pinned to the first CPU core; this process, which generates the load, is pinned to the second. Right
after the server answers its health check, one client asks once for each page below, one after another (the
first view of each since the start, so nothing is cached yet): the stories page ``/`` as it opens, sorted by
sources (``/?sort=sources``), with a search (``/?q=WORD`` over a few real words), and the story pages
``/stories/{id}`` of ``--cold`` (50) stories that have a briefing. Then each page is measured under load with
``--clients`` (20) threads, each holding one keep-alive HTTP/1.1 connection and sending its next request as
soon as the last answer is read (no think time), for ``--seconds`` (15) after an unrecorded warm-up in which
every distinct URL is asked for at least once; the story pages are those of 400 other stories, in a random
order. The app keeps the pages it rendered until the store changes, so these figures are those of a store at
rest. Two more rows show a store that changes, as it does while ``newsdesk ingest`` runs beside the server:
this process commits a small write (a feed's remembered state) every ``--change-every`` seconds (1) during
the run, which makes every cached page stale. Those two rows are reported but do not gate.

Any answer other than 200, and any connection failure, is an error. The command prints two tables (or a JSON
object with ``--json``) and exits with 1 when a gated page's 95th percentile reaches ``--limit-ms`` (100) or
any request failed, so it can gate. ``--profile`` instead builds the cold story pages in this process under
cProfile and prints where their time goes. The figures go in
docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import platform
import random
import shutil
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import zlib
from contextlib import closing
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

from run import ECB, OUTLETS, POLNEAR, news_file, run_once

from newsdesk import __version__
from newsdesk.store import open_store
from newsdesk.types import FeedState

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / ".newsdesk" / "bench-web"
#: Bump when the generated copies change, so that cached stores built the old way are not reused.
COPIES_VERSION = 1
#: Real words of the texts that the search measurement cycles through.
SEARCH_WORDS = ("earthquake", "police", "election", "hospital", "Obama", "fire")
STORY_PAGES = 400
#: The feed whose remembered state the changing-store measurements rewrite (a harmless, real write).
CHANGES_FEED = "https://bench.example/web-benchmark/feed.xml"


# --- the store ---------------------------------------------------------------------------------------------------
def real_texts() -> int:
    """How many full texts ``run.news_file`` can draw from."""
    return sum(1 for path in (ECB, POLNEAR) for line in path.open(encoding="utf-8") if json.loads(line)["text"].strip())


def _crc(text: str) -> int:
    return zlib.crc32(text.encode("utf-8"))


def wire_copies(originals: list[dict[str, Any]], count: int) -> list[dict[str, Any]]:
    """``count`` reprints of ``originals`` under other outlets, deterministic: the widest-reaching texts first.

    Each original may be reprinted once by each of the other outlets. Its k-th copy is ranked by k / reach, so a
    text of reach 8 gets eight copies for every one of a text of reach 1, and a text of reach 0 (an outlet's own
    reporting) gets none.
    """
    ranked: list[tuple[float, int, int, str, int]] = []
    for n, row in enumerate(originals):
        reach = _crc(row["url"]) % 9
        if not reach:
            continue
        others = [o for o in OUTLETS if o != row["outlet"]]
        start = _crc(row["url"] + "#outlets") % len(others)
        for k in range(len(others)):
            ranked.append(((k + 1) / reach, _crc(f"{row['url']}#{k}"), n, others[(start + k) % len(others)], k))
    if count > len(ranked):
        raise SystemExit(f"at most {len(originals) + len(ranked)} articles can be made from {len(originals)} texts")
    ranked.sort()
    copies = []
    for _, mix, n, outlet, k in ranked[:count]:
        row = originals[n]
        text = row["text"]
        if mix % 3 == 1:  # a masthead line on top
            text = f"{outlet.upper()} — from wire reports\n{text}"
        elif mix % 3 == 2 and text.count("\n") >= 3:  # the last paragraph trimmed
            text = text.rsplit("\n", 1)[0]
        slug = outlet.lower().replace(" ", "")
        published = datetime.fromisoformat(row["published"]) + timedelta(minutes=45 + mix % (30 * 60))
        tail = row["url"].rsplit("/", 1)[1]
        copies.append(
            {
                **row,
                "url": f"https://www.{slug}.example/wire/{tail}-{k}",
                "outlet": outlet,
                "published": published.isoformat(),
                "text": text,
            }
        )
    return copies


def write_source(folder: Path, articles: int) -> Path:
    """The JSON Lines file of ``articles`` articles: the real texts, then wire copies, in publication order."""
    path = news_file(folder, min(articles, real_texts()))
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    rows += wire_copies(rows, articles - len(rows))
    rows.sort(key=lambda r: (r["published"], r["url"]))
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def store_counts(db: Path) -> dict[str, int]:
    """What the store holds: articles (and how many of them are linked as reprints), stories, claims, briefings."""
    with open_store(db) as store:
        counts = {
            "articles": store.count_articles(),
            "stories": store.count_stories(),
            "claims": store.count_claims(),
            "briefings": len(store.latest_briefings(limit=10_000_000)),
        }
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as sql:  # the Store interface has no such count
        counts["reprints"] = sql.execute("SELECT count(*) FROM articles WHERE reprint_of IS NOT NULL").fetchone()[0]
    return counts


def ensure_store(articles: int, rebuild: bool) -> tuple[Path, dict[str, Any]]:
    """The cached store of ``articles`` articles, built first when missing (or when ``rebuild``)."""
    folder = CACHE / f"{articles}-newsdesk{__version__}-copies{COPIES_VERSION}"
    done = folder / "build.json"
    if done.exists() and not rebuild:
        return folder / "news.db", {**json.loads(done.read_text(encoding="utf-8")), "cached": True}
    partial = folder.with_name(folder.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    print(f"building a store of {articles:,} articles in {folder} (a few minutes) …", file=sys.stderr, flush=True)
    started = time.perf_counter()
    source = write_source(partial, articles)
    run = run_once(source, partial)
    seconds = round(time.perf_counter() - started, 1)
    source.unlink()
    shutil.rmtree(partial / "briefings")
    build = {
        "seconds": seconds,
        "stages": run["stages"],
        "single_source": run["single_source"],
        "published_unsupported": run["published_unsupported"],
        "counts": store_counts(partial / "news.db"),
    }
    (partial / "build.json").write_text(json.dumps(build, indent=2), encoding="utf-8")
    shutil.rmtree(folder, ignore_errors=True)
    partial.rename(folder)
    return folder / "news.db", {**build, "cached": False}


# --- the server --------------------------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def newsdesk_command() -> str:
    """The ``newsdesk`` script of the environment this runs in."""
    beside = Path(sys.executable).with_name("newsdesk")
    return str(beside) if beside.exists() else shutil.which("newsdesk") or "newsdesk"


def answers(port: int, path: str) -> bool:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        return response.status == 200
    except (OSError, http.client.HTTPException):
        return False
    finally:
        conn.close()


def start_server(db: Path, port: int, core: int | None, log: Path) -> subprocess.Popen[bytes]:
    """``newsdesk serve`` on ``port``, pinned to ``core``, ready to answer (its output goes to ``log``)."""
    command = [newsdesk_command(), "--db", str(db), "serve", "--host", "127.0.0.1", "--port", str(port)]
    with log.open("wb") as out:
        server = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    if core is not None:
        os.sched_setaffinity(server.pid, {core})
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"{' '.join(command)} exited with {server.returncode}:\n{log.read_text()[-3000:]}")
        if answers(port, "/api/health") or answers(port, "/"):
            return server
        time.sleep(0.2)
    stop_server(server)
    raise SystemExit(f"{' '.join(command)} did not answer within 60 s:\n{log.read_text()[-3000:]}")


def stop_server(server: subprocess.Popen[bytes]) -> None:
    server.terminate()
    try:
        server.wait(10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def cpu_seconds(pid: int) -> float:
    """User plus system CPU seconds of process ``pid`` so far (0 where /proc is missing)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# --- the load ----------------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Result:
    """One page's figures under load."""

    page: str
    gated: bool
    store_commits: int
    clients: int
    requests: int
    errors: int
    seconds: float
    per_second: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    connections: int
    server_cpu: float
    client_cpu: float
    first_error: str


def percentile(ordered: list[float], share: float) -> float:
    """The nearest-rank percentile of an ascending list, in ms."""
    if not ordered:
        return float("nan")
    rank = max(1, math.ceil(share * len(ordered)))
    return round(ordered[rank - 1] * 1000, 1)


class Load:
    """``clients`` threads, each with one keep-alive connection, asking for ``paths`` in turn as fast as answered."""

    def __init__(self, port: int, paths: list[str], clients: int) -> None:
        self.port = port
        self.paths = paths
        self.clients = clients
        self.latencies: list[float] = []
        self.errors: list[str] = []
        self.connections = 0
        self._lock = threading.Lock()

    def run(self, seconds: float, *, every_path: bool = False) -> float:
        """Load for ``seconds`` (and, with ``every_path``, until every path was asked for once); wall seconds."""
        started = time.perf_counter()
        deadline = started + seconds
        threads = [
            threading.Thread(target=self._client, args=(n, deadline, every_path), daemon=True)
            for n in range(self.clients)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return time.perf_counter() - started

    def _client(self, n: int, deadline: float, every_path: bool) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        latencies: list[float] = []
        errors: list[str] = []
        connections = 0
        turn = n
        while time.perf_counter() < deadline or (every_path and turn < len(self.paths)):
            path = self.paths[turn % len(self.paths)]
            turn += self.clients
            connections += conn.sock is None
            began = time.perf_counter()
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    errors.append(f"{path}: HTTP {response.status}")
            except (OSError, http.client.HTTPException) as exc:
                errors.append(f"{path}: {exc!r}")
                conn.close()
            latencies.append(time.perf_counter() - began)
        conn.close()
        with self._lock:
            self.latencies += latencies
            self.errors += errors
            self.connections += connections


class StoreChanges:
    """Commits a small change to the store every ``every`` seconds while the block runs, as ingest beside the
    server would (it commits after every article): each commit makes every page the app has cached stale."""

    def __init__(self, db: Path | None, every: float) -> None:
        self.db = db
        self.every = every
        self.commits = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> StoreChanges:
        if self.db is not None and self.every > 0:
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def _run(self) -> None:
        assert self.db is not None
        with open_store(self.db) as store:
            while True:
                checked = datetime.now(UTC)
                store.put_feed_state(FeedState(CHANGES_FEED, etag=str(self.commits), checked_at=checked))
                self.commits += 1
                if self._stop.wait(self.every):
                    return


def measure(
    page: str,
    port: int,
    paths: list[str],
    clients: int,
    seconds: float,
    server_pid: int | None,
    changes: StoreChanges,
) -> Result:
    """Warm up (every path once, 2 s at least), then load for ``seconds`` (while ``changes`` commit) and
    summarise."""
    Load(port, paths, clients).run(2.0, every_path=True)
    load = Load(port, paths, clients)
    server_before, client_before = cpu_seconds(server_pid) if server_pid else 0.0, time.process_time()
    with changes:
        wall = load.run(seconds)
    server_cpu = (cpu_seconds(server_pid) - server_before) / wall if server_pid else float("nan")
    ordered = sorted(load.latencies)
    return Result(
        page=page,
        gated=changes.commits == 0,
        store_commits=changes.commits,
        clients=clients,
        requests=len(ordered),
        errors=len(load.errors),
        seconds=round(wall, 2),
        per_second=round(len(ordered) / wall, 1),
        p50_ms=percentile(ordered, 0.50),
        p95_ms=percentile(ordered, 0.95),
        p99_ms=percentile(ordered, 0.99),
        max_ms=percentile(ordered, 1.0),
        connections=load.connections,
        server_cpu=round(server_cpu, 2),
        client_cpu=round((time.process_time() - client_before) / wall, 2),
        first_error=load.errors[0] if load.errors else "",
    )


def first_views(port: int, page: str, paths: list[str]) -> dict[str, Any]:
    """One client, one connection: the first request for each of ``paths`` since the server started."""
    load = Load(port, paths, 1)
    load.run(0.0, every_path=True)
    ordered = sorted(load.latencies)
    return {
        "page": page,
        "requests": len(ordered),
        "errors": len(load.errors),
        "first_ms": round(load.latencies[0] * 1000, 1) if load.latencies else None,
        "p50_ms": percentile(ordered, 0.50),
        "p95_ms": percentile(ordered, 0.95),
        "max_ms": percentile(ordered, 1.0),
        "first_error": load.errors[0] if load.errors else "",
    }


def story_ids(db: Path, count: int, seed: int = 7) -> list[str]:
    """``count`` distinct ids of stories with a briefing, in a random (but repeatable) order."""
    with open_store(db) as store:
        ids = [record.story_id for record in store.latest_briefings(limit=10_000_000)]
    random.Random(seed).shuffle(ids)
    return ids[:count]


def profile(db: Path, paths: list[str], top: int = 30) -> None:
    """Where a first view of a story page spends its time: the story pages of ``paths`` built once each in this
    process (no server, no network; the page handler called directly, so the standard library's cProfile sees
    it), after one unmeasured page (which compiles the templates and opens the store)."""
    import cProfile
    import pstats

    from newsdesk.settings import Settings
    from newsdesk.web import pages
    from newsdesk.web.app import create_app

    desk = create_app(Settings.from_env({}, db=db, progress=False)).state.desk
    ids = [path.rsplit("/", 1)[-1] for path in paths if path.startswith("/stories/")]
    pages.story_page(desk, ids[0], None)
    ids = ids[1:]
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    for story_id in ids:
        pages.story_page(desk, story_id, None)
    profiler.disable()
    seconds = time.perf_counter() - started
    print(f"{len(ids)} first views in {seconds:.2f} s, {seconds / max(1, len(ids)) * 1000:.1f} ms each (profiled)")
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(top)
    pstats.Stats(profiler).sort_stats("tottime").print_stats(top)


# --- the command -------------------------------------------------------------------------------------------------
def machine() -> dict[str, Any]:
    """The facts that the figures depend on."""
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "newsdesk": __version__,
        "system": f"{platform.system()} {platform.release()}",
    }


Pages = list[tuple[str, list[str]]]


def pages(db: Path, cold: int, change_every: float) -> tuple[Pages, list[tuple[str, list[str], float]]]:
    """The pages asked for once each right after the start (name, URL paths), and the pages measured under load
    (name, URL paths, seconds between store changes or 0). The story pages of the two are different stories."""
    ids = story_ids(db, STORY_PAGES + cold)
    if len(ids) < cold + 1:
        raise SystemExit(f"the store holds only {len(ids)} stories with a briefing")
    searches = [f"/?q={quote(word)}" for word in SEARCH_WORDS]
    first = [
        ("stories page /", ["/"]),
        ("stories page ?sort=sources", ["/?sort=sources"]),
        ("stories page ?q=WORD", searches),
        (f"story pages ({cold} stories)", [f"/stories/{quote(i)}" for i in ids[:cold]]),
    ]
    stories = f"story pages ({len(ids) - cold} stories)"
    story_paths = [f"/stories/{quote(i)}" for i in ids[cold:]]
    measured = [
        ("stories page /", ["/"], 0.0),
        ("stories page ?sort=sources", ["/?sort=sources"], 0.0),
        ("stories page ?q=WORD", searches, 0.0),
        (stories, story_paths, 0.0),
    ]
    if change_every > 0:
        changing = f", store changing every {change_every:g} s"
        measured.append(("stories page /" + changing, ["/"], change_every))
        measured.append((stories + changing, story_paths, change_every))
    return first, measured


def pin(cores: list[int]) -> tuple[int | None, int | None]:
    """The server's core and this process's core (which it now runs on); None where nothing can be pinned."""
    if len(cores) < 2 or not hasattr(os, "sched_setaffinity"):
        return None, None
    os.sched_setaffinity(0, {cores[1]})
    return cores[0], cores[1]


def pinned(server_core: int | None, client_core: int | None, *, started: bool) -> str:
    if client_core is None:
        return "no (fewer than 2 cores or no sched_setaffinity)"
    if not started:
        return f"clients on core {client_core}; the server runs as it was started"
    return f"server on core {server_core}, clients on core {client_core}"


def table(head: tuple[str, ...], records: list[dict[str, Any]], keys: tuple[str, ...]) -> None:
    """``records`` as aligned columns: the page name, then ``keys``."""
    rows = [head, *((r["page"], *(r[k] for k in keys)) for r in records)]
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(head))]
    for row in rows:
        cells = [str(v).rjust(w) for v, w in zip(row, widths, strict=True)]
        print("  ".join([str(row[0]).ljust(widths[0]), *cells[1:]]))


def report(results: dict[str, Any]) -> None:
    m, s = results["machine"], results["store"]
    print(f"{m['cpu']}, {m['cores']} cores, Python {m['python']}, SQLite {m['sqlite']}, newsdesk {m['newsdesk']}")
    counts = s["counts"]
    print(
        f"store: {counts['articles']:,} articles ({counts['reprints']:,} linked as reprints), {counts['stories']:,} "
        f"stories, {counts['claims']:,} claims, {counts['briefings']:,} briefings; "
        f"{'cached, built' if s['cached'] else 'built'} in {s['seconds']} s "
        f"({', '.join(f'{k} {v} s' for k, v in s['stages'].items())}): {s['path']}"
    )
    print(f"server: {results['server']}; pinned: {results['pinned']}")
    before, after = (" / ".join(f"{v:.2f}" for v in results["load_average"][k]) for k in ("before", "after"))
    print(f"load average (1 / 5 / 15 min) before {before}, after {after} (other work on the machine skews the figures)")
    print("\nfirst views since the start, 1 client, one after another:")
    table(
        ("page", "requests", "first ms", "p50 ms", "p95 ms", "max ms", "errors"),
        results["cold"],
        ("requests", "first_ms", "p50_ms", "p95_ms", "max_ms", "errors"),
    )
    print(f"\nunder load, {results['load'][0]['clients']} clients, after a warm-up:")
    head = ("page", "clients", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "errors", "CPU srv / cli")
    keys = ("clients", "requests", "per_second", "p50_ms", "p95_ms", "p99_ms", "max_ms", "errors", "cpu")
    rows = [
        {**r, "page": r["page"] + ("" if r["gated"] else " *"), "cpu": f"{r['server_cpu']:.0%} / {r['client_cpu']:.0%}"}
        for r in results["load"]
    ]
    table(head, rows, keys)
    for r in [*results["cold"], *results["load"]]:
        if r["first_error"]:
            print(f"first error of {r['page']}: {r['first_error']}")
    if not all(r["gated"] for r in results["load"]):
        print("* the store changed during the run, so cached pages went stale: shown, but only its errors gate")
    verdict = "PASS" if results["passed"] else "FAIL"
    print(f"{verdict}: p95 under {results['limit_ms']:g} ms and no errors on every page")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=10_000, help="articles in the store (default 10,000)")
    parser.add_argument("--seconds", type=float, default=15.0, help="seconds of load per page (default 15)")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients (default 20)")
    parser.add_argument("--cold", type=int, default=50, help="story pages asked once after start (default 50)")
    parser.add_argument("--limit-ms", type=float, default=100.0, help="the p95 that fails the run (default 100)")
    parser.add_argument("--rebuild", action="store_true", help="build the store even when a cached one exists")
    parser.add_argument(
        "--change-every",
        type=float,
        default=1.0,
        help="also measure while the store changes every this many seconds (default 1; 0 leaves it out)",
    )
    parser.add_argument("--url", help="measure a server already running at this http://127.0.0.1:PORT")
    parser.add_argument("--json", action="store_true", help="print a JSON object instead of the table")
    parser.add_argument(
        "--profile", action="store_true", help="instead: profile the first views of the cold story pages in-process"
    )
    args = parser.parse_args()

    db, build = ensure_store(args.articles, args.rebuild)
    first, measured = pages(db, args.cold, args.change_every)
    if args.profile:
        profile(db, first[-1][1])
        return
    server_core, client_core = pin(sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else [])
    load_before = os.getloadavg()
    server: subprocess.Popen[bytes] | None = None
    if args.url:
        port = int(args.url.rsplit(":", 1)[1].strip("/"))
        command = f"already running at {args.url}"
    else:
        port = free_port()
        server = start_server(db, port, server_core, db.with_name("serve.log"))
        command = f"newsdesk --db {db.relative_to(ROOT)} serve --host 127.0.0.1 --port {port}"
    try:
        cold = [first_views(port, page, paths) for page, paths in first]
        load = []
        for page, paths, every in measured:
            changes = StoreChanges(db if every else None, every)
            load.append(measure(page, port, paths, args.clients, args.seconds, server.pid if server else None, changes))
    finally:
        if server is not None:
            stop_server(server)
    passed = all(c["errors"] == 0 for c in cold) and all(
        r.errors == 0 and (r.p95_ms < args.limit_ms or not r.gated) for r in load
    )
    results = {
        "machine": machine(),
        "store": {**build, "path": str(db.relative_to(ROOT))},
        "server": command,
        "pinned": pinned(server_core, client_core, started=server is not None),
        "load_average": {"before": load_before, "after": os.getloadavg()},
        "limit_ms": args.limit_ms,
        "cold": cold,
        "load": [asdict(r) for r in load],
        "passed": passed,
    }
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        report(results)
    sys.exit(0 if passed else 1)


if __name__ == "__main__":
    main()
