"""`assistant extract`, `interpret` and `context`: the extraction library from the shell."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any, TextIO

from assistant.settings import SettingsError, load_settings

BATCH_CHUNK = 64


class InputError(ValueError):
    """Input the command cannot read: reported on one line, exit status 2."""


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the extract, interpret and context subcommands."""
    p = sub.add_parser("extract", help="a contact note to a structured case entry")
    p.add_argument("note", nargs="?", help="the note's file, or - for standard input")
    p.add_argument("--batch", metavar="NOTES.jsonl", help='lines of {"id","text","reference_date"}')
    p.add_argument("--caseload", metavar="FILE.csv", help="the officer's people (crn,name,...)")
    p.add_argument("--reference-date", metavar="YYYY-MM-DD", help="the day the note was written")
    p.add_argument("--format", choices=("json", "text"), default="json")
    p.add_argument("--workers", type=int, default=1, help="processes for --batch (default 1)")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("interpret", help="a short chat prompt to an intent, person and date")
    p.add_argument("text", nargs="*", help="the prompt")
    p.add_argument("--batch", metavar="PROMPTS.jsonl")
    p.add_argument("--caseload", metavar="FILE.csv")
    p.add_argument("--reference-date", metavar="YYYY-MM-DD")
    p.set_defaults(func=cmd_interpret)

    p = sub.add_parser("context", help="why a phrase reads as negated, historical, ...")
    p.add_argument("text", nargs="*", help="the sentence or passage")
    p.add_argument("--target", help="the phrase to classify")
    p.add_argument("--batch", metavar="ITEMS.jsonl", help='lines of {"id","text","target"}')
    p.set_defaults(func=cmd_context)


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 2


def one_line_errors(
    func: Callable[[argparse.Namespace], int],
) -> Callable[[argparse.Namespace], int]:
    """Turn the errors a user can cause into one clear line and exit status 2."""
    from nlp.errors import NlpError
    from nlp.people.caseload import CaseloadError

    def run(args: argparse.Namespace) -> int:
        try:
            return func(args)
        except (InputError, NlpError, CaseloadError, SettingsError) as exc:
            return _fail(str(exc))

    return run


def read_text(source: str | None) -> str:
    """A note from a file or standard input, strictly UTF-8."""
    try:
        data = sys.stdin.buffer.read() if source in (None, "-") else Path(source).read_bytes()
    except FileNotFoundError:
        raise InputError(f"no such file: {source}") from None
    except IsADirectoryError:
        raise InputError(f"{source} is a folder, not a note file") from None
    except PermissionError:
        raise InputError(f"cannot read {source}: permission denied") from None
    return decode(data, source or "standard input")


def decode(data: bytes, where: str) -> str:
    """Bytes as UTF-8 text (a BOM allowed), or an InputError naming the bad byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{where} is not valid UTF-8 text (byte 0x{data[exc.start]:02x} at position "
            f"{exc.start}): save it as UTF-8 and try again"
        ) from None


def read_caseload(path: str | None, config: str | None) -> Any:
    """The caseload CSV at `path` (None without one), read with the config's person settings."""
    from nlp.people.caseload import Caseload

    return Caseload.from_csv(path, load_settings(config).nlp) if path else None


def _extractor(args: argparse.Namespace) -> Any:
    import nlp

    return nlp.load(load_settings(args.config).nlp)


def read_jsonl(path: str, fields: tuple[str, ...]) -> Iterator[dict[str, Any]]:
    """Items of a JSONL file; a line that cannot be read yields {"id", "error"}."""
    try:
        f = Path(path).open("rb")  # noqa: SIM115 (closed by the with below; open errors first)
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from None
    with f:
        for number, raw in enumerate(f, start=1):
            if not raw.strip():
                continue
            try:
                item = json.loads(decode(raw, f"line {number}"))
            except InputError as exc:
                yield {"id": None, "error": str(exc)}
                continue
            except json.JSONDecodeError as exc:
                yield {"id": None, "error": f"line {number} is not valid JSON: {exc.msg}"}
                continue
            if not isinstance(item, dict):
                yield {"id": None, "error": f"line {number} is not a JSON object"}
                continue
            missing = [k for k in fields if not isinstance(item.get(k), str)]
            if missing:
                yield {
                    "id": item.get("id"),
                    "error": f"line {number} has no text field "
                    f"{', '.join(repr(m) for m in missing)}",
                }
                continue
            yield item


def _write(out: TextIO, obj: dict[str, Any]) -> None:
    out.write(json.dumps(obj, ensure_ascii=False) + "\n")


@one_line_errors
def cmd_extract(args: argparse.Namespace) -> int:
    """Extract one note, or a JSONL batch in input order."""
    caseload = read_caseload(args.caseload, args.config)
    if args.batch:
        return _extract_batch(args, caseload)
    if args.note is None and sys.stdin.isatty():
        raise InputError("give a note file, or - to read the note from standard input")
    text = read_text(args.note)
    extractor = _extractor(args)
    entry = extractor.extract(text, args.reference_date, caseload)
    if args.format == "text":
        from nlp.render import render

        print(render("entry.txt.j2", entry=entry.to_json()))
    else:
        print(json.dumps(entry.to_json(), ensure_ascii=False, indent=2))
    return 0


def _chunks(items: Iterator[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    chunk: list[dict[str, Any]] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


_WORKER: dict[str, Any] = {}


def load_worker(config: str | None, caseload_path: str | None) -> None:
    """Load the extractor and caseload once in this process, for `extract_in_worker`
    (`extract --batch` workers and `backfill`)."""
    import nlp

    _WORKER["extractor"] = nlp.load(load_settings(config).nlp)
    _WORKER["caseload"] = read_caseload(caseload_path, config)


def extract_chunk(extractor: Any, caseload: Any, chunk: list[dict[str, Any]]) -> list[dict]:
    """Entries (or error objects) for one chunk of batch items, in order.

    An item's nDelius contact type code (`contact_type`, `contact_type_description`) fills
    the entry's contact type when the note's words do not say it.
    """
    from assistant.backfill.contact_codes import with_export_type
    from nlp.errors import NlpError
    from nlp.extractor import parse_reference_date

    results: list[dict[str, Any] | None] = [None] * len(chunk)
    good: list[tuple[int, Any, Any]] = []
    for i, item in enumerate(chunk):
        if "error" in item:
            results[i] = item
            continue
        try:
            checked = extractor.check(item["text"])
            good.append((i, checked, parse_reference_date(item.get("reference_date"))))
        except NlpError as exc:
            results[i] = {"id": item.get("id"), "error": str(exc)}
    entries = extractor.extract_checked([(c, r) for _, c, r in good], caseload)
    for (i, _, _), entry in zip(good, entries, strict=True):
        results[i] = with_export_type(chunk[i], {"id": chunk[i].get("id"), **entry.to_json()})
    return [r for r in results if r is not None]


def extract_in_worker(chunk: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`extract_chunk` with what `load_worker` loaded in this process."""
    return extract_chunk(_WORKER["extractor"], _WORKER["caseload"], chunk)


def _extract_batch(args: argparse.Namespace, caseload: Any) -> int:
    items = read_jsonl(args.batch, ("text",))
    failed = False
    if args.workers > 1:
        pool = ProcessPoolExecutor(
            args.workers, initializer=load_worker, initargs=(args.config, args.caseload)
        )
        with pool:
            batches = pool.map(extract_in_worker, _chunks(items, BATCH_CHUNK))
            for results in batches:
                for obj in results:
                    failed |= "error" in obj
                    _write(sys.stdout, obj)
        return 1 if failed else 0
    extractor = _extractor(args)
    for chunk in _chunks(items, BATCH_CHUNK):
        for obj in extract_chunk(extractor, caseload, chunk):
            failed |= "error" in obj
            _write(sys.stdout, obj)
    return 1 if failed else 0


def _batch(path: str, fields: tuple[str, ...], answer: Callable[[dict[str, Any]], Any]) -> int:
    """One output line per JSONL input line, in order; a line that fails says why."""
    from nlp.errors import NlpError

    failed = False
    for item in read_jsonl(path, fields):
        if "error" not in item:
            try:
                item = {"id": item.get("id"), **answer(item).to_json()}
            except NlpError as exc:
                item = {"id": item.get("id"), "error": str(exc)}
        failed |= "error" in item
        _write(sys.stdout, item)
    return 1 if failed else 0


@one_line_errors
def cmd_interpret(args: argparse.Namespace) -> int:
    """Interpret one prompt, or a JSONL batch (the trained pipeline is not needed)."""
    from nlp.extractor import interpret_prompt

    caseload = read_caseload(args.caseload, args.config)
    settings = load_settings(args.config).nlp
    if not args.batch:
        text = " ".join(args.text) if args.text else read_text("-")
        result = interpret_prompt(text, args.reference_date, caseload, settings)
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
        return 0
    return _batch(
        args.batch,
        ("text",),
        lambda item: interpret_prompt(item["text"], item.get("reference_date"), caseload, settings),
    )


@one_line_errors
def cmd_context(args: argparse.Namespace) -> int:
    """Classify a target phrase's status in a text, with the triggers that decided it."""
    from nlp.context.assertion import (
        ContextRules,
        TargetNotFound,
        classify_target,
        make_context_nlp,
    )

    window = load_settings(args.config).nlp.context_window
    nlp, rules = make_context_nlp(), ContextRules.load(window=window)
    if not args.batch:
        if not args.target:
            raise InputError("give --target PHRASE and the text to look in")
        text = " ".join(args.text) if args.text else read_text("-")
        try:
            result = classify_target(nlp, text, args.target, rules)
        except TargetNotFound as exc:
            raise InputError(str(exc)) from None
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
        return 0
    return _batch(
        args.batch,
        ("text", "target"),
        lambda item: classify_target(nlp, item["text"], item["target"], rules),
    )
