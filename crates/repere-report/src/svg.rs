//! SVG charts: a radar of dimensions (one polygon per series) and bars per dimension.

use std::fmt::Write as _;

/// One polygon of a radar chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// Its name, for the legend.
    pub name: String,
    /// Its colour, `#rrggbb`.
    pub color: String,
    /// One score (0 to 1) per axis; `None` where there is none (drawn at the centre, marked).
    pub values: Vec<Option<f64>>,
}

/// Colours for successive series, distinguishable and printable.
pub const PALETTE: &[&str] = &[
    "#1f5fa8", "#c0392b", "#2e7d32", "#8e44ad", "#d68910", "#117a65", "#5d6d7e",
];

/// Escapes text for XML and HTML.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn f(x: f64) -> String {
    format!("{x:.1}")
}

/// A radar chart: one axis per label, rings at 25 %, 50 %, 75 % and 100 %, one polygon per
/// series. The SVG carries `data-axes` (the number of axes) for checks.
pub fn radar(title: &str, axes: &[String], series: &[Series]) -> String {
    let (width, size) = (760.0, 520.0);
    let (cx, cy, r) = (width / 2.0, size / 2.0 + 10.0, 170.0);
    let n = axes.len().max(1);
    let angle =
        |i: usize| -std::f64::consts::FRAC_PI_2 + std::f64::consts::TAU * i as f64 / n as f64;
    let point = |i: usize, v: f64| (cx + r * v * angle(i).cos(), cy + r * v * angle(i).sin());
    let height = size + 20.0 + 22.0 * series.len() as f64;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="radar" data-axes="{}" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-label="{}">"#,
        axes.len(),
        esc(title)
    );
    let _ = write!(s, "<title>{}</title>", esc(title));
    for ring in [0.25, 0.5, 0.75, 1.0] {
        let pts: Vec<String> = (0..n)
            .map(|i| point(i, ring))
            .map(|(x, y)| format!("{},{}", f(x), f(y)))
            .collect();
        let _ = write!(
            s,
            r##"<polygon points="{}" fill="none" stroke="#c8ccd2" stroke-width="1"/>"##,
            pts.join(" ")
        );
        let (_, y) = point(0, ring);
        let _ = write!(
            s,
            r##"<text x="{}" y="{}" font-size="10" fill="#6b7280">{:.0} %</text>"##,
            f(cx + 4.0),
            f(y - 2.0),
            ring * 100.0
        );
    }
    for (i, label) in axes.iter().enumerate() {
        let (x, y) = point(i, 1.0);
        let _ = write!(
            s,
            r##"<line class="axis" x1="{}" y1="{}" x2="{}" y2="{}" stroke="#9aa1ab" stroke-width="1"/>"##,
            f(cx),
            f(cy),
            f(x),
            f(y)
        );
        let (lx, ly) = point(i, 1.14);
        let anchor = if (lx - cx).abs() < 1.0 {
            "middle"
        } else if lx > cx {
            "start"
        } else {
            "end"
        };
        let _ = write!(
            s,
            r##"<text class="axis-label" x="{}" y="{}" font-size="12" text-anchor="{anchor}" dominant-baseline="middle" fill="#1f2933">{}</text>"##,
            f(lx),
            f(ly),
            esc(&shorten(label, 30))
        );
    }
    for (k, se) in series.iter().enumerate() {
        let pts: Vec<String> = (0..n)
            .map(|i| {
                point(
                    i,
                    se.values
                        .get(i)
                        .copied()
                        .flatten()
                        .unwrap_or(0.0)
                        .clamp(0.0, 1.0),
                )
            })
            .map(|(x, y)| format!("{},{}", f(x), f(y)))
            .collect();
        let _ = write!(
            s,
            r#"<polygon class="series" data-series="{k}" points="{}" fill="{}" fill-opacity="0.18" stroke="{}" stroke-width="2"/>"#,
            pts.join(" "),
            esc(&se.color),
            esc(&se.color)
        );
        for (i, v) in se.values.iter().enumerate() {
            let (x, y) = point(i, v.unwrap_or(0.0).clamp(0.0, 1.0));
            match v {
                Some(_) => {
                    let _ = write!(
                        s,
                        r#"<circle cx="{}" cy="{}" r="3.5" fill="{}"/>"#,
                        f(x),
                        f(y),
                        esc(&se.color)
                    );
                }
                None => {
                    let _ = write!(
                        s,
                        r##"<circle cx="{}" cy="{}" r="3.5" fill="#fff" stroke="{}"/>"##,
                        f(x),
                        f(y),
                        esc(&se.color)
                    );
                }
            }
        }
        let ly = size + 8.0 + 22.0 * k as f64;
        let _ = write!(
            s,
            r##"<rect x="20" y="{}" width="14" height="14" fill="{}"/><text x="40" y="{}" font-size="12" fill="#1f2933">{}</text>"##,
            f(ly),
            esc(&se.color),
            f(ly + 11.0),
            esc(&shorten(&se.name, 110))
        );
    }
    s.push_str("</svg>");
    s
}

/// Horizontal bars, one per label, with the score written at the end; a bar may carry its
/// band colour.
pub fn bars(title: &str, rows: &[(String, Option<f64>, Option<String>)]) -> String {
    let (w, label_w, bar_w, row_h) = (640.0, 230.0, 330.0, 26.0);
    let h = 10.0 + row_h * rows.len() as f64;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="bars" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-label="{}"><title>{}</title>"#,
        esc(title),
        esc(title)
    );
    for (i, (label, score, color)) in rows.iter().enumerate() {
        let y = 5.0 + row_h * i as f64;
        let _ = write!(
            s,
            r##"<text x="{}" y="{}" font-size="12" text-anchor="end" dominant-baseline="middle" fill="#1f2933">{}</text>"##,
            f(label_w - 8.0),
            f(y + row_h / 2.0 - 2.0),
            esc(&shorten(label, 34))
        );
        let _ = write!(
            s,
            r##"<rect x="{label_w}" y="{}" width="{bar_w}" height="16" fill="#eef0f3"/>"##,
            f(y + 3.0)
        );
        if let Some(v) = score {
            let _ = write!(
                s,
                r#"<rect class="bar" x="{label_w}" y="{}" width="{}" height="16" fill="{}"/>"#,
                f(y + 3.0),
                f(bar_w * v.clamp(0.0, 1.0)),
                esc(color.as_deref().unwrap_or("#1f5fa8"))
            );
        }
        let _ = write!(
            s,
            r##"<text x="{}" y="{}" font-size="12" dominant-baseline="middle" fill="#1f2933">{}</text>"##,
            f(label_w + bar_w + 8.0),
            f(y + row_h / 2.0 - 2.0),
            crate::model::pct(*score)
        );
    }
    s.push_str("</svg>");
    s
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        let mut out: String = s.chars().take(max - 1).collect();
        out.push('…');
        out
    }
}
