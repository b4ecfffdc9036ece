//! SVG charts, inline in HTML pages: a radar of dimensions (one polygon per series) and bars
//! per dimension. Written with [`Html`], so every label is escaped.

use std::f64::consts::{FRAC_PI_2, TAU};

use super::markup::Html;
use crate::render::common::pct;

/// One polygon of a radar chart.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Series {
    /// Its name, for the legend.
    pub(crate) name: String,
    /// Its colour, `#rrggbb`.
    pub(crate) color: String,
    /// One score (0 to 1) per axis; `None` where there is none: left out of the outline, and
    /// marked by a hollow dot at the centre.
    pub(crate) values: Vec<Option<f64>>,
    /// Per axis, whether the score rests on part of the criteria only (some applicable ones
    /// not rated): its dot is hollow, a ring at the value.
    pub(crate) partial: Vec<bool>,
}

/// One bar of a bar chart: a label, a score, and a colour (a band's) or the default one.
pub(crate) type Bar = (String, Option<f64>, Option<String>);

/// Colours for successive series, distinguishable and printable.
pub(crate) const PALETTE: &[&str] = &[
    "#1f5fa8", "#c0392b", "#2e7d32", "#8e44ad", "#d68910", "#117a65", "#5d6d7e",
];

/// The SVG namespace.
const SVG_NS: &str = "http://www.w3.org/2000/svg";
/// Dark text.
const INK: &str = "#1f2933";

/// A coordinate with one decimal.
fn f(x: f64) -> String {
    format!("{x:.1}")
}

/// Points `x,y x,y ...` of a polygon.
fn points(pts: impl Iterator<Item = (f64, f64)>) -> String {
    pts.map(|(x, y)| format!("{},{}", f(x), f(y)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The geometry of a radar chart: its centre, radius and number of axes.
struct Radar {
    cx: f64,
    cy: f64,
    r: f64,
    n: usize,
}

impl Radar {
    const WIDTH: f64 = 760.0;
    const SIZE: f64 = 520.0;

    fn new(axes: usize) -> Self {
        Radar {
            cx: Self::WIDTH / 2.0,
            cy: Self::SIZE / 2.0 + 10.0,
            r: 170.0,
            n: axes.max(1),
        }
    }

    /// The point at `v` (0 at the centre, 1 on the outer ring) of axis `i`.
    fn point(&self, i: usize, v: f64) -> (f64, f64) {
        let angle = -FRAC_PI_2 + TAU * i as f64 / self.n as f64;
        (
            self.cx + self.r * v * angle.cos(),
            self.cy + self.r * v * angle.sin(),
        )
    }

    /// The polygon of one value per axis.
    /// The outline through the axes that have a value: an axis without one is left out (the
    /// outline goes straight from its neighbour to its neighbour), never drawn as 0.
    fn polygon(&self, value: impl Fn(usize) -> Option<f64>) -> String {
        points((0..self.n).filter_map(|i| value(i).map(|v| self.point(i, v))))
    }
}

/// A radar chart: one axis per label, rings at 25 %, 50 %, 75 % and 100 %, one polygon per
/// series. The SVG carries `data-axes` (the number of axes) for checks.
pub(crate) fn radar(h: &mut Html, title: &str, axes: &[String], series: &[Series]) {
    let g = Radar::new(axes.len());
    let (width, height) = (
        Radar::WIDTH,
        Radar::SIZE + 20.0 + 22.0 * series.len() as f64,
    );
    let (width, height) = (width.to_string(), height.to_string());
    h.open(
        "svg",
        &[
            ("xmlns", SVG_NS),
            ("class", "radar"),
            ("data-axes", &axes.len().to_string()),
            ("viewBox", &format!("0 0 {width} {height}")),
            ("width", &width),
            ("height", &height),
            ("role", "img"),
            ("aria-label", title),
        ],
    );
    h.element("title", &[], title);
    rings(h, &g);
    for (i, label) in axes.iter().enumerate() {
        axis(h, &g, i, label);
    }
    for (k, se) in series.iter().enumerate() {
        polygon(h, &g, k, se);
    }
    h.close("svg");
}

/// The rings at 25 %, 50 %, 75 % and 100 %, each with its value.
fn rings(h: &mut Html, g: &Radar) {
    for ring in [0.25, 0.5, 0.75, 1.0] {
        let pts = g.polygon(|_| Some(ring));
        h.empty(
            "polygon",
            &[
                ("points", &pts),
                ("fill", "none"),
                ("stroke", "#c8ccd2"),
                ("stroke-width", "1"),
            ],
        );
        let (_, y) = g.point(0, ring);
        let (x, y) = (f(g.cx + 4.0), f(y - 2.0));
        let attrs = [
            ("x", x.as_str()),
            ("y", &y),
            ("font-size", "10"),
            ("fill", "#6b7280"),
        ];
        h.element("text", &attrs, &format!("{:.0} %", ring * 100.0));
    }
}

/// Axis `i`: its line from the centre and its label beyond the outer ring.
fn axis(h: &mut Html, g: &Radar, i: usize, label: &str) {
    let (x, y) = g.point(i, 1.0);
    let (x1, y1, x2, y2) = (f(g.cx), f(g.cy), f(x), f(y));
    let line = [
        ("class", "axis"),
        ("x1", &x1),
        ("y1", &y1),
        ("x2", &x2),
        ("y2", &y2),
        ("stroke", "#9aa1ab"),
        ("stroke-width", "1"),
    ];
    h.empty("line", &line);
    let (lx, ly) = g.point(i, 1.14);
    let anchor = if (lx - g.cx).abs() < 1.0 {
        "middle"
    } else if lx > g.cx {
        "start"
    } else {
        "end"
    };
    let (lx, ly) = (f(lx), f(ly));
    let text = [
        ("class", "axis-label"),
        ("x", &lx),
        ("y", &ly),
        ("font-size", "12"),
        ("text-anchor", anchor),
        ("dominant-baseline", "middle"),
        ("fill", INK),
    ];
    h.element("text", &text, &shorten(label, 30));
}

/// Series `k`: its polygon through the axes that have a value, a dot per value (a hollow dot
/// at the centre where there is none) and its legend.
fn polygon(h: &mut Html, g: &Radar, k: usize, se: &Series) {
    let value = |i: usize| se.values.get(i).copied().flatten();
    let pts = g.polygon(|i| value(i).map(|v| v.clamp(0.0, 1.0)));
    let color = se.color.as_str();
    h.empty(
        "polygon",
        &[
            ("class", "series"),
            ("data-series", &k.to_string()),
            ("points", &pts),
            ("fill", color),
            ("fill-opacity", "0.18"),
            ("stroke", color),
            ("stroke-width", "2"),
        ],
    );
    for (i, v) in se.values.iter().enumerate() {
        let (x, y) = g.point(i, v.unwrap_or(0.0).clamp(0.0, 1.0));
        let (x, y) = (f(x), f(y));
        let at = [("cx", x.as_str()), ("cy", y.as_str()), ("r", "3.5")];
        match v {
            Some(_) if se.partial.get(i).copied().unwrap_or(false) => h.empty(
                "circle",
                &[
                    ("class", "partial"),
                    at[0],
                    at[1],
                    ("r", "5"),
                    ("fill", "#fff"),
                    ("stroke", color),
                    ("stroke-width", "2.5"),
                ],
            ),
            Some(_) => h.empty("circle", &[at[0], at[1], at[2], ("fill", color)]),
            None => h.empty(
                "circle",
                &[at[0], at[1], at[2], ("fill", "#fff"), ("stroke", color)],
            ),
        };
    }
    let ly = Radar::SIZE + 8.0 + 22.0 * k as f64;
    let (y, ty) = (f(ly), f(ly + 11.0));
    h.empty(
        "rect",
        &[
            ("x", "20"),
            ("y", &y),
            ("width", "14"),
            ("height", "14"),
            ("fill", color),
        ],
    );
    let legend = [("x", "40"), ("y", &ty), ("font-size", "12"), ("fill", INK)];
    h.element("text", &legend, &shorten(&se.name, 110));
}

/// Horizontal bars, one per label, with the score written at the end; a bar may carry its
/// band colour.
pub(crate) fn bars(h: &mut Html, title: &str, rows: &[Bar]) {
    let (w, row_h) = (640.0_f64, 26.0);
    let (w, ht) = (
        w.to_string(),
        (10.0 + row_h * rows.len() as f64).to_string(),
    );
    h.open(
        "svg",
        &[
            ("xmlns", SVG_NS),
            ("class", "bars"),
            ("viewBox", &format!("0 0 {w} {ht}")),
            ("width", &w),
            ("height", &ht),
            ("role", "img"),
            ("aria-label", title),
        ],
    );
    h.element("title", &[], title);
    for (i, row) in rows.iter().enumerate() {
        bar(h, 5.0 + row_h * i as f64, row_h, row);
    }
    h.close("svg");
}

/// One bar at `y`: its label, its track, the bar itself when there is a score, the score.
fn bar(h: &mut Html, y: f64, row_h: f64, (label, score, color): &Bar) {
    let (label_w, bar_w) = (230.0_f64, 330.0_f64);
    let text_y = f(y + row_h / 2.0 - 2.0);
    let (lw, bw, top) = (label_w.to_string(), bar_w.to_string(), f(y + 3.0));
    let name_x = f(label_w - 8.0);
    let name = [
        ("x", name_x.as_str()),
        ("y", &text_y),
        ("font-size", "12"),
        ("text-anchor", "end"),
        ("dominant-baseline", "middle"),
        ("fill", INK),
    ];
    h.element("text", &name, &shorten(label, 34));
    let track = [
        ("x", lw.as_str()),
        ("y", &top),
        ("width", &bw),
        ("height", "16"),
        ("fill", "#eef0f3"),
    ];
    h.empty("rect", &track);
    if let Some(v) = score {
        let fill = color.as_deref().unwrap_or(PALETTE[0]);
        let width = f(bar_w * v.clamp(0.0, 1.0));
        let attrs = [
            ("class", "bar"),
            ("x", lw.as_str()),
            ("y", &top),
            ("width", &width),
            ("height", "16"),
            ("fill", fill),
        ];
        h.empty("rect", &attrs);
    }
    let value_x = f(label_w + bar_w + 8.0);
    let value = [
        ("x", value_x.as_str()),
        ("y", &text_y),
        ("font-size", "12"),
        ("dominant-baseline", "middle"),
        ("fill", INK),
    ];
    h.element("text", &value, &pct(*score));
}

/// The text cut to `max` characters, `…` at the end when it was longer.
fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        let mut out: String = s.chars().take(max - 1).collect();
        out.push('…');
        out
    }
}
