//! A tiny Rust criterion suite used by Hotline's tests and demo.

/// Joins with a pre-sized String (the fast way).
pub fn join_with_capacity(words: &[String]) -> String {
    let mut out = String::with_capacity(words.iter().map(|w| w.len()).sum());
    for w in words {
        out.push_str(w);
    }
    out
}

/// Joins by pushing `format!` results (the slow way).
pub fn join_with_format(words: &[String]) -> String {
    let mut out = String::new();
    for w in words {
        out = format!("{out}{w}");
    }
    out
}
