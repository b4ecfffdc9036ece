//! `repere consolidate`: several assessments of one grid side by side; returns the report.

use repere_core::ConsolidateOptions;
use repere_report::{ConsolidationDoc, Format, ReportLang};

use crate::{ConsolidateFormat, Failure, NameArgs, resolve};

pub(crate) fn run(
    paths: &[String],
    names: &NameArgs,
    format: ConsolidateFormat,
    lang: ReportLang,
) -> Result<String, Failure> {
    if paths.len() < 2 {
        return Err(Failure::usage(
            "consolidation needs at least two assessment files",
        ));
    }
    let given = names.grid.as_deref().map(resolve::grid).transpose()?;
    let mut assessments = Vec::new();
    let mut the_grid: Option<repere_core::Grid> = given.clone();
    for p in paths {
        let (a, g) = resolve::assessment(p, the_grid.as_ref())?;
        if let Some(first) = &the_grid
            && (first.id() != g.id() || first.version() != g.version())
        {
            return Err(Failure::input(format!(
                "`{p}` is on grid `{}` {}, the others on `{}` {}: consolidate assessments of one grid",
                g.id(),
                g.version(),
                first.id(),
                first.version()
            )));
        }
        the_grid = Some(g);
        assessments.push(a);
    }
    let Some(g) = the_grid else {
        return Err(Failure::usage("no assessment given"));
    };
    let prof = resolve::profile(names.profile.as_deref(), &g)?;
    let c = repere_core::consolidate(&g, &prof, &assessments, &ConsolidateOptions::default())
        .map_err(|e| Failure::input(e.to_string()))?;
    let doc = ConsolidationDoc::new(&g, &prof, &c, lang);
    let format = match format {
        ConsolidateFormat::Text => Format::Text,
        ConsolidateFormat::Markdown => Format::Markdown,
        ConsolidateFormat::Html => Format::Html,
        ConsolidateFormat::Json => Format::Json,
    };
    crate::commands::rendered(&doc, format, false)
}
