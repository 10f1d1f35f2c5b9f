"""Allocates most of its memory on one line (marked HOT) so the allocation profile has a known top."""
import sys


def build_table(rows):
    table = []
    for i in range(rows):
        table.append(bytearray(1024))  # HOT: about 1 KiB per row, kept alive
    return table


def small_index(rows):
    return {i: str(i) for i in range(rows // 10)}


def main():
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    table = build_table(rows)
    index = small_index(rows)
    print(f"{len(table)} rows, {len(index)} index entries")


if __name__ == "__main__":
    main()
