"""Fuzz the readers and the reference parser for a bounded time, keeping what crashes or hangs.

    python bench/fuzz.py [--target markdown|text|latex|bib|jats|parse|all] [--seconds 60]
                         [--engine auto|atheris|mutate] [--crashes DIR] [--per-input 5] [--seed N]

Each target turns bytes into text (UTF-8, undecodable bytes replaced), reads it as a manuscript
of its format and audits it offline (``parse`` parses it as one reference entry).  Our own
errors (``CiteauditError``: a one-line refusal of bad input, exit 2 in the CLI) are the expected
answer to garbage; anything else raised is a crash, and an input that takes longer than
``--per-input`` seconds is a hang (issue 12: bounded time under every fault).  Each is saved
under ``--crashes`` as ``<target>-<kind>-<sha1>.<ext>``; kept ones go to
``tests/fuzz_regressions/``, which ``tests/test_robust_fuzz_regressions.py`` runs through the audit.

Engines: ``atheris`` (coverage-guided libFuzzer, when ``pip install atheris`` built here) or
``mutate``, a plain mutation fuzzer over the same targets (seed inputs, the regression corpus,
byte flips, splices and insertions of syntax pieces); ``auto`` takes atheris when it imports.
Atheris stops at its first crash (libFuzzer's way) and runs one target per process.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import random
import signal
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REGRESSIONS = ROOT / "tests" / "fuzz_regressions"

# Small seed inputs per target, written for the fuzzer: each reaches the reader's main paths.
SEEDS: dict[str, tuple[str, ...]] = {
    "markdown": (
        "# Title\n\nAs shown (Okafor & Lindqvist, 2018; Zhang et al., 2020a) and Ng (1999).[^1]\n\n"
        "[^1]: Reuters, 22 January 1997.\n\n## References\n\n"
        "Okafor, N., & Lindqvist, E. (2018). Fire regimes. *Journal of Examples*, 12(3), 233–245. https://doi.org/10.5555/x.1\n\n"
        "Zhang, W. (2020a). A title. In A. Editor (Ed.), *Book* (pp. 1–9). Press.\n",
        "Text [1], [2–4] and [5, 6].\n\nReferences\n\n1. A. Okafor, Nature 412, 1 (2001).\n2. B. Ng. Title. J. Ex. 3:4-5, 1999.\n",
    ),
    "latex": (
        "\\documentclass{article}\\begin{document}As \\citet{ok18} and \\citep[p.~3]{ng99,zz}.\n"
        "\\begin{thebibliography}{9}\\bibitem{ok18} N. Okafor. Fire. \\emph{J. Ex.} 12 (2018).\n"
        "\\bibitem[Ng(1999)]{ng99} B. Ng, 1999.\\end{thebibliography}\\end{document}\n",
    ),
    "bib": (
        "@string{je = \"Journal of Examples\"}\n@article{ok18, author = {Okafor, N. and {World Health Organization}},\n"
        " title = {Fire {DNA} $\\alpha$-helix}, journal = je # { B}, year = 2018, pages = {233--245}, doi = {10.5555/x.1}}\n"
        "@inproceedings{ng99, crossref = {proc}, title = \"T\"}\n@proceedings{proc, year = {1999}, booktitle = {Proc.}}\n",
    ),
    "jats": (
        '<?xml version="1.0"?><article><body><p>As shown <xref ref-type="bibr" rid="r1">1</xref>\u2013'
        '<xref ref-type="bibr" rid="r2">2</xref>.</p></body><back><ref-list><ref id="r1"><label>1</label>'
        "<mixed-citation><person-group><name><surname>Okafor</surname><given-names>N</given-names></name>"
        "</person-group> (<year>2018</year>). <article-title>Fire</article-title>. <source>J Ex</source> "
        '<volume>12</volume>:<fpage>233</fpage>. <pub-id pub-id-type="doi">10.5555/x.1</pub-id></mixed-citation>'
        '</ref><ref id="r2"><element-citation><source>Book</source></element-citation></ref></ref-list></back></article>',
    ),
    "parse": (
        "Okafor, N., Lindqvist, E., … Zhang, W. (2018). Fire regimes: A study. J. Ex., 12(3), 233–245. doi:10.5555/x.1",
        "[3] A. Okafor and B. Ng, \u201cTitle,\u201d in Proc. IEEE, vol. 1, no. 2, pp. 3\u20134, 2001.",
    ),
}
SEEDS["text"] = SEEDS["markdown"]
SUFFIXES = {"markdown": "md", "text": "txt", "latex": "tex", "bib": "bib", "jats": "xml", "parse": "ref.txt"}

# Syntax pieces the mutator inserts: what makes these formats' parsers take their odd turns.
PIECES = (
    "(", ")", "[", "]", "{", "}", "\\", "@", "#", "%", "$", "&", "&amp;", "<", ">", "</", "<xref rid=\"r1\">",
    "\\cite{", "\\input{", "\\begin{thebibliography}{9}", "\\bibitem{", "@article{k,", "title={", " and ",
    "et al.", "(2020)", ", 2020a", "[1]", "[^1]", "[^1]: ", "\n\n## References\n\n", "\nReferences\n", "doi:10.",
    "https://doi.org/10.5555/", "pp. 1\u20132", "\u2026", "\u00a0", "\u200b", "\ufeff", "\u202e", "\x00", "\x1b[",
    "\r", "\r\n", "\t", "A." * 20, "-" * 50, "(" * 30, "{" * 30, "ACGT" * 64, " " * 100, "\n" * 40,
)


class Hang(Exception):
    """An input ran past the per-input time limit."""


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise Hang in the main thread after ``seconds`` (Unix, main thread only)."""
    if seconds <= 0 or not hasattr(signal, "SIGALRM"):
        yield
        return

    def expire(signum, frame):  # noqa: ARG001 - signal handler signature
        raise Hang(f"ran past {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def targets() -> dict[str, Callable[[str], object]]:
    """Each target: text in, the audit (or parse) out; imported here so atheris can instrument."""
    from citeaudit.ingest import read_markdown_string
    from citeaudit.ingest.bib import read_bib_string
    from citeaudit.ingest.jats import read_jats_string
    from citeaudit.ingest.latex import read_latex_string
    from citeaudit.pipeline import audit
    from citeaudit.references.parse import parse_reference

    return {
        "markdown": lambda text: audit(read_markdown_string(text, "fuzz.md")),
        "text": lambda text: audit(read_markdown_string(text, "fuzz.txt", format="text")),
        "latex": lambda text: audit(read_latex_string(text, "fuzz.tex")),
        "bib": lambda text: audit(read_bib_string(text, "fuzz.bib")),
        "jats": lambda text: audit(read_jats_string(text, "fuzz.xml")),
        "parse": lambda text: (parse_reference(text), parse_reference(text, prefer_rules=True)),
    }


def run_one(target: Callable[[str], object], data: bytes, per_input: float) -> str | None:
    """None when the input was handled (audited, or refused with our error); else what went wrong."""
    from citeaudit.errors import CiteauditError

    text = data.decode("utf-8", errors="replace")
    try:
        with time_limit(per_input):
            target(text)
    except CiteauditError as exc:
        if "\n" in str(exc).strip():
            return f"multi-line error: {str(exc)[:200]!r}"
        return None
    except Hang as exc:
        return f"hang: {exc}"
    except RecursionError as exc:
        return f"crash: RecursionError: {exc}"
    except Exception as exc:  # noqa: BLE001 - any other exception is the finding
        return f"crash: {type(exc).__name__}: {str(exc)[:200]}"
    return None


def save(crashes: Path, name: str, kind: str, data: bytes) -> Path:
    crashes.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha1(data).hexdigest()[:12]
    path = crashes / f"{name}-{kind}-{digest}.{SUFFIXES[name]}"
    path.write_bytes(data)
    return path


def corpus(name: str) -> list[bytes]:
    """Seed inputs plus the regression corpus kept for this target."""
    found = [seed.encode() for seed in SEEDS[name]]
    if REGRESSIONS.is_dir():
        found += [p.read_bytes() for p in sorted(REGRESSIONS.glob(f"{name}-*"))]
    return found


def mutate(rng: random.Random, data: bytes, pool: list[bytes]) -> bytes:
    """One to four random edits: flip, delete, duplicate, insert a syntax piece, splice another input."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        at = rng.randint(0, len(out))
        choice = rng.random()
        if choice < 0.2 and out:
            out[min(at, len(out) - 1)] = rng.randrange(256)
        elif choice < 0.35 and out:
            del out[at : at + rng.randint(1, 16)]
        elif choice < 0.5 and out:
            start = rng.randint(0, len(out) - 1)
            chunk = out[start : start + rng.randint(1, 64)]
            out[at:at] = chunk * rng.randint(1, 8)
        elif choice < 0.85:
            out[at:at] = rng.choice(PIECES).encode() * rng.choice((1, 1, 1, 3, 20))
        else:
            other = rng.choice(pool)
            start = rng.randint(0, len(other))
            out[at:at] = other[start : start + rng.randint(1, 200)]
    return bytes(out[:200_000])  # bounded: slow on huge inputs is a separate (size) question


def fuzz_mutate(name: str, seconds: float, crashes: Path, per_input: float, seed: int) -> dict:
    """The plain mutation fuzzer: until ``seconds`` have passed, mutate, run, keep what fails."""
    target = targets()[name]
    rng = random.Random(seed)
    pool = corpus(name)
    found: dict[str, Path] = {}
    runs = 0
    deadline = time.monotonic() + seconds
    for data in pool:  # the corpus first: a kept regression that fails again is reported
        problem = run_one(target, data, per_input)
        if problem and problem[:120] not in found:
            found[problem[:120]] = save(crashes, name, problem.split(":")[0].replace(" ", "_"), data)
            print(f"  {name}: corpus input fails: {problem[:160]}", flush=True)
    while time.monotonic() < deadline:
        data = mutate(rng, rng.choice(pool), pool)
        runs += 1
        problem = run_one(target, data, per_input)
        if problem is None:
            if len(pool) < 500 and rng.random() < 0.02:
                pool.append(data)  # keep some variety without coverage feedback
            continue
        signature = problem[:120]
        if signature not in found:
            found[signature] = save(crashes, name, problem.split(":")[0].replace(" ", "_"), data)
            print(f"  {name}: {problem[:160]} -> {found[signature]}", flush=True)
    return {"target": name, "engine": "mutate", "runs": runs, "seconds": seconds, "problems": {k: str(v) for k, v in found.items()}}


def fuzz_atheris(name: str, seconds: float, crashes: Path, per_input: float) -> None:
    """Coverage-guided fuzzing with atheris; libFuzzer saves the crashing input and exits."""
    import atheris

    with atheris.instrument_imports():
        chosen = targets()[name]
    from citeaudit.errors import CiteauditError

    def test_one_input(data: bytes) -> None:
        try:
            chosen(data.decode("utf-8", errors="replace"))
        except CiteauditError:
            return

    crashes.mkdir(parents=True, exist_ok=True)
    seeds = crashes / f"seeds-{name}"
    seeds.mkdir(exist_ok=True)
    for i, data in enumerate(corpus(name)):
        (seeds / f"seed-{i}").write_bytes(data)
    argv = [sys.argv[0], f"-max_total_time={int(seconds)}", f"-timeout={max(1, int(per_input))}",
            f"-artifact_prefix={crashes}/{name}-", "-max_len=20000", str(seeds)]
    atheris.Setup(argv, test_one_input)
    atheris.Fuzz()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--target", default="all", choices=[*SUFFIXES, "all"])
    parser.add_argument("--seconds", type=float, default=60.0, help="time per target")
    parser.add_argument("--engine", default="auto", choices=["auto", "atheris", "mutate"])
    parser.add_argument("--crashes", type=Path, default=Path("fuzz-crashes"))
    parser.add_argument("--per-input", type=float, default=5.0, help="seconds one input may take before it is a hang")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    engine = args.engine
    if engine == "auto":
        try:
            import atheris  # noqa: F401
        except ImportError:
            engine = "mutate"
        else:
            engine = "atheris" if args.target != "all" else "mutate"  # atheris: one target per process
    if engine == "atheris":
        if args.target == "all":
            parser.error("atheris fuzzes one target per process: give --target")
        fuzz_atheris(args.target, args.seconds, args.crashes, args.per_input)
        return 0
    names = list(SUFFIXES) if args.target == "all" else [args.target]
    problems = 0
    for name in names:
        result = fuzz_mutate(name, args.seconds, args.crashes, args.per_input, args.seed)
        problems += len(result["problems"])
        print(f"{name}: {result['runs']} inputs in {args.seconds:g} s, {len(result['problems'])} problem(s)", flush=True)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
