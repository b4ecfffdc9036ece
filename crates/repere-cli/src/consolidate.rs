//! `repere consolidate` and `repere compare` on an evaluation dossier, and `consolidate` on
//! files; each returns the report.

use std::path::Path;

use repere_core::workflow::{AssessmentRecord, carry_targets};
use repere_core::{Assessment, ConsolidateOptions, Grid, Phase, Profile};
use repere_report::{ComparisonDoc, ConsolidationDoc, Format, ReportLang, ScorecardDoc};

use crate::commands::{document, parse_phase, rendered};
use crate::dossier::{approved, is_dossier, phase_summary};
use crate::{CompareFormat, ConsolidateFormat, Failure, NameArgs, resolve};

/// Consolidates assessment files, or the approved assessments of one phase of a dossier.
pub(crate) fn run(
    paths: &[String],
    phase: Option<&str>,
    crosswalk: Option<&str>,
    names: &NameArgs,
    format: ConsolidateFormat,
    lang: ReportLang,
) -> Result<String, Failure> {
    let (g, prof, assessments, carried) = match paths {
        [dir] if is_dossier(dir) => {
            let Some(phase) = phase else {
                return Err(Failure::usage(format!(
                    "`{}` is an evaluation dossier: say which phase to consolidate with `--phase` (framing, during, closing, follow-up or impact)",
                    crate::io::quoted(dir)
                )));
            };
            let phase = parse_phase(phase)?;
            let d = approved(
                Path::new(dir),
                &[phase],
                names.grid.as_deref(),
                names.profile.as_deref(),
            )?;
            if d.assessments.len() < 2 {
                return Err(Failure::input(format!(
                    "consolidation needs at least two approved assessments of the {phase} phase, and `{}` has {}",
                    crate::io::quoted(dir),
                    d.assessments.len()
                ))
                .context(phase_summary(Path::new(dir), phase)));
            }
            let assessments = d.assessments.into_iter().map(|(_, a)| a).collect();
            (d.grid, d.profile, assessments, Vec::new())
        }
        _ => {
            if phase.is_some() {
                return Err(Failure::usage(
                    "`--phase` chooses the assessments of an evaluation dossier; with files, give the files to consolidate",
                ));
            }
            files(paths, names, crosswalk, lang)?
        }
    };
    let c = repere_core::consolidate(&g, &prof, &assessments, &ConsolidateOptions::default())
        .map_err(|e| Failure::input(e.to_string()))?;
    let doc = ConsolidationDoc::new(&g, &prof, &c, lang).with_carried(carried);
    let format = match format {
        ConsolidateFormat::Text => Format::Text,
        ConsolidateFormat::Markdown => Format::Markdown,
        ConsolidateFormat::Html => Format::Html,
        ConsolidateFormat::Json => Format::Json,
    };
    rendered(&doc, format, false)
}

/// Assessment files, with the grid of the first and the profile; an assessment made on
/// another grid is carried onto the first's through a crosswalk (`--crosswalk FILE`, or the
/// catalogue's), and the accounts of what was carried are returned too.
fn files(
    paths: &[String],
    names: &NameArgs,
    crosswalk: Option<&str>,
    lang: ReportLang,
) -> Result<
    (
        Grid,
        Profile,
        Vec<Assessment>,
        Vec<repere_report::CarriedDoc>,
    ),
    Failure,
> {
    if paths.len() < 2 {
        return Err(Failure::usage(
            "consolidation needs at least two assessment files (or one evaluation dossier)",
        ));
    }
    let given = names.grid.as_deref().map(resolve::grid).transpose()?;
    let mut assessments = Vec::new();
    let mut carried = Vec::new();
    let mut the_grid: Option<Grid> = given.clone();
    for p in paths {
        let (a, g) = resolve::assessment(p, given.as_ref())?;
        let Some(first) = &the_grid else {
            the_grid = Some(g);
            assessments.push(a);
            continue;
        };
        if first.id() == g.id() && first.version() == g.version() {
            assessments.push(a);
            continue;
        }
        let cw = crate::crosswalk::between(&g, first, crosswalk).map_err(|f| {
            f.context(format!(
                "`{p}` is on grid `{}` {}, the first assessment on `{}` {}: assessments of different grids are consolidated through a crosswalk",
                g.id(),
                g.version(),
                first.id(),
                first.version()
            ))
        })?;
        let (a, doc) = crate::crosswalk::carry(&cw, &g, first, &a, lang)?;
        assessments.push(a);
        carried.push(doc);
    }
    let Some(g) = the_grid else {
        return Err(Failure::usage("no assessment given"));
    };
    if carried.is_empty() && crosswalk.is_some() {
        return Err(Failure::usage(
            "`--crosswalk` relates two grids; these assessments are all on one grid",
        ));
    }
    let prof = resolve::profile(names.profile.as_deref(), &g)?;
    Ok((g, prof, assessments, carried))
}

/// Which assessments of a dossier `compare` uses.
pub(crate) struct Pick<'a> {
    /// The later phase (closing when not given).
    pub(crate) phase: Option<&'a str>,
    /// The framing assessment, when several are approved.
    pub(crate) framing: Option<&'a str>,
    /// The assessment of the later phase, when several are approved.
    pub(crate) achieved: Option<&'a str>,
}

impl Pick<'_> {
    /// Refuses the dossier flags when two files are compared.
    pub(crate) fn only_with_dossier(&self) -> Result<(), Failure> {
        let given = [
            ("--phase", self.phase),
            ("--framing", self.framing),
            ("--achieved", self.achieved),
        ];
        match given.iter().find(|(_, v)| v.is_some()) {
            Some((flag, _)) => Err(Failure::usage(format!(
                "`{flag}` chooses assessments in an evaluation dossier; with two files, the files say what is compared"
            ))),
            None => Ok(()),
        }
    }
}

/// Compares a dossier's approved framing assessment (its targets carried over) with an
/// approved assessment of a later phase.
pub(crate) fn compare_dossier(
    dir: &str,
    pick: &Pick<'_>,
    names: &NameArgs,
    format: CompareFormat,
    lang: ReportLang,
) -> Result<String, Failure> {
    if !is_dossier(dir) {
        return Err(Failure::usage(format!(
            "compare needs two assessment files, or one evaluation dossier: `{}` is neither a dossier nor followed by a second file",
            crate::io::quoted(dir)
        )));
    }
    let later = match pick.phase {
        Some(p) => parse_phase(p)?,
        None => Phase::Closing,
    };
    if later == Phase::Framing {
        return Err(Failure::usage(
            "`--phase` is the phase compared with framing: give a later one (during, closing, follow-up or impact)",
        ));
    }
    let path = Path::new(dir);
    let names_grid = names.grid.as_deref();
    let names_profile = names.profile.as_deref();
    let d = approved(path, &[Phase::Framing, later], names_grid, names_profile)?;
    let (framing, achieved): (Vec<_>, Vec<_>) = d
        .assessments
        .into_iter()
        .partition(|(r, _)| r.phase == Phase::Framing);
    let (_, before) = one_of(dir, framing, Phase::Framing, pick.framing, "--framing")?;
    let (_, mut after) = one_of(dir, achieved, later, pick.achieved, "--achieved")?;
    carry_targets(&before, &mut after).map_err(|e| Failure::input(e.to_string()))?;
    let (g, p) = (d.grid, d.profile);
    let ca = repere_core::score(&g, Some(&p), &before)
        .map_err(|e| Failure::input(format!("cannot score the framing assessment: {e}")))?;
    let cb = repere_core::score(&g, Some(&p), &after).map_err(|e| {
        Failure::input(format!(
            "cannot score the assessment of the {later} phase: {e}"
        ))
    })?;
    let cmp = repere_core::compare(&ca, &cb).map_err(|e| Failure::input(e.to_string()))?;
    let da = document(ScorecardDoc::new(&g, &p, &before, &ca, lang))?;
    let db = document(ScorecardDoc::new(&g, &p, &after, &cb, lang))?;
    let doc = ComparisonDoc::new(&da, &db, &cmp);
    let format = match format {
        CompareFormat::Text => Format::Text,
        CompareFormat::Markdown => Format::Markdown,
        CompareFormat::Json => Format::Json,
    };
    rendered(&doc, format, false)
}

/// The one approved assessment of a phase, or the one named; an error that lists the
/// candidates otherwise.
fn one_of(
    dir: &str,
    mut found: Vec<(AssessmentRecord, Assessment)>,
    phase: Phase,
    named: Option<&str>,
    flag: &str,
) -> Result<(AssessmentRecord, Assessment), Failure> {
    let ids = |found: &[(AssessmentRecord, Assessment)]| {
        found
            .iter()
            .map(|(r, _)| format!("`{}`", r.id))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if let Some(id) = named {
        return match found.iter().position(|(r, _)| r.id.as_str() == id) {
            Some(i) => Ok(found.swap_remove(i)),
            None => Err(Failure::input(format!(
                "`{}` is not an approved assessment of the {phase} phase",
                crate::io::quoted(id)
            ))
            .context(if found.is_empty() {
                phase_summary(Path::new(dir), phase)
            } else {
                format!("the approved ones are {}", ids(&found))
            })),
        };
    }
    match found.len() {
        1 => Ok(found.remove(0)),
        0 => Err(Failure::input(format!(
            "`{}` has no approved assessment of the {phase} phase to compare",
            crate::io::quoted(dir)
        ))
        .context(phase_summary(Path::new(dir), phase))),
        _ => Err(Failure::usage(format!(
            "`{}` has {} approved assessments of the {phase} phase ({}): choose one with `{flag} ID`",
            crate::io::quoted(dir),
            found.len(),
            ids(&found)
        ))),
    }
}
