"""A tiny pytest-benchmark suite: two ways to build a string, and a sort.

Run: python3 -m pytest examples/bench/python --benchmark-only --benchmark-json=out.json
Set HOTLINE_BENCH_SLOW=1 to make `join_words` 15% slower (used to demo a regression).
"""
import os

WORDS = [f"w{i}" for i in range(2000)]
SLOW = os.environ.get("HOTLINE_BENCH_SLOW") == "1"


def join_words(words):
    out = "".join(words)
    if SLOW:
        # Extra work proportional to the real work, so the slowdown is a stable ratio.
        "".join(words[: len(words) // 6])
    return out


def concat_words(words):
    out = ""
    for w in words:
        out += w
    return out


def test_join(benchmark):
    assert benchmark(join_words, WORDS).startswith("w0w1")


def test_concat(benchmark):
    assert len(benchmark(concat_words, WORDS)) == len("".join(WORDS))


def test_sorted(benchmark):
    data = list(range(3000, 0, -1))
    assert benchmark(sorted, data)[0] == 1
