"""`make bench`: extraction speed and memory on realistic notes.

Notes are the project's own fixtures (and ../shared/eval-dev where present), repeated to
at least 500. Prints latency per note through the library (p50, p95, and for notes of about
300 words), batch throughput, peak RSS, and the ratio of the batch time to a bare `nlp.pipe`
of the same trained pipeline over the same texts, measured in the same run. Appends the
figures to bench/results/extract.tsv; the 300-word notes' wall and CPU p95 beside a bare
`nlp()` of the full pipeline on the same texts (the ratio holds on a loaded machine, where
the absolute figures do not), and the CPU seconds of the cold start, to
bench/results/extract_cpu.tsv.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from spacy.language import Language

import nlp
from bench.results import append_row
from nlp.extractor import SYNTAX_COMPONENTS, Extractor, trained_pipeline
from nlp.people.caseload import Caseload
from nlp.text.clean import clean

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "tests/fixtures/notes.jsonl", ROOT.parent / "shared/eval-dev/notes.jsonl"]


def load_notes(minimum: int) -> list[dict]:
    """Every fixture note, repeated until there are at least `minimum`."""
    notes = [
        json.loads(line)
        for p in SOURCES
        if p.exists()
        for line in p.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    out = list(notes)
    while len(out) < minimum:
        out.extend(notes)
    return out


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) by nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


def peak_rss_mb() -> float:
    """Peak resident memory of this process in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def three_hundred_words(notes: list[dict]) -> list[str]:
    """Notes joined into texts of about 300 words, the size the target is stated for."""
    words = " ".join(n["text"] for n in notes).split()
    return [" ".join(words[i : i + 300]) for i in range(0, min(len(words), 300 * 60), 300)]


def cold_start() -> tuple[float, float]:
    """Seconds for `assistant extract` on one note from a fresh process: wall, and the CPU
    the process used (what a loaded machine does not inflate)."""
    note = ROOT / "bench/results/.cold_note.txt"
    note.write_text("Office visit today, attended on time. UA negative. Next appt Tue 2pm.\n")
    exe = Path(sys.executable).with_name("assistant")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([str(exe), "extract", str(note)], check=True, capture_output=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    note.unlink()
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return elapsed, cpu


def main() -> int:
    """Run the benchmark and print one line per figure."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=500)
    args = parser.parse_args()
    notes = load_notes(args.notes)
    caseload = Caseload.from_csv(ROOT / "tests/fixtures/caseload.csv")
    extractor = nlp.load()
    for n in notes[:20]:  # warm caches as a long-running server would have them
        extractor.extract(n["text"], n["reference_date"], caseload)

    latencies = []
    for n in notes:
        start = time.perf_counter()
        extractor.extract(n["text"], n["reference_date"], caseload)
        latencies.append((time.perf_counter() - start) * 1000)
    bare_nlp = trained_pipeline(extractor.settings)
    for name in SYNTAX_COMPONENTS:  # the full pipeline: extraction parses only some sentences
        bare_nlp.enable_pipe(name)
    long = long_note_figures(extractor, bare_nlp, caseload, three_hundred_words(notes))

    items = [(n["text"], n["reference_date"]) for n in notes]
    start = time.perf_counter()
    for _ in extractor.extract_many(items, caseload):
        pass
    batch = time.perf_counter() - start

    texts = [clean(n["text"]).text for n in notes]
    start = time.perf_counter()
    for _ in bare_nlp.pipe(texts, batch_size=32):
        pass
    bare = time.perf_counter() - start

    words = sum(len(n["text"].split()) for n in notes)
    figures = {
        "notes": len(notes),
        "p50_ms": statistics.median(latencies),
        "p95_ms": percentile(latencies, 95),
        "p95_ms_300_words": long["p95_ms_300_words"],
        "batch_notes_per_s": len(notes) / batch,
        "batch_words_per_s": words / batch,
        "bare_pipe_s": bare,
        "batch_s": batch,
        "ratio_to_bare_pipe": batch / bare,
        "peak_rss_mb": peak_rss_mb(),
    }
    figures["cold_start_s"], long["cold_start_cpu_s"] = cold_start()
    for key, value in [*figures.items(), *long.items()]:
        print(f"{key:26s} {value:10.2f}" if isinstance(value, float) else f"{key:26s} {value:10d}")
    append_row("extract", figures)
    append_row("extract_cpu", long)
    return 0


def long_note_figures(
    extractor: Extractor, bare_nlp: Language, caseload: Caseload, texts: list[str]
) -> dict[str, float]:
    """Latency of 300-word notes, wall and CPU, beside a bare `nlp()` of the full trained
    pipeline on the same texts in the same run: on a machine shared with other work the
    absolute figures move with the load, the ratio much less. Each text is read several times
    (bare and extraction in turn) so both see the same load."""
    wall: list[float] = []
    cpu: list[float] = []
    bare_wall: list[float] = []
    bare_cpu: list[float] = []
    for _ in range(3):
        for text in texts:
            for run, w, c in (
                (lambda t: bare_nlp(t), bare_wall, bare_cpu),
                (lambda t: extractor.extract(t, "2026-06-01", caseload), wall, cpu),
            ):
                start, start_cpu = time.perf_counter(), time.thread_time()
                run(text)
                w.append((time.perf_counter() - start) * 1000)
                c.append((time.thread_time() - start_cpu) * 1000)
    return {
        "p95_ms_300_words": percentile(wall, 95),
        "p95_cpu_ms_300_words": percentile(cpu, 95),
        "bare_nlp_p95_ms": percentile(bare_wall, 95),
        "bare_nlp_p95_cpu_ms": percentile(bare_cpu, 95),
        "ratio_to_bare_nlp_cpu": sum(cpu) / sum(bare_cpu),
    }


if __name__ == "__main__":
    sys.exit(main())
