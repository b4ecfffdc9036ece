//! The observatory's documents ([`BatchDoc`], [`SensitivityDoc`]) as CSV and text; HTML in
//! [`html`]. Their fixed strings are here, in French and English ([`w`]), next to their only
//! use.

pub(crate) mod html;

use std::fmt::Write as _;

use crate::doc::batch::{BatchDoc, BatchRowsPart, CompletenessColumn};
use crate::doc::sensitivity::SensitivityDoc;
use crate::escape::{CsvCell, csv_needs_guard, terminal_line};
use crate::i18n::ReportLang;

/// A fixed string in the report's language.
pub(crate) fn w(lang: ReportLang, fr: &'static str, en: &'static str) -> &'static str {
    match lang {
        ReportLang::Fr => fr,
        _ => en,
    }
}

/// Appends `x` with six decimals, as C's and Python's `%.6f` write it: the exact binary value
/// rounded to 6 decimals, exact ties to even; `-0.000000` is written `0.000000`; NaN and
/// infinities write nothing (an empty CSV field).
///
/// ```
/// let mut s = String::new();
/// repere_report::fixed6(0.3125e-5, &mut s); // a tie: 0.000003125 → 0.000003 (even)
/// s.push(' ');
/// repere_report::fixed6(2.0 / 3.0, &mut s);
/// s.push(' ');
/// repere_report::fixed6(-1e-9, &mut s);
/// assert_eq!(s, "0.000003 0.666667 0.000000");
/// ```
pub fn fixed6(x: f64, out: &mut String) {
    let mut bytes = Vec::with_capacity(24);
    fixed6_bytes(x, &mut bytes);
    // Only ASCII digits, a sign and a point were written.
    out.push_str(std::str::from_utf8(&bytes).unwrap_or_default());
}

/// [`fixed6`] into bytes.
fn fixed6_bytes(x: f64, out: &mut Vec<u8>) {
    if !x.is_finite() {
        return;
    }
    // Fast path: x · 10⁶ computed in floating point is within 6·10⁻⁸ of the exact product for
    // 0 ≤ x < 1000, so when its fraction is not within 10⁻⁶ of one half, rounding it rounds
    // the exact product the same way; otherwise the exact path below decides.
    if (0.0..1000.0).contains(&x) {
        let y = x * 1e6;
        let t = y as u64; // ⌊y⌋, y ≥ 0
        let r = y - t as f64;
        if (r - 0.5).abs() > 1e-6 {
            let k = if r > 0.5 { t + 1 } else { t };
            push_fixed(k, out);
            return;
        }
    }
    let a = x.abs();
    if a >= 1e12 {
        let s = format!("{a:.6}");
        if x < 0.0 {
            out.push(b'-');
        }
        out.extend_from_slice(s.as_bytes());
        return;
    }
    let bits = a.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    let fraction = bits & ((1u64 << 52) - 1);
    let (m, e) = if biased == 0 {
        (fraction, -1074)
    } else {
        (fraction | (1u64 << 52), biased - 1075)
    };
    // x = m · 2^e; x · 10⁶ rounded to an integer, half to even.
    let n = u128::from(m) * 1_000_000;
    let q: u128 = if e >= 0 {
        n << e
    } else {
        let sh = (-e) as u32;
        if sh >= 127 {
            0
        } else {
            let q = n >> sh;
            let r = n - (q << sh);
            let half = 1u128 << (sh - 1);
            if r > half || (r == half && q & 1 == 1) {
                q + 1
            } else {
                q
            }
        }
    };
    if x < 0.0 && q != 0 {
        out.push(b'-');
    }
    // q < 10¹⁸ (x < 10¹²).
    push_fixed(q as u64, out);
}

/// Two decimal digits of each number below 100.
const PAIRS: &[u8; 200] = b"00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899";

/// `k / 10⁶` with six decimals, for `k` below 10⁷ (one integer digit).
#[inline]
fn eight(k: u64) -> [u8; 8] {
    let frac = (k % 1_000_000) as usize;
    let (a, b, c) = (frac / 10_000, frac / 100 % 100, frac % 100);
    let mut buf = [b'0', b'.', 0, 0, 0, 0, 0, 0];
    buf[0] = b'0' + (k / 1_000_000 % 10) as u8;
    buf[2..4].copy_from_slice(&PAIRS[a * 2..a * 2 + 2]);
    buf[4..6].copy_from_slice(&PAIRS[b * 2..b * 2 + 2]);
    buf[6..8].copy_from_slice(&PAIRS[c * 2..c * 2 + 2]);
    buf
}

/// [`fixed6_bytes`]'s fast path for a number in [0, 10): its eight bytes, or `None` when the
/// fast path does not decide (then [`fixed6_bytes`] does).
#[inline]
fn fixed6_small(x: f64) -> Option<[u8; 8]> {
    if !(0.0..10.0).contains(&x) {
        return None;
    }
    let y = x * 1e6;
    let t = y as u64;
    let r = y - t as f64;
    if (r - 0.5).abs() <= 1e-6 {
        return None;
    }
    let k = if r > 0.5 { t + 1 } else { t };
    (k < 10_000_000).then(|| eight(k))
}

/// Appends `k / 10⁶` with six decimals (`k` millionths).
fn push_fixed(k: u64, out: &mut Vec<u8>) {
    if k < 10_000_000 {
        // One integer digit (scores in [0, 1]): eight bytes at once.
        out.extend_from_slice(&eight(k));
        return;
    }
    let mut int = k / 1_000_000;
    let frac = (k % 1_000_000) as usize;
    // Up to 13 integer digits, a point, 6 decimals, written backwards.
    let mut buf = [b'0'; 21];
    let mut at = buf.len() - 6;
    let (a, b, c) = (frac / 10_000, frac / 100 % 100, frac % 100);
    buf[at..at + 2].copy_from_slice(&PAIRS[a * 2..a * 2 + 2]);
    buf[at + 2..at + 4].copy_from_slice(&PAIRS[b * 2..b * 2 + 2]);
    buf[at + 4..at + 6].copy_from_slice(&PAIRS[c * 2..c * 2 + 2]);
    at -= 1;
    buf[at] = b'.';
    loop {
        at -= 1;
        buf[at] = b'0' + (int % 10) as u8;
        int /= 10;
        if int == 0 {
            break;
        }
    }
    out.extend_from_slice(&buf[at..]);
}

/// A text cell of CSV, guarded and quoted as [`CsvCell::Text`] does, with a fast path for the
/// plain names most tables have.
fn push_text_cell(s: &str, out: &mut String) {
    let mut bytes = Vec::new();
    push_text_bytes(s, &mut bytes);
    out.push_str(&String::from_utf8_lossy(&bytes));
}

/// [`push_text_cell`] into bytes (UTF-8).
fn push_text_bytes(s: &str, out: &mut Vec<u8>) {
    let plain = !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-' | b' ' | b'/'))
        && !csv_needs_guard(s);
    if plain {
        out.extend_from_slice(s.as_bytes());
    } else {
        out.extend_from_slice(CsvCell::Text(s).to_field().as_bytes());
    }
}

/// Appends one row of a batch's CSV (its text after the header, line end included): the
/// name, each dimension's score, the overall score, then the completeness or the coverage, as
/// [`BatchDoc`]'s CSV writes them. `values` are a row as
/// [`BatchScorer::score_row`](repere_core::batch::BatchScorer::score_row) writes it (one per
/// dimension, then overall, completeness, coverage). For writers that stream their rows.
///
/// ```
/// use repere_report::{CompletenessColumn, batch_csv_row};
/// let mut out = Vec::new();
/// batch_csv_row("a1", &[0.5, f64::NAN, 0.5, 0.75, 0.8], CompletenessColumn::Weight, &mut out);
/// assert_eq!(out, b"a1,0.500000,,0.500000,0.800000\n");
/// ```
pub fn batch_csv_row(name: &str, values: &[f64], column: CompletenessColumn, out: &mut Vec<u8>) {
    let nd = values.len().saturating_sub(3);
    let last = match column {
        CompletenessColumn::Count => nd + 1,
        CompletenessColumn::Weight => nd + 2,
    };
    push_text_bytes(name, out);
    // The fields gathered on the stack, appended at once.
    let mut buf = [0u8; 128];
    let mut at = 0;
    let fields = values.get(..=nd).unwrap_or_default().iter().copied();
    for x in fields.chain(std::iter::once(
        values.get(last).copied().unwrap_or(f64::NAN),
    )) {
        if at + 10 > buf.len() {
            out.extend_from_slice(&buf[..at]);
            at = 0;
        }
        buf[at] = b',';
        at += 1;
        match fixed6_small(x) {
            Some(digits) => {
                buf[at..at + 8].copy_from_slice(&digits);
                at += 8;
            }
            None => {
                out.extend_from_slice(&buf[..at]);
                at = 0;
                fixed6_bytes(x, out);
            }
        }
    }
    buf[at] = b'\n';
    out.extend_from_slice(&buf[..=at]);
}

/// The batch as CSV: `assessment`, one column per dimension (its id), `overall`, then
/// `completeness` or `coverage`; scores `%.6f`, blank where there is none.
pub(crate) fn batch_csv(doc: &BatchDoc) -> String {
    let mut head = String::from("assessment");
    for d in &doc.dimensions {
        head.push(',');
        push_text_cell(&d.id, &mut head);
    }
    head.push_str(",overall,");
    head.push_str(match doc.completeness_column {
        CompletenessColumn::Count => "completeness",
        CompletenessColumn::Weight => "coverage",
    });
    head.push('\n');
    let nd = doc.rows.dimensions;
    let part_csv = |p: &BatchRowsPart, out: &mut Vec<u8>| {
        let w = nd + 3;
        out.reserve(p.ends.len() * (16 + 9 * (nd + 2)) + p.ids.len());
        let mut start = 0;
        for (r, end) in p.ends.iter().enumerate() {
            batch_csv_row(
                &p.ids[start..*end],
                &p.values[r * w..(r + 1) * w],
                doc.completeness_column,
                out,
            );
            start = *end;
        }
    };
    let parts = doc.rows.parts();
    let mut out: Vec<u8> = head.into_bytes();
    // The whole text's room at once: appending the other parts then moves nothing.
    out.reserve(doc.rows.len() * (16 + 9 * (nd + 2)) + 64);
    if parts.len() > 1 && doc.rows.len() > 10_000 {
        // The first part straight into the output, the others on their own threads.
        let rest: Vec<Vec<u8>> = std::thread::scope(|s| {
            let handles: Vec<_> = parts[1..]
                .iter()
                .map(|p| {
                    s.spawn(move || {
                        let mut b = Vec::new();
                        part_csv(p, &mut b);
                        b
                    })
                })
                .collect();
            part_csv(&parts[0], &mut out);
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_default())
                .collect()
        });
        for t in &rest {
            out.extend_from_slice(t);
        }
    } else {
        for p in parts {
            part_csv(p, &mut out);
        }
    }
    // Names are UTF-8 and everything else ASCII: one check for the whole text.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// The rank acceptability as CSV: `process,expected_rank,rank1,…,rankM`, shares `%.6f`.
pub(crate) fn sensitivity_csv(doc: &SensitivityDoc) -> String {
    let m = doc.processes.len();
    let mut out: Vec<u8> = Vec::with_capacity((m + 1) * (m * 9 + 24));
    out.extend_from_slice(b"process,expected_rank");
    for r in 1..=m {
        out.extend_from_slice(format!(",rank{r}").as_bytes());
    }
    out.push(b'\n');
    for p in &doc.processes {
        push_text_bytes(&p.process, &mut out);
        out.push(b',');
        fixed6_bytes(p.expected_rank, &mut out);
        for a in &p.acceptability {
            out.push(b',');
            match fixed6_small(*a) {
                Some(digits) => out.extend_from_slice(&digits),
                None => fixed6_bytes(*a, &mut out),
            }
        }
        out.push(b'\n');
    }
    // Names are UTF-8 and everything else ASCII: one check for the whole text.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// A share as a percentage with one decimal, in the language's style.
pub(crate) fn percent(x: f64, lang: ReportLang) -> String {
    let s = format!("{:.1} %", x * 100.0);
    match lang {
        ReportLang::Fr => s.replace('.', ","),
        _ => s.replace(" %", "%"),
    }
}

/// A score with three decimals, `–` when there is none.
pub(crate) fn score3(x: Option<f64>, lang: ReportLang) -> String {
    match x {
        Some(x) => {
            let s = format!("{x:.3}");
            match lang {
                ReportLang::Fr => s.replace('.', ","),
                _ => s,
            }
        }
        None => "–".to_owned(),
    }
}

/// The analysis as terminal text: how the weights were drawn, then per process its expected
/// rank, its most likely ranks and its score range.
pub(crate) fn sensitivity_text(doc: &SensitivityDoc) -> String {
    let lang = doc.lang;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} — {} {} · {} {}",
        w(
            lang,
            "Sensibilité aux poids (SMAA-2)",
            "Sensitivity to the weights (SMAA-2)"
        ),
        terminal_line(&doc.grid),
        terminal_line(&doc.grid_version),
        w(lang, "profil", "profile"),
        terminal_line(&doc.profile),
    );
    if doc.illustrative {
        let _ = writeln!(
            out,
            "{}",
            w(
                lang,
                "Données illustratives (démarches fictives).",
                "Illustrative data (made-up processes)."
            )
        );
    }
    let how = match doc.draws.kind {
        crate::doc::sensitivity::DrawsKind::Uniform => format!(
            "{} {} ({} {})",
            doc.draws.count,
            w(
                lang,
                "vecteurs de poids tirés uniformément",
                "weight vectors drawn uniformly"
            ),
            w(lang, "graine", "seed"),
            doc.draws.seed.unwrap_or_default()
        ),
        crate::doc::sensitivity::DrawsKind::Dirichlet => format!(
            "{} {} {} ({} {})",
            doc.draws.count,
            w(
                lang,
                "vecteurs de poids tirés autour du profil, concentration",
                "weight vectors drawn around the profile, concentration"
            ),
            crate::i18n::decimals(
                lang,
                &doc.draws.concentration.unwrap_or_default().to_string()
            ),
            w(lang, "graine", "seed"),
            doc.draws.seed.unwrap_or_default()
        ),
        crate::doc::sensitivity::DrawsKind::File => format!(
            "{} {} {}",
            doc.draws.count,
            w(
                lang,
                "vecteurs de poids lus dans",
                "weight vectors read from"
            ),
            terminal_line(doc.draws.file.as_deref().unwrap_or("-"))
        ),
    };
    let _ = writeln!(out, "{how}\n");
    let _ = writeln!(
        out,
        "{:<28} {:>9} {:>9} {:>17}  {}",
        w(lang, "démarche", "process"),
        w(lang, "rang esp.", "exp. rank"),
        w(lang, "rang 1", "rank 1"),
        w(lang, "score min–max", "score min–max"),
        w(lang, "rangs les plus probables", "most likely ranks"),
    );
    for p in &doc.processes {
        let mut likely: Vec<(usize, f64)> = p
            .acceptability
            .iter()
            .enumerate()
            .filter(|(_, a)| **a > 0.0)
            .map(|(r, a)| (r + 1, *a))
            .collect();
        likely.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let likely: Vec<String> = likely
            .iter()
            .take(3)
            .map(|(r, a)| format!("{r} ({})", percent(*a, lang)))
            .collect();
        let name: String = terminal_line(&p.process).chars().take(28).collect();
        let _ = writeln!(
            out,
            "{:<28} {:>9} {:>9} {:>17}  {}",
            name,
            score3(Some(p.expected_rank), lang),
            percent(p.acceptability.first().copied().unwrap_or(0.0), lang),
            format!(
                "{}–{}",
                score3(p.score_min, lang),
                score3(p.score_max, lang)
            ),
            likely.join(", ")
        );
    }
    if let Some(single) = &doc.single {
        let _ = writeln!(
            out,
            "\n{} {}",
            w(
                lang,
                "Score avec les poids du profil :",
                "Score with the profile's weights:"
            ),
            score3(single.profile_score, lang)
        );
        if let Some(q) = single.quantiles {
            let _ = writeln!(
                out,
                "{} 5 % {} · 25 % {} · 50 % {} · 75 % {} · 95 % {}",
                w(
                    lang,
                    "Quantiles sur les tirages :",
                    "Quantiles over the draws:"
                ),
                score3(Some(q[0]), lang),
                score3(Some(q[1]), lang),
                score3(Some(q[2]), lang),
                score3(Some(q[3]), lang),
                score3(Some(q[4]), lang)
            );
        }
        let _ = writeln!(
            out,
            "{}",
            w(
                lang,
                "Un poids à la fois (à 0 → doublé), du plus influent au moins influent :",
                "One weight at a time (at 0 → doubled), most influential first:"
            )
        );
        for s in single.sweep.iter().take(10) {
            let _ = writeln!(
                out,
                "  {:<28} {} → {}",
                terminal_line(&s.label).chars().take(28).collect::<String>(),
                score3(s.at_zero, lang),
                score3(s.doubled, lang)
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{CompletenessColumn, batch_csv_row, fixed6};

    #[test]
    fn fixed6_is_printf() {
        let mut x = 0.123_456_7_f64;
        let mut values = vec![
            0.0,
            1.0,
            0.5e-6,
            1.5e-6,
            2.5e-6,
            0.125,
            3.0 / 128.0,
            1.0 / 3.0,
            2.0 / 3.0,
            0.999_999_5,
            0.999_999_499_999,
            5e-324,
            123.456_789_5,
        ];
        for _ in 0..20_000 {
            x = (x * 7.3 + 0.011).fract();
            values.push(x);
            values.push((x * 1e6).round() / 1e6 + 5e-7);
            values.push((x * 4.0).round() / 4.0 * 0.3);
        }
        for v in values {
            let mut s = String::new();
            fixed6(v, &mut s);
            assert_eq!(s, format!("{v:.6}"), "{v:e}");
        }
        let mut s = String::new();
        fixed6(-0.0, &mut s);
        fixed6(f64::NAN, &mut s);
        assert_eq!(s, "0.000000");
    }

    #[test]
    fn a_batch_row_is_its_fields_written_one_by_one() {
        let mut x = 0.377_f64;
        let mut specials = vec![
            f64::NAN,
            -0.0,
            9.999_999_5,
            9.999_999_4,
            10.0,
            0.5e-6,
            2.5e-6,
            -0.25,
            1234.5,
            1e13,
            f64::INFINITY,
        ];
        for n in 0..30_000 {
            x = (x * 7.3 + 0.013).fract();
            let v = match n % 4 {
                0 => x,
                1 => (x * 1e6).round() / 1e6 + 5e-7,
                2 => specials.pop().unwrap_or(x * 10.0),
                _ => x * 10.0,
            };
            // Rows of 3 to 16 values (3 after the dimensions), every field through `fixed6`.
            let width = 3 + n % 14;
            let values: Vec<f64> = (0..width).map(|i| v * (1.0 + i as f64 / 7.0)).collect();
            for column in [CompletenessColumn::Count, CompletenessColumn::Weight] {
                let mut row = Vec::new();
                batch_csv_row("p-1", &values, column, &mut row);
                let nd = width - 3;
                let last = if column == CompletenessColumn::Count {
                    nd + 1
                } else {
                    nd + 2
                };
                let mut expected = String::from("p-1");
                for x in values[..=nd].iter().chain([values[last]].iter()) {
                    expected.push(',');
                    fixed6(*x, &mut expected);
                }
                expected.push('\n');
                assert_eq!(String::from_utf8(row).unwrap(), expected);
            }
        }
    }
}
