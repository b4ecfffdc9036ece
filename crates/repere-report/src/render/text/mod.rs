//! Terminal text: scorecards, comparisons, consolidations and agreement reports, one file
//! each; colours ([`Paint`]) are for scorecards.
//!
//! User text goes through [`terminal_line`](crate::terminal_line) (or
//! [`terminal_safe`](crate::terminal_safe) where a text may hold several lines, whose
//! continuation lines are then indented) before any colour is added.

mod agreement;
mod comparison;
mod consolidation;
mod crosswalk;
mod scorecard;

pub(crate) use agreement::agreement;
pub(crate) use comparison::comparison;
pub(crate) use consolidation::consolidation;
pub(crate) use crosswalk::crosswalk;
pub(crate) use scorecard::scorecard;

use anstyle::{AnsiColor, Style};
use repere_core::{STRENGTH_AT, WEAKNESS_AT};

use super::common::pct;

/// Scores from here up to [`STRENGTH_AT`] are shown in cyan: above the middle of the scale,
/// not yet a strength.
const ABOVE_MIDDLE: f64 = 0.5;

/// Terminal styling: bold, dim and coloured scores as ANSI SGR sequences (written by
/// `anstyle`), or plain text.
#[derive(Debug, Clone, Copy)]
struct Paint {
    color: bool,
}

impl Paint {
    /// `s` in `style`, reset after; `s` itself without colours.
    fn paint(self, style: Style, s: &str) -> String {
        if self.color {
            format!("{style}{s}{style:#}")
        } else {
            s.to_owned()
        }
    }

    fn bold(self, s: &str) -> String {
        self.paint(Style::new().bold(), s)
    }

    fn dim(self, s: &str) -> String {
        self.paint(Style::new().dimmed(), s)
    }

    fn score(self, score: Option<f64>) -> String {
        self.score_padded(score, 0)
    }

    /// The score right-aligned in `width` columns, padded before the colour is added: green
    /// for a strength ([`STRENGTH_AT`]), cyan above the middle, yellow above a weakness
    /// ([`WEAKNESS_AT`]), red for a weakness.
    fn score_padded(self, score: Option<f64>, width: usize) -> String {
        let text = format!("{:>width$}", pct(score));
        let Some(s) = score else {
            return text;
        };
        let color = if s >= STRENGTH_AT {
            AnsiColor::Green
        } else if s >= ABOVE_MIDDLE {
            AnsiColor::Cyan
        } else if s > WEAKNESS_AT {
            AnsiColor::Yellow
        } else {
            AnsiColor::Red
        };
        self.paint(color.on_default(), &text)
    }
}

/// The accounts of assessments carried from another grid, each a heading and indented lines.
fn carried(s: &mut String, carried: &[crate::CarriedDoc], lang: crate::ReportLang) {
    use std::fmt::Write as _;
    for c in carried {
        let (head, lines) = super::common::carried_lines(c, lang, super::common::text_line);
        let _ = writeln!(s, "\n{head}");
        for l in lines {
            let _ = writeln!(s, "  {l}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_are_sgr_sequences() {
        let p = Paint { color: true };
        assert_eq!(p.bold("x"), "\x1b[1mx\x1b[0m");
        assert_eq!(p.dim("x"), "\x1b[2mx\x1b[0m");
        assert_eq!(p.score(Some(STRENGTH_AT)), "\x1b[32m75 %\x1b[0m");
        assert_eq!(p.score(Some(0.5)), "\x1b[36m50 %\x1b[0m");
        assert_eq!(p.score(Some(0.26)), "\x1b[33m26 %\x1b[0m");
        assert_eq!(p.score(Some(WEAKNESS_AT)), "\x1b[31m25 %\x1b[0m");
        assert_eq!(p.score_padded(None, 5), "    —");
        let plain = Paint { color: false };
        assert_eq!(plain.score_padded(Some(1.0), 5), "100 %");
        assert_eq!(plain.bold("x"), "x");
    }
}
