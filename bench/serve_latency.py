#!/usr/bin/env python3
"""Measures `vardguide serve`'s incremental rebuild: edit one article of a (generated) site and
time until the server answers with the changed page. Usage:
    python3 bench/serve_latency.py SITE_DIR [--runs 5] [--interval 1.5] [--bin target/release/vardguide]
Prints each run and the median, from the file write to the first response containing the edit,
the server's memory (resident now and at its peak, on Linux), and how long it takes to stop.
Edits start --interval seconds apart (write to write), as an editor saving while typing, so a
new edit usually arrives while the previous one's rebuild and search re-index still run."""
import argparse, http.client, os, pathlib, signal, socket, statistics, subprocess, sys, time, urllib.parse


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def get(port, path):
    try:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        c.request("GET", path)
        r = c.getresponse()
        return r.status, r.read().decode("utf-8", "replace")
    except OSError:
        return None, ""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("site")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--interval", type=float, default=1.5)
    ap.add_argument("--bin", default=str(pathlib.Path(__file__).resolve().parent.parent / "target/release/vardguide"))
    args = ap.parse_args()
    site = pathlib.Path(args.site)
    article = sorted((site / "content/articles").iterdir())[len(list((site / "content/articles").iterdir())) // 2]
    src = article / "sv.md"
    text = src.read_text(encoding="utf-8")
    slug = next((l.split(":", 1)[1].strip() for l in text.splitlines() if l.startswith("slug:")), article.name)
    path = "/sv/" + urllib.parse.quote(slug) + "/"
    port = free_port()
    t0 = time.monotonic()
    proc = subprocess.Popen([args.bin, "serve", "--root", str(site), "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        while get(port, path)[0] != 200:
            if proc.poll() is not None:
                sys.exit(f"serve exited: {proc.stdout.read()}")
            time.sleep(0.05)
        print(f"initial in-memory build and first response: {time.monotonic() - t0:.2f} s ({article.name}, {path})")
        times = []
        for run in range(args.runs):
            marker = f"Benchmark marker {run} {time.time_ns()}"
            src.write_text(text + f"\n{marker}\n", encoding="utf-8")
            start = time.monotonic()
            next_edit = start + args.interval
            while marker not in get(port, path)[1]:
                time.sleep(0.002)
                if time.monotonic() - start > 30:
                    sys.exit("timed out")
            times.append((time.monotonic() - start) * 1000)
            print(f"run {run + 1}: changed page served after {times[-1]:.0f} ms")
            time.sleep(max(0.0, next_edit - time.monotonic()))
        print(f"median {statistics.median(times):.0f} ms over {len(times)} edits")
        status = pathlib.Path(f"/proc/{proc.pid}/status")
        if status.exists():
            mem = dict(l.split(":", 1) for l in status.read_text().splitlines() if ":" in l)
            print(f"serve's memory: resident {mem['VmRSS'].strip()}, peak {mem['VmHWM'].strip()}")
    finally:
        src.write_text(text, encoding="utf-8")
        # Ctrl-C, as an editor stops it: serve removes the files it kept.
        stopping = time.monotonic()
        proc.send_signal(signal.SIGINT)
        try:
            out, _ = proc.communicate(timeout=120)
            print(f"stopped {time.monotonic() - stopping:.2f} s after Ctrl-C")
            lines = out.splitlines()
            print("server log (its rebuilds, then the last lines):")
            print("\n".join(l for l in lines[:-6] if l.startswith(("Built", "Rebuilt"))))
            print("\n".join(lines[-6:]))
        except subprocess.TimeoutExpired:
            proc.kill()


if __name__ == "__main__":
    main()
