#!/usr/bin/env python3
"""Builds the same generated Vietnamese handbook with sotay, Hugo, Zola and mdBook and prints a
Markdown table: median wall time, CPU time, peak memory, output size, search-index size and the
bytes a reader downloads for a 4-word query, with each tool's wall time as a ratio to sotay's.

Usage (from the repository root; build sotay first with `cargo build --release`):

    bench/run.sh                         # N = 1,000 and 10,000, 5 runs each, every tool found
    bench/run.sh --sizes 1000 --runs 3   # quicker
    bench/run.sh --tools sotay,hugo      # a subset
    bench/run.sh --serve                 # also time `sotay serve` rebuilding one edited page

How it measures, and why:
- Tools run in the same session, alternating (the order rotates every round), so that a change
  in the machine's load hits every tool alike. One untimed warm-up build per tool and size fills
  the page cache. The load average is printed with the results: repeat when it is high.
- Every build writes into a fresh, empty output folder, as on CI. Outputs go to a tmpfs
  (/dev/shm) by default: on this machine's journal-less ext4, creating inodes within minutes of
  deleting many others makes the kernel scan the recently deleted ones (`recently_deleted` in
  ext4's inode allocator), which turns a benchmark loop that deletes its outputs into a test of
  the file system. `--out-root DIR` measures on a disk of your choice instead.
- Every tool runs from a copy of its binary beside the outputs (`staged`), and its sources are
  read just before each timed build (`warm`): from the disk, a binary's pages and the next
  tool's sources could be read again after a long build, which is not the tool's speed.
- Wall time is taken around the process; CPU time (user + system) and peak resident memory
  come from GNU time (`/usr/bin/time -f`). A tool whose first build takes longer than
  `--slow` seconds is built once only (mdBook at 10,000 pages); `--timeout` stops it.
- Search: sotay's index is public/search/ (a manifest `meta.<hash>.json` and shards). The bytes
  for a query are counted by bench/query-bytes, a small program that runs the query through
  sotay's own query engine and lists the files it read; mdBook (and Zola when its index is on)
  ship one index file that every query downloads whole. Sizes are gzip -6, as Netlify serves
  them; the search JavaScript itself is not counted.
"""

import argparse
import gzip
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import gen  # noqa: E402
import vocabulary  # noqa: E402

QUERY = "tiết kiệm năng lượng"  # 4 Vietnamese syllables, common in the corpus
ALL_TOOLS = ["sotay", "sotay+vocabulary", "hugo", "hugo+layout", "zola", "zola+layout", "mdbook"]
# Share of body words `sotay+vocabulary` replaces (see vocabulary.py).
VOCABULARY_RATE = 0.25


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def which(name):
    """A tool on PATH, else where `cargo install` or bench/install-zola.sh put it."""
    places = [f"~/.cargo/bin/{name}", f"~/.cache/sotay-bench/{name}/{name}"]
    found = [p for p in map(os.path.expanduser, places) if os.access(p, os.X_OK)]
    return shutil.which(name) or (found[0] if found else None)


def version(cmd):
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=30).stdout.strip()
        return out.splitlines()[0] if out else "?"
    except (OSError, subprocess.SubprocessError):
        return "?"


def load():
    return open("/proc/loadavg").read().split()[:3]


# ---- corpus ------------------------------------------------------------------------------


def corpus(work, n, seed):
    """The generated corpus for size n, regenerated only when the generator or seed changed."""
    d = os.path.join(work, f"corpus-{n}")
    stamp = os.path.join(d, "STAMP")
    if not (os.path.exists(stamp) and open(stamp).read() == gen.stamp(n, seed)):
        log(f"generating {n}-page corpus in {d} …")
        gen.generate(n, seed, d)
    docs = sum(len([f for f in fs if f.endswith(".md")])
               for _, _, fs in os.walk(os.path.join(d, "sotay", "content")))
    return d, docs


def source(tool, src):
    """The project a tool builds in the corpus `src`. `sotay+vocabulary` builds a copy of sotay's
    project with a realistic vocabulary (vocabulary.py), made once per corpus."""
    if tool != "sotay+vocabulary":
        return os.path.join(src, kind(tool))
    d = os.path.join(src, "vocabulary")
    stamp = os.path.join(src, "VOCABULARY-STAMP")
    want = f"{open(os.path.join(src, 'STAMP')).read()} rate {VOCABULARY_RATE}"
    if not (os.path.exists(stamp) and open(stamp).read() == want):
        log(f"copying it with a realistic vocabulary into {d} …")
        vocabulary.copy(os.path.join(src, "sotay"), d, VOCABULARY_RATE)
        open(stamp, "w").write(want)
    return d


# ---- one build ---------------------------------------------------------------------------


def kind(tool):
    """The generator a tool name runs: `sotay@label` (another sotay binary, see --compare) builds
    like `sotay`, `sotay+vocabulary` is sotay on the corpus with a realistic vocabulary (see
    `source`); `hugo+layout` and `zola+layout` are Hugo and Zola with the template set that
    draws sotay's page layout (see gen.py), where `hugo` and `zola` use the minimal one."""
    return re.split(r"[@+]", tool)[0]


def theme(tool):
    """The template set (gen.py writes both) Hugo or Zola builds with."""
    return "layout" if tool.endswith("+layout") else "minimal"


def command(tool, bins, src, out):
    if kind(tool) == "sotay":
        return [bins[tool], "--root", src, "build", "--output", out]
    if kind(tool) == "hugo":
        return [bins[tool], "--source", src, "--destination", out, "--quiet", "--noBuildLock",
                "--theme", theme(tool)]
    if kind(tool) == "zola":
        return [bins[tool], "--root", src, "--config", os.path.join(src, f"config.{theme(tool)}.toml"),
                "build", "--output-dir", out]
    if tool == "mdbook":
        return [bins["mdbook"], "build", src, "--dest-dir", out]
    raise ValueError(tool)


def warm(src):
    """Reads every file of a source tree (untimed). After another tool's long build, the first
    build of the next one found its sources out of the page cache: sotay's load stage took
    300-350 ms more right after Zola's, so whichever tool followed Zola in the rotation paid."""
    for root, _, files in os.walk(src):
        for f in files:
            with open(os.path.join(root, f), "rb") as fh:
                while fh.read(1 << 20):
                    pass


def run_once(tool, bins, src, out, timeout):
    """One timed build. Returns a dict, or None when it failed or timed out."""
    if os.path.exists(out):
        shutil.rmtree(out)
    warm(src)
    os.makedirs(os.path.dirname(out), exist_ok=True)
    tfile = tempfile.NamedTemporaryFile(prefix="sotay-bench-time", delete=False)
    tfile.close()
    env = dict(os.environ, SOTAY_TIMINGS="1")
    cmd = ["/usr/bin/time", "-f", "%e %U %S %M", "-o", tfile.name] + command(tool, bins, src, out)
    start = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         env=env, start_new_session=True)
    try:
        stdout, stderr = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, 9)  # the process group this call started, nothing else
        p.communicate()
        return {"timeout": True, "wall": time.perf_counter() - start, "out": out}
    wall = time.perf_counter() - start
    fields = open(tfile.name).read().split()
    os.unlink(tfile.name)
    if p.returncode != 0:
        log(f"  {tool} failed (exit {p.returncode}):\n{stderr[-2000:]}")
        return None
    _, user, sys_, rss = fields[-4:]
    stages = {m.group(1): int(m.group(2)) for m in re.finditer(r"^\s+(\w+): (\d+) ms(?:, \d+ MB in use)?(?:, CPU \d+ ms in all)?$", stderr, re.M)}
    return {"wall": wall, "cpu": float(user) + float(sys_), "rss_mb": int(rss) / 1024,
            "stages": stages}


# ---- sizes -------------------------------------------------------------------------------


def tree_bytes(d):
    total = 0
    for root, _, files in os.walk(d):
        for f in files:
            total += os.path.getsize(os.path.join(root, f))
    return total


def page_files(out):
    """The web pages: every HTML file but the print bundle (sotay's print/ folder, mdBook's
    print.html), 404 pages and mdBook's toc.html."""
    for root, dirs, files in os.walk(out):
        if root == out and "print" in dirs:
            dirs.remove("print")
        yield from (os.path.join(root, f) for f in files
                    if f.endswith(".html") and f not in ("404.html", "print.html", "toc.html"))


def page_bytes(out):
    """Bytes of the web pages, as written and as a reader downloads them (gzip -6)."""
    raw = packed = 0
    for path in page_files(out):
        raw += os.path.getsize(path)
        packed += gz(path)
    return raw, packed


def gz(path):
    with open(path, "rb") as f:
        return len(gzip.compress(f.read(), 6))


def search_files(tool, out):
    """Files of the search index (not the search code), or None when the tool wrote none."""
    found = []
    if kind(tool) == "sotay":
        d = os.path.join(out, "search")
        if not os.path.isdir(d):
            return None
        for root, _, files in os.walk(d):
            found += [os.path.join(root, f) for f in files]
    elif tool == "mdbook":
        found = [os.path.join(out, f) for f in os.listdir(out) if f.startswith("searchindex")]
    elif kind(tool) == "zola":
        found = [os.path.join(out, f) for f in os.listdir(out) if f.startswith("search_index")]
    return found or None


def query_bytes(tool, out, bins):
    """gzip bytes a reader downloads to run QUERY once (cold cache), or None."""
    files = search_files(tool, out)
    if files is None:
        return None
    if kind(tool) != "sotay":
        # One index file, fetched whole by the first query (elasticlunr); mdBook fetches the
        # .js form when it exists, the .json one otherwise.
        js = [f for f in files if f.endswith(".js")]
        return gz((js or files)[0])
    helper = query_helper(bins)
    if helper is None:
        return "TODO"
    r = subprocess.run([helper, os.path.join(out, "search"), QUERY], capture_output=True, text=True)
    if r.returncode != 0:
        log(f"  query-bytes failed: {r.stderr.strip()[:500]}")
        return "TODO"
    read = [ln for ln in r.stdout.splitlines() if ln.strip()]
    return sum(gz(os.path.join(out, "search", f)) for f in read)


_helper = {}


def query_helper(bins):
    """Builds bench/query-bytes (once) against this checkout's sotay library.

    TODO(search): it needs `pub mod search` in src/lib.rs (the search engineer's branch); until
    that is merged this returns None and the table prints TODO."""
    if "path" in _helper:
        return _helper["path"]
    crate = os.path.join(HERE, "query-bytes")
    # The repository's own lock file and target folder: the dependencies are compiled already.
    shutil.copyfile(os.path.join(REPO, "Cargo.lock"), os.path.join(crate, "Cargo.lock"))
    target = os.path.join(REPO, "target")
    exe = os.path.join(target, "release", "query-bytes")
    log("building bench/query-bytes (niced) …")
    r = subprocess.run(["nice", "-n", "19", "cargo", "build", "--release", "--quiet",
                        "--target-dir", target], cwd=crate, capture_output=True, text=True)
    _helper["path"] = exe if r.returncode == 0 and os.path.exists(exe) else None
    if _helper["path"] is None:
        log("  bench/query-bytes does not build yet (is the search module merged?):\n"
            + r.stderr.strip()[-800:])
    return _helper["path"]


# ---- serve -------------------------------------------------------------------------------


def serve_rebuild(bins, src, edits=5):
    """Median ms of `sotay serve` rebuilding after one page of the corpus is edited, as the
    server reports it, and end to end (file saved → new text served over HTTP). None when this
    sotay has no `serve --port`."""
    help_text = subprocess.run([bins["sotay"], "serve", "--help"], capture_output=True,
                               text=True).stdout
    if "--port" not in help_text:
        return None
    page = None
    for root, _, files in sorted(os.walk(os.path.join(src, "content"))):
        pages = sorted(f for f in files if f.endswith(".md") and f != "_index.md")
        if pages:
            page = os.path.join(root, pages[len(pages) // 2])
            break
    original = open(page, encoding="utf-8").read()
    p = subprocess.Popen([bins["sotay"], "--root", src, "serve", "--port", "0"],
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                         start_new_session=True)
    reported, end_to_end = [], []
    try:
        url = None
        deadline = time.time() + 600
        while url is None and time.time() < deadline:
            line = p.stdout.readline()
            if not line:
                raise RuntimeError("sotay serve exited")
            m = re.search(r"(http://\S+)", line)
            if m and "Xem trước" in line:
                url = m.group(1).rstrip("/")
        rel = os.path.relpath(page, os.path.join(src, "content"))
        page_url = url + "/" + rel[:-3].replace(os.sep, "/") + "/"
        for k in range(edits):
            marker = f"Câu sửa thử số {k} lúc {time.time():.3f}."
            t0 = time.perf_counter()
            with open(page, "w", encoding="utf-8") as f:
                f.write(original + f"\n{marker}\n")
            while True:
                line = p.stdout.readline()
                if not line:
                    raise RuntimeError("sotay serve exited")
                m = re.search(r"trong (\d+) ms", line)
                if m:
                    reported.append(int(m.group(1)))
                    break
            while marker not in urllib.request.urlopen(page_url, timeout=10).read().decode():
                time.sleep(0.002)
            end_to_end.append((time.perf_counter() - t0) * 1000)
            time.sleep(0.3)
    finally:
        with open(page, "w", encoding="utf-8") as f:
            f.write(original)
        os.killpg(p.pid, 15)  # the server this function started
        p.wait()
    return statistics.median(reported), statistics.median(end_to_end)


# ---- the table ---------------------------------------------------------------------------


def fmt(x, spec):
    return "—" if x is None else (x if isinstance(x, str) else format(x, spec))


def measure_size(n, args, bins, tools):
    src, docs = corpus(args.work, n, args.seed)
    tools = [t for t in tools if bins.get(t)]  # the missing ones are listed as such
    out_root = os.path.join(args.out_root, str(n))
    if os.path.exists(out_root):
        shutil.rmtree(out_root)
    results = {t: [] for t in tools}
    slow = set()
    load_start = load()
    log(f"N = {n} ({docs} documents); load {' '.join(load_start)}")
    for t in tools:  # untimed warm-up, which also spots the slow tools
        r = run_once(t, bins, source(t, src), os.path.join(out_root, t, "warm"),
                     args.timeout)
        if r is None:
            results[t] = None
            continue
        if r.get("timeout") or r["wall"] > args.slow:
            slow.add(t)
            r["out"] = os.path.join(out_root, t, "warm")
            results[t].append(r)
            log(f"  {t}: {r['wall']:.1f} s{' (timeout)' if r.get('timeout') else ''}: one run only")
        else:
            shutil.rmtree(os.path.join(out_root, t, "warm"))
    live = [t for t in tools if results[t] is not None and t not in slow]
    for k in range(args.runs):
        order = live[k % len(live):] + live[:k % len(live)] if live else []
        for t in order:
            out = os.path.join(out_root, t, f"run{k}")
            r = run_once(t, bins, source(t, src), out, args.timeout)
            if r is None:
                results[t] = None
                live.remove(t)
                continue
            r["out"] = out
            results[t].append(r)
            log(f"  {t} run {k + 1}: {r['wall']:.2f} s wall, {r['cpu']:.2f} s CPU, {r['rss_mb']:.0f} MB")
            if k < args.runs - 1:
                shutil.rmtree(out)
    rows = {}
    for t in tools:
        runs = results[t]
        if not runs:
            rows[t] = None
            continue
        out = runs[-1]["out"]
        timed_out = any(r.get("timeout") for r in runs)
        ok = [r for r in runs if not r.get("timeout")]
        row = {"runs": len(runs), "timeout": timed_out}
        if ok:
            row.update(
                wall=statistics.median(r["wall"] for r in ok),
                wall_min=min(r["wall"] for r in ok), wall_max=max(r["wall"] for r in ok),
                cpu=statistics.median(r["cpu"] for r in ok),
                rss=max(r["rss_mb"] for r in ok))
            row["out_kb"] = tree_bytes(out) / docs / 1024
            raw, packed = page_bytes(out)
            row["page_kb"], row["page_gz_kb"] = raw / docs / 1024, packed / docs / 1024
            sf = search_files(t, out)
            row["index_b"] = sum(os.path.getsize(f) for f in sf) / docs if sf else None
            row["query_b"] = query_bytes(t, out, bins) if sf else None
            if kind(t) == "sotay":
                keys = ok[0]["stages"].keys()
                row["stages"] = {s: statistics.median(r["stages"].get(s, 0) for r in ok) for s in keys}
        else:
            row["wall"] = runs[0]["wall"]
        rows[t] = row
    if args.serve and "sotay" in tools:
        rows["serve"] = serve_rebuild(bins, os.path.join(src, "sotay"))
    shutil.rmtree(out_root)
    return docs, rows, load_start, load()


def print_table(n, docs, rows, tools, bins, load_start, load_end, args):
    print(f"\n### N = {n:,} pages ({docs:,} documents), seed {args.seed}\n")
    print(f"Load average before / after: {' '.join(load_start)} / {' '.join(load_end)}; "
          f"{os.cpu_count()} cores; outputs on {args.out_root}.\n")
    print("| tool | median wall (s) | min–max (s) | CPU (s) | peak RSS (MB) | output (KB/page) "
          "| web page (KB) | web page, gz (KB) | search index (B/page) | query bytes (gz) | wall ÷ sotay "
          "| runs |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    base = rows.get("sotay")
    for t in tools:
        r = rows.get(t)
        name = f"{t} ({bins[t + '_version']})" if bins.get(t + "_version") else t
        if not bins.get(t):
            print(f"| {t} | not installed | | | | | | | | | | |")
            continue
        if r is None:
            print(f"| {name} | failed | | | | | | | | | | |")
            continue
        if r.get("timeout"):
            print(f"| {name} | > {args.timeout:.0f} (timeout) | | | | | | | | | > {args.timeout / base['wall']:.0f}× | 1 |"
                  if base and "wall" in base else f"| {name} | > {args.timeout:.0f} (timeout) | | | | | | | | | | 1 |")
            continue
        ratio = f"{r['wall'] / base['wall']:.1f}×" if base and base.get("wall") else "—"
        print(f"| {name} | {r['wall']:.2f} | {r['wall_min']:.2f}–{r['wall_max']:.2f} | {r['cpu']:.2f} "
              f"| {r['rss']:.0f} | {r['out_kb']:.1f} | {r['page_kb']:.1f} | {r['page_gz_kb']:.1f} "
              f"| {fmt(r['index_b'], '.0f')} "
              f"| {fmt(r['query_b'], ',')} | {ratio} | {r['runs']} |")
    for t in tools:
        r = rows.get(t)
        if kind(t) == "sotay" and r and r.get("stages"):
            st = ", ".join(f"{k} {v:.0f} ms" for k, v in r["stages"].items())
            print(f"\n{t} stages (median, SOTAY_TIMINGS): {st}")
    if args.serve:
        s = rows.get("serve")
        print("\nsotay serve, one page edited: " + (
            f"rebuild {s[0]:.0f} ms as reported, {s[1]:.0f} ms from save to new page served (median)"
            if s else "— (this sotay has no `serve --port`)"))


def staged(bins, folder):
    """Copies of the tools' binaries in `folder`, beside the outputs (a tmpfs by default), by tool.

    Each build runs from such a copy. Run from where it was built, on this machine's ext4, a
    binary's pages were read again after other tools' builds had filled memory: sotay's load
    stage took 80 ms more than the same binary copied to /dev/shm (and 300-900 ms more in the
    first run after a rebuild), which favoured whichever binary of a before/after pair sat on
    the tmpfs. Hugo and Zola get the same treatment."""
    if os.path.exists(folder):
        shutil.rmtree(folder)
    os.makedirs(folder)
    copies = {}
    for i, path in enumerate(sorted({p for p in bins.values() if p})):
        copies[path] = os.path.join(folder, f"{i}-{os.path.basename(path)}")
        shutil.copy2(path, copies[path])
    return {t: copies[p] for t, p in bins.items() if p}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--tools", default=",".join(ALL_TOOLS))
    ap.add_argument("--sotay", default=os.path.join(REPO, "target", "release", "sotay"))
    ap.add_argument("--compare", action="append", default=[], metavar="LABEL=PATH",
                    help="also build with another sotay binary, shown as sotay@LABEL "
                         "(before/after a change, in the same alternating run)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "sotay-bench"),
                    help="where generated corpora are kept between runs")
    ap.add_argument("--out-root", default=None,
                    help="where outputs are written (default: a tmpfs under /dev/shm)")
    ap.add_argument("--slow", type=float, default=60.0,
                    help="a tool slower than this (s) on its first build is built once only")
    ap.add_argument("--timeout", type=float, default=900.0)
    ap.add_argument("--serve", action="store_true", help="also time sotay serve rebuilds")
    args = ap.parse_args()
    if args.out_root is None:
        args.out_root = ("/dev/shm/sotay-bench-out" if os.access("/dev/shm", os.W_OK)
                         else os.path.join(args.work, "out"))
    tools = [t for t in args.tools.split(",") if t]
    if not os.access(args.sotay, os.X_OK):
        sys.exit(f"no sotay binary at {args.sotay}: run `cargo build --release` first, or pass --sotay")
    bins = {"sotay": os.path.abspath(args.sotay), "sotay+vocabulary": os.path.abspath(args.sotay)}
    for c in args.compare:
        label, path = c.split("=", 1)
        bins[f"sotay@{label}"] = os.path.abspath(path)
        tools.insert(tools.index("sotay") + 1 if "sotay" in tools else 0, f"sotay@{label}")
    for t in tools:
        if kind(t) != "sotay":
            bins[t] = which(kind(t))
    bins.update(staged(bins, os.path.join(args.out_root, "bin")))
    for t in tools:
        if bins.get(t) and "@" not in t:
            v = version([bins[t], "version" if kind(t) == "hugo" else "--version"])
            bins[t + "_version"] = re.sub(r"^hugo v([\d.]+).*", r"\1", v)
    print(f"## Build benchmark: sotay vs Hugo, Zola, mdBook ({time.strftime('%Y-%m-%d %H:%M')})")
    print(f"\nQuery for bytes downloaded: “{QUERY}”. Missing tools: "
          + (", ".join(t for t in tools if not bins.get(t)) or "none") + ".")
    for n in [int(s) for s in args.sizes.split(",")]:
        docs, rows, l0, l1 = measure_size(n, args, bins, tools)
        print_table(n, docs, rows, tools, bins, l0, l1, args)
        sys.stdout.flush()


if __name__ == "__main__":
    main()
