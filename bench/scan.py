"""Benchmark: scan a synthetic corpus end to end and print listings/s, MB/s and peak memory.

    python bench/scan.py [--listings 200000] [--seed 1] [--workers 1 2] [--repeat 3]
                         [--profile 20000] [--against OTHER/bin/python --pairs 5]

What it measures, on the real code path:
- ``onnotice scan FILE --format jsonl`` run as a subprocess (reading, every extractor,
  every shipped pack, scoring and writing JSONL to /dev/null) for each worker count;
  wall time from start to exit, the CPU time of the process and the children it waited
  for (``getrusage``: on a shared machine wall time mostly measures the neighbours), and
  the peak resident memory of the whole process tree (main process plus workers),
  sampled every 50 ms; each run ``--repeat`` times, the median printed;
- the same at a quarter of the corpus, to show whether memory grows with its size;
- as references over the same texts in this process: reading and parsing the JSONL
  alone, one bare pyahocorasick pass over every phrase of the shipped packs, and the
  rule set's one Hyperscan pass (the lexicon's patterns and the packs') with its spans;
- with ``--profile N``: cProfile of ``scan_listing`` over the first N listings, by own time;
- with ``--against PYTHON``: an A/B of the command against another installation (e.g.
  main's virtualenv), run alternately ``--pairs`` times on the same corpus, one worker:
  the CPU time of each run, whether the two outputs are byte-identical, and the medians.

It prints figures and asserts nothing: targets live in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import io
import os
import pstats
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import ahocorasick
import orjson

import onnotice
from onnotice.model import Listing
from onnotice.rules import load_rules
from onnotice.score import scan_listing
from onnotice.synth import write_corpus


def _tree_rss_kib(root: int) -> int:
    """Resident memory of ``root`` and all its descendants, from /proc."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            status = Path(f"/proc/{entry}/status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        parents[int(entry)] = int(fields.get("PPid", "0").strip() or 0)
        rss[int(entry)] = int(fields.get("VmRSS", "0 kB").split()[0] or 0)
    tree, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        for child, parent in parents.items():
            if parent == pid and child not in tree:
                tree.add(child)
                frontier.append(child)
    return sum(rss.get(pid, 0) for pid in tree)


def run_cli(path: Path, workers: int, limit: int | None = None) -> dict[str, float]:
    """Run ``onnotice scan`` on ``path`` in a subprocess; wall time and peak tree RSS."""
    source = path
    if limit is not None:
        source = path.with_name(f"head-{limit}.jsonl")
        with path.open("rb") as src, source.open("wb") as dst:
            for i, line in enumerate(src):
                if i >= limit:
                    break
                dst.write(line)
    quarantine = path.with_name("bench.quarantine.jsonl")
    command = [sys.executable, "-m", "onnotice", "scan", str(source), "--format", "jsonl",
               "--workers", str(workers), "--quarantine", str(quarantine)]  # fmt: skip
    peak = 0
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    with open(os.devnull, "wb") as sink:
        proc = subprocess.Popen(command, stdout=sink, stderr=subprocess.PIPE)
        done = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not done.is_set():
                peak = max(peak, _tree_rss_kib(proc.pid))
                done.wait(0.05)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, err = proc.communicate()
        done.set()
        sampler.join()
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # Workers started through a forkserver are not this child's children, so with more
    # than one worker the CPU figure misses theirs; it is printed for one worker only.
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode != 0:
        raise SystemExit(f"scan failed ({proc.returncode}): {err.decode()[-500:]}")
    return {"seconds": seconds, "cpu": cpu, "peak_mib": peak / 1024}


def median_run(path: Path, workers: int, repeat: int, limit: int | None = None) -> dict[str, float]:
    """``run_cli`` ``repeat`` times: the median of each figure."""
    runs = [run_cli(path, workers, limit) for _ in range(repeat)]
    return {key: statistics.median(r[key] for r in runs) for key in runs[0]}


def read_texts(path: Path) -> list[str]:
    """The listing texts of a synthetic corpus, as the scanner sees them."""
    texts = []
    with path.open("rb") as f:
        for line in f:
            record = orjson.loads(line)
            texts.append(f"{record['title']}\n{record['body']}")
    return texts


def references(path: Path, texts: list[str]) -> dict[str, float]:
    """Listings/s of reading alone, a bare Aho-Corasick pass and the one Hyperscan pass."""
    rules = load_rules()
    out: dict[str, float] = {}
    started = time.perf_counter()
    with path.open("rb") as f:
        for line in f:
            orjson.loads(line)
    out["read + parse JSONL"] = len(texts) / (time.perf_counter() - started)

    automaton = ahocorasick.Automaton()
    phrases = {p.lower() for ind in rules.indicators for p in (*ind.phrases, *ind.exceptions)}
    for phrase in phrases:
        automaton.add_word(phrase, phrase)
    automaton.make_automaton()
    started = time.perf_counter()
    hits = 0
    for text in texts:
        for _ in automaton.iter(text.lower()):
            hits += 1
    out[f"bare Aho-Corasick, {len(phrases)} phrases"] = len(texts) / (
        time.perf_counter() - started
    )

    started = time.perf_counter()
    for text in texts:
        rules.scan(text)
    out["one Hyperscan pass (lexicon + packs), hits"] = len(texts) / (
        time.perf_counter() - started
    )
    return out


def profile(texts: list[str], count: int) -> str:
    """Where ``scan_listing`` spends its time over ``count`` listings (cProfile, own time)."""
    rules = load_rules()
    listings = [Listing(str(i), t) for i, t in enumerate(texts[:count])]
    scan_listing(listings[0], rules)
    profiler = cProfile.Profile()
    profiler.enable()
    for listing in listings:
        scan_listing(listing, rules)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(18)
    return out.getvalue()


def cpu_and_digest(python: str, path: Path) -> tuple[float, str]:
    """CPU seconds of ``onnotice scan`` run by ``python`` on ``path``, and its output's hash."""
    quarantine = path.with_name("ab.quarantine.jsonl")
    command = [python, "-m", "onnotice", "scan", str(path), "--format", "jsonl",
               "--workers", "1", "--quarantine", str(quarantine)]  # fmt: skip
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    # Run from the corpus folder, so that neither installation's source tree shadows
    # the other's through the working directory.
    done = subprocess.run(command, capture_output=True, cwd=path.parent, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{python}: scan failed: {done.stderr.decode()[-500:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, hashlib.sha256(done.stdout).hexdigest()


def against(other: str, path: Path, listings: int, pairs: int) -> None:
    """Alternate ``other`` and this interpreter on ``path``; print CPU times and ratios."""
    print(f"A/B, one worker, {pairs} pairs: old = {other}, new = {sys.executable}")
    old_cpu: list[float] = []
    new_cpu: list[float] = []
    for i in range(pairs):
        order = (("old", other), ("new", sys.executable))
        digests = {}
        for name, python in order if i % 2 == 0 else order[::-1]:
            cpu, digests[name] = cpu_and_digest(python, path)
            (old_cpu if name == "old" else new_cpu).append(cpu)
        same = "identical" if digests["old"] == digests["new"] else "DIFFERENT"
        print(f"pair {i + 1}: old {old_cpu[-1]:6.2f} s  new {new_cpu[-1]:6.2f} s  "
              f"old/new {old_cpu[-1] / new_cpu[-1]:.2f}  outputs {same}", flush=True)  # fmt: skip
    old, new = statistics.median(old_cpu), statistics.median(new_cpu)
    ratio = statistics.median(o / n for o, n in zip(old_cpu, new_cpu, strict=True))
    print(f"median: old {old:.2f} s ({listings / old:,.0f}/s)  new {new:.2f} s "
          f"({listings / new:,.0f}/s)  median old/new {ratio:.2f}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listings", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeat", type=int, default=3, metavar="N")
    parser.add_argument("--profile", type=int, default=0, metavar="N")
    parser.add_argument("--against", metavar="PYTHON", help="A/B against this interpreter")
    parser.add_argument("--pairs", type=int, default=5, metavar="N")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="onnotice-bench-") as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        write_corpus(folder, args.listings, args.seed)
        path = folder / "listings.jsonl"
        size_mb = path.stat().st_size / 1e6
        print(f"corpus: {args.listings:,} synthetic listings, seed {args.seed}, "
              f"{size_mb:,.1f} MB ({size_mb * 1e6 / args.listings:,.0f} bytes/listing), "
              f"generated in {time.perf_counter() - started:,.1f}s")  # fmt: skip
        build = "compiled (mypyc)" if onnotice.compiled() else "plain Python (ONNOTICE_PURE)"
        print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, hot path {build}")
        print()
        if args.against:
            against(args.against, path, args.listings, args.pairs)
            return
        print(f"{'run':<44}{'listings/s':>12}{'MB/s':>8}{'peak MiB':>10}{'CPU/s':>10}")
        base = 0.0
        for workers in args.workers:
            r = median_run(path, workers, args.repeat)
            rate = args.listings / r["seconds"]
            base = base or rate
            label = f"onnotice scan, {workers} worker(s)"
            cpu = f"{args.listings / r['cpu']:>10,.0f}" if workers == 1 else f"{'':>10}"
            print(f"{label:<44}{rate:>12,.0f}{size_mb / r['seconds']:>8,.1f}"
                  f"{r['peak_mib']:>10,.0f}{cpu}   x{rate / base:.2f}")  # fmt: skip
        quarter = args.listings // 4
        r = median_run(path, 1, args.repeat, limit=quarter)
        label = f"onnotice scan, 1 worker, first {quarter:,}"
        print(f"{label:<44}{quarter / r['seconds']:>12,.0f}{'':>8}{r['peak_mib']:>10,.0f}"
              f"{quarter / r['cpu']:>10,.0f}")  # fmt: skip
        texts = read_texts(path)
        for label, rate in references(path, texts).items():
            print(f"{label:<44}{rate:>12,.0f}{size_mb / (args.listings / rate):>8,.1f}")
        if args.profile:
            print()
            print(profile(texts, args.profile))


if __name__ == "__main__":
    main()
