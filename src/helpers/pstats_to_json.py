"""Dump a cProfile / pstats file (Python's marshal format) as JSON for Hotline's pstats importer.

Runs inside the user's own interpreter (the one that wrote the file: marshal is version-specific),
with only the standard library. Usage: python3 pstats_to_json.py PROFILE [OUT.json]
Output: {"format": "hotline-pstats", "version": 1, "python": ..., "total_tt": seconds,
         "functions": [{"file", "line", "name", "cc", "nc", "tt", "ct",
                        "callers": [[index, cc, nc, tt, ct], ...]}]}
cc = primitive calls, nc = all calls, tt = time in the function itself, ct = time including callees
(seconds). A caller entry holds the callee's figures for calls made from that caller.
"""
import json
import pstats
import sys


def main(argv):
    if len(argv) < 2:
        sys.stderr.write("usage: pstats_to_json.py PROFILE [OUT.json]\n")
        return 2
    try:
        stats = pstats.Stats(argv[1])
    except Exception as exc:  # marshal errors, wrong Python version, not a pstats file
        sys.stderr.write("not a readable pstats file: %s: %s\n" % (type(exc).__name__, exc))
        return 3
    keys = list(stats.stats.keys())
    index = {k: i for i, k in enumerate(keys)}
    functions = []
    for key in keys:
        cc, nc, tt, ct, callers = stats.stats[key]
        file, line, name = key
        functions.append({
            "file": file, "line": line, "name": name, "cc": cc, "nc": nc, "tt": tt, "ct": ct,
            "callers": [[index[c], *v[:4]] for c, v in callers.items() if c in index],
        })
    doc = {"format": "hotline-pstats", "version": 1, "python": sys.version.split()[0],
           "total_tt": stats.total_tt, "total_calls": stats.total_calls, "functions": functions}
    out = open(argv[2], "w", encoding="utf-8") if len(argv) > 2 else sys.stdout
    json.dump(doc, out, ensure_ascii=True)
    if out is not sys.stdout:
        out.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
