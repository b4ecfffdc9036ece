//! User text made safe for each output format.
//!
//! Everything that comes from users' files (process and assessor names, organisations,
//! justifications, reasons, evidence, the labels and descriptions of grids, scales, profiles
//! and bands, source titles and URLs, versions...) is *data*: it is shown, never interpreted.
//! Each format has one function for it, and every renderer of this crate goes through them:
//!
//! | format | function | guarantee |
//! |---|---|---|
//! | terminal text | [`terminal_safe`], [`terminal_line`] | no control character but `\n` (none in a line), no bidirectional override |
//! | Markdown | [`md_text`] (and [`md_link`] for URLs) | the text is one run of inline text: no HTML, no link, no emphasis, no code, no table cell break, no new block |
//! | HTML and SVG | the renderers' markup builder (internal), which escapes every text and attribute value | `&`, `<`, `>`, `"` and `'` as entities: text and attribute values alike |
//! | CSV | [`CsvCell`], [`csv_row`] | one RFC 4180 field (quoted by the `csv` crate); text guarded against formulas (below), numbers as numbers |
//! | JSON | serde_json | JSON string escaping |
//!
//! **Unsafe characters.** [`is_unsafe_char`] names the characters that must not reach a
//! terminal or a line-based format raw: control characters (C0 `U+0000`–`U+001F`, DEL `U+007F`,
//! C1 `U+0080`–`U+009F`: [`char::is_control`], as the TOML writer uses), the bidirectional
//! embeddings, overrides and isolates (`U+202A`–`U+202E`, `U+2066`–`U+2069`) and the Unicode
//! line and paragraph separators (`U+2028`, `U+2029`). Each is replaced by a space, one for one,
//! so column widths do not change; where a text may hold several lines, `\n` is kept and
//! `\r\n` becomes `\n`.
//!
//! **CSV formula guard.** Spreadsheets open a cell that starts with `=`, `+`, `-` or `@` (or a
//! tab or a carriage return) as a formula. A CSV *text* cell (a name, a label, a
//! justification...) whose first character after any leading white space or control
//! characters is one of `=`, `+`, `-`, `@`, or whose first character is a tab, a carriage
//! return or an apostrophe, is written with one apostrophe `'` in front, so a spreadsheet shows it as text. To read the
//! original text back, remove one leading `'` from a text cell that starts with one (the guard
//! also applies to text that already started with `'`, so the rule has no exception).
//! Control characters in text cells are replaced as above (a line break is kept, inside
//! quotes). Numbers that the report computes (scores, weights, gaps, such as `-0.250000`) are
//! written as they are, never guarded.

use std::borrow::Cow;

/// Whether a character must not reach a terminal or a line-based format raw: a control
/// character ([`char::is_control`]: C0, DEL, C1), a bidirectional embedding, override or
/// isolate (`U+202A`–`U+202E`, `U+2066`–`U+2069`), or a line or paragraph separator
/// (`U+2028`, `U+2029`). `\n` and `\t` are control characters too.
pub fn is_unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}')
}

/// User text that may hold several lines, safe for a terminal: `\n` is kept, `\r\n` becomes
/// `\n`, and every other unsafe character (see [`is_unsafe_char`]: ESC, BEL, tabs, carriage
/// returns, DEL, C1 controls, bidirectional overrides...) becomes a space. Borrows when there
/// is nothing to replace.
///
/// ```
/// use repere_report::terminal_safe;
/// assert_eq!(terminal_safe("ok\r\n\u{1b}]0;title\u{7}"), "ok\n ]0;title ");
/// assert_eq!(terminal_safe("Débat public (2023)"), "Débat public (2023)");
/// ```
pub fn terminal_safe(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| c != '\n' && is_unsafe_char(c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' => out.push('\n'),
            '\r' if chars.peek() == Some(&'\n') => {}
            c if is_unsafe_char(c) => out.push(' '),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// User text shown on one line of a terminal (a name, a label, a table row): every unsafe
/// character, `\n` included, becomes a space, one for one (see [`is_unsafe_char`]). Borrows
/// when there is nothing to replace.
///
/// ```
/// use repere_report::terminal_line;
/// assert_eq!(terminal_line("a\nb\u{1b}[2J"), "a b [2J");
/// ```
pub fn terminal_line(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe_char) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| if is_unsafe_char(c) { ' ' } else { c })
            .collect(),
    )
}

/// User text as Markdown inline text, for any place of a Markdown document: a paragraph, a
/// list item, a heading, a table cell, the start of a line.
///
/// Guarantees, for CommonMark and GitHub Flavored Markdown: the result renders as the text
/// itself, on one line, and nothing else:
/// - no HTML: `<`, `>` and `&` become `&lt;`, `&gt;` and `&amp;` (so no tag, no comment, no
///   autolink, no entity of the user's);
/// - no inline structure: `\`, `` ` ``, `*`, `_`, `[`, `]`, `~` and `|` are backslash-escaped
///   (no code span, emphasis, strikethrough, link or image, and no table cell break);
/// - no new block: unsafe characters (see [`is_unsafe_char`]), line breaks included, become
///   spaces; leading and trailing spaces are removed; a leading `#`, `+`, `-` or `=`, the `.`
///   or `)` of a leading number (an ordered list) and a trailing `#` (a heading's closing
///   sequence) are backslash-escaped.
///
/// Ordinary punctuation (`(`, `)`, `.`, `'`, `"`, `:`, `!`...) is left as it is.
///
/// ```
/// use repere_report::md_text;
/// assert_eq!(md_text("l'accès (2023)"), "l'accès (2023)");
/// assert_eq!(md_text("<img src=x onerror=alert(1)>"), "&lt;img src=x onerror=alert(1)&gt;");
/// assert_eq!(md_text("# a | b\n<b>c</b>"), r"\# a \| b &lt;b&gt;c&lt;/b&gt;");
/// ```
pub fn md_text(s: &str) -> String {
    let line = terminal_line(s);
    let line = line.trim_matches(' ');
    let mut out = String::with_capacity(line.len() + 8);
    // A leading number followed by `.` or `)` starts an ordered list.
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let last = line.char_indices().last().map(|(i, _)| i);
    for (i, c) in line.char_indices() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '~' | '|' => {
                out.push('\\');
                out.push(c);
            }
            '#' | '+' | '-' | '=' if i == 0 => {
                out.push('\\');
                out.push(c);
            }
            '#' if Some(i) == last => out.push_str("\\#"),
            '.' | ')' if digits > 0 && i == digits => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// A URL from a user's file for Markdown: an autolink `<url>` when it is an `http://`,
/// `https://` or `mailto:` address that an autolink can hold whole (no space, no unsafe
/// character, no `<`, `>` or backslash); otherwise the text itself through [`md_text`], so a
/// `javascript:` or `data:` address is never a link.
///
/// ```
/// use repere_report::md_link;
/// assert_eq!(md_link("https://example.org/a?b=1"), "<https://example.org/a?b=1>");
/// assert_eq!(md_link("javascript:alert(1)"), "javascript:alert(1)");
/// ```
pub fn md_link(url: &str) -> String {
    let lower = url.to_ascii_lowercase();
    let scheme_ok = ["https://", "http://", "mailto:"]
        .iter()
        .any(|p| lower.starts_with(p) && lower.len() > p.len());
    let chars_ok = !url
        .chars()
        .any(|c| c.is_whitespace() || is_unsafe_char(c) || matches!(c, '<' | '>' | '\\'));
    if scheme_ok && chars_ok {
        format!("<{url}>")
    } else {
        md_text(url)
    }
}

/// One cell of a CSV row. Text and numbers are told apart by type, so that the formula guard
/// applies to text only and a computed number such as `-0.250000` stays a number.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CsvCell<'a> {
    /// Text (from a user's file, or any text): unsafe characters replaced (a line break is
    /// kept), guarded against formulas with a leading `'` (see the [module docs](self)) and
    /// quoted when it holds a comma, a quote or a line break (RFC 4180).
    Text(&'a str),
    /// A number, in Rust's shortest form that reads back the same (`1`, `0.5`, `-2.25`).
    Number(f64),
    /// A number with a fixed number of decimals (`0.500000` with 6).
    Fixed(f64, usize),
    /// An empty cell.
    Empty,
}

/// The characters that make a spreadsheet read a cell as a formula.
const FORMULA_TRIGGERS: [char; 4] = ['=', '+', '-', '@'];

/// Whether a CSV text cell gets the formula guard (a leading `'`): it starts, after any white
/// space or unsafe characters (which become spaces, see [`is_unsafe_char`]), with `=`, `+`,
/// `-` or `@`, or it starts with a tab, a carriage return or `'`.
pub fn csv_needs_guard(text: &str) -> bool {
    text.starts_with(['\t', '\r', '\''])
        || text
            .trim_start_matches(|c: char| c.is_whitespace() || is_unsafe_char(c))
            .starts_with(FORMULA_TRIGGERS)
}

impl CsvCell<'_> {
    /// The cell as one CSV field, quoted when it must be (RFC 4180, by the `csv` crate). A
    /// number that is not finite (the report never computes one) is written as an empty
    /// field.
    pub fn to_field(&self) -> String {
        let content = self.content();
        if content.is_empty() {
            // Alone in a record, the `csv` crate writes an empty field as `""`.
            return String::new();
        }
        let mut record = CsvRecords::new();
        record.write([content.as_bytes()]);
        let mut field = record.finish();
        field.pop(); // the record's `\n`
        field
    }

    /// The cell's text before quoting: guarded, safe text, or the number.
    fn content(&self) -> Cow<'_, str> {
        match *self {
            CsvCell::Text(s) => {
                let safe = terminal_safe(s);
                if csv_needs_guard(s) {
                    Cow::Owned(format!("'{safe}"))
                } else {
                    safe
                }
            }
            CsvCell::Number(x) if x.is_finite() => Cow::Owned(format!("{x}")),
            CsvCell::Fixed(x, decimals) if x.is_finite() => Cow::Owned(format!("{x:.decimals$}")),
            _ => Cow::Borrowed(""),
        }
    }
}

/// A CSV record: the cells as fields, separated by commas, ending with `\n` (a record of one
/// empty field is written `""`, not as an empty line).
pub fn csv_row(cells: &[CsvCell<'_>]) -> String {
    let mut record = CsvRecords::new();
    record.record(cells);
    record.finish()
}

/// CSV records written by the `csv` crate: fields quoted only when they must be (a comma, a
/// quote or a line break: RFC 4180, [`csv::QuoteStyle::Necessary`]), records ending with
/// `\n`, any number of fields per record.
pub(crate) struct CsvRecords {
    writer: csv::Writer<Vec<u8>>,
}

impl CsvRecords {
    /// No records yet.
    pub(crate) fn new() -> Self {
        let writer = csv::WriterBuilder::new()
            .quote_style(csv::QuoteStyle::Necessary)
            .terminator(csv::Terminator::Any(b'\n'))
            .flexible(true)
            .from_writer(Vec::new());
        CsvRecords { writer }
    }

    /// One record of typed cells.
    pub(crate) fn record(&mut self, cells: &[CsvCell<'_>]) {
        let fields: Vec<Cow<'_, str>> = cells.iter().map(CsvCell::content).collect();
        self.write(fields.iter().map(|f| f.as_bytes()));
    }

    fn write<'a>(&mut self, fields: impl IntoIterator<Item = &'a [u8]>) {
        // Writing to memory cannot fail, and records may have any length (`flexible`).
        let written = self.writer.write_record(fields);
        debug_assert!(written.is_ok(), "{written:?}");
    }

    /// The records written.
    pub(crate) fn finish(self) -> String {
        // Only whole UTF-8 strings were written; flushing to memory cannot fail.
        let bytes = self.writer.into_inner().unwrap_or_default();
        String::from_utf8(bytes).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_characters_are_controls_bidi_and_separators() {
        for c in [
            '\0', '\u{7}', '\t', '\n', '\r', '\u{1b}', '\u{7f}', '\u{85}', '\u{9f}',
        ] {
            assert!(is_unsafe_char(c), "{c:?}");
        }
        for c in [
            '\u{202a}', '\u{202e}', '\u{2066}', '\u{2069}', '\u{2028}', '\u{2029}',
        ] {
            assert!(is_unsafe_char(c), "{c:?}");
        }
        for c in [
            ' ', 'a', 'é', '€', '\u{a0}', '\u{200e}', '\u{2065}', '\u{202f}', '→',
        ] {
            assert!(!is_unsafe_char(c), "{c:?}");
        }
    }

    #[test]
    fn terminal_text_keeps_lines_and_drops_sequences() {
        assert!(matches!(
            terminal_safe("Débat public (2023), l'accès"),
            Cow::Borrowed(_)
        ));
        assert_eq!(terminal_safe("a\nb"), "a\nb");
        assert_eq!(terminal_safe("a\r\nb\rc"), "a\nb c");
        assert_eq!(terminal_safe("\u{1b}]0;pwned\u{7}x"), " ]0;pwned x");
        assert_eq!(terminal_safe("\u{1b}[2J\u{9b}2J"), " [2J 2J");
        assert_eq!(terminal_safe("abc\u{202e}fed"), "abc fed");
        assert_eq!(terminal_line("a\nb\r\nc"), "a b  c");
        assert_eq!(terminal_line("x\u{2028}y\u{85}z\u{2067}"), "x y z ");
        assert!(matches!(terminal_line("l'accès"), Cow::Borrowed(_)));
        // One for one: widths do not change.
        let s = "a\u{1b}b\tc\u{2066}d";
        assert_eq!(terminal_line(s).chars().count(), s.chars().count());
    }

    #[test]
    fn markdown_text_is_inert() {
        assert_eq!(md_text("Débat public (2023)"), "Débat public (2023)");
        assert_eq!(md_text("l'accès \"réel\": oui!"), "l'accès \"réel\": oui!");
        assert_eq!(
            md_text("<script>alert(1)</script>"),
            "&lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(md_text("R&D &amp;"), "R&amp;D &amp;amp;");
        assert_eq!(md_text("a|b"), r"a\|b");
        assert_eq!(md_text(r"a\|b"), r"a\\\|b");
        assert_eq!(
            md_text("`code` *em* _em_ ~~s~~"),
            r"\`code\` \*em\* \_em\_ \~\~s\~\~"
        );
        assert_eq!(
            md_text("[x](javascript:alert(1))"),
            r"\[x\](javascript:alert(1))"
        );
        assert_eq!(md_text("![i](x)"), r"!\[i\](x)");
        assert_eq!(md_text("# title"), r"\# title");
        assert_eq!(md_text("   # title"), r"\# title");
        assert_eq!(md_text("> quote"), "&gt; quote");
        assert_eq!(md_text("- item"), r"\- item");
        assert_eq!(md_text("+ item"), r"\+ item");
        assert_eq!(md_text("==="), r"\===");
        assert_eq!(md_text("2023. Bilan"), r"2023\. Bilan");
        assert_eq!(md_text("1) un"), r"1\) un");
        assert_eq!(md_text("2023 débat, 2.5"), "2023 débat, 2.5");
        assert_eq!(md_text("Lot #3"), "Lot #3");
        assert_eq!(md_text("titre #"), r"titre \#");
        assert_eq!(md_text("ligne\n# titre\n\n<b>"), "ligne # titre  &lt;b&gt;");
        assert_eq!(md_text("fin\\"), r"fin\\");
        assert_eq!(md_text("fin  "), "fin");
        assert_eq!(md_text("\u{1b}[2Jx\u{202e}"), r"\[2Jx");
        assert_eq!(md_text(""), "");
    }

    #[test]
    fn markdown_links_are_web_or_mail_addresses_only() {
        assert_eq!(
            md_link("https://a.example/p?q=1&r=2"),
            "<https://a.example/p?q=1&r=2>"
        );
        assert_eq!(md_link("http://a.example"), "<http://a.example>");
        assert_eq!(md_link("mailto:x@a.example"), "<mailto:x@a.example>");
        assert_eq!(md_link("javascript:alert(1)"), "javascript:alert(1)");
        assert_eq!(md_link("JavaScript:alert(1)"), "JavaScript:alert(1)");
        assert_eq!(
            md_link("data:text/html,<script>"),
            "data:text/html,&lt;script&gt;"
        );
        assert_eq!(
            md_link("https://a.example/<script>"),
            "https://a.example/&lt;script&gt;"
        );
        assert_eq!(md_link("https://a.example/ x"), "https://a.example/ x");
        assert_eq!(md_link("https://"), "https://");
        assert_eq!(md_link("https://a\u{1b}b"), "https://a b");
    }

    #[test]
    fn csv_text_is_guarded_and_numbers_are_not() {
        let f = |s| CsvCell::Text(s).to_field();
        assert_eq!(f("=cmd|' /C calc'!A0"), "'=cmd|' /C calc'!A0");
        assert_eq!(f("=1+1"), "'=1+1");
        assert_eq!(f("+33 1 23"), "'+33 1 23");
        assert_eq!(f("-2"), "'-2");
        assert_eq!(f("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(f("\t=1"), "' =1");
        assert_eq!(f("\r=1"), "' =1");
        assert_eq!(f("  =1"), "'  =1");
        assert_eq!(f("\u{85}-1"), "' -1");
        assert_eq!(f("\n\u{a0}@x"), "\"'\n\u{a0}@x\"");
        assert_eq!(f("'quoted"), "''quoted");
        assert_eq!(f("a=b-c"), "a=b-c");
        assert_eq!(f("Débat public (2023)"), "Débat public (2023)");
        assert_eq!(f("l'accès"), "l'accès");
        assert_eq!(f("a, b"), "\"a, b\"");
        assert_eq!(f("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(f("=a,b"), "\"'=a,b\"");
        assert_eq!(f("a\r\nb"), "\"a\nb\"");
        assert_eq!(f("a\u{1b}[2Jb\u{7}"), "a [2Jb ");
        assert_eq!(CsvCell::Fixed(-0.25, 6).to_field(), "-0.250000");
        assert_eq!(CsvCell::Fixed(0.5, 6).to_field(), "0.500000");
        assert_eq!(CsvCell::Number(-2.5).to_field(), "-2.5");
        assert_eq!(CsvCell::Number(1.0).to_field(), "1");
        assert_eq!(CsvCell::Number(f64::NEG_INFINITY).to_field(), "");
        assert_eq!(CsvCell::Fixed(f64::NAN, 6).to_field(), "");
        assert_eq!(CsvCell::Empty.to_field(), "");
        // Spaces need no quotes (RFC 4180); a record of one empty field is written `""`, so
        // that it is not an empty line.
        assert_eq!(CsvCell::Text("   ").to_field(), "   ");
        assert_eq!(csv_row(&[CsvCell::Empty]), "\"\"\n");
        assert_eq!(csv_row(&[CsvCell::Empty, CsvCell::Empty]), ",\n");
        assert_eq!(
            csv_row(&[
                CsvCell::Text("-x"),
                CsvCell::Fixed(-0.25, 6),
                CsvCell::Empty,
                CsvCell::Text("a\nb")
            ]),
            "'-x,-0.250000,,\"a\nb\"\n"
        );
    }

    #[test]
    fn csv_fields_read_back_through_a_csv_parser() {
        let texts = [
            "plain",
            "a, b",
            "say \"hi\"",
            "two\nlines",
            "crlf\r\nline",
            "=cmd|' /C calc'!A0",
            "-1",
            "'already",
            "\t@x",
            ",\",\n",
            "",
            " ",
        ];
        let mut data = String::from("text,number\n");
        for t in texts {
            data.push_str(&csv_row(&[CsvCell::Text(t), CsvCell::Fixed(-0.25, 6)]));
        }
        let mut reader = csv::ReaderBuilder::new().from_reader(data.as_bytes());
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), texts.len());
        for (row, t) in rows.iter().zip(texts) {
            assert_eq!(row.len(), 2);
            let cell = &row[0];
            let back = if csv_needs_guard(t) {
                cell.strip_prefix('\'').expect("guarded")
            } else {
                cell
            };
            assert_eq!(back, terminal_safe(t), "{t:?}");
            assert_eq!(&row[1], "-0.250000");
            assert_eq!(row[1].parse::<f64>().unwrap(), -0.25);
        }
    }
}
