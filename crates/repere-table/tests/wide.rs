//! Wide tables: the fast lane and the thorough (quoted) lane give the same rows and the same
//! refusals; rows split across threads come back in file order.

use repere_core::batch::BatchScorer;
use repere_core::*;
use repere_table::batch::{WideOptions, read_wide};

fn id(s: &str) -> Id {
    Id::new(s).unwrap()
}

fn grid() -> Grid {
    let en = |s: &str| Text::new(Lang::en(), s);
    let mut draft = GridDraft::new(id("g"), "1", en("G"), Lang::en());
    let lv = |i: &str, v| Level::new(id(i), v, en(i));
    draft.scales.push(Scale::ordinal(
        id("s"),
        en("s"),
        vec![lv("no", 0), lv("partly", 1), lv("yes", 2), lv("3", 3)],
    ));
    draft.scales.push(Scale {
        id: id("pct"),
        label: en("%"),
        kind: ScaleKind::Percentage,
    });
    let mut d = Dimension::new(id("d"), en("D"));
    for c in ["c1", "c2", "c3"] {
        d.criteria.push(Criterion::new(id(c), en(c), id("s")));
    }
    d.criteria.push(Criterion::new(id("p"), en("p"), id("pct")));
    draft.dimensions.push(d);
    Grid::new(draft).unwrap()
}

/// A table of `rows` rows with every kind of cell and a few bad ones.
fn table(rows: usize) -> (String, String) {
    let cells = ["no", "partly", "yes", "3", "", "na", "1", "2"];
    let mut plain = String::from("assessment,c3,c1,c2,p\n");
    let mut quoted = String::from("\"assessment\",c3,c1,c2,p\n");
    let mut x = 11u64;
    for r in 0..rows {
        let mut fields = vec![format!("row{r:06}")];
        for _ in 0..3 {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            fields.push(cells[(x >> 40) as usize % cells.len()].to_owned());
        }
        fields.push(match r % 97 {
            5 => "101".to_owned(),
            7 => String::new(),
            _ => format!("{}", (x >> 33) % 101),
        });
        if r % 211 == 3 {
            fields[1] = "maybe".to_owned();
        }
        plain.push_str(&fields.join(","));
        plain.push('\n');
        let q: Vec<String> = fields.iter().map(|f| format!("\"{f}\"")).collect();
        quoted.push_str(&q.join(","));
        quoted.push('\n');
    }
    (plain, quoted)
}

#[test]
fn fast_and_thorough_lanes_agree() {
    let g = grid();
    let p = g.default_profile();
    let scorer = BatchScorer::new(&g, &p).unwrap();
    let (plain, quoted) = table(20_000);
    let fast = read_wide(
        "t.csv",
        plain.as_bytes(),
        &scorer,
        WideOptions::new(3, true),
    )
    .unwrap();
    let slow = read_wide(
        "t.csv",
        quoted.as_bytes(),
        &scorer,
        WideOptions::new(3, true),
    )
    .unwrap();
    let flat = |b: &repere_table::WideBatch| {
        let mut ids = Vec::new();
        let mut values = Vec::new();
        let mut cells = Vec::new();
        let mut lines = Vec::new();
        for part in &b.parts {
            for r in 0..part.len() {
                ids.push(part.id(r).to_owned());
            }
            values.extend(part.values.iter().map(|v| v.to_bits()));
            cells.extend(part.cells.iter().map(|v| v.to_bits()));
            lines.extend(part.lines.iter().copied());
        }
        (ids, values, cells, lines)
    };
    assert!(fast.parts.len() > 1, "the fast lane split the table");
    assert_eq!(flat(&fast), flat(&slow));
    assert_eq!(fast.refused, slow.refused);
    assert!(fast.refused > 200, "{}", fast.refused);
    let (ids, ..) = flat(&fast);
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "file order");
    let e = fast.problems.unwrap().to_string();
    assert!(e.contains("t.csv:5:"), "row 3 (line 5) has `maybe`: {e}");
}
