//! Streamed wide tables (`stream_wide`): the same rows, the same text and the same refusals as
//! the whole-file reader (`read_wide`), across block boundaries, with CRLF line ends, blank
//! lines, `na` and bad cells, repeated names, a file without a final line end, and a double
//! quote that sends the rest of the file to the thorough lane.

use std::io::Write as _;

use repere_core::batch::BatchScorer;
use repere_core::*;
use repere_table::batch::{StreamError, WideOptions, read_wide, stream_wide};

fn id(s: &str) -> Id {
    Id::new(s).unwrap()
}

fn en(s: &str) -> Text {
    Text::new(Lang::en(), s)
}

/// Six ordinal criteria in two dimensions (and, with `pct`, a percentage criterion in the
/// second); weights 0.5 to 3, weighted means: the coded lane applies when every criterion
/// is ordinal.
fn grid(pct: bool) -> (Grid, Profile) {
    let mut draft = GridDraft::new(id("g"), "1", en("G"), Lang::en());
    let lv = |i: &str, v| Level::new(id(i), v, en(i));
    draft.scales.push(Scale::ordinal(
        id("s"),
        en("s"),
        vec![lv("0", 0), lv("1", 1), lv("2", 2), lv("3", 3), lv("4", 4)],
    ));
    draft.scales.push(Scale {
        id: id("pct"),
        label: en("%"),
        kind: ScaleKind::Percentage,
    });
    for d in 0..2 {
        let mut dim = Dimension::new(id(&format!("d{d}")), en("D"));
        for c in 0..3 {
            let c = d * 3 + c;
            dim.criteria
                .push(Criterion::new(id(&format!("c{c}")), en("c"), id("s")));
        }
        if pct && d == 1 {
            dim.criteria
                .push(Criterion::new(id("p"), en("p"), id("pct")));
        }
        draft.dimensions.push(dim);
    }
    let g = Grid::new(draft).unwrap();
    let mut p = Profile::default_for(&g);
    p.overall = Aggregation::WeightedMean;
    p.weights_source = Some(en("test"));
    p.criterion_weights = (0..6)
        .map(|c| (id(&format!("c{c}")), 0.5 + (c % 6) as f64 * 0.5))
        .collect();
    (g, p)
}

/// A table of `rows` rows: levels, blanks and a few `na`, bad cells, blank lines, CRLF line
/// ends, names out of order and repeated; without a final line end.
fn table(rows: usize, pct: bool, increasing: bool) -> String {
    let mut t = String::from(if pct {
        "assessment,c0,c1,c2,c3,c4,c5,p\n"
    } else {
        "assessment,c0,c1,c2,c3,c4,c5\n"
    });
    let mut x = 7u64;
    for r in 0..rows {
        x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        let name = if !increasing && r % 5000 == 4999 {
            // Out of order, and sometimes a repeat of an earlier name.
            format!("a{:07}", r / 2)
        } else if increasing && r % 7000 == 6999 {
            format!("a{:07}", r - 1)
        } else {
            format!("a{r:07}")
        };
        t.push_str(&name);
        for c in 0..6 {
            let v = (x >> (8 + 5 * c)) % 23;
            t.push(',');
            match v {
                0 => {}
                1 if r % 3 == 0 => t.push_str("na"),
                2 if r % 1001 == 0 => t.push('9'),
                _ => t.push(char::from(b'0' + (v % 5) as u8)),
            }
        }
        if pct {
            t.push_str(&format!(",{}", (x >> 40) % 102));
        }
        if r % 777 == 0 {
            t.push_str("\r\n");
        } else if r % 1234 == 0 {
            t.push_str("\n\n");
        } else if r + 1 < rows {
            t.push('\n');
        }
    }
    t
}

fn format(name: &str, values: &[f64], out: &mut Vec<u8>) {
    out.extend_from_slice(name.as_bytes());
    for v in values {
        out.extend_from_slice(format!(",{:x}", v.to_bits()).as_bytes());
    }
    out.push(b'\n');
}

/// Streams `text` from a file and reads it whole; both give the same text and problems.
fn agree(text: &str, g: &Grid, p: &Profile) -> usize {
    let scorer = BatchScorer::new(g, p).unwrap();
    let mut file = tempfile::NamedTempFile::new().unwrap();
    file.write_all(text.as_bytes()).unwrap();
    file.flush().unwrap();
    let mut streamed = Vec::new();
    let mut sink = |b: &[u8]| -> Result<(), ()> {
        streamed.extend_from_slice(b);
        Ok(())
    };
    let done = stream_wide(
        file.path(),
        "t.csv",
        1 << 30,
        &scorer,
        2,
        &format,
        &mut sink,
    )
    .map_err(|e| match e {
        StreamError::Table(t) => t.to_string(),
        _ => "sink".to_owned(),
    })
    .unwrap();
    let whole = read_wide(
        "t.csv",
        text.as_bytes(),
        &scorer,
        WideOptions::new(2, false),
    )
    .unwrap();
    let mut expected = Vec::new();
    let w = scorer.row_width();
    for part in &whole.parts {
        for (r, v) in part.values.chunks_exact(w).enumerate() {
            format(part.id(r), v, &mut expected);
        }
    }
    assert_eq!(done.rows, whole.len());
    assert_eq!(done.refused, whole.refused);
    assert!(streamed == expected, "the streamed rows differ");
    assert_eq!(
        done.problems.map(|e| e.to_string()),
        whole.problems.map(|e| e.to_string())
    );
    done.rows
}

#[test]
fn streamed_rows_are_the_whole_readers_across_blocks() {
    for pct in [false, true] {
        let (g, p) = grid(pct);
        // About 4 MB: a few blocks of 2 MB, rows cut across their boundaries.
        let text = table(220_000, pct, false);
        assert!(text.len() > 4 << 20, "{}", text.len());
        let rows = agree(&text, &g, &p);
        assert!(rows > 200_000, "{rows}");
        let text = table(220_000, pct, true);
        agree(&text, &g, &p);
    }
}

#[test]
fn a_quote_sends_the_rest_to_the_thorough_lane() {
    let (g, p) = grid(false);
    let mut text = table(220_000, false, false);
    // A quoted name in the third block, and a field spanning two lines after it.
    let at = text[3 << 20..].find('\n').unwrap() + (3 << 20) + 1;
    text.insert_str(at, "\"q,1\",1,2,3,4,0,1\n\"multi\nline\",1,1,1,1,1,1\n");
    agree(&text, &g, &p);
    // A quoted header.
    let text = table(20_000, false, true).replacen("assessment", "\"assessment\"", 1);
    agree(&text, &g, &p);
}

#[test]
fn small_and_odd_files() {
    let (g, p) = grid(false);
    for text in [
        "assessment,c0,c1,c2,c3,c4,c5",
        "assessment,c0,c1,c2,c3,c4,c5\n",
        "\u{feff}assessment,c0,c1,c2,c3,c4,c5\r\na,1,2,3,4,0,\r\nb,1,2,3,4,0,na",
        "assessment,c0,c1,c2,c3,c4,c5\na,1,2,3,4,0,\na,1,2,3,4,0,1\n,1,1,1,1,1,1\nb,1,2\n",
        "assessment,c5,c4,c3,c2,c1,c0\nb,1,2,3,4,0,\na,1,2,3,4,0,1\nb,x,1,1,1,1,1\n",
    ] {
        agree(text, &g, &p);
    }
}

#[test]
fn header_problems_refuse_the_file_before_any_row() {
    let (g, p) = grid(false);
    let scorer = BatchScorer::new(&g, &p).unwrap();
    let mut file = tempfile::NamedTempFile::new().unwrap();
    file.write_all(b"assessment,c0,cx\na,1,2\n").unwrap();
    let mut written = 0;
    let mut sink = |b: &[u8]| -> Result<(), ()> {
        written += b.len();
        Ok(())
    };
    let e = stream_wide(
        file.path(),
        "t.csv",
        1 << 20,
        &scorer,
        2,
        &format,
        &mut sink,
    );
    let Err(StreamError::Table(e)) = e else {
        panic!("expected a table error")
    };
    assert!(e.to_string().starts_with("t.csv:1:"), "{e}");
    assert_eq!(written, 0);
}

#[test]
fn a_sink_error_stops_the_stream() {
    let (g, p) = grid(false);
    let scorer = BatchScorer::new(&g, &p).unwrap();
    let mut file = tempfile::NamedTempFile::new().unwrap();
    file.write_all(table(150_000, false, true).as_bytes())
        .unwrap();
    let mut calls = 0;
    let mut sink = |_: &[u8]| -> Result<(), &'static str> {
        calls += 1;
        if calls == 2 { Err("closed") } else { Ok(()) }
    };
    let e = stream_wide(
        file.path(),
        "t.csv",
        1 << 30,
        &scorer,
        2,
        &format,
        &mut sink,
    );
    assert!(matches!(e, Err(StreamError::Sink("closed"))));
    assert_eq!(calls, 2);
}

#[test]
fn a_large_weights_file_reads_the_same_on_threads_and_problems_are_located() {
    let (g, _) = grid(false);
    // Columns in another order than the grid's, CRLF line ends, a blank line: about 2 MB.
    let mut text = String::from("c5,c4,c3,c2,c1,c0\r\n");
    let mut expected = Vec::new();
    let mut x = 3u64;
    for r in 0..20_000 {
        let mut row = [0.0; 6];
        let mut fields = Vec::new();
        for c in (0..6).rev() {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let w = (x >> 11) as f64 / (1u64 << 53) as f64;
            row[c] = format!("{w:.17}").parse().unwrap();
            fields.push(format!("{w:.17}"));
        }
        expected.extend_from_slice(&row);
        text.push_str(&fields.join(","));
        text.push_str(if r == 7 { "\r\n\r\n" } else { "\r\n" });
    }
    assert!(text.len() > 1 << 20);
    let draws = repere_table::read_weights("w.csv", text.as_bytes(), &g).unwrap();
    assert_eq!(draws.len(), 20_000);
    assert!(draws.as_slice() == &expected[..]);
    // A bad weight near the end: located, as one by one.
    let bad = format!("{text}0.5,0.1,x,0.1,0.1,0.1\n");
    let e = repere_table::read_weights("w.csv", bad.as_bytes(), &g).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("w.csv:20003:9: column `c3`: `x` is not a number"),
        "{e}"
    );
    // A row of zeros.
    let zero = format!("{text}0,0,0,0,0,0\n");
    let e = repere_table::read_weights("w.csv", zero.as_bytes(), &g).unwrap_err();
    assert!(
        e.to_string().contains("every weight of the row is 0"),
        "{e}"
    );
}
