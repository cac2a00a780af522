"""`assistant transcribe`: dictation from the shell, with the engine the web service uses."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from assistant.settings import SettingsError, load_settings


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the transcribe subcommand."""
    p = sub.add_parser("transcribe", help="an audio recording to text, on this machine")
    p.add_argument("audio", nargs="?", help="the recording (WAV, Ogg/Opus, WebM, MP3, M4A)")
    p.add_argument("--batch", metavar="FILE.jsonl", help='lines of {"id","audio"} (audio: a path)')
    p.add_argument("--caseload", metavar="FILE.csv", help="names to spell as on the caseload")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=cmd_transcribe)


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 2


def cmd_transcribe(args: argparse.Namespace) -> int:
    """Print the transcript of one recording, or one JSON line per line of a batch."""
    from nlp.people.caseload_csv import CaseloadError
    from speech import AudioRefused, ModelError, SpeechEngine
    from speech.prompt import initial_prompt
    from speech.wording import for_officer

    if bool(args.audio) == bool(args.batch):
        return _fail("give one audio file, or --batch FILE.jsonl")
    try:
        settings = load_settings(args.config).speech
        names = _names(args.caseload) if args.caseload else []
        engine = SpeechEngine(settings)  # loaded once, for every line of a batch
    except (SettingsError, ModelError, CaseloadError) as exc:
        return _fail(str(exc))
    prompt = initial_prompt(names)
    if args.batch:
        return _batch(engine, Path(args.batch), prompt, names)
    try:
        found = for_officer(engine.transcribe(Path(args.audio), prompt), names)
    except AudioRefused as exc:
        return _fail(str(exc))
    if args.format == "json":
        print(json.dumps(found.to_json(settings.low_confidence), ensure_ascii=False))
    else:
        print(found.text)
    return 0


def _names(path: str) -> list[str]:
    from nlp.people.caseload_csv import read_caseload_csv

    return [row[1] for row in read_caseload_csv(path)]


def _batch(engine: Any, path: Path, prompt: str, names: list[str]) -> int:
    """One {"id","text"} line per input line; a bad line gets {"id","error"} and the rest go on."""
    from speech import AudioRefused
    from speech.wording import for_officer

    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        return _fail(f"cannot read {path}: {type(exc).__name__}")
    failed = 0
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        out: dict[str, Any]
        try:
            item = json.loads(line)
            if not isinstance(item, dict) or not isinstance(item.get("audio"), str):
                raise ValueError
        except ValueError:
            out = {"line": number, "error": 'not a JSON object with an "audio" path'}
        else:
            audio = Path(item["audio"])
            if not audio.is_absolute():
                audio = path.parent / audio  # paths count from the batch file's folder
            try:
                found = for_officer(engine.transcribe(audio, prompt), names)
                out = {"id": item.get("id"), "text": found.text}
            except AudioRefused as exc:
                out = {"id": item.get("id"), "error": str(exc)}
        failed += "error" in out
        print(json.dumps(out, ensure_ascii=False), flush=True)
    if failed:
        print(f"error: {failed} line(s) could not be transcribed", file=sys.stderr)
    return 1 if failed else 0
