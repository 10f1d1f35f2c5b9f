"""Builds a CSV report line by line.

Slow on purpose: the report is grown with `+=` inside the loop (the seed anti-pattern
"string concatenation in a loop"); `"".join(parts)` or io.StringIO is the fix.
Usage: python3 report.py [ROWS]   (default 1500000 rows, about 1-2 s)
"""
import sys


def checksum(text):
    total = 0
    for ch in text[:200_000]:
        total = (total * 31 + ord(ch)) % 1_000_003
    return total


def render_report(rows):
    report = ""
    for i in range(rows):
        report += f"{i},{i * i % 97},{i % 7},row-{i}\n"  # HOT
    return report


def main():
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_500_000
    report = render_report(rows)
    print(f"{len(report)} characters, checksum {checksum(report)}")


if __name__ == "__main__":
    main()
