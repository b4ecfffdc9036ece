//! `repere agree`: Krippendorff's alpha on a CSV table of ratings.
//!
//! The file is read by [`repere_table::agree::read_ratings`] (its documentation describes
//! the CSV file, the fast lane and the thorough reader); this module holds the arguments,
//! the progress of a bootstrap, and the printing.
//!
//! With the environment variable `REPERE_TIMINGS` set, the time of each phase is printed to
//! stderr (see `docs/benchmarks.md`).

use repere_core::agreement::{
    AgreementError, MAX_RESAMPLES, MeasurementLevel, bootstrap_alpha_with_progress,
    krippendorff_alpha_parallel,
};

use repere_report::{AgreementDoc, Format, ReportLang, TableFacts};
use repere_table::agree::{describe, read_ratings};

use crate::Failure;
use crate::io::input;

/// At most this many threads read a file.
const MAX_THREADS: usize = 8;

/// Runs `repere agree`.
pub(crate) fn run(
    csv: &str,
    level: MeasurementLevel,
    bootstrap: Option<u32>,
    seed: u64,
    confidence: f64,
    json: bool,
    lang: ReportLang,
) -> Result<(), Failure> {
    if let Some(resamples) = bootstrap
        && (resamples == 0 || resamples > MAX_RESAMPLES)
    {
        return Err(Failure::usage(format!(
            "--bootstrap takes a number of resamples between 1 and {MAX_RESAMPLES}, got {resamples}"
        )));
    }
    if !(confidence > 0.0 && confidence < 1.0) {
        return Err(Failure::usage(format!(
            "--confidence takes a level strictly between 0 and 1 (such as 0.95), got {confidence}"
        )));
    }
    let source = input(csv);
    let shown = source.name();
    let mut clock = Clock::new();
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .clamp(1, MAX_THREADS);
    let loaded = read_ratings(&source, level, threads).map_err(crate::io::table_failure)?;
    clock.lap("read");
    let table = &loaded.table;
    let fail = |e: AgreementError| Failure::input(format!("{shown}: {}", describe(&e)));
    let (alpha, interval) = match bootstrap {
        Some(resamples) => {
            let mut progress = Progress::new(resamples);
            let ci = bootstrap_alpha_with_progress(
                table,
                level,
                resamples,
                seed,
                confidence,
                &mut |done, total| progress.show(done, total),
            );
            progress.finish();
            let ci = ci.map_err(fail)?;
            (ci.estimate, Some(ci))
        }
        None => (
            // Threads pay off from about a hundred thousand ratings.
            krippendorff_alpha_parallel(
                table,
                level,
                if table.len() < 1 << 17 { 1 } else { threads },
            )
            .map_err(fail)?,
            None,
        ),
    };
    clock.lap("alpha");
    let doc = AgreementDoc::new(
        &shown,
        table,
        &alpha,
        interval.as_ref(),
        TableFacts::new(
            loaded.labels,
            loaded.empty_values,
            loaded.ignored_columns.clone(),
        ),
        lang,
    );
    let format = if json { Format::Json } else { Format::Text };
    crate::io::print(&crate::commands::rendered(&doc, format, false)?)?;
    clock.lap("output");
    clock.report();
    Ok(())
}

/// Progress of a bootstrap on standard error, when it is a terminal and the run is long
/// enough to need it: `bootstrap: 37% (370/1000 resamples)`, on one line rewritten in place,
/// cleared at the end.
struct Progress {
    on: bool,
    shown: bool,
}

impl Progress {
    fn new(resamples: u32) -> Self {
        use std::io::IsTerminal as _;
        Self {
            on: resamples >= 100 && !crate::quiet() && std::io::stderr().is_terminal(),
            shown: false,
        }
    }

    fn show(&mut self, done: u32, total: u32) {
        if !self.on || total == 0 {
            return;
        }
        let percent = u64::from(done) * 100 / u64::from(total);
        let mut err = std::io::stderr().lock();
        let _ = std::io::Write::write_fmt(
            &mut err,
            format_args!("\rbootstrap: {percent:>3}% ({done}/{total} resamples)"),
        );
        let _ = std::io::Write::flush(&mut err);
        self.shown = true;
    }

    fn finish(&mut self) {
        if self.shown {
            // Erase the line: the result follows on standard output.
            let mut err = std::io::stderr().lock();
            let _ = std::io::Write::write_all(&mut err, b"\r\x1b[2K");
            let _ = std::io::Write::flush(&mut err);
        }
    }
}

/// Phase timings, printed to stderr when the environment variable `REPERE_TIMINGS` is set
/// (used by the benchmarks; see `docs/benchmarks.md`).
struct Clock {
    on: bool,
    start: std::time::Instant,
    last: std::time::Instant,
    laps: Vec<(&'static str, f64)>,
}

impl Clock {
    fn new() -> Self {
        let now = std::time::Instant::now();
        Self {
            on: std::env::var_os("REPERE_TIMINGS").is_some_and(|v| !v.is_empty()),
            start: now,
            last: now,
            laps: Vec::new(),
        }
    }

    fn lap(&mut self, name: &'static str) {
        if self.on {
            let now = std::time::Instant::now();
            self.laps.push((name, (now - self.last).as_secs_f64()));
            self.last = now;
        }
    }

    fn report(&self) {
        if self.on {
            let laps: Vec<String> = self
                .laps
                .iter()
                .map(|(name, s)| format!("{name} {:.1} ms", s * 1e3))
                .collect();
            crate::io::eprint_line(&format!(
                "timings: {}; total {:.1} ms",
                laps.join(", "),
                self.start.elapsed().as_secs_f64() * 1e3
            ));
        }
    }
}
