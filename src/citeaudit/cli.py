"""The command line: options -> Config -> pipeline -> render -> exit code.  The only click import.

Exit codes: 0 no finding reaches --fail-on; 1 one does; 2 bad usage or unreadable input;
3 an internal error (a bug: please report it).
"""

from __future__ import annotations

import functools
import json
import os
import sys
import traceback
from pathlib import Path

import click

from . import __version__
from .config import FORMATS, REPORT_FORMATS, Config
from .errors import CiteauditError, UsageError
from .ingest import FORMATS as INPUT_FORMATS
from .report.files import EXPORT_HEADER, check_directory, guard_target, manuscript_inputs, protected_inputs, write_bibtex, write_text
from .report.text import visible

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


class _Output:
    """All terminal output goes through here: results on stdout, diagnostics on stderr.

    Text is printed literally: control characters are made visible and Rich markup is not
    interpreted (``render_summary`` escapes what it places inside its own markup).
    """

    @functools.cached_property
    def out(self):
        return _console(stderr=False)

    @functools.cached_property
    def err(self):
        return _console(stderr=True)

    def line(self, text: str) -> None:
        """One line of results on stdout."""
        self.out.print(visible(text), markup=False, highlight=False)

    def note(self, text: str) -> None:
        """One line of diagnostics on stderr."""
        self.err.print(visible(text), markup=False, highlight=False)

    def error(self, message: str) -> None:
        click.echo(f"citeaudit: error: {visible(message)}", err=True)

    def internal(self, exc: BaseException) -> None:
        """A bug in citeaudit, not in the user's input: one line (the traceback on request)."""
        if os.environ.get("CITEAUDIT_DEBUG"):
            traceback.print_exc()
        self.error(f"internal error ({type(exc).__name__}: {exc}); set CITEAUDIT_DEBUG=1 for details")


def _console(*, stderr: bool):
    # rich is imported when something is printed: ``citeaudit --help`` starts without it (issue 11).
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True, emoji=False)


def _run(action):
    """Run a command body, turning our errors into one line and exit 2, bugs into exit 3."""
    output = _Output()
    try:
        code = action(output)
    except CiteauditError as exc:
        output.error(str(exc))
        sys.exit(EXIT_USAGE)
    except KeyboardInterrupt:
        output.error("interrupted")
        sys.exit(130)
    except BrokenPipeError:
        # The reader went away (``citeaudit export x.md | head``): nothing left to tell it.
        _silence_stdout()
        sys.exit(EXIT_USAGE)
    except Exception as exc:  # a bug in citeaudit, not in the user's input
        output.internal(exc)
        sys.exit(EXIT_INTERNAL)
    sys.exit(code or EXIT_OK)


def _silence_stdout() -> None:
    """Point stdout at /dev/null so that Python's flush at exit does not complain again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # no real stdout (under a test runner)
        pass


def _totals(path: str, counts: dict[str, int]) -> str:
    def plural(n: int, noun: str) -> str:
        return f"{n} {noun}" if n == 1 or noun == "info" else f"{n} {noun}s"

    return f"{path}: {plural(counts['error'], 'error')}, {plural(counts['warning'], 'warning')}, {plural(counts['info'], 'info')}"


class _Group(click.Group):
    """click's group, with usage errors told in one line like every other error (exit 2)."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            code = super().main(args, prog_name, complete_var, False, **extra)
        except click.exceptions.NoArgsIsHelpError as exc:
            exc.show()  # no command at all: the help is the answer
            sys.exit(exc.exit_code)
        except click.UsageError as exc:
            where = f" (see '{exc.ctx.command_path} --help')" if exc.ctx is not None else ""
            click.echo(f"citeaudit: error: {visible(exc.format_message())}{where}", err=True)
            sys.exit(EXIT_USAGE)
        except click.ClickException as exc:
            click.echo(f"citeaudit: error: {visible(exc.format_message())}", err=True)
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("citeaudit: error: interrupted", err=True)
            sys.exit(130)
        sys.exit(code if isinstance(code, int) else EXIT_OK)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="citeaudit")
def main() -> None:
    """Check a manuscript's citations and bibliography before it is published.

    \b
    Example:
      citeaudit verify paper.md --out reports --offline

    \b
    Exit codes:
      0  no finding reaches --fail-on
      1  a finding does
      2  bad usage or unreadable input (one line on stderr; with several manuscripts, the rest still run)
      3  an internal error (a bug: please report it)
    """


def _registry_options(command):
    """Options that say how (and whether) to ask Crossref; shared by verify and export."""
    options = [
        click.option("--offline", is_flag=True, help="Make no network request (no Crossref lookups)."),
        click.option("--mailto", envvar="CITEAUDIT_MAILTO", default=None, help="Your e-mail: puts requests in Crossref's polite pool [env CITEAUDIT_MAILTO]."),
        click.option("--crossref-url", envvar="CITEAUDIT_CROSSREF_URL", default="https://api.crossref.org", show_default=True, help="Crossref API base URL (a mirror or a local stand-in) [env CITEAUDIT_CROSSREF_URL]."),
        click.option("--cache", "cache_path", type=click.Path(path_type=Path), default=None, help="SQLite cache of Crossref answers (default: in your user cache directory)."),
        click.option("--no-cache", is_flag=True, help="Neither read nor write the cache."),
        click.option("--timeout", type=click.FloatRange(min=0.1), default=20.0, show_default=True, help="Seconds to wait for one answer."),
        click.option("--max-retries", type=click.IntRange(min=0, max=20), default=4, show_default=True, help="Retries after a 429, a 5xx or a broken connection."),
        click.option("--network-budget", type=click.FloatRange(min=1), default=None, help="Seconds all lookups together may take (default: 30 + 2 per lookup); what is left unasked is 'lookup-failed'."),
        click.option("--cache-days", type=click.FloatRange(min=0), default=30.0, show_default=True, help="Days a cached Crossref record is trusted."),
        click.option("--negative-cache-hours", type=click.FloatRange(min=0), default=24.0, show_default=True, help="Hours a cached 'not found' is trusted."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _input_suffixes() -> list[str]:
    from .ingest import SUFFIXES

    return list(SUFFIXES)


def _registry_config(**values) -> dict:
    return {
        "offline": values["offline"],
        "mailto": values["mailto"],
        "crossref_url": values["crossref_url"],
        "cache_path": str(values["cache_path"]) if values["cache_path"] else None,
        "use_cache": not values["no_cache"],
        "timeout": values["timeout"],
        "max_retries": values["max_retries"],
        "network_budget": values["network_budget"],
        "cache_days": values["cache_days"],
        "negative_cache_hours": values["negative_cache_hours"],
    }


def _workflow_options(command):
    """--config and --no-baseline: where settings and reviewed findings come from."""
    command = click.option("--no-baseline", is_flag=True, help="Report every finding, also those recorded by 'citeaudit baseline'.")(command)
    return click.option(
        "--config", "config_file", type=click.Path(path_type=Path, exists=True, dir_okay=False), default=None,
        help="Read settings from this file (default: the nearest citeaudit.toml, .citeaudit.toml or pyproject.toml [tool.citeaudit] above the manuscript); options typed here win over it ('citeaudit config' shows the result).",
    )(command)


def _resolver(config: Config, output: _Output):
    from .resolve import RichProgress, build_resolver

    return build_resolver(config, progress=RichProgress(output.err))


@main.command()
@click.argument("manuscripts", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", default="reports", show_default=True, type=click.Path(path_type=Path), help="Directory for the reports.")
@click.option("--format", "formats", default=",".join(FORMATS), show_default=True, help=f"Report formats, comma separated: {','.join(REPORT_FORMATS)} (github: annotations on stdout, beside the reports; none: no report file).")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]), default="error", show_default=True, help="Exit 1 when a finding is at least this severe.")
@_registry_options
@click.option("--input-format", type=click.Choice(INPUT_FORMATS), default=None, help="Read the manuscript as this format, whatever its suffix.")
@click.option("--bib", "bib_files", multiple=True, type=click.Path(path_type=Path), help="A LaTeX or Pandoc Markdown manuscript's bibliography (.bib, CSL .json/.yaml), instead of those it names (repeatable).")
@click.option("--root", "root_dir", type=click.Path(path_type=Path, exists=True, file_okay=False), default=None, help="Folder whose files a manuscript may read: a LaTeX \\input, a Pandoc bibliography (default: the manuscript's own folder; for Pandoc, its project's).")
@click.option("--select", multiple=True, help="Report only codes starting with this (repeatable).")
@click.option("--ignore", multiple=True, help="Do not report codes starting with this (repeatable).")
@click.option("--refs", "refs_dir", type=click.Path(path_type=Path), default=None, help="Also export each reference list as BibTeX to DIR/<stem>.bib.")
@click.option("--shared-bib", is_flag=True, help="The bibliography is shared by many documents: its uncited entries are set aside as one info, not a warning each.")
@click.option("-q", "--quiet", is_flag=True, help="Print only the one-line totals.")
@_workflow_options
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Manuscripts audited at once in a folder run (default: the number of cores; an online run looks up one manuscript at a time).")
@click.option("--force", "redo", is_flag=True, help="In a folder run, audit again also the manuscripts unchanged since their reports were written.")
@click.option("--changed-only", "changed_ref", metavar="REF", default=None, help="Audit only the manuscripts 'git diff --name-only REF' lists (or whose bibliography beside them it lists).")
def verify(manuscripts, out_dir, formats, fail_on, input_format, bib_files, root_dir, select, ignore, refs_dir, shared_bib, quiet, jobs, redo, changed_ref, **registry):
    """Audit MANUSCRIPTS and write one report per manuscript and format into --out.

    \b
    MANUSCRIPTS are files, folders or quoted globs ('papers/**/*.md').  A folder or a glob is a
    folder run: every manuscript found is audited in worker processes (--jobs), its reports go to
    --out under its place in the folder, an overview (overview.html, .csv, .json) lists them all,
    and a manuscript unchanged since its last audit (same content, settings and citeaudit version,
    its reports still there) is not audited again unless --force.
    """
    from .ingest import read_manuscript
    from .pipeline import audit
    from .baseline import apply_baseline_file
    from .report import STREAM_FORMATS, render_summary, write_reports

    config, out_dir, manuscripts = _settled(manuscripts, Config(**_registry_config(**registry)), registry["config_file"])

    def action(output: _Output) -> int:
        from .batch import find_manuscripts

        found = find_manuscripts(manuscripts, skip=(out_dir, refs_dir))
        if found.folder_run or changed_ref is not None:
            return _verify_folder(found, output)
        stems = [Path(m).stem for m in manuscripts]
        clash = {s for s in stems if stems.count(s) > 1}
        writes = refs_dir is not None or any(f not in STREAM_FORMATS for f in config.formats)
        if clash and writes:  # --format none (a pre-commit hook) writes nothing that could clash
            raise UsageError(f"two manuscripts would write the same reports ({', '.join(sorted(clash))}); audit them one at a time")
        # Checked before anything is read or written: a file where a directory belongs.
        check_directory(out_dir, "--out")
        if refs_dir is not None:
            check_directory(refs_dir, "--refs")
        worst = EXIT_OK
        # Each manuscript on its own: one that cannot be read or audited gets its own line, the
        # rest complete.  All are read first, so that no one's outputs replace a file another reads.
        read = []
        for path, stem in zip(manuscripts, stems):
            step = functools.partial(read_manuscript, path, input_format, bib=bib_files, root=root_dir)
            code, manuscript = _guarded(output, path, step)
            worst = max(worst, code)
            if manuscript is not None:
                read.append((manuscript, stem))
        keep = [*manuscripts, *bib_files]
        for manuscript, _ in read:
            keep.extend(manuscript_inputs(manuscript, manuscript.bibliography or ()))
        resolver = _resolver(config, output) if read else None
        try:
            for manuscript, stem in read:
                step = functools.partial(_audit_and_write, manuscript, stem, resolver, output, keep)
                code, findings_code = _guarded(output, manuscript.path, step)
                worst = max(worst, code, findings_code or EXIT_OK)
        finally:
            if resolver is not None:
                getattr(resolver, "close", lambda: None)()
        return worst

    def _verify_folder(found, output: _Output) -> int:
        """A folder run (issue 11): every manuscript on its own (an error is its row), the worst exit code."""
        from .batch import Job, Outcome, ProcessExecutor, RunState, audit_job, changed_files, executor_for, preload, touched_by
        from .settings import is_excluded

        check_directory(out_dir, "--out")
        if refs_dir is not None:
            check_directory(refs_dir, "--refs")
        kept = [(path, stem) for path, stem in zip(found.paths, found.stems) if not is_excluded(path, config.exclude)]
        if not kept and changed_ref is None:
            raise UsageError(f"no manuscript found in {', '.join(str(m) for m in manuscripts)} (looked for {', '.join(sorted(s for s in _input_suffixes() if s))})")
        file_formats = tuple(f for f in config.formats if f not in STREAM_FORMATS)
        stems = [stem for _, stem in kept]
        clash = sorted({s for s in stems if stems.count(s) > 1})
        if clash and (file_formats or refs_dir is not None):
            raise UsageError(f"two manuscripts would write the same reports ({', '.join(clash)}); audit them one at a time")
        keep = (*(str(path) for path, _ in kept), *(str(b) for b in bib_files))
        work = [
            Job(
                str(path), stem, str(out_dir), file_formats, config, input_format, tuple(str(b) for b in bib_files),
                str(root_dir) if root_dir else None, str(refs_dir) if refs_dir else None,
                baseline=not registry["no_baseline"], streams="github" in config.formats, keep=keep,
            )
            for path, stem in kept
        ]  # fmt: skip
        state = RunState(out_dir)
        if changed_ref is not None:
            changed = changed_files(changed_ref)
            work = [job for job in work if touched_by(Path(job.path), changed, state.inputs_of(job.path))]
            if not work:
                output.note(f"citeaudit: no manuscript changed since {changed_ref}")
        outcomes: list = [None] * len(work)
        todo = []
        for position, job in enumerate(work):
            previous = None if redo else state.unchanged(job)
            if previous is None:
                todo.append(position)
                continue
            outcomes[position] = previous
            _tell(output, previous)
        workers = jobs or os.cpu_count() or 1
        executor = executor_for(workers, not config.offline, len(todo))
        if not config.offline and workers > 1 and len(todo) > 1:
            output.note("citeaudit: online, the manuscripts are audited one at a time (one rate limit and one cache for all lookups)")
        resolver = _resolver(config, output) if not config.offline and todo else None
        task = functools.partial(audit_job, resolver=resolver) if resolver is not None else audit_job
        progress = None
        if config.offline and len(todo) > 1:
            from .resolve import RichProgress

            progress = RichProgress(output.err)
        if isinstance(executor, ProcessExecutor):
            preload(file_formats)
        try:
            for count, (done, result) in enumerate(executor.run(task, [work[p] for p in todo])):
                if progress is not None and count == 0:
                    # Started once the workers are there: a process is forked only while no thread runs.
                    progress.start(len(todo), "auditing")
                position = todo[done]
                job = work[position]
                if isinstance(result, BaseException):  # the worker process itself died
                    result = Outcome(job.path, job.stem, "error", EXIT_INTERNAL, message=f"{job.path}: the process auditing it stopped ({type(result).__name__})")
                outcomes[position] = result
                state.record(job, result)
                _tell(output, result)
                if progress is not None:
                    progress.advance()
        finally:
            if progress is not None:
                progress.stop()
            if resolver is not None:
                getattr(resolver, "close", lambda: None)()
        finished = [o for o in outcomes if o is not None]
        if file_formats:
            written = _write_overview(finished, keep)
            state.save()
            output.line(f"overview: {written}")
        return max((o.exit_code for o in finished), default=EXIT_OK)

    def _tell(output: _Output, outcome) -> None:
        if outcome.status == "error":
            output.error(outcome.message)
            return
        line = _totals(outcome.path, {"error": 0, "warning": 0, "info": 0, **outcome.counts})
        output.line(line + (" (unchanged since its last audit)" if outcome.status == "unchanged" else ""))
        for text in outcome.lines:
            output.line(text)

    def _write_overview(outcomes, keep) -> Path:
        from .report.overview import OVERVIEW_NAMES, OVERVIEW_RENDERERS, overview_row

        rows = [overview_row(o, out_dir) for o in outcomes]
        Path(out_dir).mkdir(parents=True, exist_ok=True)
        for fmt, name in OVERVIEW_NAMES.items():
            target = Path(out_dir) / name
            guard_target(target, keep)
            write_text(target, OVERVIEW_RENDERERS[fmt](rows), bom=fmt == "csv")
        return Path(out_dir) / OVERVIEW_NAMES["html"]

    def _audit_and_write(manuscript, stem: str, resolver, output: _Output, keep: list) -> int:
        return _verify_one(manuscript, stem, audit(manuscript, config, resolver), output, keep)

    def _verify_one(manuscript, stem: str, report, output: _Output, keep: list) -> int:
        """Write one manuscript's reports (and BibTeX), print its summary, return its exit code.

        ``keep``: every file a manuscript of this run is or reads; no output replaces them.
        """
        bib_target = None
        if refs_dir is not None and report.references:
            bib_target = Path(refs_dir) / f"{stem}.bib"
            # Guarded before the reports are written, so a refusal leaves this manuscript's outputs as they were.
            guard_target(
                bib_target, protected_inputs(manuscript, report.references, keep),
                header=EXPORT_HEADER, hint="choose another --refs folder, or move it away",
            )
        report = report if registry["no_baseline"] else apply_baseline_file(report)
        written = write_reports(report, out_dir, stem, [f for f in config.formats if f not in STREAM_FORMATS], keep=keep)
        if bib_target is not None:
            written.append(write_bibtex(report.references, bib_target, manuscript, keep))
        if quiet:
            output.line(_totals(manuscript.path, report.counts()))
        else:
            render_summary(report, output.out)
            if written:
                output.line("reports: " + ", ".join(str(p) for p in written))
        _print_streams(report, config, output, quiet)
        # A check that raised: its reports are written, the run still fails (3, issue 12).
        return report.exit_code(config.fail_on)

    # An audit builds hundreds of thousands of small objects that live to its end: at Python's
    # default threshold (700) the collector keeps walking them again, ~10% of a 50,000-reference
    # run (issue 11).  Raised for the command only, and put back (pipeline leaves a caller's alone).
    import gc

    threshold = gc.get_threshold()
    gc.set_threshold(50_000, 20, 100)
    try:
        _run(action)
    finally:
        gc.set_threshold(*threshold)


@main.command()
@click.argument("manuscript", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None, help="The .bib file to write (default: stdout).")
@click.option("--force", is_flag=True, help="Overwrite an existing file that citeaudit did not write.")
@click.option("--input-format", type=click.Choice(INPUT_FORMATS), default=None)
@click.option("--enrich", is_flag=True, help="Fill empty fields from verified Crossref records (listed on stderr).")
@click.option("--ascii", "ascii_only", is_flag=True, help="Write accents and signs as LaTeX commands ({\\\"u}, --) for an 8-bit BibTeX, not UTF-8.")
@_registry_options
def export(manuscript, output, force, input_format, enrich, ascii_only, **registry):
    """Export MANUSCRIPT's reference list as BibTeX."""
    from .ingest import read_manuscript
    from .references import read_references
    from .references.bibexport import to_bibtex

    def action(out: _Output) -> int:
        parsed = read_manuscript(manuscript, input_format)
        references = list(parsed.bibliography) if parsed.bibliography is not None else read_references(parsed)
        if not references:
            raise UsageError(f"{manuscript}: no reference list found (looked for a References/Bibliography heading)")
        if enrich:
            references = _enriched(references, Config(**_registry_config(**registry)), out)
        if output is None:
            click.echo(to_bibtex(references, ascii_only=ascii_only), nl=False)
            return EXIT_OK
        write_bibtex(references, output, parsed, (), force, ascii_only=ascii_only)
        out.note(f"wrote {len(references)} entries to {output}")
        return EXIT_OK

    _run(action)


def _enriched(references, config: Config, out: _Output) -> list:
    """References with empty fields filled from verified Crossref records; every change listed."""
    import dataclasses

    from .resolve import enrich_from_resolution

    if config.offline:
        raise UsageError("--enrich asks Crossref; it cannot be used with --offline")
    resolver = _resolver(config, out)
    try:
        resolutions = {r.reference: r for r in resolver.resolve(references)}
    finally:
        getattr(resolver, "close", lambda: None)()
    enriched = []
    for reference in references:
        resolution = resolutions.get(reference.index)
        if resolution is None:
            enriched.append(reference)
            continue
        csl, changes = enrich_from_resolution(reference.csl, resolution)
        for field, _old, new in changes:
            out.note(f"{reference.key}: filled {field} = {new!r} from Crossref ({resolution.doi})")
        if resolution.status not in ("verified",) and reference.doi:
            out.note(f"{reference.key}: not enriched, Crossref says {resolution.status}")
        enriched.append(dataclasses.replace(reference, csl=csl) if changes else reference)
    return enriched


def _guarded(output: _Output, path, step):
    """Run one manuscript's step: ``(EXIT_OK, result)``, or 2 (our error) / 3 (a bug) told in one line."""
    try:
        return EXIT_OK, step()
    except CiteauditError as exc:
        message = str(exc)
        output.error(message if str(path) in message else f"{path}: {message}")
        return EXIT_USAGE, None
    except Exception as exc:  # a bug: this manuscript's audit is lost, not the others'
        output.internal(exc)
        return EXIT_INTERNAL, None


@main.command()
def parse():
    """Parse reference strings from stdin (one per line) into CSL-JSON lines on stdout."""
    from .references.parse import parse_reference

    def action(out: _Output) -> int:
        for line in sys.stdin:
            text = line.rstrip("\n")
            if not text.strip():
                click.echo(json.dumps({}, ensure_ascii=False))
                continue
            click.echo(json.dumps(parse_reference(text).csl, ensure_ascii=False))
        return EXIT_OK

    _run(action)


@main.command("checks")
def list_checks():
    """List every check: code, default severity and what it finds."""
    from .checks import CHECKS

    def action(out: _Output) -> int:
        for check in CHECKS:
            out.line(f"{check.code:<26} {check.severity_label:<14} {check.summary}")
        return EXIT_OK

    _run(action)


@main.group("cache")
def cache_group():
    """Inspect or empty the cache of Crossref answers."""


_cache_path_option = click.option(
    "--cache", "cache_path", type=click.Path(path_type=Path), default=None,
    help="The cache file (default: the one in your user cache directory).",
)


def _open_cache(cache_path):
    """The cache named (or the default one), or None when there is none; never creates one."""
    from .resolve.cache import ResponseCache, default_cache_path

    path = Path(cache_path) if cache_path else default_cache_path()
    if not path.exists():
        return path, None
    return path, ResponseCache(path, own=cache_path is None)


def _with_cache(cache_path, use) -> None:
    """Open the cache (or say there is none), hand it to ``use`` (which returns the lines to print), close it."""

    def action(out: _Output) -> int:
        path, cache = _open_cache(cache_path)
        if cache is None:
            lines = [f"no cache at {path}"]
        else:
            try:
                lines = use(path, cache)
            finally:
                cache.close()
        for line in lines:
            out.out.print(line, markup=False, highlight=False)
        return EXIT_OK

    _run(action)


@cache_group.command("info")
@_cache_path_option
def cache_info(cache_path):
    """Say where the cache is and what it holds."""

    def lines(path, cache) -> list[str]:
        info = cache.info()
        shown = [f"cache: {info['path']} ({info['bytes']} bytes)", f"answers: {info['answers']}"]
        shown += [f"  status {status}: {count}" for status, count in info["by_status"].items()]
        shown += [f"  from {endpoint}: {count}" for endpoint, count in info["by_endpoint"].items()]
        if info["oldest"]:
            shown.append(f"fetched: {info['oldest']} to {info['newest']}")
        return shown

    _with_cache(cache_path, lines)


@cache_group.command("clear")
@_cache_path_option
def cache_clear(cache_path):
    """Forget every cached answer (the next online run asks Crossref again)."""
    _with_cache(cache_path, lambda path, cache: [f"cleared {cache.clear()} answers from {path}"])


# --- the author's and editor's workflow (issue 13): config files, baselines, explain, CI streams ---

#: Config-file keys and the verify options that set them on the command line.
_SETTING_OPTIONS = {
    "fail-on": "fail_on", "formats": "formats", "out": "out_dir", "offline": "offline", "mailto": "mailto",
    "select": "select", "ignore": "ignore", "shared-bib": "shared_bib",
}


def _typed(ctx: click.Context) -> dict:
    """Settings typed on the command line (or in an option's environment variable), with where from."""
    from click.core import ParameterSource

    typed = {}
    params = {param.name: param for param in ctx.command.params}
    for key, name in _SETTING_OPTIONS.items():
        if name not in params:
            continue
        source = ctx.get_parameter_source(name)
        if source is ParameterSource.COMMANDLINE:
            typed[key] = (ctx.params[name], params[name].opts[-1])
        elif source is ParameterSource.ENVIRONMENT:
            typed[key] = (ctx.params[name], f"environment {params[name].envvar}")
    return typed


def _start_folder(manuscripts) -> Path:
    """Where the config file search starts: the folder all manuscripts are in (or under)."""
    folders = [Path(m).resolve() if Path(m).is_dir() else Path(m).resolve().parent for m in manuscripts]
    try:
        return Path(os.path.commonpath(folders)) if folders else Path.cwd()
    except ValueError:  # on different drives
        return Path.cwd()


def _settled(manuscripts, base: Config, config_file: Path | None):
    """verify's Config, report folder and manuscripts: typed options, else the config file's, else defaults.

    A manuscript the config file excludes is skipped with a note; ``github`` annotations are added
    on stdout when GITHUB_ACTIONS is set and --format was not typed.
    """
    import dataclasses

    from .settings import is_excluded, settle

    ctx = click.get_current_context()
    typed = _typed(ctx)
    try:
        settings = settle(typed, _start_folder(manuscripts), config_file)
    except UsageError as exc:
        raise click.UsageError(str(exc), ctx) from exc
    config = dataclasses.replace(base, **settings.config_fields())
    if os.environ.get("GITHUB_ACTIONS") == "true" and "formats" not in typed and "github" not in config.formats:
        config = dataclasses.replace(config, formats=(*config.formats, "github"))
    kept = tuple(m for m in manuscripts if not is_excluded(m, config.exclude))
    for skipped in (m for m in manuscripts if m not in kept):
        click.echo(f"citeaudit: skipped {visible(skipped)}: excluded by {visible(settings.sources['exclude'])}", err=True)
    return config, Path(settings["out"]), kept


def _print_streams(report, config: Config, output: _Output, quiet: bool = False) -> None:
    """After the summary: how many reviewed findings were left out (unless quiet), and stream formats (github)."""
    known = report.provenance.get("baseline")
    if known and not quiet:
        fixed = f", {known['fixed']} recorded there no longer found" if known["fixed"] else ""
        output.line(f"baseline: {known['known']} known findings left out ({known['file']}){fixed}; --no-baseline shows them")
    if "github" in config.formats:
        from .report import RENDERERS

        for line in RENDERERS["github"](report).splitlines():
            output.line(line)


@main.command("config")
@click.argument("manuscript", required=False, type=click.Path(path_type=Path))
@click.option("--config", "config_file", type=click.Path(path_type=Path, exists=True, dir_okay=False), default=None, help="Read this file instead of the nearest one.")
def show_config(manuscript, config_file):
    """Print the settings verify would use for MANUSCRIPT (or here), and where each comes from."""
    from .settings import describe, settle

    def action(out: _Output) -> int:
        start = _start_folder([manuscript]) if manuscript is not None else Path.cwd()
        # verify's options read from the environment (CITEAUDIT_MAILTO) win over the file there too.
        params = {param.name: param for param in verify.params}
        typed = {
            key: (os.environ[params[name].envvar], f"environment {params[name].envvar}")
            for key, name in _SETTING_OPTIONS.items()
            if isinstance(params[name].envvar, str) and params[name].envvar in os.environ
        }
        for line in describe(settle(typed, start, config_file)):
            out.line(line)
        return EXIT_OK

    _run(action)


@main.command("explain")
@click.argument("code")
def explain_code(code):
    """Say what a finding CODE means, why it matters, how to fix it, with an example."""
    from .checks.explain import explain
    from .settings import check_codes

    def action(out: _Output) -> int:
        check_codes([code], None, exact=True)
        for line in explain(code).as_text().splitlines():
            out.line(line)
        return EXIT_OK

    _run(action)


@main.command("baseline")
@click.argument("manuscript", type=click.Path(path_type=Path))
@click.option("--input-format", type=click.Choice(INPUT_FORMATS), default=None, help="Read the manuscript as this format, whatever its suffix.")
@click.option("--bib", "bib_files", multiple=True, type=click.Path(path_type=Path), help="The manuscript's bibliography, instead of those it names (repeatable).")
@click.option("--root", "root_dir", type=click.Path(path_type=Path, exists=True, file_okay=False), default=None, help="Folder whose files a LaTeX manuscript may \\input.")
@click.option("--select", multiple=True, help="Record only codes starting with this (repeatable).")
@click.option("--ignore", multiple=True, help="Do not record codes starting with this (repeatable).")
@click.option("--shared-bib", is_flag=True, help="The bibliography is shared by many documents (as for verify).")
@click.option("--config", "config_file", type=click.Path(path_type=Path, exists=True, dir_okay=False), default=None, help="Read settings from this file (default: the nearest one above the manuscript).")
@_registry_options
def baseline(manuscript, input_format, bib_files, root_dir, select, ignore, shared_bib, config_file, **registry):
    """Record MANUSCRIPT's findings as reviewed: later verify runs report only new ones.

    Writes MANUSCRIPT.citeaudit-baseline.json beside it (commit it with the manuscript). Use the
    options verify uses (--offline or not), so that the same findings are compared.
    """
    from .baseline import baseline_path, check_replaceable, render_baseline
    from .ingest import read_manuscript
    from .pipeline import audit

    config, _, _ = _settled([manuscript], Config(**_registry_config(**registry)), config_file)

    def action(out: _Output) -> int:
        parsed = read_manuscript(manuscript, input_format, bib=bib_files, root=root_dir)
        target = baseline_path(manuscript)
        guard_target(target, protected_inputs(parsed, parsed.bibliography or (), [manuscript, *bib_files]))
        check_replaceable(target)
        resolver = _resolver(config, out)
        try:
            report = audit(parsed, config, resolver)
        finally:
            getattr(resolver, "close", lambda: None)()
        write_text(target, render_baseline(report))
        recorded = sum(1 for f in report.findings if f.code != "internal-error")
        out.line(f"{manuscript}: recorded {recorded} findings in {target}")
        return report.exit_code(None)  # 3 when a check failed; recorded findings are no failure

    _run(action)


if __name__ == "__main__":  # pragma: no cover
    main()
