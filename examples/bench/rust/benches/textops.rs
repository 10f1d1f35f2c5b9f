use criterion::{black_box, criterion_group, criterion_main, Criterion};
use hotline_bench_demo::{join_with_capacity, join_with_format};
use std::time::Duration;

fn words() -> Vec<String> {
    (0..300).map(|i| format!("w{i}")).collect()
}

fn bench_join(c: &mut Criterion) {
    let w = words();
    c.bench_function("join_with_capacity", |b| b.iter(|| join_with_capacity(black_box(&w))));
    c.bench_function("join_with_format", |b| b.iter(|| join_with_format(black_box(&w))));
}

criterion_group! {
    name = benches;
    // Short runs: Hotline's tests call this; users raise these for real measurements.
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(200))
        .measurement_time(Duration::from_millis(600))
        .sample_size(30);
    targets = bench_join
}
criterion_main!(benches);
