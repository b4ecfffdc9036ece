//! Survey aggregation benchmarks (workload Q1 of `shared/perf`, scaled down): a long response
//! file of 1 million answers (25,000 respondents of 200 processes, 40 questions, answers 1 to
//! 5), counted by the fast lane (`read_responses` on a file) and by the thorough reader on the
//! `csv` crate (`parse_responses` on bytes), then summarised (`summarize`: per process and
//! question, Wilson intervals, per process).
//!
//! Run with `cargo bench --bench surveys`; `cargo test --benches` only checks that they run.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use repere::core::survey::summarize;
use repere::fs::Input;
use repere::table::survey::{parse_responses, read_responses};

/// A long response file: respondents in increasing order, each in one process.
fn responses(respondents: usize, questions: usize) -> String {
    let mut text = String::from("respondent,process,question,answer\n");
    let mut state: u64 = 20_240_601;
    let mut next = |n: u64| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) % n
    };
    for r in 0..respondents {
        let process = next(200) + 1;
        for q in 1..=questions {
            if next(20) == 0 {
                continue; // a skipped question
            }
            let answer = next(5) + 1;
            text.push_str(&format!("s{r:08},p{process:04},q{q:02},{answer}\n"));
        }
    }
    text
}

fn surveys(c: &mut Criterion) {
    // A tenth of the file when `cargo test --benches` only checks that the benchmarks run.
    let benchmarking = std::env::args().any(|a| a == "--bench");
    let text = responses(if benchmarking { 25_000 } else { 2_500 }, 40);
    let dir = std::env::temp_dir().join(format!("repere-bench-surveys-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let path = dir.join("responses.csv");
    std::fs::write(&path, &text).expect("the file is written");
    let input = Input::Path(path.clone());
    let threads = std::thread::available_parallelism().map_or(1, usize::from);

    let mut group = c.benchmark_group("survey-1M-answers");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(10);
    group.bench_function("fast lane (file)", |b| {
        b.iter(|| read_responses(black_box(&input), None, threads).expect("reads"))
    });
    group.bench_function("thorough reader (csv crate)", |b| {
        b.iter(|| {
            parse_responses("responses.csv", black_box(text.as_bytes()), None).expect("reads")
        })
    });
    let tally = read_responses(&input, None, threads).expect("reads").tally;
    group.bench_function("summarize", |b| {
        b.iter(|| summarize(black_box(&tally), None))
    });
    group.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, surveys);
criterion_main!(benches);
