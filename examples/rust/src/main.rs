//! Answers "how long is line N?" queries over a text kept as a list of lines.
//!
//! Slow on purpose: every query clones the whole list of lines (the seed anti-pattern
//! "needless clone in a loop"), and the list itself is built with `Vec::new()` + `push`
//! although its length is known ("Vec without capacity": use `Vec::with_capacity(n)`).
//! Fix: borrow `&lines[..]` instead of cloning it.
//! Usage: hotline-example [QUERIES]   (default 6000, about 1-2 s in a release build)

use std::hint::black_box;

fn make_lines(n: usize, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for i in 0..n {
        lines.push(format!("{:>width$}", i, width = width));
    }
    lines
}

fn line_lengths(lines: &[String], queries: usize) -> usize {
    let mut total = 0;
    for q in 0..queries {
        let snapshot: Vec<String> = lines.to_vec(); // HOT
        total += black_box(&snapshot)[q % snapshot.len()].len();
    }
    total
}

fn main() {
    let queries = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(6_000);
    let lines = make_lines(500, 1_000);
    let total = line_lengths(&lines, queries);
    println!("{} queries, {} characters in total", queries, total);
}
