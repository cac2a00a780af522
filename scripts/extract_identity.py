"""Check that a speed change left every extraction output byte-identical.

`record DIR` runs the CLI (`assistant extract --batch`, `assistant context --batch`,
`assistant interpret --batch`, and `assistant backfill` with a pool of two workers) over
every example set (tests/fixtures/*.jsonl and ../shared/eval-dev/*.jsonl where present, and
1,000 generated backfill notes) and writes each output to DIR; `compare DIR` runs
them again and names every set whose output differs, with the first differing line. Record on
the commit before a change, compare after it: an optimisation that moves any output is a
behaviour change, not a speed-up. Only the CLI is run, so what is checked is what users get.
"""

from __future__ import annotations

import argparse
import difflib
import json
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests/fixtures"
SHARED = ROOT.parent / "shared"


def kind_of(path: Path) -> str | None:
    """Which CLI command reads this JSONL set, from the fields of its first line."""
    first = next((line for line in path.read_text(encoding="utf-8").splitlines() if line), "")
    fields = json.loads(first) if first else {}
    if "target" in fields:
        return "context"
    if "gold" in fields and "intent" in fields.get("gold", {}):
        return "interpret"
    if "text" in fields:
        return "extract"
    return None


def example_sets(dirs: list[Path]) -> Iterator[tuple[str, Path, Path | None]]:
    """(name, jsonl path, caseload beside it or None) for every example set found."""
    for d in dirs:
        caseload = d / "caseload.csv"
        for path in sorted(d.glob("*.jsonl")):
            yield f"{d.name}__{path.stem}", path, caseload if caseload.exists() else None


def command(kind: str, path: Path, caseload: Path | None) -> list[str]:
    """The CLI call for one set; extraction runs both with and without the caseload."""
    exe = str(Path(sys.executable).with_name("assistant"))
    cmd = [exe, kind, "--batch", str(path)]
    if caseload is not None and kind in ("extract", "interpret"):
        cmd += ["--caseload", str(caseload)]
    return cmd


def runs(dirs: list[Path], scratch: Path) -> Iterator[tuple[str, list[str]]]:
    """(output name, command) for every set; notes are also read with no caseload, which takes
    the other path to the person (the first PERSON entity), and through a backfill."""
    config = small_partitions(scratch)
    yield "generated__backfill", backfill_command(generated_notes(scratch), None, config)
    for name, path, caseload in example_sets(dirs):
        kind = kind_of(path)
        if kind is None:
            continue
        yield name, command(kind, path, caseload)
        if kind == "extract":
            yield f"{name}__no_caseload", command(kind, path, None)
            yield f"{name}__backfill", backfill_command(path, caseload, config)


def small_partitions(folder: Path) -> Path:
    """config.toml with partitions of 16 notes, so even a small set crosses several workers'
    partitions and is merged from many."""
    text = (ROOT / "config.toml").read_text(encoding="utf-8")
    config = folder / "config.toml"
    config.write_text(text.replace("partition_notes = 256", "partition_notes = 16"), "utf-8")
    return config


def backfill_command(path: Path, caseload: Path | None, config: Path) -> list[str]:
    """`assistant backfill` of a set with a pool of two; `output` adds where to write."""
    exe = str(Path(sys.executable).with_name("assistant"))
    cmd = [exe, "--config", str(config), "backfill", str(path), "--workers", "2", "--quiet"]
    return cmd + (["--caseload", str(caseload)] if caseload is not None else [])


def generated_notes(folder: Path) -> Path:
    """1,000 generated backfill notes (the bench's own, deterministic), written as JSONL."""
    if str(ROOT) not in sys.path:  # run as a script, scripts/ is on the path, not the root
        sys.path.insert(0, str(ROOT))
    from bench.backfill_notes import generate, write_jsonl

    return write_jsonl(generate(1000, people=40), folder / "generated.jsonl")


def output(cmd: list[str]) -> str:
    """What the command prints, with its exit code (1 is a bad note in the set, not a crash)."""
    if "backfill" in cmd:
        return _backfill_output(cmd)
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed:\n{done.stderr}")
    return done.stdout + f"exit {done.returncode}\n"


def _backfill_output(cmd: list[str]) -> str:
    """The entries file a backfill writes, with its exit code."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "entries.jsonl"
        done = subprocess.run([*cmd, "--out", str(out)], capture_output=True, text=True, cwd=ROOT)
        if done.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(cmd)} failed:\n{done.stderr}")
        return out.read_text(encoding="utf-8") + f"exit {done.returncode}\n"


def record(out_dir: Path, dirs: list[Path]) -> int:
    """Write each set's output to out_dir."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        for name, cmd in runs(dirs, Path(scratch)):
            (out_dir / f"{name}.out").write_text(output(cmd), encoding="utf-8")
            print(f"recorded {name}")
    return 0


def compare(out_dir: Path, dirs: list[Path]) -> int:
    """Name every set whose output differs from the recorded one; 1 if any does."""
    differ = 0
    with tempfile.TemporaryDirectory() as scratch:
        for name, cmd in runs(dirs, Path(scratch)):
            differ += _compare_one(out_dir, name, cmd)
    print("all identical" if not differ else f"{differ} set(s) differ")
    return 1 if differ else 0


def _compare_one(out_dir: Path, name: str, cmd: list[str]) -> int:
    """1 (and the first differing lines printed) if this set's output moved, else 0."""
    saved = out_dir / f"{name}.out"
    if not saved.exists():
        print(f"{name}: no recorded output (record first)")
        return 1
    before, after = saved.read_text(encoding="utf-8"), output(cmd)
    if before == after:
        print(f"{name}: identical")
        return 0
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    print(f"{name}: DIFFERS\n" + "\n".join(list(diff)[:12]))
    return 1


def main() -> int:
    """record DIR | compare DIR."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=("record", "compare"))
    parser.add_argument("dir", type=Path, help="where outputs are written / were recorded")
    parser.add_argument("--shared", type=Path, default=SHARED, help="the shared/ folder")
    args = parser.parse_args()
    dirs = [d for d in (FIXTURES, args.shared / "eval-dev") if d.exists()]
    return record(args.dir, dirs) if args.action == "record" else compare(args.dir, dirs)


if __name__ == "__main__":
    sys.exit(main())
