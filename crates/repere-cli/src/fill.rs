//! `repere fill`: answer an assessment criterion by criterion, saving after every answer.

use std::io::{BufRead, IsTerminal as _, Read as _, Write as _};
use std::path::PathBuf;

use repere_core::{
    Assessment, Assessor, Confidence, Evidence, GridRef, Phase, Process, Rating, RatingValue, Role,
    Scale, ScaleKind, Value,
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
    // A terminal gets line editing (arrows, history, Ctrl-A/E…), so no key ever reaches the
    // file as an escape code; piped answers are read line by line.
    let mut input = Answers::new();
    // Grid texts are user text: nothing in them may drive the terminal.
    let mut stdout = Screen(std::io::stdout());
    let width = screen_width();
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
    let _ = write!(
        stdout,
        "{}",
        wrap(
            &format!(
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
            ),
            width,
            "",
            "    "
        )
    );
    let _ = write!(
        stdout,
        "{}",
        wrap(
            fr(
                lang,
                "Réponses : un niveau (son numéro, son nom ou son identifiant), un nombre, oui/non ; « na » = sans objet ; « - » = passer ; « q » = arrêter. Chaque réponse est enregistrée.",
                "Answers: a level (its number, its name or its id), a number, yes/no; `na` = not applicable; `-` = skip; `q` = stop. Every answer is saved."
            ),
            width,
            "",
            ""
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
        let _ = write!(
            stdout,
            "\n{}",
            wrap(
                &format!(
                    "[{}/{}] {} › {} ({})",
                    i + 1,
                    todo.len(),
                    dim.label.get(&l, &fb),
                    crit.label.get(&l, &fb),
                    crit.id
                ),
                width,
                "",
                "    "
            )
        );
        if !crit.description.is_empty() {
            let _ = write!(
                stdout,
                "{}",
                wrap(crit.description.get(&l, &fb), width, "  ", "  ")
            );
        }
        for q in &crit.questions {
            let _ = write!(stdout, "{}", wrap(q.get(&l, &fb), width, "  ? ", "    "));
        }
        describe_scale(&mut stdout, &grid, crit, &l, &fb, lang, width);
        let value = loop {
            let Some(line) = prompt(&mut input, &mut stdout, lang, "> ")? else {
                return session.stopped(answered(&assessment));
            };
            match parse_answer(&line, scale, lang) {
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
                    let _ = write!(stdout, "{}", wrap(&msg, width, "  ", "    "));
                }
            }
        };
        let mut rating = Rating::new(crit.id.clone(), value);
        let rated = matches!(rating.value, RatingValue::Rated(_));
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
                    too_large(&mut stdout, lang, bytes);
                }
            }
        }
        if rated {
            evidence_and_confidence(&mut input, &mut stdout, &mut session, &mut assessment, lang)?;
        }
    }
    session.save(&assessment)?;
    let _ = write!(
        stdout,
        "\n{}",
        wrap(
            &format!(
                "{} {out_name} ({}/{})",
                fr(
                    lang,
                    "Évaluation complète, enregistrée dans",
                    "Assessment complete, saved to"
                ),
                answered(&assessment),
                todo.len()
            ),
            width,
            "",
            ""
        )
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
        let _ = print(&format!("\n{}", wrap(text.trim(), screen_width(), "", "")));
        Ok(())
    }
}

/// Where answers come from: a line editor on a terminal, lines of standard input otherwise.
enum Answers {
    /// A terminal: `rustyline` edits the line (arrows move, history recalls), so no escape
    /// code reaches the answer.
    Editor(Box<rustyline::DefaultEditor>),
    /// Piped or redirected answers.
    Lines(std::io::StdinLock<'static>),
}

impl Answers {
    fn new() -> Answers {
        if std::io::stdin().is_terminal()
            && std::io::stdout().is_terminal()
            && let Ok(editor) = rustyline::DefaultEditor::new()
        {
            return Answers::Editor(Box::new(editor));
        }
        Answers::Lines(std::io::stdin().lock())
    }
}

/// An answer as typed, made plain text: escape sequences (a key a terminal did not
/// interpret) and other control characters are removed, tabs become spaces.
fn plain_answer(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => {
                // CSI (`ESC [ … final`), SS3 (`ESC O x`), or a lone escape.
                match chars.peek() {
                    Some('[') => {
                        chars.next();
                        while let Some(&n) = chars.peek() {
                            chars.next();
                            if ('@'..='~').contains(&n) {
                                break;
                            }
                        }
                    }
                    Some('O') => {
                        chars.next();
                        chars.next();
                    }
                    _ => {}
                }
            }
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Reads one answer line of at most [`MAX_ANSWER_BYTES`]; `None` at the end of the input. A
/// longer line is read to its end, refused with a message, and asked again.
fn prompt(
    input: &mut Answers,
    out: &mut impl std::io::Write,
    lang: ReportLang,
    text: &str,
) -> Result<Option<String>, Failure> {
    let input = match input {
        Answers::Lines(lines) => lines,
        Answers::Editor(editor) => loop {
            let _ = out.flush();
            match editor.readline(&terminal_safe(text)) {
                Ok(line) if line.len() > MAX_ANSWER_BYTES => {
                    let _ = writeln!(out, "  {}", too_long(lang));
                }
                Ok(line) => {
                    let answer = plain_answer(line.trim());
                    if !answer.is_empty() {
                        let _ = editor.add_history_entry(answer.as_str());
                    }
                    return Ok(Some(answer));
                }
                // Ctrl-C stops as `q` does; Ctrl-D ends the input.
                Err(rustyline::error::ReadlineError::Interrupted) => {
                    return Ok(Some("q".to_owned()));
                }
                Err(rustyline::error::ReadlineError::Eof) => return Ok(None),
                Err(e) => {
                    return Err(Failure::input(format!("cannot read the answer: {e}")));
                }
            }
        },
    };
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
            let _ = writeln!(out, "  {}", too_long(lang));
            continue;
        }
        match String::from_utf8(line) {
            Ok(s) => return Ok(Some(plain_answer(s.trim()))),
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
    input: &mut Answers,
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

/// Prints a scale's choices: each level with its number, its name and its descriptor,
/// wrapped at word boundaries.
fn describe_scale(
    out: &mut impl std::io::Write,
    grid: &repere_core::Grid,
    crit: &repere_core::Criterion,
    l: &repere_core::Lang,
    fb: &repere_core::Lang,
    lang: ReportLang,
    width: usize,
) {
    let scale = grid.scale_of(crit);
    match &scale.kind {
        ScaleKind::Ordinal(levels) => {
            for lv in levels {
                let d = crit.rubric_for(&lv.id).unwrap_or(&lv.descriptor).get(l, fb);
                let head = format!("{} = {}", lv.value, lv.label.get(l, fb));
                let text = if d.is_empty() {
                    String::new()
                } else {
                    // The descriptor's provenance tag where it differs from the criterion's.
                    let tag = match grid.descriptor_of(crit, &lv.id) {
                        Some((_, _, p)) if p != crit.provenance => format!(" [{}]", p.tag()),
                        _ => String::new(),
                    };
                    format!(" — {d}{tag}")
                };
                let _ = write!(
                    out,
                    "{}",
                    wrap(&format!("{head}{text}"), width, "    ", "        ")
                );
            }
        }
        ScaleKind::Range { min, max, unit } => {
            let _ = writeln!(
                out,
                "    {} – {}{}",
                decimal(lang, *min),
                decimal(lang, *max),
                unit.as_deref().map(|u| format!(" {u}")).unwrap_or_default()
            );
        }
        ScaleKind::Percentage => {
            let _ = writeln!(out, "    0 – 100 %");
        }
        ScaleKind::Boolean { yes, no } => {
            let _ = write!(
                out,
                "{}",
                wrap(
                    &format!(
                        "{} = {} · {} = {}",
                        fr(lang, "oui", "yes"),
                        yes.get(l, fb),
                        fr(lang, "non", "no"),
                        no.get(l, fb)
                    ),
                    width,
                    "    ",
                    "        "
                )
            );
        }
    }
}

/// A value quoted as the language quotes: « x » in French, `x` in English.
fn q(lang: ReportLang, s: &str) -> String {
    if lang == ReportLang::Fr {
        format!("« {s} »")
    } else {
        format!("`{s}`")
    }
}

/// A number as written in the language (decimal comma in French).
fn decimal(lang: ReportLang, x: f64) -> String {
    let s = repere_core::fmt_number(x);
    if lang == ReportLang::Fr {
        s.replace('.', ",")
    } else {
        s
    }
}

/// The width to wrap at: the terminal's, else `COLUMNS`, else 80; never under 40.
fn screen_width() -> usize {
    terminal_size::terminal_size()
        .map(|(w, _)| usize::from(w.0))
        .or_else(|| std::env::var("COLUMNS").ok()?.trim().parse().ok())
        .unwrap_or(80)
        .max(40)
}

/// Text wrapped at word boundaries to `width` columns: the first line starts with `first`,
/// the next ones with `indent`; a word longer than a line stays whole on its own line.
/// Ends with a newline.
fn wrap(text: &str, width: usize, first: &str, indent: &str) -> String {
    let mut out = String::new();
    for (p, paragraph) in text.split('\n').enumerate() {
        let mut line = String::from(if p == 0 { first } else { indent });
        let mut len = line.chars().count();
        let start = len;
        for word in paragraph.split_whitespace() {
            let w = word.chars().count();
            if len > start && len + 1 + w > width {
                out.push_str(line.trim_end());
                out.push('\n');
                line = String::from(indent);
                len = line.chars().count();
            } else if len > start {
                line.push(' ');
                len += 1;
            }
            line.push_str(word);
            len += w;
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The message for an answer over the limit.
fn too_long(lang: ReportLang) -> String {
    format!(
        "{} {MAX_ANSWER_BYTES} {}",
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
    )
}

/// The message for an answer that would make the file too large to read back.
fn too_large(out: &mut impl std::io::Write, lang: ReportLang, bytes: usize) {
    let _ = writeln!(
        out,
        "  {} ({bytes} > {} {}).",
        fr(
            lang,
            "Refusé : avec cette réponse, le fichier dépasserait la taille que Repère relit ; donnez-en une plus courte",
            "Refused: with this answer the file would be larger than Repère reads back; give a shorter one"
        ),
        repere_toml::MAX_FILE_BYTES,
        fr(lang, "octets", "bytes")
    );
}

/// After a rating: its evidence (one per line, an empty line to finish) and the assessor's
/// confidence (empty for none), each saved as given. The end of the input ends these
/// optional answers.
fn evidence_and_confidence(
    input: &mut Answers,
    out: &mut impl std::io::Write,
    session: &mut Session<'_>,
    assessment: &mut Assessment,
    lang: ReportLang,
) -> Result<(), Failure> {
    loop {
        let Some(line) = prompt(
            input,
            out,
            lang,
            fr(
                lang,
                "Élément de preuve (document, lien, enquête ; vide pour finir) : ",
                "Evidence (a document, a link, a survey; empty to finish): ",
            ),
        )?
        else {
            return Ok(());
        };
        if line.is_empty() {
            break;
        }
        let Some(rating) = assessment.ratings.last_mut() else {
            return Ok(());
        };
        rating.evidence.push(Evidence {
            reference: line,
            ..Evidence::default()
        });
        if let Saved::TooLarge(bytes) = session.try_save(assessment)? {
            if let Some(r) = assessment.ratings.last_mut() {
                r.evidence.pop();
            }
            too_large(out, lang, bytes);
        }
    }
    loop {
        let Some(line) = prompt(
            input,
            out,
            lang,
            fr(
                lang,
                "Confiance (1 = faible, 2 = moyenne, 3 = élevée ; vide pour ne pas la préciser) : ",
                "Confidence (1 = low, 2 = medium, 3 = high; empty to leave it out): ",
            ),
        )?
        else {
            return Ok(());
        };
        let confidence = match fold(&line).as_str() {
            "" => return Ok(()),
            "1" | "faible" | "low" => Confidence::Low,
            "2" | "moyenne" | "medium" => Confidence::Medium,
            "3" | "elevee" | "haute" | "high" => Confidence::High,
            _ => {
                let _ = writeln!(
                    out,
                    "  {}",
                    fr(
                        lang,
                        "Réponse attendue : 1 (faible), 2 (moyenne), 3 (élevée), ou rien.",
                        "Expected: 1 (low), 2 (medium), 3 (high), or nothing."
                    )
                );
                continue;
            }
        };
        if let Some(r) = assessment.ratings.last_mut() {
            r.confidence = Some(confidence);
        }
        session.save(assessment)?;
        return Ok(());
    }
}

/// A name folded for matching: lower case, accents and apostrophes' variants aside,
/// spaces trimmed and collapsed.
fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.trim().chars().flat_map(char::to_lowercase) {
        match c {
            'à' | 'â' | 'ä' | 'á' | 'ã' | 'å' => out.push('a'),
            'é' | 'è' | 'ê' | 'ë' => out.push('e'),
            'î' | 'ï' | 'í' | 'ì' => out.push('i'),
            'ô' | 'ö' | 'ó' | 'ò' | 'õ' => out.push('o'),
            'ù' | 'û' | 'ü' | 'ú' => out.push('u'),
            'ÿ' | 'ý' => out.push('y'),
            'ç' => out.push('c'),
            'ñ' => out.push('n'),
            'œ' => out.push_str("oe"),
            'æ' => out.push_str("ae"),
            '’' | '‘' | 'ʼ' => out.push('\''),
            '\u{a0}' | '\u{202f}' => out.push(' '),
            c => out.push(c),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

enum Answer {
    Value(Value),
    NotApplicable,
    Skip,
    Quit,
}

fn parse_answer(line: &str, scale: &Scale, lang: ReportLang) -> Result<Answer, String> {
    let s = line.trim();
    match fold(s).as_str() {
        "q" | "quit" | "quitter" => return Ok(Answer::Quit),
        "" | "-" | "skip" | "passer" => return Ok(Answer::Skip),
        "na" | "n/a" | "so" | "sans objet" | "not applicable" => {
            return Ok(Answer::NotApplicable);
        }
        _ => {}
    }
    let value = match &scale.kind {
        ScaleKind::Ordinal(levels) => {
            // A level by its id, its number, or its name in any language of the grid
            // (accents and case aside).
            let folded = fold(s);
            let by_id = levels.iter().find(|lv| lv.id.as_str() == s);
            let by_value = s
                .parse::<i64>()
                .ok()
                .and_then(|n| levels.iter().find(|lv| lv.value == n));
            let by_label = levels
                .iter()
                .find(|lv| lv.label.iter().any(|(_, t)| fold(t) == folded));
            match by_id.or(by_value).or(by_label) {
                Some(lv) => Value::Level(lv.id.clone()),
                None => {
                    let choices: Vec<String> = levels
                        .iter()
                        .map(|lv| {
                            let l = lang.lang();
                            let fb = lv
                                .label
                                .langs()
                                .next()
                                .cloned()
                                .unwrap_or_else(|| l.clone());
                            format!("{} ({})", lv.value, lv.label.get(&l, &fb))
                        })
                        .collect();
                    let mut m = format!(
                        "{} {} ; {} {}",
                        q(lang, &quoted(s)),
                        fr(lang, "n'est pas un niveau", "is not a level"),
                        fr(
                            lang,
                            "répondez par un numéro ou un nom :",
                            "answer with a number or a name:"
                        ),
                        choices.join(", ")
                    );
                    if lang != ReportLang::Fr {
                        m = m.replacen(" ;", ";", 1);
                    }
                    let names: Vec<String> = levels
                        .iter()
                        .flat_map(|lv| {
                            std::iter::once(lv.id.as_str().to_owned())
                                .chain(lv.label.iter().map(|(_, t)| t.to_owned()))
                        })
                        .collect();
                    if let Some(c) = repere_core::closest(s, names.iter().map(String::as_str)) {
                        m.push_str(&format!(
                            " ({} {}{})",
                            fr(lang, "vouliez-vous dire", "did you mean"),
                            q(lang, c),
                            fr(lang, " ?", "?")
                        ));
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
            Ok(x) if x.is_finite() => Value::Number(x),
            _ => {
                return Err(format!(
                    "{} {}",
                    q(lang, &quoted(s)),
                    fr(lang, "n'est pas un nombre.", "is not a number.")
                ));
            }
        },
        ScaleKind::Boolean { yes, no } => {
            let f = fold(s);
            let is = |t: &repere_core::Text| t.iter().any(|(_, x)| fold(x) == f);
            match f.as_str() {
                "yes" | "y" | "oui" | "o" | "true" | "1" => Value::Bool(true),
                "no" | "n" | "non" | "false" | "0" => Value::Bool(false),
                _ if is(yes) => Value::Bool(true),
                _ if is(no) => Value::Bool(false),
                _ => {
                    return Err(format!(
                        "{}{} {}",
                        q(lang, &quoted(s)),
                        fr(lang, " :", ":"),
                        fr(lang, "répondez oui ou non.", "answer yes or no.")
                    ));
                }
            }
        }
    };
    if scale.normalise(&value).is_err() {
        let range = match &scale.kind {
            ScaleKind::Range { min, max, .. } => {
                format!("{} – {}", decimal(lang, *min), decimal(lang, *max))
            }
            _ => "0 – 100".to_owned(),
        };
        return Err(format!(
            "{} {} ({range}).",
            q(lang, &quoted(s)),
            fr(lang, "est hors de l'échelle", "is outside the scale")
        ));
    }
    Ok(Answer::Value(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_words_whole() {
        let w = wrap(
            "Respecté — la commission est indépendante",
            20,
            "  ",
            "    ",
        );
        assert_eq!(w, "  Respecté — la\n    commission est\n    indépendante\n");
        for line in w.lines() {
            assert!(line.chars().count() <= 20, "{line}");
        }
        // A word longer than the line stays whole.
        assert_eq!(wrap("a bcdefghijklmnop", 5, "", ""), "a\nbcdefghijklmnop\n");
    }

    #[test]
    fn names_fold_accents_and_case() {
        assert_eq!(fold("  RESPECTÉ "), fold("respecte"));
        assert_eq!(fold("Élevée"), "elevee");
        assert_eq!(fold("Partiellement   respecté"), "partiellement respecte");
    }

    #[test]
    fn escape_codes_never_reach_an_answer() {
        assert_eq!(plain_answer("ab\u{1b}[Dc\u{1b}[1;5C"), "abc");
        assert_eq!(plain_answer("x\u{1b}OAy\u{7}\tz"), "xy z");
    }
}
