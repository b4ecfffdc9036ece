//! `repere fill`: answer an assessment criterion by criterion, saving after every answer.

use std::io::{BufRead, Read as _, Write as _};
use std::path::PathBuf;

use repere_core::{
    Assessment, Assessor, GridRef, Phase, Process, Rating, RatingValue, Role, Scale, ScaleKind,
    Value,
};
use repere_report::ReportLang;
use repere_toml::FileKind;

use repere_fs::{FileLock, Input, LockError};

use crate::Failure;
use crate::io::{io_reason, is_stdout, print, quoted, read_text, terminal_safe, write_file};
use crate::resolve;

pub(crate) struct FillArgs {
    pub(crate) source: String,
    pub(crate) output: PathBuf,
    /// The phase asked for; `None` when not given (`closing` for a new assessment).
    pub(crate) phase: Option<Phase>,
    /// The role asked for; `None` when not given (`evaluator` for a new assessment).
    pub(crate) role: Option<Role>,
    pub(crate) lang: ReportLang,
    pub(crate) grid: Option<String>,
    pub(crate) force: bool,
}

/// The longest answer taken, in bytes: a longer line is refused when it is typed (the whole
/// file must stay under the loader's limit, so that it can be read back).
const MAX_ANSWER_BYTES: usize = 64 * 1024;

fn fr(lang: ReportLang, fr: &'static str, en: &'static str) -> &'static str {
    if lang == ReportLang::Fr { fr } else { en }
}

pub(crate) fn run(args: FillArgs) -> Result<(), Failure> {
    if args.source == "-" || is_stdout(&args.output) {
        return Err(Failure::usage(
            "`repere fill` reads its answers from standard input: name the grid or assessment to start from, and the assessment file to write, as files",
        ));
    }
    // Held until the end: a second `fill` of the same file is refused, naming this one.
    let _lock = FileLock::acquire(&args.output, "repere fill").map_err(|e| match e {
        LockError::Held { .. } => Failure::input(format!(
            "{e}\n  help: finish or stop the other `repere fill` first, or write to another file"
        )),
        other => Failure::input(other.to_string()),
    })?;
    let given = args.grid.as_deref().map(resolve::grid).transpose()?;
    let out_name = args.output.display().to_string();
    // A file named as the source is an assessment to go on with when its `kind` says so
    // (as the loader reads it); anything else is taken as a grid, whose loading reports
    // what is wrong.
    let source_is_assessment = args.source.ends_with(".toml")
        && read_text(&Input::Path(args.source.clone().into())).is_ok_and(|t| {
            repere_toml::file_kind(&args.source, &t).is_ok_and(|k| k == FileKind::Assessment)
        });
    let output_exists = std::fs::symlink_metadata(&args.output).is_ok();
    let (grid, mut assessment, resumed) = if output_exists && !args.force {
        let parsed = resolve::parsed_assessment(&out_name).map_err(|f| {
            f.context(format!("`{out_name}` exists and is not an assessment to resume; add `--force` to start over"))
        })?;
        let grid = match (&given, source_is_assessment) {
            (Some(g), _) => g.clone(),
            (None, false) => resolve::grid(&args.source)?,
            (None, true) => resolve::grid_for(&parsed, None)?,
        };
        let a = parsed
            .resolve_draft(&grid)
            .map_err(|e| Failure::diagnostics(&e))?;
        same_as_file(
            &out_name,
            "--phase",
            args.phase.map(|p| p.as_str()),
            a.phase.as_str(),
        )?;
        same_as_file(
            &out_name,
            "--role",
            args.role.map(|r| r.as_str()),
            a.assessor.role.as_str(),
        )?;
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
            role: args.role.unwrap_or(Role::Evaluator),
            organisation: None,
        };
        let a = Assessment::new(
            GridRef::to(&grid),
            Process::default(),
            args.phase.unwrap_or(Phase::Closing),
            assessor,
        );
        (grid, a, false)
    };
    let lang = args.lang;
    let l = lang.lang();
    let fb = grid.default_lang().clone();
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    // Grid texts are user text: nothing in them may drive the terminal.
    let mut stdout = Screen(std::io::stdout());
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
    let mut session = Session {
        path: &args.output,
        lang,
        total: todo.len(),
        saved: output_exists && !args.force,
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
            lang,
            fr(
                lang,
                "Nom de la démarche évaluée :",
                "Name of the process assessed:",
            ),
        )? {
            Some(n) => {
                assessment.process.name = n;
                session.save(&assessment)?;
            }
            None => return session.stopped(answered(&assessment)),
        }
    }
    if assessment.assessor.name.trim().is_empty() {
        match ask_nonempty(
            &mut input,
            &mut stdout,
            lang,
            fr(lang, "Votre nom (évaluateur) :", "Your name (assessor):"),
        )? {
            Some(n) => {
                assessment.assessor.name = n;
                session.save(&assessment)?;
            }
            None => return session.stopped(answered(&assessment)),
        }
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
            let Some(line) = prompt(&mut input, &mut stdout, lang, "> ")? else {
                return session.stopped(answered(&assessment));
            };
            match parse_answer(&line, scale) {
                Ok(Answer::Quit) => {
                    return session.stopped(answered(&assessment));
                }
                Ok(Answer::Skip) => break RatingValue::NotAssessed,
                Ok(Answer::NotApplicable) => {
                    match ask_nonempty(
                        &mut input,
                        &mut stdout,
                        lang,
                        fr(lang, "Pourquoi sans objet ?", "Why not applicable?"),
                    )? {
                        Some(reason) => break RatingValue::NotApplicable { reason },
                        None => return session.stopped(answered(&assessment)),
                    }
                }
                Ok(Answer::Value(v)) => break RatingValue::Rated(v),
                Err(msg) => {
                    let _ = writeln!(stdout, "  {msg}");
                }
            }
        };
        let mut rating = Rating::new(crit.id.clone(), value);
        if matches!(rating.value, RatingValue::NotAssessed) {
            assessment.ratings.push(rating);
            session.save(&assessment)?;
            continue;
        }
        loop {
            let Some(j) = prompt(
                &mut input,
                &mut stdout,
                lang,
                fr(
                    lang,
                    "Justification (vide pour aucune) : ",
                    "Justification (empty for none): ",
                ),
            )?
            else {
                assessment.ratings.push(rating);
                session.save(&assessment)?;
                return session.stopped(answered(&assessment));
            };
            rating.justification = Some(j).filter(|j| !j.is_empty());
            assessment.ratings.push(rating.clone());
            match session.try_save(&assessment)? {
                Saved::Yes => break,
                Saved::TooLarge(bytes) => {
                    assessment.ratings.pop();
                    let _ = writeln!(
                        stdout,
                        "  {} ({bytes} > {} bytes).",
                        fr(
                            lang,
                            "Refusé : avec cette justification, le fichier dépasserait la taille que Repère relit ; donnez-en une plus courte",
                            "Refused: with this justification the file would be larger than Repère reads back; give a shorter one"
                        ),
                        repere_toml::MAX_FILE_BYTES
                    );
                }
            }
        }
    }
    session.save(&assessment)?;
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

/// Refuses a `--phase` or `--role` given on resuming that is not the file's.
fn same_as_file(file: &str, flag: &str, given: Option<&str>, in_file: &str) -> Result<(), Failure> {
    match given {
        Some(g) if g != in_file => Err(Failure::usage(format!(
            "`{file}` is an assessment with {} `{in_file}`, not `{g}`\n  help: leave out `{flag}` to resume it, write to another file to start a new assessment, or add `--force` to start this one over",
            &flag[2..]
        ))),
        _ => Ok(()),
    }
}

/// Terminal output that replaces control characters (see [`terminal_safe`]).
struct Screen<W>(W);

impl<W: std::io::Write> std::io::Write for Screen<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let text = String::from_utf8_lossy(buf);
        self.0.write_all(terminal_safe(&text).as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

/// Whether an assessment was saved.
enum Saved {
    Yes,
    /// Not saved: the file would have this many bytes, more than the loader reads.
    TooLarge(usize),
}

/// The file being filled.
struct Session<'a> {
    path: &'a std::path::Path,
    lang: ReportLang,
    total: usize,
    /// Whether the file holds this session's assessment (or the one resumed).
    saved: bool,
}

impl Session<'_> {
    fn try_save(&mut self, a: &Assessment) -> Result<Saved, Failure> {
        let text = repere_toml::assessment_to_toml(a);
        if text.len() > repere_toml::MAX_FILE_BYTES {
            return Ok(Saved::TooLarge(text.len()));
        }
        write_file(self.path, &text, true)?;
        self.saved = true;
        // Once per run: the schema that the file's `#:schema` line names, beside it.
        static SCHEMA: std::sync::Once = std::sync::Once::new();
        SCHEMA.call_once(|| {
            crate::commands::write_schema_beside(self.path, FileKind::Assessment);
        });
        Ok(Saved::Yes)
    }

    fn save(&mut self, a: &Assessment) -> Result<(), Failure> {
        match self.try_save(a)? {
            Saved::Yes => Ok(()),
            Saved::TooLarge(bytes) => Err(Failure::input(format!(
                "the assessment would be {bytes} bytes long, more than the {} bytes Repère reads; not saved",
                repere_toml::MAX_FILE_BYTES
            ))),
        }
    }

    /// Stops: says where the answers are, or that nothing was saved.
    fn stopped(&self, done: usize) -> Result<(), Failure> {
        let lang = self.lang;
        let out = terminal_safe(&self.path.display().to_string()).into_owned();
        let text = if self.saved {
            format!(
                "\n{} {out} ({done}/{}). {}\n",
                fr(lang, "Arrêt ; enregistré dans", "Stopped; saved to"),
                self.total,
                fr(
                    lang,
                    "Relancez la même commande pour reprendre.",
                    "Run the same command again to resume."
                )
            )
        } else {
            format!(
                "\n{}\n",
                fr(
                    lang,
                    "Arrêt avant toute réponse ; rien n'a été enregistré.",
                    "Stopped before any answer; nothing was saved."
                )
            )
        };
        // The answers are saved: a closed standard output loses nothing.
        let _ = print(&text);
        Ok(())
    }
}

/// Reads one answer line of at most [`MAX_ANSWER_BYTES`]; `None` at the end of the input. A
/// longer line is read to its end, refused with a message, and asked again.
fn prompt(
    input: &mut impl BufRead,
    out: &mut impl std::io::Write,
    lang: ReportLang,
    text: &str,
) -> Result<Option<String>, Failure> {
    loop {
        let _ = write!(out, "{text}");
        let _ = out.flush();
        let mut line = Vec::new();
        let read = input
            .by_ref()
            .take(MAX_ANSWER_BYTES as u64 + 1)
            .read_until(b'\n', &mut line)
            .map_err(|e| Failure::input(format!("cannot read the answer: {}", io_reason(&e))))?;
        if read == 0 {
            return Ok(None);
        }
        if line.len() > MAX_ANSWER_BYTES && line.last() != Some(&b'\n') {
            skip_line(input)?;
            let _ = writeln!(
                out,
                "  {} {MAX_ANSWER_BYTES} {}",
                fr(
                    lang,
                    "Réponse refusée : elle dépasse",
                    "Answer refused: it is longer than"
                ),
                fr(
                    lang,
                    "octets ; donnez-en une plus courte.",
                    "bytes; give a shorter one."
                )
            );
            continue;
        }
        match String::from_utf8(line) {
            Ok(s) => return Ok(Some(s.trim().to_owned())),
            Err(_) => {
                let _ = writeln!(
                    out,
                    "  {}",
                    fr(
                        lang,
                        "Réponse refusée : ce n'est pas du texte UTF-8.",
                        "Answer refused: it is not UTF-8 text."
                    )
                );
            }
        }
    }
}

/// Reads and drops the rest of a line, in bounded pieces.
fn skip_line(input: &mut impl BufRead) -> Result<(), Failure> {
    loop {
        let buf = input
            .fill_buf()
            .map_err(|e| Failure::input(format!("cannot read the answer: {}", io_reason(&e))))?;
        if buf.is_empty() {
            return Ok(());
        }
        match buf.iter().position(|&b| b == b'\n') {
            Some(i) => {
                input.consume(i + 1);
                return Ok(());
            }
            None => {
                let n = buf.len();
                input.consume(n);
            }
        }
    }
}

fn ask_nonempty(
    input: &mut impl BufRead,
    out: &mut impl std::io::Write,
    lang: ReportLang,
    text: &str,
) -> Result<Option<String>, Failure> {
    loop {
        match prompt(input, out, lang, &format!("{text} "))? {
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
                    let mut m = format!(
                        "`{}` is not a level; expected one of {}",
                        quoted(s),
                        ids.join(", ")
                    );
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
            Err(_) => return Err(format!("`{}` is not a number", quoted(s))),
        },
        ScaleKind::Boolean { .. } => match s.to_lowercase().as_str() {
            "yes" | "y" | "oui" | "o" | "true" | "1" => Value::Bool(true),
            "no" | "n" | "non" | "false" | "0" => Value::Bool(false),
            _ => return Err(format!("`{}` is not yes or no", quoted(s))),
        },
    };
    scale.normalise(&value).map_err(|e| e.to_string())?;
    Ok(Answer::Value(value))
}
