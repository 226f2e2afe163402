"""Writing a synthetic corpus to a folder, with its ground truth.

    DIR/listings.jsonl[.gz]      one record per line: id, title, body, posted_at, city,
                                 site, poster (nothing that gives the truth away)
    DIR/truth/indicators.jsonl   {"id", "kind", "planted": [{"indicator", "start", "end", "text"}]}
    DIR/truth/phones.jsonl       {"id", "phones": [{"e164", "text", "obfuscated", "start", "end"}]}
    DIR/truth/operations.jsonl   {"id", "operation"}: the family behind the listing, or null
    DIR/manifest.json            n, seed, region, mix, counts, generator version

Spans index ``title + "\\n" + body``. Every file is written under a temporary name beside
its final one and renamed into place only when all are complete, manifest last, so a
crash leaves no half-written corpus. The bytes depend on (n, seed, mix) alone: gzip
headers carry no name or time.
"""

from __future__ import annotations

import gzip
import os
from collections import Counter
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import orjson

from onnotice.errors import InputError
from onnotice.synth.generate import GENERATOR_VERSION, Mix, generate_listings

_LINE = orjson.OPT_APPEND_NEWLINE
TRUTH_FILES = ("indicators.jsonl", "phones.jsonl", "operations.jsonl")


@dataclass(frozen=True, slots=True)
class CorpusSummary:
    """What a write produced: counts by listing kind and by family, and the files."""

    out: Path
    n: int
    kinds: dict[str, int]
    families: dict[str, int]
    files: tuple[Path, ...]

    def classes(self) -> dict[str, int]:
        """Counts by class (``benign:car`` and the like all count as ``benign``)."""
        out: Counter[str] = Counter()
        for kind, count in self.kinds.items():
            out[kind.split(":", 1)[0]] += count
        return dict(out)


def write_corpus(
    out: Path,
    n: int,
    seed: int,
    *,
    mix: Mix | None = None,
    region: str = "US",
    compress: bool = False,
    progress: Callable[[int], None] | None = None,
) -> CorpusSummary:
    """Generate ``n`` listings and write them with their truth files into ``out``."""
    mix = mix or Mix()
    listings = generate_listings(n, seed, region=region, mix=mix)  # checks n and region first
    if out.exists() and not out.is_dir():
        raise InputError(f"--out {out} is a file; give a folder", field="out")
    try:
        (out / "truth").mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot create folder {out}: {exc.strerror}", field="out") from exc
    name = "listings.jsonl.gz" if compress else "listings.jsonl"
    finals = [out / name, *(out / "truth" / t for t in TRUTH_FILES)]
    temps = [f.with_name(f".{f.name}.{os.getpid()}.tmp") for f in finals]
    kinds: Counter[str] = Counter()
    planted: Counter[str] = Counter()
    families: dict[str, int] = {"op": 0, "ind": 0, "agy": 0}
    phones = obfuscated = 0
    try:
        with ExitStack() as stack:
            files = [stack.enter_context(t.open("wb", buffering=1 << 20)) for t in temps]
            put: Callable[[bytes], object] = files[0].write
            if compress:  # no name and no time in the header: same input, same bytes
                packed = gzip.GzipFile(filename="", mode="wb", fileobj=files[0], mtime=0,
                                       compresslevel=6)
                stack.callback(packed.close)  # runs before files[0] closes
                put = packed.write
            put_ind, put_phone, put_op = files[1].write, files[2].write, files[3].write
            for done, item in enumerate(listings, 1):
                lid = item.record["id"]
                put(orjson.dumps(item.record, option=_LINE))
                spans = [{"indicator": p.indicator, "start": p.start, "end": p.end,
                          "text": p.text} for p in item.planted]
                put_ind(orjson.dumps({"id": lid, "kind": item.kind, "planted": spans},
                                     option=_LINE))
                nums = [{"e164": p.e164, "text": p.text, "obfuscated": p.obfuscated,
                         "start": p.start, "end": p.end} for p in item.phones]
                put_phone(orjson.dumps({"id": lid, "phones": nums}, option=_LINE))
                put_op(orjson.dumps({"id": lid, "operation": item.operation}, option=_LINE))
                kinds[item.kind] += 1
                planted.update(p.indicator for p in item.planted)
                phones += len(nums)
                obfuscated += sum(p.obfuscated for p in item.phones)
                if item.operation is not None:  # ids count up from 1 within each prefix
                    prefix, _, number = item.operation.partition("-")
                    families[prefix] = max(families[prefix], int(number))
                if progress is not None and done % 1000 == 0:
                    progress(done)
        manifest: dict[str, Any] = {
            "generator": "onnotice.synth",
            "version": GENERATOR_VERSION,
            "n": n,
            "seed": seed,
            "region": region,
            "mix": asdict(mix),
            "counts": dict(sorted(kinds.items())),
            "families": families,
            "planted": dict(sorted(planted.items())),
            "phones": {"total": phones, "obfuscated": obfuscated},
            "files": [str(f.relative_to(out)) for f in finals],
        }
        manifest_tmp = out / f".manifest.json.{os.getpid()}.tmp"
        temps.append(manifest_tmp)
        manifest_tmp.write_bytes(orjson.dumps(manifest, option=orjson.OPT_INDENT_2 | _LINE))
        for temp, final in zip(temps, [*finals, out / "manifest.json"], strict=True):
            os.replace(temp, final)
    except BaseException:
        for temp in temps:
            temp.unlink(missing_ok=True)
        raise
    if progress is not None:
        progress(n)
    return CorpusSummary(out, n, dict(sorted(kinds.items())), families,
                         (*finals, out / "manifest.json"))
