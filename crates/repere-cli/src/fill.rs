//! `repere fill`: answer an assessment criterion by criterion, saving after every answer.

use std::io::{BufRead, Write as _};
use std::path::PathBuf;

use repere_core::{
    Assessment, Assessor, GridRef, Phase, Process, Rating, RatingValue, Role, Scale, ScaleKind,
    Value,
};
use repere_report::ReportLang;
use repere_toml::FileKind;

use crate::Failure;
use crate::io::replace_atomic;
use crate::resolve;

pub(crate) struct FillArgs {
    pub(crate) source: String,
    pub(crate) output: PathBuf,
    pub(crate) phase: Phase,
    pub(crate) role: Role,
    pub(crate) lang: ReportLang,
    pub(crate) grid: Option<String>,
    pub(crate) force: bool,
}

fn fr(lang: ReportLang, fr: &'static str, en: &'static str) -> &'static str {
    if lang == ReportLang::Fr { fr } else { en }
}

pub(crate) fn run(args: FillArgs) -> Result<(), Failure> {
    let given = args.grid.as_deref().map(resolve::grid).transpose()?;
    let out_name = args.output.display().to_string();
    // A file named as the source is an assessment to go on with when its `kind` says so
    // (as the loader reads it); anything else is taken as a grid, whose loading reports
    // what is wrong.
    let source_is_assessment = args.source.ends_with(".toml")
        && std::fs::read_to_string(&args.source).is_ok_and(|t| {
            repere_toml::file_kind(&args.source, &t).is_ok_and(|k| k == FileKind::Assessment)
        });
    let (grid, mut assessment, resumed) = if args.output.exists() && !args.force {
        let parsed = resolve::parsed_assessment(&out_name).map_err(|f| {
            f.context(format!("`{out_name}` exists and is not an assessment to resume; add `--force` to start over"))
        })?;
        let grid = match (&given, source_is_assessment) {
            (Some(g), _) => g.clone(),
            (None, false) => resolve::grid(&args.source)?,
            (None, true) => resolve::grid_for(&parsed, None)?,
        };
        let a = parsed
            .resolve(&grid)
            .map_err(|e| Failure::diagnostics(&e))?;
        (grid, a, true)
    } else if source_is_assessment {
        let (a, grid) = resolve::assessment(&args.source, given.as_ref())?;
        (grid, a, false)
    } else {
        let grid = match &given {
            Some(g) => g.clone(),
            None => resolve::grid(&args.source)?,
        };
        let assessor = Assessor {
            name: String::new(),
            role: args.role,
            organisation: None,
        };
        let a = Assessment::new(GridRef::to(&grid), Process::default(), args.phase, assessor);
        (grid, a, false)
    };
    let lang = args.lang;
    let l = lang.lang();
    let fb = grid.default_lang().clone();
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let mut stdout = std::io::stdout();
    let todo: Vec<_> = grid
        .criteria()
        .filter(|(_, c)| {
            c.applies_at(assessment.phase)
                && (c.roles.is_empty() || c.roles.contains(&assessment.assessor.role))
        })
        .map(|(d, c)| (d.clone(), c.clone()))
        .collect();
    let answered = |a: &Assessment| {
        todo.iter()
            .filter(|(_, c)| a.rating(c.id.as_str()).is_some())
            .count()
    };
    let _ = writeln!(
        stdout,
        "{} « {} » — {} {}/{} {}",
        fr(lang, "Grille", "Grid"),
        grid.title().get(&l, &fb),
        if resumed {
            fr(lang, "reprise :", "resuming:")
        } else {
            fr(lang, "critères :", "criteria:")
        },
        answered(&assessment),
        todo.len(),
        fr(lang, "déjà renseignés", "already answered")
    );
    let _ = writeln!(
        stdout,
        "{}",
        fr(
            lang,
            "Réponses : un niveau (id ou valeur), un nombre, oui/non ; « na » = sans objet ; « - » = passer ; « q » = arrêter. Chaque réponse est enregistrée.",
            "Answers: a level (id or value), a number, yes/no; `na` = not applicable; `-` = skip; `q` = stop. Every answer is saved."
        )
    );

    if assessment.process.name.trim().is_empty() {
        match ask_nonempty(
            &mut input,
            &mut stdout,
            fr(
                lang,
                "Nom de la démarche évaluée :",
                "Name of the process assessed:",
            ),
        )? {
            Some(n) => assessment.process.name = n,
            None => return stopped(&out_name, lang, 0, todo.len()),
        }
    }
    if assessment.assessor.name.trim().is_empty() {
        match ask_nonempty(
            &mut input,
            &mut stdout,
            fr(lang, "Votre nom (évaluateur) :", "Your name (assessor):"),
        )? {
            Some(n) => assessment.assessor.name = n,
            None => return stopped(&out_name, lang, 0, todo.len()),
        }
        save(&args.output, &assessment)?;
    }

    for (i, (dim, crit)) in todo.iter().enumerate() {
        if assessment.rating(crit.id.as_str()).is_some() {
            continue;
        }
        let scale = grid.scale_of(crit);
        let _ = writeln!(
            stdout,
            "\n[{}/{}] {} › {} ({})",
            i + 1,
            todo.len(),
            dim.label.get(&l, &fb),
            crit.label.get(&l, &fb),
            crit.id
        );
        if !crit.description.is_empty() {
            let _ = writeln!(stdout, "  {}", crit.description.get(&l, &fb));
        }
        for q in &crit.questions {
            let _ = writeln!(stdout, "  ? {}", q.get(&l, &fb));
        }
        describe_scale(&mut stdout, scale, crit, &l, &fb);
        let value = loop {
            let Some(line) = prompt(&mut input, &mut stdout, "> ")? else {
                return stopped(&out_name, lang, answered(&assessment), todo.len());
            };
            match parse_answer(&line, scale) {
                Ok(Answer::Quit) => {
                    return stopped(&out_name, lang, answered(&assessment), todo.len());
                }
                Ok(Answer::Skip) => break RatingValue::NotAssessed,
                Ok(Answer::NotApplicable) => {
                    match ask_nonempty(
                        &mut input,
                        &mut stdout,
                        fr(lang, "Pourquoi sans objet ?", "Why not applicable?"),
                    )? {
                        Some(reason) => break RatingValue::NotApplicable { reason },
                        None => return stopped(&out_name, lang, answered(&assessment), todo.len()),
                    }
                }
                Ok(Answer::Value(v)) => break RatingValue::Rated(v),
                Err(msg) => {
                    let _ = writeln!(stdout, "  {msg}");
                }
            }
        };
        let mut rating = Rating::new(crit.id.clone(), value);
        if !matches!(rating.value, RatingValue::NotAssessed) {
            let Some(j) = prompt(
                &mut input,
                &mut stdout,
                fr(
                    lang,
                    "Justification (vide pour aucune) : ",
                    "Justification (empty for none): ",
                ),
            )?
            else {
                assessment.ratings.push(rating);
                save(&args.output, &assessment)?;
                return stopped(&out_name, lang, answered(&assessment), todo.len());
            };
            rating.justification = Some(j).filter(|j| !j.is_empty());
        }
        assessment.ratings.push(rating);
        save(&args.output, &assessment)?;
    }
    save(&args.output, &assessment)?;
    let _ = writeln!(
        stdout,
        "\n{} {out_name} ({}/{})",
        fr(
            lang,
            "Évaluation complète, enregistrée dans",
            "Assessment complete, saved to"
        ),
        answered(&assessment),
        todo.len()
    );
    Ok(())
}

fn stopped(out: &str, lang: ReportLang, done: usize, total: usize) -> Result<(), Failure> {
    println!(
        "\n{} {out} ({done}/{total}). {}",
        fr(lang, "Arrêt ; enregistré dans", "Stopped; saved to"),
        fr(
            lang,
            "Relancez la même commande pour reprendre.",
            "Run the same command again to resume."
        )
    );
    Ok(())
}

fn save(path: &std::path::Path, a: &Assessment) -> Result<(), Failure> {
    replace_atomic(path, &repere_toml::assessment_to_toml(a))
}

fn prompt(
    input: &mut impl BufRead,
    out: &mut impl std::io::Write,
    text: &str,
) -> Result<Option<String>, Failure> {
    let _ = write!(out, "{text}");
    let _ = out.flush();
    let mut line = String::new();
    match input.read_line(&mut line) {
        Ok(0) => Ok(None),
        Ok(_) => Ok(Some(line.trim().to_owned())),
        Err(e) => Err(Failure::input(format!("cannot read the answer: {e}"))),
    }
}

fn ask_nonempty(
    input: &mut impl BufRead,
    out: &mut impl std::io::Write,
    text: &str,
) -> Result<Option<String>, Failure> {
    loop {
        match prompt(input, out, &format!("{text} "))? {
            None => return Ok(None),
            Some(s) if !s.is_empty() => return Ok(Some(s)),
            Some(_) => {}
        }
    }
}

fn describe_scale(
    out: &mut impl std::io::Write,
    scale: &Scale,
    crit: &repere_core::Criterion,
    l: &repere_core::Lang,
    fb: &repere_core::Lang,
) {
    match &scale.kind {
        ScaleKind::Ordinal(levels) => {
            for lv in levels {
                let d = crit.rubric_for(&lv.id).unwrap_or(&lv.descriptor).get(l, fb);
                let _ = writeln!(
                    out,
                    "    {} ({}) {}{}",
                    lv.id,
                    lv.value,
                    lv.label.get(l, fb),
                    if d.is_empty() {
                        String::new()
                    } else {
                        format!(" — {d}")
                    }
                );
            }
        }
        ScaleKind::Range { min, max, unit } => {
            let _ = writeln!(
                out,
                "    {min} – {max}{}",
                unit.as_deref().map(|u| format!(" {u}")).unwrap_or_default()
            );
        }
        ScaleKind::Percentage => {
            let _ = writeln!(out, "    0 – 100 %");
        }
        ScaleKind::Boolean { yes, no } => {
            let _ = writeln!(
                out,
                "    yes/oui = {} · no/non = {}",
                yes.get(l, fb),
                no.get(l, fb)
            );
        }
    }
}

enum Answer {
    Value(Value),
    NotApplicable,
    Skip,
    Quit,
}

fn parse_answer(line: &str, scale: &Scale) -> Result<Answer, String> {
    let s = line.trim();
    match s.to_lowercase().as_str() {
        "q" | "quit" | "quitter" => return Ok(Answer::Quit),
        "" | "-" | "skip" | "passer" => return Ok(Answer::Skip),
        "na" | "n/a" | "so" | "sans objet" => return Ok(Answer::NotApplicable),
        _ => {}
    }
    let value = match &scale.kind {
        ScaleKind::Ordinal(levels) => {
            let by_id = levels.iter().find(|lv| lv.id.as_str() == s);
            let by_value = s
                .parse::<i64>()
                .ok()
                .and_then(|n| levels.iter().find(|lv| lv.value == n));
            match by_id.or(by_value) {
                Some(lv) => Value::Level(lv.id.clone()),
                None => {
                    let ids: Vec<&str> = levels.iter().map(|l| l.id.as_str()).collect();
                    let mut m = format!("`{s}` is not a level; expected one of {}", ids.join(", "));
                    if let Some(c) = repere_core::closest(s, ids.iter().copied()) {
                        m.push_str(&format!(" (did you mean `{c}`?)"));
                    }
                    return Err(m);
                }
            }
        }
        ScaleKind::Range { .. } | ScaleKind::Percentage => match s
            .replace(',', ".")
            .trim_end_matches('%')
            .trim()
            .parse::<f64>()
        {
            Ok(x) => Value::Number(x),
            Err(_) => return Err(format!("`{s}` is not a number")),
        },
        ScaleKind::Boolean { .. } => match s.to_lowercase().as_str() {
            "yes" | "y" | "oui" | "o" | "true" | "1" => Value::Bool(true),
            "no" | "n" | "non" | "false" | "0" => Value::Bool(false),
            _ => return Err(format!("`{s}` is not yes or no")),
        },
    };
    scale.normalise(&value).map_err(|e| e.to_string())?;
    Ok(Answer::Value(value))
}
