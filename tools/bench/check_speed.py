"""Benchmark: `academy check` on a generated corpus, whole and one changed file.

`academy check FILE` parses FILE again and takes every other unchanged file from the load
cache that a previous check wrote (.academy-cache/); the whole-corpus figure parses everything.

    python3 tools/bench/check_speed.py [--lessons 5000] [--banks 5000] [--runs 3]
                                       [--prompts varied|templated]

Prints the median wall time of each, measured as an editor runs it (a new process), the
cards found, and the load average before and after (the machine has 2 cores: another
process's load shows in every figure, so record it beside them). ``varied`` prompts (the
default) are as different from each other as a real course's, with 1% real near-duplicates
planted; ``templated`` prompts repeat 2,100 combinations, so nearly every one of the 30,000 is
a near-duplicate: the stress case of that rule.

The whole-corpus figure is a check of unchanged files after the first run: every file is
parsed again, but the load cache is not rewritten (model/cache.py).

Python's compiled bytecode is kept (in a temporary folder, PYTHONPYCACHEPREFIX) as it is for an
installed tool, even where PYTHONDONTWRITEBYTECODE is set: compiling academy's 40 modules again
on every run costs ~0.1 s. ``--no-bytecode-cache`` measures with the environment as it is.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from corpus import generate


def timed(args: list[str], cwd: Path, cards: list[int] | None = None,
          env: dict[str, str] | None = None) -> float:
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "academy.cli", *args], cwd=cwd,
                            capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - started
    if result.returncode not in (0, 1):
        raise SystemExit(f"academy {' '.join(args)} failed:\n{result.stderr}")
    if cards is not None:
        cards.append(len(json.loads(result.stdout)["findings"]))
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lessons", type=int, default=5000)
    parser.add_argument("--banks", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--prompts", choices=["varied", "templated"], default="varied")
    parser.add_argument("--no-bytecode-cache", action="store_true",
                        help="leave PYTHONDONTWRITEBYTECODE as it is (modules compiled every run)")
    args = parser.parse_args()
    cards: list[int] = []
    before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        env = None
        if not args.no_bytecode_cache:
            env = {key: value for key, value in os.environ.items()
                   if key != "PYTHONDONTWRITEBYTECODE"}
            env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        root = generate(Path(tmp) / "corpus", args.lessons, args.banks, args.prompts)
        # the first run also writes the load cache (and the bytecode)
        cold = timed(["check", "--format", "json"], root, cards, env)
        whole = [timed(["check", "--format", "json"], root, env=env) for _ in range(args.runs)]
        changed = root / "quizzes" / f"bank-{args.banks - 1:05d}.yml"  # the last: every prompt is earlier
        changed.write_text(changed.read_text(encoding="utf-8").replace("先致歉", "先真诚致歉"),
                           encoding="utf-8")
        one = [timed(["check", "--format", "json", str(changed)], root, env=env)
               for _ in range(args.runs)]
    print(f"corpus: {args.lessons} lessons, {args.banks} banks, {args.prompts} prompts; "
          f"cards found: {cards[0]}; bytecode "
          f"{'as the environment says' if args.no_bytecode_cache else 'cached'}")
    print(f"academy check, whole corpus, first run (writes the load cache): {cold:.2f} s")
    print(f"academy check, whole corpus: median {statistics.median(whole):.2f} s "
          f"(runs: {', '.join(f'{t:.2f}' for t in whole)})")
    print(f"academy check, one changed file: median {statistics.median(one):.2f} s "
          f"(runs: {', '.join(f'{t:.2f}' for t in one)})")
    after = os.getloadavg()
    print(f"load average (1, 5, 15 min): before {', '.join(f'{x:.2f}' for x in before)}; "
          f"after {', '.join(f'{x:.2f}' for x in after)}")


if __name__ == "__main__":
    main()
