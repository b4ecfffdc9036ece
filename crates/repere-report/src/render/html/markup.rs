//! [`Html`]: HTML and SVG markup written with automatic escaping.
//!
//! User text cannot reach the markup unescaped by construction: the only ways to write text
//! are [`Html::text`] and attribute values, both escaped (`&`, `<`, `>`, `"`, `'` as
//! entities); the ways that write as is ([`Html::fixed`], [`Html::raw_trusted`]) take only
//! `&'static str`, that is text written in this crate's source (a stylesheet, a translated
//! label), never text read from a file. Tag and attribute names are `&'static str` too.

/// Markup under construction.
///
/// ```text
/// let mut h = Html::new();
/// h.open("p", &[("class", "note")]).text("a < b").close("p").newline();
/// assert_eq!(h.finish(), "<p class=\"note\">a &lt; b</p>\n");
/// ```
#[derive(Debug, Default)]
pub(crate) struct Html {
    out: String,
    /// The elements opened and not yet closed, innermost last (checked in debug builds).
    open: Vec<&'static str>,
}

impl Html {
    /// Empty markup.
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// Opens an element: `<tag name="value"...>`, every value escaped.
    pub(crate) fn open(&mut self, tag: &'static str, attrs: &[(&'static str, &str)]) -> &mut Self {
        self.start_tag(tag, attrs);
        self.out.push('>');
        self.open.push(tag);
        self
    }

    /// An HTML void element, which has no content and no end tag: `<br>`, `<meta ...>`.
    pub(crate) fn void(&mut self, tag: &'static str, attrs: &[(&'static str, &str)]) -> &mut Self {
        self.start_tag(tag, attrs);
        self.out.push('>');
        self
    }

    /// An empty XML element, for SVG: `<circle .../>`.
    pub(crate) fn empty(&mut self, tag: &'static str, attrs: &[(&'static str, &str)]) -> &mut Self {
        self.start_tag(tag, attrs);
        self.out.push_str("/>");
        self
    }

    /// Closes the innermost open element, which must be `tag`: `</tag>`.
    pub(crate) fn close(&mut self, tag: &'static str) -> &mut Self {
        let innermost = self.open.pop();
        debug_assert_eq!(innermost, Some(tag), "closing <{tag}>");
        self.out.push_str("</");
        self.out.push_str(tag);
        self.out.push('>');
        self
    }

    /// An element holding only text: `<tag ...>text</tag>`, the text escaped.
    pub(crate) fn element(
        &mut self,
        tag: &'static str,
        attrs: &[(&'static str, &str)],
        text: &str,
    ) -> &mut Self {
        self.open(tag, attrs).text(text).close(tag)
    }

    /// Text, escaped: any text, from users' files or not.
    pub(crate) fn text(&mut self, s: &str) -> &mut Self {
        escape_into(&mut self.out, s);
        self
    }

    /// One of this crate's fixed texts (a translated label), written as is: it holds no
    /// markup character (checked in debug builds), and an apostrophe in it stays one.
    pub(crate) fn fixed(&mut self, s: &'static str) -> &mut Self {
        debug_assert!(!s.contains(['<', '>', '&', '"']), "markup in {s:?}");
        self.out.push_str(s);
        self
    }

    /// This crate's own constant markup (a stylesheet, a fixed element), written as is.
    pub(crate) fn raw_trusted(&mut self, s: &'static str) -> &mut Self {
        self.out.push_str(s);
        self
    }

    /// A line break between elements.
    pub(crate) fn newline(&mut self) -> &mut Self {
        self.out.push('\n');
        self
    }

    /// The markup; every element opened must have been closed (checked in debug builds).
    pub(crate) fn finish(self) -> String {
        debug_assert!(self.open.is_empty(), "unclosed: {:?}", self.open);
        self.out
    }

    fn start_tag(&mut self, tag: &'static str, attrs: &[(&'static str, &str)]) {
        self.out.push('<');
        self.out.push_str(tag);
        for (name, value) in attrs {
            self.out.push(' ');
            self.out.push_str(name);
            self.out.push_str("=\"");
            escape_into(&mut self.out, value);
            self.out.push('"');
        }
    }
}

/// Escapes text for HTML and XML, in element content and attribute values alike.
fn escape_into(out: &mut String, s: &str) {
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_attributes_are_escaped() {
        let mut h = Html::new();
        h.open("p", &[("title", "\"x\" & 'y'")])
            .text("<script>a && b</script>")
            .void("br", &[])
            .empty("circle", &[("r", "3")])
            .fixed("l'accès")
            .close("p")
            .newline();
        assert_eq!(
            h.finish(),
            "<p title=\"&quot;x&quot; &amp; &#39;y&#39;\">&lt;script&gt;a &amp;&amp; b&lt;/script&gt;<br><circle r=\"3\"/>l'accès</p>\n"
        );
    }

    #[test]
    fn elements_hold_escaped_text() {
        let mut h = Html::new();
        h.element("li", &[], "a > b").raw_trusted("<hr>");
        assert_eq!(h.finish(), "<li>a &gt; b</li><hr>");
    }

    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "closing <ul>")]
    fn closing_another_element_is_caught() {
        let mut h = Html::new();
        h.open("p", &[]).close("ul");
    }
}
