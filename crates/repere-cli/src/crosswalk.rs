//! `repere crosswalk A B`, and the crosswalks that `compare` and `consolidate` use for
//! assessments made on different grids.

use repere_core::crosswalk::Crosswalk;
use repere_core::{Assessment, Grid};
use repere_report::{CarriedDoc, CrosswalkDoc, Format, ReportLang};

use crate::commands::rendered;
use crate::io::{input, quoted, read_text};
use crate::{CompareFormat, Failure, resolve};

/// The crosswalk between two grids, oriented from `from`: the file given with `--crosswalk`
/// (checked against both grids), or the catalogue's.
pub(crate) fn between(from: &Grid, to: &Grid, file: Option<&str>) -> Result<Crosswalk, Failure> {
    if let Some(file) = file {
        let source = input(file);
        let text = read_text(&source)?;
        let name = source.name();
        let cw = repere_toml::load_crosswalk(&name, &text).map_err(|e| Failure::diagnostics(&e))?;
        let Some(oriented) = cw.oriented(from, to) else {
            return Err(Failure::input(format!(
                "`{}` relates `{}` {} and `{}` {}, not `{}` {} and `{}` {}",
                quoted(&name),
                cw.from.id,
                quoted(&cw.from.version),
                cw.to.id,
                quoted(&cw.to.version),
                from.id(),
                quoted(from.version()),
                to.id(),
                quoted(to.version())
            )));
        };
        // Checked in the file's own order, so that problems point at the right side.
        let (a, b) = if cw.from.is(from) {
            (from, to)
        } else {
            (to, from)
        };
        repere_toml::check_crosswalk(&name, &text, &cw, a, b)
            .map_err(|e| Failure::diagnostics(&e))?;
        return Ok(oriented);
    }
    let found =
        repere_catalog::crosswalk_between(from, to).map_err(|e| Failure::input(e.to_string()))?;
    found.ok_or_else(|| {
        Failure::input(format!(
            "the catalogue has no crosswalk between `{}` {} and `{}` {}",
            from.id(),
            quoted(from.version()),
            to.id(),
            quoted(to.version())
        ))
        .context(
            "write one (`kind = \"crosswalk\"`, see the formats guide) and give it with `--crosswalk FILE`"
                .to_owned(),
        )
    })
}

/// An assessment made on `from`, carried onto `to` through `crosswalk`, and its account.
pub(crate) fn carry(
    crosswalk: &Crosswalk,
    from: &Grid,
    to: &Grid,
    assessment: &Assessment,
    lang: ReportLang,
) -> Result<(Assessment, CarriedDoc), Failure> {
    let carried = crosswalk.carry(from, to, assessment);
    carried.assessment.validate(to).map_err(|e| {
        Failure::input(format!(
            "the assessment carried onto `{}` does not check: {}",
            to.id(),
            e.as_slice()
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; ")
        ))
    })?;
    let doc = CarriedDoc::new(&carried, from, to, lang);
    Ok((carried.assessment, doc))
}

/// `repere crosswalk A B`: the links between two grids.
pub(crate) fn show(
    a: &str,
    b: &str,
    file: Option<&str>,
    format: CompareFormat,
    lang: ReportLang,
) -> Result<String, Failure> {
    let from = resolve::grid(a)?;
    let to = resolve::grid(b)?;
    let cw = between(&from, &to, file)?;
    let doc = CrosswalkDoc::new(&cw, &from, &to, lang);
    let format = match format {
        CompareFormat::Text => Format::Text,
        CompareFormat::Markdown => Format::Markdown,
        CompareFormat::Json => Format::Json,
    };
    rendered(&doc, format, false)
}
