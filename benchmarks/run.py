"""Benchmark patrolmap against the obvious alternative, GeoDataFrame.explore(), at several sizes.

    python benchmarks/run.py                        # bundled, 100x10k, 1000x100k, 10000x1m
    python benchmarks/run.py --sizes bundled,1000x100k --repeat 3
    python benchmarks/run.py --quick --workdir /tmp/b --readme /tmp/b/README.md --browser off

For each size it generates a catalogue (benchmarks/make_catalog.py; `bundled` is the repository's
own catalogue), then measures in fresh interpreters:

- wall time (median of the runs) and peak resident memory (the child's own rusage from os.wait4;
  the maximum over the runs) of `patrolmap validate`, `summary --format json` and `render -q`;
- the same for benchmarks/explore_baseline.py, which chains GeoDataFrame.explore() over the same
  five layers and saves HTML; and for the bare `python -c "import folium, geopandas"`;
- the size of both HTML files;
- the time until each page is drawn in headless Chromium (Playwright, Debian's chromium, the flags
  of tests/browser_support.py), from navigation start (performance.now() in the page): patrolmap's
  page when `window.patrolmaps.length > 0` plus one requestAnimationFrame; explore's page at the
  first animation frame after `load` with the map's SVG paths present, plus one more. explore's
  page loads Leaflet, jQuery, Bootstrap, Font Awesome and tiles from CDNs: the benchmark answers
  leaflet.js and leaflet.css from the local xstatic-leaflet copy (as a warm browser cache would) and
  aborts every other network request; patrolmap's page makes none; and `shown`: the time a
  screenshot taken once the page is drawn completes, so the pixels are rastered for both pages
  (explore's SVG is rastered off the main thread after its `drawn` frame, patrolmap's canvases
  on it, before);
- in one process: load_catalog, then join_catalog alone (median of runs), then map building and
  page assembly, so the render time splits into stages.

It prints markdown tables and writes them into benchmarks/README.md between markers, so a re-run
replaces the previous results. Targets are reported, not asserted.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
README = BENCH / "README.md"
BEGIN = "<!-- benchmark-results:begin -->"
END = "<!-- benchmark-results:end -->"
DEFAULT_SIZES = "bundled,100x10k,1000x100k,10000x1m"
QUICK_SIZES = "5x500"
DRAW_TIMEOUT_S = 240

SIDE_BY_SIDE_COLUMNS = [
    "size",
    "events",
    "vertices",
    "render s",
    "explore s",
    "render/explore time",
    "render/bare import",
    "render peak MB",
    "explore peak MB",
    "render/explore peak",
    "HTML MB",
    "explore HTML MB",
    "explore/ours size",
    "drawn s",
    "explore drawn s",
    "explore/ours draw",
    "shown s",
    "explore shown s",
    "explore/ours shown",
]
# The render split into stages in one process, patrolmap's then explore()'s.
STAGE_COLUMNS = [
    "load s",
    "join s",
    "map data s",
    "page s",
    "explore: read s",
    "explore() s",
    "save s",
]
DETAIL_COLUMNS = [
    "size",
    "runs",
    "validate s",
    "validate peak MB",
    "summary s",
    "summary peak MB",
    *STAGE_COLUMNS,
]


@dataclass
class Size:
    name: str
    events: int | None = None  # None: the bundled catalogue
    vertices: int | None = None


@dataclass
class Cold:
    """Cold runs of one command: wall seconds and peak RSS (MB) of each run."""

    seconds: list[float] = field(default_factory=list)
    peak_mb: list[float] = field(default_factory=list)
    error: str | None = None

    @property
    def median(self) -> float | None:
        return statistics.median(self.seconds) if self.seconds and not self.error else None

    @property
    def peak(self) -> float | None:
        return max(self.peak_mb) if self.peak_mb and not self.error else None


@dataclass
class Draw:
    seconds: list[float] = field(default_factory=list)
    load_s: list[float] = field(default_factory=list)
    # From navigation to the end of a screenshot taken once drawn: the pixels rastered, wherever
    # the browser rasters them (explore's SVG is rastered off the main thread after `drawn`).
    shown_s: list[float] = field(default_factory=list)
    paths: int | None = None
    errors: list[str] = field(default_factory=list)
    skipped: str | None = None

    @property
    def median(self) -> float | None:
        return statistics.median(self.seconds) if self.seconds else None


@dataclass
class Result:
    size: Size
    catalog: str
    runs: int
    events: int | None = None
    vertices: int | None = None
    validate: Cold = field(default_factory=Cold)
    summary: Cold = field(default_factory=Cold)
    render: Cold = field(default_factory=Cold)
    explore: Cold = field(default_factory=Cold)
    html_bytes: int | None = None
    explore_bytes: int | None = None
    draw: Draw = field(default_factory=Draw)
    explore_draw: Draw = field(default_factory=Draw)
    stages: dict = field(default_factory=dict)
    explore_stages: dict = field(default_factory=dict)  # read / explore() / save, in one process
    interaction: dict = field(default_factory=dict)  # benchmarks/interaction.py, by page
    note: str | None = None


# --- sizes and catalogues ------------------------------------------------------------------------


def parse_size(text: str) -> Size:
    """`bundled`, or EVENTSxVERTICES with optional k/m suffixes: `1000x100k`, `10000x1m`."""
    text = text.strip().lower()
    if text == "bundled":
        return Size("bundled")
    match = re.fullmatch(r"(\d+[km]?)x(\d+[km]?)", text)
    if not match:
        raise argparse.ArgumentTypeError(f"{text!r} is not 'bundled' or EVENTSxVERTICES")
    return Size(text, _number(match.group(1)), _number(match.group(2)))


def _number(text: str) -> int:
    scale = {"k": 1_000, "m": 1_000_000}.get(text[-1], 1)
    return int(text.rstrip("km")) * scale


def runs_for(size: Size, repeat: int) -> int:
    """Fewer runs for big sizes: all of `repeat` up to 20k vertices, 3 to 200k, then 1."""
    if size.vertices is None or size.vertices <= 20_000:
        return repeat
    return min(repeat, 3) if size.vertices <= 200_000 else 1


def catalogue_for(size: Size, workdir: Path, seed: int) -> Path | None:
    if size.events is None:
        return REPO if (REPO / "data" / "events.yaml").is_file() else None
    root = workdir / f"catalog-{size.events}x{size.vertices}-seed{seed}"
    done = workdir / f"{root.name}.done"
    if not done.is_file():
        sys.path.insert(0, str(BENCH))
        from make_catalog import make_catalog

        started = time.perf_counter()
        make_catalog(root, size.events, size.vertices, seed)
        done.write_text(f"{time.perf_counter() - started:.1f} s\n")
    return root


# --- cold commands -------------------------------------------------------------------------------


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    return env


def run_cold(argv: list[str], stdout: Path | None = None) -> tuple[float, float, int, str]:
    """Run `argv` in a fresh process; return (wall s, peak RSS MB, exit code, stderr tail)."""
    with open(stdout or os.devnull, "wb") as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(argv, stdout=out, stderr=err, env=child_env(), cwd=REPO)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        tail = err.read()[-1500:].decode("utf-8", "replace")
    return elapsed, usage.ru_maxrss / 1024.0, process.returncode, tail  # ru_maxrss is in KiB


def measure(argv: list[str], runs: int, stdout: Path | None = None) -> Cold:
    cold = Cold()
    for _ in range(runs):
        seconds, peak, code, tail = run_cold(argv, stdout)
        if code != 0:
            cold.error = f"exit {code}: {tail.strip().splitlines()[-1] if tail.strip() else ''}"
            return cold
        cold.seconds.append(seconds)
        cold.peak_mb.append(peak)
    return cold


# One untimed run first, so the first timed command does not also pay for a cold disk cache.
WARM_UP = (
    "import folium, geopandas, matplotlib.pyplot, mapclassify, pyogrio, yaml, click; "
    "import patrolmap.cli, patrolmap.render, patrolmap.join, patrolmap.catalog.load"
)


def patrolmap(*args: str) -> list[str]:
    return [sys.executable, "-m", "patrolmap", *args]


STAGES_SCRIPT = """
import gc, json, statistics, sys, time
from patrolmap.cli import BATCH_GC_THRESHOLDS
gc.set_threshold(*BATCH_GC_THRESHOLDS)  # as the command line runs
from patrolmap.catalog import load_catalog
from patrolmap.join import join_catalog
from patrolmap.render.build import build_map
import shapely

catalog_dir, runs, full = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "1"
t = time.perf_counter(); catalog = load_catalog(catalog_dir); load = time.perf_counter() - t
joins = []
for _ in range(runs):
    t = time.perf_counter(); joined = join_catalog(catalog); joins.append(time.perf_counter() - t)
out = {"load": load, "join": statistics.median(joins), "joins": joins,
       "events": len(catalog.events),
       "vertices": int(shapely.get_num_coordinates(catalog.routes.geometry.values).sum())}
if full:
    t = time.perf_counter(); m = build_map(joined); out["map_data"] = time.perf_counter() - t
    t = time.perf_counter(); m.page(); out["page"] = time.perf_counter() - t
print(json.dumps(out))
"""


EXPLORE_STAGES_SCRIPT = """
import json, sys, time
sys.path.insert(0, sys.argv[2])
import explore_baseline as eb

t = time.perf_counter(); layers = eb.read_layers(sys.argv[1]); read = time.perf_counter() - t
t = time.perf_counter(); m = eb.draw(layers); drawn = time.perf_counter() - t
t = time.perf_counter(); m.save(sys.argv[3]); save = time.perf_counter() - t
print(json.dumps({"read": read, "explore": drawn, "save": save}))
"""


def explore_stages(catalog: Path, out: Path) -> dict:
    """explore()'s script in one process, split as patrolmap's render is: reading the layers,
    building the folium map with explore(), writing the page."""
    argv = [sys.executable, "-c", EXPLORE_STAGES_SCRIPT, str(catalog), str(BENCH), str(out)]
    result = subprocess.run(argv, capture_output=True, text=True, env=child_env(), cwd=REPO)
    if result.returncode != 0:
        return {"error": result.stderr.strip().splitlines()[-1] if result.stderr.strip() else "?"}
    return json.loads(result.stdout.strip().splitlines()[-1])


def stages(catalog: Path, runs: int, full: bool = True) -> dict:
    """load_catalog once, join_catalog `runs` times (median), then map building and page assembly."""
    argv = [sys.executable, "-c", STAGES_SCRIPT, str(catalog), str(runs), "1" if full else "0"]
    result = subprocess.run(argv, capture_output=True, text=True, env=child_env(), cwd=REPO)
    if result.returncode != 0:
        return {"error": result.stderr.strip().splitlines()[-1] if result.stderr.strip() else "?"}
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- Chromium ------------------------------------------------------------------------------------

PROBE_JS = """
(() => {
  const bench = (window.__bench = {});
  window.addEventListener("load", () => { bench.load = performance.now(); });
  const paths = () => document.querySelectorAll(".leaflet-overlay-pane path").length;
  function ready() {
    if (window.__benchMode === "patrolmap") return (window.patrolmaps || []).length > 0;
    return bench.load !== undefined && paths() > 0;
  }
  function tick() {
    if (!ready()) { requestAnimationFrame(tick); return; }
    bench.ready = performance.now();
    requestAnimationFrame(() => {
      bench.paths = document.querySelectorAll(".leaflet-map-pane path").length;
      bench.drawn = performance.now();
    });
  }
  requestAnimationFrame(tick);
})();
"""


def browser_flags() -> tuple[list[str], str | None]:
    """Chromium flags and binary from tests/browser_support.py (the tests' own settings)."""
    sys.path.insert(0, str(REPO / "tests"))
    try:
        from browser_support import CHROMIUM_ARGS, chromium_path
    finally:
        sys.path.pop(0)
    return list(CHROMIUM_ARGS), chromium_path()


class Chromium:
    """One headless Chromium; `draw(path, mode)` opens a page in a fresh context and times it."""

    def __init__(self, browser=None):
        """Launch Chromium, or use a running Playwright `browser` (the test suite's: Playwright's
        sync API allows one session per thread)."""
        self._playwright = None
        if browser is None:
            from playwright.sync_api import sync_playwright

            args, path = browser_flags()
            if path is None:
                raise RuntimeError("no Chromium binary found")
            self._playwright = sync_playwright().start()
            browser = self._playwright.chromium.launch(executable_path=path, args=args)
        self.browser = browser
        self.version = browser.version

    def close(self) -> None:
        if self._playwright is not None:  # only what we launched
            self.browser.close()
            self._playwright.stop()

    def draw(self, html: Path, mode: str) -> tuple[dict, list[str]]:
        """Open `html`; return the page's timings (ms from navigation start) and its errors."""
        context = self.browser.new_context(viewport={"width": 1400, "height": 900})
        errors: list[str] = []
        try:
            context.route("http*://**/*", _serve_leaflet_or_abort)
            context.add_init_script(f"window.__benchMode = {json.dumps(mode)};\n{PROBE_JS}")
            page = context.new_page()
            page.on("pageerror", lambda e: errors.append(str(e)[:200]))
            page.goto(html.resolve().as_uri(), wait_until="commit", timeout=DRAW_TIMEOUT_S * 1000)
            page.wait_for_function(
                "() => window.__bench && window.__bench.drawn !== undefined",
                timeout=DRAW_TIMEOUT_S * 1000,
                polling=100,
            )
            timings = page.evaluate("() => window.__bench")
            # Playwright's screenshot waits for a frame with everything rastered; its own cost
            # (a PNG of the same 1400x900 view) is the same for both pages.
            page.screenshot(timeout=DRAW_TIMEOUT_S * 1000)
            timings["shown"] = page.evaluate("() => performance.now()")
            return timings, errors
        finally:
            context.close()


def _serve_leaflet_or_abort(route) -> None:
    """leaflet.js/.css from the local xstatic-leaflet copy; every other request is refused."""
    import xstatic.pkg.leaflet

    url = route.request.url
    for name, mime in (("leaflet.js", "application/javascript"), ("leaflet.css", "text/css")):
        if re.search(rf"/leaflet@[\d.]+/dist/{re.escape(name)}$", url):
            body = (Path(xstatic.pkg.leaflet.BASE_DIR) / name).read_bytes()
            route.fulfill(status=200, body=body, headers={"Content-Type": mime})
            return
    route.abort()


def measure_draw(chromium: Chromium | None, html: Path | None, mode: str, runs: int) -> Draw:
    draw = Draw()
    if chromium is None:
        draw.skipped = "browser off"
        return draw
    if html is None or not html.is_file():
        draw.skipped = "no page"
        return draw
    for _ in range(runs):
        try:
            timings, errors = chromium.draw(html, mode)
        except Exception as exc:  # a timeout or a crashed page: report it, keep benchmarking
            draw.errors.append(f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}")
            break
        draw.seconds.append(timings["drawn"] / 1000.0)
        draw.shown_s.append(timings["shown"] / 1000.0)
        if timings.get("load") is not None:
            draw.load_s.append(timings["load"] / 1000.0)
        draw.paths = timings.get("paths")
        draw.errors.extend(e for e in errors if e not in draw.errors)
    return draw


# --- one size ------------------------------------------------------------------------------------


def bench_size(size: Size, args, chromium: Chromium | None, log) -> Result:
    runs = runs_for(size, args.repeat)
    catalog = catalogue_for(size, args.workdir, args.seed)
    if catalog is None:
        return Result(size, "", runs, note="bundled catalogue absent (no data/events.yaml)")
    result = Result(size, str(catalog), runs)
    out = args.workdir / "out"
    out.mkdir(parents=True, exist_ok=True)
    html, explore_html = out / f"{size.name}.html", out / f"{size.name}-explore.html"
    html.unlink(missing_ok=True)
    explore_html.unlink(missing_ok=True)
    cat = ["--catalog", str(catalog)]

    log(f"{size.name}: validate ×{runs}")
    result.validate = measure(patrolmap("validate", *cat), runs)
    log(f"{size.name}: summary ×{runs}")
    result.summary = measure(
        patrolmap("summary", *cat, "--format", "json"), runs, out / f"{size.name}.json"
    )
    log(f"{size.name}: render ×{runs}")
    result.render = measure(patrolmap("render", *cat, "-q", "-o", str(html)), runs)
    log(f"{size.name}: explore ×{runs}")
    explore = [sys.executable, str(BENCH / "explore_baseline.py"), str(catalog), str(explore_html)]
    result.explore = measure(explore, runs)
    result.html_bytes = html.stat().st_size if html.is_file() else None
    result.explore_bytes = explore_html.stat().st_size if explore_html.is_file() else None

    log(f"{size.name}: Chromium ×{runs}")
    result.draw = measure_draw(
        chromium, html if not result.render.error else None, "patrolmap", runs
    )
    result.explore_draw = measure_draw(
        chromium, explore_html if not result.explore.error else None, "explore", runs
    )
    if chromium is not None:
        log(f"{size.name}: hover, click and redraw in Chromium")
        sys.path.insert(0, str(BENCH))
        from interaction import measure_pages

        pages = {"patrolmap": html, "explore": explore_html}
        result.interaction = measure_pages(chromium.browser, pages, _serve_leaflet_or_abort)
    log(f"{size.name}: stages in process")
    result.stages = stages(catalog, max(runs, 3))
    result.explore_stages = explore_stages(catalog, out / f"{size.name}-explore-stages.html")
    result.events = result.stages.get("events", size.events)
    result.vertices = result.stages.get("vertices", size.vertices)
    return result


# --- report --------------------------------------------------------------------------------------


def _f(value, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _ratio(a, b) -> str:
    return "–" if a is None or b is None or b == 0 else f"{a / b:.2f}×"


def _mb(n: int | None) -> float | None:
    return None if n is None else n / 1e6


def _cell(cold: Cold) -> str:
    return "fail" if cold.error else _f(cold.median)


def _draw_cell(draw: Draw) -> str:
    if draw.median is not None:
        return _f(draw.median)
    return "fail" if draw.errors else "–"


def side_by_side_table(results: list[Result], bare: float | None) -> str:
    rows = []
    for r in results:
        if r.note:
            continue
        rows.append(
            [
                r.size.name,
                _int(r.events),
                _int(r.vertices),
                _cell(r.render),
                _cell(r.explore),
                _ratio(r.render.median, r.explore.median),
                _ratio(r.render.median, bare),
                _f(r.render.peak, 0),
                _f(r.explore.peak, 0),
                _ratio(r.render.peak, r.explore.peak),
                _f(_mb(r.html_bytes)),
                _f(_mb(r.explore_bytes)),
                _ratio(r.explore_bytes, r.html_bytes),
                _draw_cell(r.draw),
                _draw_cell(r.explore_draw),
                _ratio(r.explore_draw.median, r.draw.median),
                _f(_median(r.draw.shown_s)),
                _f(_median(r.explore_draw.shown_s)),
                _ratio(_median(r.explore_draw.shown_s), _median(r.draw.shown_s)),
            ]
        )
    return _markdown(SIDE_BY_SIDE_COLUMNS, rows)


def detail_table(results: list[Result]) -> str:
    rows = []
    for r in results:
        if r.note:
            continue
        s = r.stages
        rows.append(
            [
                r.size.name,
                str(r.runs),
                _cell(r.validate),
                _f(r.validate.peak, 0),
                _cell(r.summary),
                _f(r.summary.peak, 0),
                _f(s.get("load")),
                _f(s.get("join")),
                _f(s.get("map_data")),
                _f(s.get("page")),
                _f(r.explore_stages.get("read")),
                _f(r.explore_stages.get("explore")),
                _f(r.explore_stages.get("save")),
            ]
        )
    return _markdown(DETAIL_COLUMNS, rows)


def _int(n: int | None) -> str:
    return "–" if n is None else f"{n:,}"


def _markdown(columns: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(columns) + " |", "|" + "|".join("---" for _ in columns) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def targets(results: list[Result], bare: float | None) -> str:
    """Issue 17's goals at every size, each as a ratio measured side by side in this run, then the
    absolute limits at the largest size."""
    rows = []

    def add(what: str, value, ok) -> None:
        met = "–" if value is None else ("yes" if ok(value) else "**no**")
        rows.append([what, _f(value), met])

    def ratio(a, b):
        return None if a is None or b is None or b == 0 else a / b

    measured = [r for r in results if not r.note]
    for r in measured:
        name = r.size.name
        add(
            f"{name}: render ≤ 0.5 × explore's time",
            ratio(r.render.median, r.explore.median),
            lambda v: v <= 0.5,
        )
        add(
            f"{name}: drawn ≥ 2 × faster than explore's page",
            ratio(r.explore_draw.median, r.draw.median),
            lambda v: v >= 2,
        )
        if r.size.events is not None:  # the bundled page is mostly the inlined Leaflet and runtime
            add(
                f"{name}: page ≤ explore's bytes",
                ratio(r.html_bytes, r.explore_bytes),
                lambda v: v <= 1,
            )
        add(
            f"{name}: peak memory ≤ explore's",
            ratio(r.render.peak, r.explore.peak),
            lambda v: v <= 1,
        )
    bundled = next((r for r in measured if r.size.name == "bundled"), None)
    if bundled:
        add(
            "bundled: render ≤ 1.6 × bare import",
            ratio(bundled.render.median, bare),
            lambda v: v <= 1.6,
        )
    big = max((r for r in measured if r.vertices), key=lambda r: r.vertices, default=None)
    if big:
        n = f"{big.size.name} ({big.vertices:,} vertices)"
        add(f"{n}: render < 20 s", big.render.median, lambda v: v < 20)
        add(f"{n}: output < 30 MB", _mb(big.html_bytes), lambda v: v < 30)
        add(f"{n}: drawn in Chromium < 5 s", big.draw.median, lambda v: v < 5)
        add(f"{n}: join_catalog < 3 s (in process)", big.stages.get("join"), lambda v: v < 3)
    return _markdown(["target", "measured", "met"], rows)


def machine() -> dict[str, str]:
    info = {"nproc": str(len(os.sched_getaffinity(0)))}
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        models = re.findall(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.MULTILINE)
        info["CPU"] = models[0] if models else "?"
    meminfo = Path("/proc/meminfo")
    if meminfo.is_file():
        kb = int(re.search(r"MemTotal:\s+(\d+)", meminfo.read_text()).group(1))
        info["RAM"] = f"{kb / 1024 / 1024:.1f} GiB"
    info["OS"] = platform.platform()
    info["python"] = platform.python_version()
    versions = []
    for package in (
        "folium",
        "geopandas",
        "shapely",
        "pyproj",
        "pandas",
        "numpy",
        "pyogrio",
        "matplotlib",
        "mapclassify",
        "PyYAML",
        "playwright",
    ):
        try:
            versions.append(f"{package} {metadata.version(package)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{package} (absent)")
    info["packages"] = ", ".join(versions)
    return info


def report(results: list[Result], bare: Cold, info: dict[str, str], args) -> str:
    today = dt.date.today().isoformat()
    lines = [
        f"Run {today}: `python benchmarks/run.py {' '.join(args.argv)}`".rstrip() + "",
        "",
        "Machine: " + "; ".join(f"{k} {v}" for k, v in info.items()),
        "",
        f'Bare `python -c "import folium, geopandas"`: {_cell(bare)} s '
        f"(median of {len(bare.seconds)}), peak {_f(bare.peak, 0)} MB.",
        "",
        "### patrolmap render vs GeoDataFrame.explore()",
        "",
        "Times are cold wall seconds (median of `runs`); peak MB is the child's maximum resident "
        "set; ratios over 1× in the `explore/ours` columns favour patrolmap.",
        "",
        side_by_side_table(results, bare.median),
        "",
        "### patrolmap commands and render stages",
        "",
        "`load`, `join`, `map data` (build_map after the join) and `page` (folium render, Leaflet "
        "inlining, CSP) are measured in one process; `join` is the median of at least 3 runs. "
        "explore's script is split the same way in another process: reading the five layers "
        "(`gpd.read_file`), building the map (`explore()` ×5) and `save`.",
        "",
        detail_table(results),
        "",
        "### Targets (reported, not asserted)",
        "",
        targets(results, bare.median),
    ]
    measured = [
        (r.size.name, r.interaction.get("patrolmap", {}), r.interaction.get("explore", {}))
        for r in results
        if r.interaction
    ]
    if measured:
        sys.path.insert(0, str(BENCH))
        from interaction import interaction_table

        lines += [
            "",
            "### Answering a reader: hover, click, redraw (benchmarks/interaction.py)",
            "",
            "Median ms of 5: from the `mousemove` or `click` on a route to the animation frame "
            "that shows its tooltip or popup; one redraw of every leg canvas; a 200 px pan. "
            "explore's page has tooltips but no popups.",
            "",
            interaction_table(measured),
        ]
    notes = []
    for r in results:
        if r.note:
            notes.append(f"- {r.size.name}: {r.note}")
            continue
        for label, cold in (
            ("validate", r.validate),
            ("summary", r.summary),
            ("render", r.render),
            ("explore", r.explore),
        ):
            if cold.error:
                notes.append(f"- {r.size.name}: {label} failed: `{cold.error}`")
        for label, draw in (("patrolmap page", r.draw), ("explore page", r.explore_draw)):
            if draw.errors:
                notes.append(f"- {r.size.name}: {label} in Chromium: {'; '.join(draw.errors[:3])}")
        if r.stages.get("error"):
            notes.append(f"- {r.size.name}: in-process stages failed: `{r.stages['error']}`")
        if r.explore_stages.get("error"):
            notes.append(f"- {r.size.name}: explore's stages failed: `{r.explore_stages['error']}`")
        if r.explore_draw.paths is not None or r.draw.paths is not None:
            notes.append(
                f"- {r.size.name}: SVG paths when drawn: patrolmap {r.draw.paths}, "
                f"explore {r.explore_draw.paths}; load event at "
                f"{_f(_median(r.draw.load_s))} s / {_f(_median(r.explore_draw.load_s))} s"
            )
    if notes:
        lines += ["", "Notes:", "", *notes]
    return "\n".join(lines) + "\n"


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def write_readme(path: Path, body: str) -> None:
    block = f"{BEGIN}\n{body}{END}"
    if path.is_file():
        text = path.read_text(encoding="utf-8")
        if BEGIN in text and END in text:
            head, rest = text.split(BEGIN, 1)
            text = head + block + rest.split(END, 1)[1]
        else:
            text = text.rstrip("\n") + "\n\n## Results\n\n" + block + "\n"
    else:
        text = "# Benchmarks\n\n## Results\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")


# --- main ----------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", help=f"comma-separated sizes (default {DEFAULT_SIZES})")
    parser.add_argument("--repeat", type=int, default=5, help="runs per command at small sizes")
    parser.add_argument(
        "--quick", action="store_true", help=f"smoke run: sizes {QUICK_SIZES}, one run each"
    )
    parser.add_argument("--browser", choices=["auto", "on", "off"], default="auto")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--workdir",
        type=Path,
        default=Path(tempfile.gettempdir()) / "patrolmap-bench",
        help="generated catalogues and outputs (kept, so re-runs reuse catalogues)",
    )
    parser.add_argument("--readme", type=Path, default=README, help="file to write results into")
    parser.add_argument("--no-readme", action="store_true", help="only print the tables")
    parser.add_argument("--json", type=Path, help="also write the raw measurements here")
    args = parser.parse_args(argv)
    args.argv = argv
    if args.quick:
        args.sizes = args.sizes or QUICK_SIZES
        args.repeat = 1
    sizes = [parse_size(s) for s in (args.sizes or DEFAULT_SIZES).split(",") if s.strip()]
    args.workdir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()

    def log(message: str) -> None:
        print(f"[{time.perf_counter() - started:6.1f}s] {message}", file=sys.stderr, flush=True)

    chromium = None
    if args.browser != "off":
        try:
            chromium = Chromium()
            log(f"Chromium {chromium.version}")
        except Exception as exc:
            if args.browser == "on":
                raise
            log(f"no browser timings: {type(exc).__name__}: {exc}")
    try:
        if not args.quick:  # the smoke run checks that it runs, not its timings
            log("warm-up (untimed): imports and the page cache")
            run_cold([sys.executable, "-c", WARM_UP])
        log(f"bare import ×{args.repeat}")
        bare = measure([sys.executable, "-c", "import folium, geopandas"], args.repeat)
        results = [bench_size(size, args, chromium, log) for size in sizes]
    finally:
        if chromium is not None:
            chromium.close()
    info = machine()
    if chromium is not None:
        info["chromium"] = chromium.version
    body = report(results, bare, info, args)
    print(body)
    if not args.no_readme:
        write_readme(args.readme, body)
        log(f"wrote {args.readme}")
    if args.json:
        raw = {
            "bare": dataclasses.asdict(bare),
            "results": [dataclasses.asdict(r) for r in results],
            "machine": info,
        }
        args.json.write_text(json.dumps(raw, indent=1, default=str), encoding="utf-8")
    log("done")
    return 0


if __name__ == "__main__":
    sys.exit(main())
