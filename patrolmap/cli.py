"""The `patrolmap` command line: thin commands over the library; the one place errors become exit codes.

Heavy libraries (geopandas, folium, matplotlib) are imported inside the commands so `--help` is instant.
"""

from __future__ import annotations

import datetime as dt
import errno
import functools
import gc
import json
import os
import sys
import time
from pathlib import Path

import click

from patrolmap.errors import CatalogError, PatrolmapError
from patrolmap.safety.plain import for_terminal, json_for_terminal

EXIT_PROBLEM = 1
DEFAULT_MAP = Path("output") / "patrol_map.html"


class Progress:
    """Step messages on stderr for long work: for a person at a terminal, so silent when stderr is
    redirected, under --quiet, or with machine-readable output."""

    def __init__(self, enabled: bool):
        self.enabled = enabled and sys.stderr.isatty()
        self.started = time.perf_counter()

    def __call__(self, message: str) -> None:
        if self.enabled:
            elapsed = time.perf_counter() - self.started
            click.echo(f"[{elapsed:5.1f}s] {message}", err=True)


def handle_errors(command):
    """Turn PatrolmapError and OS errors into a message on stderr and exit code 1, no traceback."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except click.ClickException:
            raise  # misuse of the command line: click prints it and exits 2
        except CatalogError as exc:
            # One line per problem, each under its own `error:`; warnings never reach here.
            _fail(*(str(p) for p in exc.problems))
        except PatrolmapError as exc:
            _fail(str(exc))
        except OSError as exc:
            _fail(_os_error_message(exc))
        except Exception as exc:
            # A bug, not bad input: still no traceback for the reader, unless they ask for one.
            if os.environ.get("PATROLMAP_DEBUG"):
                raise
            _fail(
                f"internal error ({type(exc).__name__}: {exc}); please report it with the command "
                "you ran (set PATROLMAP_DEBUG=1 for a traceback)"
            )

    return wrapper


# What to do about the operating-system errors a user can fix.
_OS_ERROR_ADVICE = {
    errno.EACCES: "check its permissions",
    errno.EPERM: "check its permissions",
    errno.EROFS: "write somewhere else",
    errno.ENOSPC: "free some space, or write somewhere else",
    errno.ENOENT: "check the path",
    errno.ENAMETOOLONG: "give a shorter name",
}


def _os_error_message(exc: OSError) -> str:
    """`PATH: what is wrong; what to do`, in the form of every other message."""
    where = exc.filename if exc.filename is not None else "patrolmap"
    advice = _OS_ERROR_ADVICE.get(exc.errno or 0)
    what = exc.strerror.lower() if exc.strerror else str(exc)
    return f"{where}: {what}" + (f"; {advice}" if advice else "")


def _fail(*messages: str) -> None:
    for message in messages:
        click.echo(f"error: {for_terminal(message)}", err=True)
    sys.exit(EXIT_PROBLEM)


def _parse_date(ctx, param, value):
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date in YYYY-MM-DD form") from None


def catalog_option(command):
    return click.option(
        "--catalog",
        "catalog_dir",
        type=click.Path(file_okay=False, path_type=Path),
        help="Catalogue directory (default: the bundled catalogue).",
    )(command)


def filter_options(command):
    """The shared event filters: --from, --to, --event (repeatable), --kind (repeatable)."""
    from patrolmap.catalog.model import EVENT_KINDS

    options = [
        click.option(
            "--from",
            "start",
            callback=_parse_date,
            metavar="DATE",
            help="Only events ending on or after DATE (YYYY-MM-DD).",
        ),
        click.option(
            "--to",
            "end",
            callback=_parse_date,
            metavar="DATE",
            help="Only events starting on or before DATE.",
        ),
        click.option(
            "--event",
            "event_ids",
            multiple=True,
            metavar="ID",
            help="Only this event (repeatable).",
        ),
        click.option(
            "--kind",
            "kinds",
            multiple=True,
            type=click.Choice(EVENT_KINDS),
            help="Only events of this kind (repeatable).",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def naming_options(command):
    """--names LANG and --naming POLICY, handed to the command as one `naming` (scene/naming.py)."""
    import functools

    from patrolmap.catalog.model import NAME_LANGUAGES

    @functools.wraps(command)
    def wrapper(*args, names, naming, **kwargs):
        from patrolmap.scene.naming import Naming

        return command(*args, naming=Naming(names, naming), **kwargs)

    wrapper = click.option(
        "--naming",
        type=click.Choice(["neutral", "local"]),
        default="neutral",
        show_default=True,
        help="Disputed names: both, as 'Sea of Japan (East Sea)' (neutral), or the chosen "
        "language's own usage alone (local). See docs/naming.md.",
    )(wrapper)
    return click.option(
        "--names",
        type=click.Choice(NAME_LANGUAGES),
        default="en",
        show_default=True,
        help="Language of place, sea and strait names.",
    )(wrapper)


def quiet_option(command):
    return click.option("-q", "--quiet", is_flag=True, help="No progress messages.")(command)


def sheet_options(*, width: float, height: float):
    """--width, --height (inches, with these defaults) and --dpi: the sheet of a matplotlib file."""

    def decorate(command):
        for option in (
            click.option(
                "--dpi",
                type=click.IntRange(50, 1200),
                default=200,
                show_default=True,
                help="Resolution of PNG output.",
            ),
            click.option(
                "--height",
                type=click.FloatRange(2, 40),
                default=height,
                show_default=True,
                help="Height in inches.",
            ),
            click.option(
                "--width",
                type=click.FloatRange(2, 40),
                default=width,
                show_default=True,
                help="Width in inches.",
            ),
        ):
            command = option(command)
        return command

    return decorate


def _load_filtered(catalog_dir, start, end, event_ids, kinds, progress, *, allow_empty=False):
    """The selected events. Filters that match nothing are an error (nothing is written), unless
    `allow_empty`, where a note on stderr says so."""
    from patrolmap.catalog import filter_catalog, load_catalog

    if start and end and end < start:
        raise PatrolmapError(
            f"--from {start} --to {end}: the range ends before it starts; give --to on or after --from"
        )
    progress("loading catalogue")
    catalog = load_catalog(catalog_dir)
    known = {e.id for e in catalog.events}
    unknown = [i for i in event_ids if i not in known]
    if unknown:
        raise PatrolmapError(
            " ".join(f"--event {i}" for i in unknown)
            + f": no such event in {_catalog_name(catalog_dir)}; `patrolmap summary` lists every event"
        )
    selected = filter_catalog(catalog, start=start, end=end, events=event_ids, kinds=kinds)
    filters = _filter_flags(start, end, event_ids, kinds)
    if filters and not selected.events:
        message = f"{filters}: no events match these filters"
        if not allow_empty:
            raise PatrolmapError(
                f"{message}; nothing was written. Widen them (`patrolmap summary` lists every event)"
            )
        click.echo(f"note: {message}", err=True)
    return selected


def _catalog_name(catalog_dir) -> str:
    return "the bundled catalogue" if catalog_dir is None else str(catalog_dir)


def _filter_flags(start, end, event_ids, kinds) -> str:
    """The filters as the user typed them, for messages: `--from 2030-01-01 --kind naval-transit`."""
    flags = [("--from", start), ("--to", end)]
    flags += [("--event", i) for i in event_ids] + [("--kind", k) for k in kinds]
    return " ".join(f"{flag} {value}" for flag, value in flags if value is not None)


def _output_directories(output, *, stdout_ok=False) -> list[Path]:
    """Check `-o` against the one output rule (patrolmap.atomic) before any work; return the
    directories the write will create, for `_say_created`. `-` is standard output where `stdout_ok`."""
    from patrolmap.atomic import check_output_path, is_stdout, missing_directories

    if output is None or (stdout_ok and is_stdout(output)):
        return []
    check_output_path(output)
    return missing_directories(output)


def _say_created(directories: list[Path]) -> None:
    for directory in directories:
        if directory.is_dir():
            click.echo(f"created directory {directory}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="patrolmap")
def cli():
    """Map Russian and Chinese military air and naval activity around Japan, Korea and Alaska.

    \b
    Examples:
      patrolmap render                          # output/patrol_map.html from the bundled catalogue
      patrolmap render --from 2024-01-01 -o recent.html
      patrolmap summary --format markdown
      patrolmap figure --event patrol-2019-07-23 -o 2019.png
      patrolmap validate --catalog my-catalogue --strict
    """


def _counted(n: int, noun: str) -> str:
    """Say "1 source without a date" but "2 sources without a date" (the keys are plural)."""
    head, without, tail = noun.partition(" without ")
    if n == 1 and head.endswith("s"):
        head = head[:-1]
    return f"{n} {head}{without}{tail}"


@cli.command()
@catalog_option
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@handle_errors
def validate(catalog_dir, strict, fmt):
    """Check a catalogue: files, fields, references, geometry, and routes against curated areas.

    Exit 0 with a one-line count when it is sound; exit 1 listing every problem as
    FILE:LINE: RECORD: FIELD: WHAT IS WRONG.

    \b
    Examples:
      patrolmap validate
      patrolmap validate --catalog my-catalogue --strict
      patrolmap validate --format json | jq '.problems[]'
    """
    from patrolmap.catalog import validate_catalog

    report = validate_catalog(catalog_dir, progress=Progress(fmt == "text"))
    failing = report.failing(strict=strict)
    if fmt == "json":
        dumped = json.dumps(report.as_dict(strict=strict), indent=2, ensure_ascii=False)
        click.echo(json_for_terminal(dumped))
    else:
        for problem in report.problems:
            click.echo(f"{problem.severity}: {for_terminal(str(problem))}", err=bool(failing))
        if failing:
            click.echo(f"{len(failing)} problem{'s' * (len(failing) != 1)} found", err=True)
        else:
            warned = len(report.warnings)
            tail = f" ({warned} warning{'s' * (warned != 1)})" if warned else ""
            counts = ", ".join(_counted(n, noun) for noun, n in report.counts.items())
            click.echo(f"ok: {counts}{tail}")
    if failing:
        sys.exit(EXIT_PROBLEM)


@cli.command()
@catalog_option
@filter_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json", "markdown"]),
    default="table",
    show_default=True,
    help="Output format.",
)
@naming_options
@handle_errors
def summary(catalog_dir, start, end, event_ids, kinds, fmt, naming):
    """One row per event: date, kind, participants, ADIZs, straits, seas, route km, sources.

    ADIZs, seas and straits are derived from the drawn routes, not copied from the curated text.
    The table and markdown name them by the naming policy; csv and json keep their ids and add
    adiz_names, strait_names and sea_names.

    \b
    Examples:
      patrolmap summary
      patrolmap summary --names ko              # 동해 (일본해), 독도 (다케시마)
      patrolmap summary --kind joint-air-patrol --format markdown > patrols.md
      patrolmap summary --from 2025-12-01 --format json
    """
    from patrolmap.join import join_catalog
    from patrolmap.summary import format_summary

    progress = Progress(True)
    catalog = _load_filtered(catalog_dir, start, end, event_ids, kinds, progress, allow_empty=True)
    progress(f"joining {len(catalog.events)} events")
    click.echo(format_summary(join_catalog(catalog), fmt, naming), nl=False)


@cli.command()
@catalog_option
@filter_options
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, allow_dash=True),
    default=DEFAULT_MAP,
    show_default=True,
    help="HTML file to write (- for standard output).",
)
@click.option(
    "--title",
    help="Map title (default: the event's own title for one event, else the standard title).",
)
@click.option(
    "--basemap",
    type=click.Choice(["none", "osm", "carto", "esri-ocean"]),
    default="none",
    show_default=True,
    help="Online tiles over the offline land layer (needs internet when viewed).",
)
@click.option("--cdn", is_flag=True, help="Load Leaflet from a CDN instead of inlining it.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format of the result line.",
)
@naming_options
@quiet_option
@handle_errors
def render(
    catalog_dir, start, end, event_ids, kinds, output, title, basemap, cdn, fmt, naming, quiet
):
    """Render the interactive map: one self-contained HTML file that works offline.

    \b
    Examples:
      patrolmap render
      patrolmap render --kind joint-air-patrol --title "Joint patrols 2019–2025" -o patrols.html
      patrolmap render --event patrol-2024-07-24 -o alaska.html
      patrolmap render --basemap esri-ocean   # online tiles on top of the offline land layer
      patrolmap render --names ja              # Japanese names: 日本海（東海）, 竹島（独島）
    """
    from patrolmap.atomic import is_stdout, write_atomic
    from patrolmap.join import join_catalog
    from patrolmap.render import build_map

    progress = Progress(not quiet and fmt == "text")
    new_directories = _output_directories(output, stdout_ok=True)
    catalog = _load_filtered(catalog_dir, start, end, event_ids, kinds, progress)
    progress(f"joining {len(catalog.events)} events and {len(catalog.routes)} route legs")
    joined = join_catalog(catalog)
    progress("building map layers")
    m = build_map(
        joined, title=title, basemap=None if basemap == "none" else basemap, naming=naming
    )
    progress("writing the page")
    page = m.page(offline=not cdn)
    if is_stdout(output):
        click.echo(page, nl=False)
        _report(fmt, output, len(catalog.events), progress, size=len(page.encode()), err=True)
        return
    path = write_atomic(output, page)
    _say_created(new_directories)
    _report(fmt, path, len(catalog.events), progress)


def _report(
    fmt: str, path: Path, n_events: int, progress: Progress, *, size=None, err=False
) -> None:
    """The result line: on stdout, or on stderr when the output itself went to stdout."""
    size = path.stat().st_size if size is None else size
    if fmt == "json":
        line = json.dumps({"output": str(path), "bytes": size, "events": n_events})
    else:
        progress("done")
        where = "the page to standard output" if str(path) == "-" else path
        noun = "event" if n_events == 1 else "events"
        line = f"wrote {where} ({size / 1024:,.0f} KB, {n_events} {noun})"
    click.echo(line, err=err)


@cli.command()
@catalog_option
@filter_options
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    required=True,
    help="Figure file: .png, .svg or .pdf.",
)
@sheet_options(width=10.0, height=7.5)
@click.option("--title", help="Figure title.")
@click.option(
    "--page",
    metavar="SIZE",
    help="Page size instead of --width/--height: a4, a4-landscape, letter, letter-landscape, "
    "or WxH in inches (e.g. 10x7.5).",
)
@click.option("--grid", is_flag=True, help="One panel per event, same projection and scale.")
@click.option(
    "--columns",
    type=click.IntRange(1, 12),
    help="Panels across with --grid (default: about square, at most 4).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format of the result line.",
)
@naming_options
@quiet_option
@handle_errors
def figure(
    catalog_dir,
    start,
    end,
    event_ids,
    kinds,
    output,
    width,
    height,
    dpi,
    title,
    page,
    grid,
    columns,
    fmt,
    naming,
    quiet,
):
    """Draw a static, publication-quality map figure (PNG, SVG or PDF) with matplotlib.

    \b
    Examples:
      patrolmap figure --event patrol-2019-07-23 -o july2019.png
      patrolmap figure --event patrol-2024-07-24 -o alaska.pdf --title "Alaska, July 2024"
      patrolmap figure --kind joint-air-patrol -o patrols.svg --width 12 --height 9
      patrolmap figure --kind joint-air-patrol --grid --page a4-landscape -o patrols.pdf
    """
    from patrolmap.figure import save_figure

    if page:
        width, height = _page_size(page)
    if columns and not grid:
        raise PatrolmapError("--columns only applies with --grid")
    progress = Progress(not quiet and fmt == "text")
    new_directories = _output_directories(output)
    catalog = _load_filtered(catalog_dir, start, end, event_ids, kinds, progress)
    progress(f"drawing {len(catalog.events)} events")
    size = {"width": width, "height": height, "dpi": dpi}
    grid_options = {"grid": grid, "columns": columns}
    path = save_figure(catalog, output, **size, title=title, naming=naming, **grid_options)
    _say_created(new_directories)
    _report(fmt, path, len(catalog.events), progress)


def _page_size(page: str) -> tuple[float, float]:
    """--page's width and height; --width or --height given as well is a conflict, not a guess."""
    from patrolmap.figure.page import page_size

    _only_page_sets_the_size(page, ["width", "height"])
    return page_size(page)


@cli.command()
@catalog_option
@filter_options
@click.option(
    "--chart",
    "chart_name",
    type=click.Choice(["years", "adiz", "length"]),
    default="years",
    show_default=True,
    help="years: events per year by kind; adiz: ADIZs each event entered; length: route km per event.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="Chart file: .png, .svg or .pdf (needed unless --format json).",
)
@sheet_options(width=8.0, height=5.0)
@click.option("--title", help="Chart title (default: what the chart shows).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="json: print the numbers behind the chart (the file is written too if -o is given).",
)
@naming_options
@quiet_option
@handle_errors
def chart(
    catalog_dir,
    start,
    end,
    event_ids,
    kinds,
    chart_name,
    output,
    width,
    height,
    dpi,
    title,
    fmt,
    naming,
    quiet,
):
    """Draw a frequency chart for a report (PNG, SVG or PDF) with matplotlib.

    The numbers come from the same records as `patrolmap summary`.

    \b
    Examples:
      patrolmap chart --chart years -o events-per-year.png
      patrolmap chart --chart adiz --kind joint-air-patrol -o patrol-adiz.svg
      patrolmap chart --chart length --kind joint-air-patrol -o patrol-km.pdf
      patrolmap chart --chart years --format json
    """
    from patrolmap.export.chart import chart_numbers, save_chart
    from patrolmap.join import join_catalog

    if output is None and fmt == "text":
        raise click.UsageError("give -o FILE.png|svg|pdf, or --format json for the numbers")
    progress = Progress(not quiet and fmt == "text")
    new_directories = _output_directories(output)
    catalog = _load_filtered(catalog_dir, start, end, event_ids, kinds, progress)
    joined = join_catalog(catalog)
    if output is not None:
        progress(f"drawing the {chart_name} chart of {len(catalog.events)} events")
        path = save_chart(
            joined,
            chart_name,
            output,
            width=width,
            height=height,
            dpi=dpi,
            title=title,
            naming=naming,
        )
        _say_created(new_directories)
        if fmt == "text":
            _report(fmt, path, len(catalog.events), progress)
    if fmt == "json":
        click.echo(
            json.dumps(chart_numbers(joined, chart_name, naming), indent=2, ensure_ascii=False)
        )


@cli.command()
@catalog_option
@filter_options
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, allow_dash=True),
    help="File for the fragment (default, or -: standard output).",
)
@click.option(
    "--mode",
    type=click.Choice(["iframe", "inline"]),
    default="iframe",
    show_default=True,
    help="A responsive <iframe srcdoc>, or an inline <div> + script.",
)
@click.option("--title", help="Map title.")
@naming_options
@handle_errors
def embed(catalog_dir, start, end, event_ids, kinds, output, mode, title, naming):
    """Write an HTML fragment to paste into a report; several can share one page.

    \b
    Examples:
      patrolmap embed --event patrol-2019-07-23 > fragment.html
      patrolmap embed --mode inline --kind naval-transit -o naval.html
    """
    from patrolmap.atomic import is_stdout, write_atomic
    from patrolmap.export.embed import embed_html

    new_directories = _output_directories(output, stdout_ok=True)
    catalog = _load_filtered(catalog_dir, start, end, event_ids, kinds, Progress(False))
    fragment = embed_html(catalog, mode=mode, title=title, naming=naming)
    if output is None or is_stdout(output):
        click.echo(fragment, nl=False)
    else:
        write_atomic(output, fragment)
        _say_created(new_directories)
        click.echo(f"wrote {output}", err=True)


@cli.command()
@catalog_option
@filter_options
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    required=True,
    help="PNG file to write (or PDF, with --page).",
)
@click.option(
    "--width",
    type=click.IntRange(300, 4000),
    default=1400,
    show_default=True,
    help="Viewport width in CSS pixels.",
)
@click.option(
    "--height",
    type=click.IntRange(300, 4000),
    default=900,
    show_default=True,
    help="Viewport height in CSS pixels.",
)
@click.option(
    "--scale",
    type=click.FloatRange(1, 4),
    default=2.0,
    show_default=True,
    help="Device pixel ratio (2 for screens).",
)
@click.option(
    "--page",
    metavar="SIZE",
    help="Print mode on a sheet of this size, as figure --page: a4, a4-landscape, letter, "
    "letter-landscape, or WxH in inches (e.g. 10x7.5). No controls; title, legend, scale bar, "
    "credits.",
)
@click.option(
    "--dpi",
    type=click.IntRange(72, 600),
    default=300,
    show_default=True,
    help="Resolution of the --page sheet.",
)
@click.option("--title", help="Map title.")
@naming_options
@quiet_option
@handle_errors
def snapshot(
    catalog_dir,
    start,
    end,
    event_ids,
    kinds,
    output,
    width,
    height,
    scale,
    page,
    dpi,
    title,
    naming,
    quiet,
):
    """Save a PNG of the interactive map, drawn by a local headless Chromium (Playwright).

    \b
    Examples:
      patrolmap snapshot -o map.png
      patrolmap snapshot --event patrol-2025-12-09 -o dec2025.png --scale 3
      patrolmap snapshot --from 2025-12-01 --page a4 -o december.png
      patrolmap snapshot --page a4-landscape -o patrols.pdf
    """
    from patrolmap.export.snapshot import print_shot, save_snapshot

    size = {"width": width, "height": height, "scale": scale}
    if page:
        _only_page_sets_the_size(page, ["width", "height", "scale"])
        print_shot(page, dpi)  # a page size it cannot read is an error before any work
        size = {"page": page, "dpi": dpi}
    elif _given("dpi"):
        raise PatrolmapError("--dpi applies only with --page; use --scale for a screen snapshot")
    progress = Progress(not quiet)
    new_directories = _output_directories(output)
    catalog = _load_filtered(catalog_dir, start, end, event_ids, kinds, progress)
    progress("rendering in Chromium")
    path = save_snapshot(catalog, output, **size, title=title, naming=naming)
    _say_created(new_directories)
    _report("text", path, len(catalog.events), progress)


def _given(name: str) -> bool:
    from click.core import ParameterSource

    return click.get_current_context().get_parameter_source(name) == ParameterSource.COMMANDLINE


def _only_page_sets_the_size(page: str, names: list[str]) -> None:
    """--page sets the size; a size option given with it is a conflict, not a guess."""
    given = [f"--{name}" for name in names if _given(name)]
    if given:
        raise PatrolmapError(f"--page {page} sets the size; leave out {' and '.join(given)}")


# --- export: the catalogue for GIS tools (patrolmap/interchange) ---------------------------------


@cli.command()
@catalog_option
@filter_options
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    required=True,
    help="File to write: .kml, .kmz, .gpkg, .geojson or .csv.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["kml", "kmz", "gpkg", "geojson", "csv"]),
    help="Output format (default: from the file's suffix).",
)
@click.option(
    "--layers",
    multiple=True,
    metavar="LIST",
    help="Comma-separated, from: events, routes, markers, adiz, seas, straits, places, territory "
    "(default: routes, markers and the reference features the routes touch).",
)
@click.option(
    "--per",
    type=click.Choice(["leg", "event"]),
    default="leg",
    show_default=True,
    help="CSV only: one row per route leg or per event.",
)
@click.option("--wkt", is_flag=True, help="CSV only: add each row's geometry as WKT.")
@quiet_option
@handle_errors
def export(catalog_dir, start, end, event_ids, kinds, output, fmt, layers, per, wkt, quiet):
    """Export routes, markers and reference layers, with their sources, for GIS tools.

    Every route leg and marker carries its event, confidence, derived facts, disputes and sources.
    GeoJSON follows RFC 7946 (shapes crossing 180° are cut there); KML has a folder and a time span
    per event for Google Earth; a GeoPackage has one layer per kind for QGIS.

    \b
    Examples:
      patrolmap export -o patrols.kml
      patrolmap export --event patrol-2024-07-24 -o alaska.geojson
      patrolmap export --layers events,routes,markers,adiz -o patrols.gpkg
      patrolmap export --per event --wkt -o events.csv
    """
    from patrolmap.interchange.formats import export_file
    from patrolmap.interchange.provenance import parse_layers
    from patrolmap.join import join_catalog

    progress = Progress(not quiet)
    new_directories = _output_directories(output)
    chosen = parse_layers(layers)
    catalog = _load_filtered(catalog_dir, start, end, event_ids, kinds, progress)
    progress(f"joining {len(catalog.events)} events")
    joined = join_catalog(catalog)
    progress("writing")
    result = export_file(joined, output, fmt=fmt, layers=chosen, per=per, wkt=wkt)
    _say_created(new_directories)
    written = ", ".join(f"{n} {layer}" for layer, n in result.counts.items()) or "nothing"
    click.echo(f"wrote {result.path} ({result.format}: {written})")


@cli.command()
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Write into a directory that is not empty.")
@click.option(
    "--empty",
    is_flag=True,
    help="Only the reference layers and their sources: no events, no routes.",
)
@handle_errors
def init(directory, force, empty):
    """Copy the bundled catalogue to DIRECTORY as a starting point for your own.

    \b
    Examples:
      patrolmap init my-catalogue && patrolmap validate --catalog my-catalogue
      patrolmap init --empty my-work   # ADIZs, seas, straits and places; add your own events
    """
    from patrolmap.atomic import missing_directories
    from patrolmap.catalog.init import init_catalog

    new_directories = missing_directories(directory / "events.yaml")
    written = init_catalog(directory, force=force, empty=empty)
    _say_created(new_directories)
    click.echo(f"wrote {len(written)} files to {directory}")


# --- draft: propose an event from an article (issue #18) ----------------------------------------


@cli.command()
@click.argument("article", metavar="ARTICLE")
@catalog_option
@click.option(
    "--published",
    callback=_parse_date,
    metavar="DATE",
    help="Publication date (YYYY-MM-DD), to resolve 'on Tuesday' and 'yesterday'.",
)
@click.option("--url", help="The article's address, for the source record.")
@click.option("--outlet", help="Who published it, for the source record.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["yaml", "json"]),
    default="yaml",
    show_default=True,
    help="A catalogue stanza (yaml) or the draft with evidence as JSON.",
)
@click.option(
    "--append",
    is_flag=True,
    help="Also add the draft to the catalogue's events.yaml (and its source), only if the id is new.",
)
@handle_errors
def draft(article, catalog_dir, published, url, outlet, fmt, append):
    """Propose a catalogue event from ARTICLE: a .txt or .html file, or - for standard input.

    Prints an event and a source record marked `draft: true` and approximate, with the text span
    behind every value. `validate --strict` refuses a draft until a person removes the mark.

    \b
    Examples:
      patrolmap draft report.html --published 2025-12-10 --outlet Yonhap
      patrolmap draft release.txt --format json | jq .evidence
      patrolmap draft report.txt --catalog my-catalogue --append
    """
    from patrolmap.catalog import load_catalog
    from patrolmap.draft import Gazetteer, make_draft, read_article, to_json, to_yaml

    catalog = load_catalog(catalog_dir)
    proposed = make_draft(
        read_article(article),
        Gazetteer.from_catalog(catalog),
        published=published,
        url=url,
        outlet=outlet,
    )
    if append:
        from patrolmap.draft.append import append_draft

        for path in append_draft(catalog.root, proposed):
            click.echo(f"appended to {path}", err=True)
    click.echo(to_json(proposed) if fmt == "json" else to_yaml(proposed), nl=False)


# --- import: route legs drawn in other tools (patrolmap/interchange) ------------------------------


def _comma_list(ctx, param, values):
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


@cli.command("import")
@click.argument("track_file", metavar="FILE", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--catalog",
    "catalog_dir",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Catalogue directory whose routes.geojson gets the new legs.",
)
@click.option("--event", "event_id", metavar="ID", help="The event the tracks belong to.")
@click.option(
    "--forces",
    multiple=True,
    callback=_comma_list,
    metavar="LIST",
    help="Who flew or sailed them: country codes, e.g. RU,CN.",
)
@click.option(
    "--confidence",
    type=click.Choice(["high", "medium", "low", "approximate"]),
    default="approximate",
    show_default=True,
    help="How sure the drawing is.",
)
@click.option(
    "--source",
    "source_ids",
    multiple=True,
    callback=_comma_list,
    metavar="ID",
    help="Source id(s) behind the tracks (default: the event's sources).",
)
@click.option("--vehicles", help="What flew or sailed, e.g. 'Tu-95MS ×2'.")
@handle_errors
def import_(track_file, catalog_dir, event_id, forces, confidence, source_ids, vehicles):
    """Append the lines in FILE (GPX, KML/KMZ, GeoJSON or CSV lon/lat) as route legs.

    Each track needs an event and forces, from the options or, for a patrolmap export, from the
    track itself. The catalogue is validated with the new legs before routes.geojson is replaced;
    on any problem nothing is written.

    \b
    Examples:
      patrolmap import traced.gpx --catalog my-work --event patrol-2024-07-24 --forces RU,CN
      patrolmap import leg.kml --catalog my-work --event kareliya-2025-12 --forces RU \\
          --confidence low --source src-jdefense-004480
    """
    from patrolmap.interchange.importer import import_tracks

    result = import_tracks(
        track_file,
        catalog_dir,
        event=event_id,
        forces=forces,
        confidence=confidence,
        sources=source_ids,
        vehicles=vehicles,
    )
    for problem in result.warnings:
        click.echo(f"warning: {for_terminal(str(problem))}", err=True)
    legs = f"{len(result.ids)} route leg{'s' * (len(result.ids) != 1)}"
    click.echo(f"added {legs} to {result.path}: {', '.join(result.ids)}")


# One command is a short batch that builds millions of long-lived objects (records, frames, map
# data). Collecting cycles every 700 new objects walks them again and again for nothing: 1.6 of
# 14 CPU seconds of a render at 10,000 events. Rarer collections, same peak memory (measured).
BATCH_GC_THRESHOLDS = (100_000, 50, 100)


def main() -> None:
    gc.set_threshold(*BATCH_GC_THRESHOLDS)
    cli(prog_name="patrolmap")


if __name__ == "__main__":
    main()
