//! HTML: one self-contained page per document (inline CSS and SVG charts, no script, nothing
//! fetched), written with the escaping builder [`Html`] ([`markup`]); the charts are in
//! [`svg`].

mod consolidation;
pub(crate) mod markup;
mod scorecard;
mod survey;
mod svg;

pub(crate) use consolidation::consolidation;
pub(crate) use scorecard::scorecard;
pub(crate) use survey::survey_summary;

use markup::Html;

use crate::i18n::ReportLang;

/// The stylesheet of HTML reports.
const CSS: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1f2933;max-width:1100px;margin:2rem auto;padding:0 1rem;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{margin-top:2rem;border-bottom:2px solid #e4e7eb;padding-bottom:.2rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}th,td{border:1px solid #d9dde3;padding:.35rem .5rem;vertical-align:top;text-align:left}
th{background:#f3f5f7}td.num{text-align:right;white-space:nowrap}.meta td:first-child{font-weight:600;width:14rem}
.tag{display:inline-block;font-size:.75rem;border-radius:3px;padding:0 .3rem;margin-left:.3rem;border:1px solid #9aa1ab;color:#52606d}
.na{color:#7b8794;font-style:italic}.hint{color:#52606d;font-size:.9rem}.ev{font-size:.85rem;color:#52606d}
.charts{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-start}.band{display:inline-block;padding:0 .4rem;border-radius:3px;color:#fff}
.overall{font-size:1.3rem;margin:1rem 0}code{font-size:.85rem}footer{margin-top:2rem;color:#7b8794;font-size:.8rem}
.legend{max-width:760px}svg{max-width:100%;height:auto}
@media print{@page{size:A4;margin:14mm 12mm}body{max-width:none;margin:0;padding:0;font-size:9.5pt;line-height:1.3}
h1{font-size:15pt;margin-top:0}h2{font-size:12pt;margin-top:1rem;break-after:avoid}
thead{display:table-header-group}tr,.charts svg,.legend,li{break-inside:avoid}
.charts{display:block}svg.radar{display:block;max-height:105mm;width:auto;margin:0 auto}svg.bars{display:block;max-height:70mm;width:auto}
a{color:inherit;text-decoration:none}footer{margin-top:.8rem;break-before:avoid}}";

/// The Content Security Policy of every page: nothing loads, no script runs, only the inline
/// stylesheet and `data:` images apply. Constant markup: its quotes are the policy's own.
const CSP: &str = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">";

/// Opens a self-contained page, up to and including `<body>`; [`page_end`] closes it.
pub(crate) fn page_start(title: &str, lang: ReportLang) -> Html {
    let mut h = Html::new();
    h.raw_trusted("<!DOCTYPE html>\n");
    h.open("html", &[("lang", lang.as_str())]).newline();
    h.open("head", &[]).newline();
    h.void("meta", &[("charset", "utf-8")]).newline();
    h.void(
        "meta",
        &[
            ("name", "viewport"),
            ("content", "width=device-width, initial-scale=1"),
        ],
    )
    .newline();
    h.raw_trusted(CSP).newline();
    h.element("title", &[], title).newline();
    h.open("style", &[]).newline().raw_trusted(CSS).newline();
    h.close("style").newline();
    h.close("head").newline();
    h.open("body", &[]).newline();
    h
}

/// Closes the page [`page_start`] opened.
pub(crate) fn page_end(mut h: Html) -> String {
    h.close("body").newline().close("html").newline();
    h.finish()
}

/// A link when the text is a web address (`http://` or `https://`, with no space, control or
/// bidirectional character; shown, not followed automatically), plain text otherwise: a
/// `javascript:` or `data:` address is never a link.
fn link(h: &mut Html, s: &str) {
    if (s.starts_with("https://") || s.starts_with("http://"))
        && !s
            .chars()
            .any(|c| c.is_whitespace() || crate::escape::is_unsafe_char(c))
    {
        h.element("a", &[("href", s), ("rel", "noreferrer")], s);
    } else {
        h.text(s);
    }
}
