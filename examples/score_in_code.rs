//! Builds a small grid, a profile and an assessment in code, scores the assessment and prints
//! the scorecard.
//!
//! Run it with `cargo run --example score_in_code`.

use repere::core::*;

fn id(s: &str) -> Id {
    Id::new(s).expect("a valid id")
}

fn fr_en(fr: &str, en: &str) -> Text {
    Text::new(Lang::fr(), fr).with(Lang::en(), en)
}

fn level(name: &str, value: i64, label: (&str, &str), descriptor: (&str, &str)) -> Level {
    let mut l = Level::new(id(name), value, fr_en(label.0, label.1));
    l.descriptor = fr_en(descriptor.0, descriptor.1);
    l
}

/// A grid of two dimensions and five criteria, in French with English translations.
fn grid() -> Result<Grid, Problems> {
    let mut draft = GridDraft::new(
        id("exemple.concertation"),
        "1.0.0",
        fr_en("Grille d'exemple", "Example grid"),
        Lang::fr(),
    );
    draft.scales.push(Scale::ordinal(
        id("quatre-niveaux"),
        fr_en("Quatre niveaux", "Four levels"),
        vec![
            level(
                "insuffisant",
                0,
                ("Insuffisant", "Insufficient"),
                ("Rien n'est en place", "Nothing is in place"),
            ),
            level(
                "partiel",
                1,
                ("Partiel", "Partial"),
                ("Quelques éléments", "Some elements are in place"),
            ),
            level(
                "satisfaisant",
                2,
                ("Satisfaisant", "Satisfactory"),
                ("L'essentiel est en place", "The essentials are in place"),
            ),
            level(
                "exemplaire",
                3,
                ("Exemplaire", "Exemplary"),
                ("Au-delà des attentes", "Beyond expectations"),
            ),
        ],
    ));
    draft.scales.push(Scale {
        id: id("pourcentage"),
        label: fr_en("Pourcentage", "Percentage"),
        kind: ScaleKind::Percentage,
    });
    draft.scales.push(Scale {
        id: id("oui-non"),
        label: fr_en("Oui / non", "Yes / no"),
        kind: ScaleKind::Boolean {
            yes: fr_en("Oui", "Yes"),
            no: fr_en("Non", "No"),
        },
    });

    let mut information = Dimension::new(id("information"), fr_en("Information", "Information"));
    let mut access = Criterion::new(
        id("acces"),
        fr_en("Accès au dossier", "Access to the project file"),
        id("quatre-niveaux"),
    );
    // The rubric: this criterion's own description of a level.
    access.rubric.push((
        id("exemplaire"),
        fr_en(
            "Dossier en langage clair, en ligne et en mairie, avec une synthèse traduite",
            "Plain-language file, online and at the town hall, with a translated summary",
        ),
    ));
    information.criteria.push(access);
    information.criteria.push(Criterion::new(
        id("notoriete"),
        fr_en("Notoriété de la démarche", "Awareness of the process"),
        id("pourcentage"),
    ));

    let mut influence = Dimension::new(id("influence"), fr_en("Influence", "Influence"));
    influence.criteria.push(Criterion::new(
        id("independance"),
        fr_en("Indépendance du garant", "Independence of the guarantor"),
        id("quatre-niveaux"),
    ));
    influence.criteria.push(Criterion::new(
        id("prise-en-compte"),
        fr_en("Prise en compte des avis", "Consideration of contributions"),
        id("quatre-niveaux"),
    ));
    let mut response = Criterion::new(
        id("reponse"),
        fr_en("Réponse publiée", "Published response"),
        id("oui-non"),
    );
    response.phases = vec![Phase::Closing, Phase::FollowUp];
    influence.criteria.push(response);

    draft.dimensions = vec![information, influence];
    Grid::new(draft)
}

/// Weighted means per dimension and overall, a gate and three bands.
fn profile(grid: &Grid) -> Profile {
    let mut p = Profile::default_for(grid);
    p.id = id("exemple");
    p.label = fr_en("Profil d'exemple", "Example profile");
    p.weights_source = Some(fr_en(
        "Illustratif : choisi pour l'exemple",
        "Illustrative: chosen for the example",
    ));
    p.overall = Aggregation::WeightedMean;
    p.criterion_weights = vec![(id("acces"), 2.0), (id("prise-en-compte"), 3.0)];
    p.dimension_weights = vec![(id("influence"), 2.0)];
    p.min_completeness = 0.5;
    p.bands = vec![
        Band {
            id: id("faible"),
            label: fr_en("Faible", "Weak"),
            min: 0.0,
            color: "#c62828".to_owned(),
        },
        Band {
            id: id("moyen"),
            label: fr_en("Moyen", "Fair"),
            min: 0.4,
            color: "#f9a825".to_owned(),
        },
        Band {
            id: id("bon"),
            label: fr_en("Bon", "Good"),
            min: 0.7,
            color: "#2e7d32".to_owned(),
        },
    ];
    p.gates = vec![Gate {
        criterion: id("independance"),
        below: Threshold::Level(id("satisfaisant")),
        target: GateTarget::Dimension(id("influence")),
        cap: Cap::Band(id("moyen")),
        reason: fr_en(
            "Sans garant indépendant, l'influence ne peut pas être jugée bonne",
            "Without an independent guarantor, influence cannot be rated good",
        ),
        backing: Backing::default(),
    }];
    p
}

/// A closing assessment: one criterion not applicable, one not assessed, targets set at
/// framing.
fn assessment(grid: &Grid) -> Assessment {
    let assessor = Assessor {
        name: "Évaluatrice indépendante".to_owned(),
        role: Role::Evaluator,
        organisation: None,
    };
    let process = Process {
        name: "Concertation sur le réaménagement de la place".to_owned(),
        kind: Some(ProcessKind::Concertation),
        ..Process::default()
    };
    let mut a = Assessment::new(GridRef::to(grid), process, Phase::Closing, assessor);
    let rated = |l: &str| RatingValue::Rated(Value::Level(id(l)));
    let mut access = Rating::new(id("acces"), rated("satisfaisant"));
    access.justification = Some("File online and at the town hall, no summary".to_owned());
    access.evidence.push(Evidence {
        reference: "Closing report, section 2".to_owned(),
        ..Evidence::default()
    });
    access.confidence = Some(Confidence::High);
    a.ratings.push(access);
    a.ratings
        .push(Rating::new(id("notoriete"), RatingValue::NotAssessed));
    a.ratings
        .push(Rating::new(id("independance"), rated("insuffisant")));
    a.ratings
        .push(Rating::new(id("prise-en-compte"), rated("exemplaire")));
    a.ratings.push(Rating::new(
        id("reponse"),
        RatingValue::NotApplicable {
            reason: "a voluntary concertation: no formal response is required".to_owned(),
        },
    ));
    a.targets = vec![
        (id("acces"), Value::Level(id("exemplaire"))),
        (id("notoriete"), Value::Number(50.0)),
        (id("independance"), Value::Level(id("satisfaisant"))),
    ];
    a
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let grid = grid()?;
    let profile = profile(&grid);
    let assessment = assessment(&grid);
    // Check the profile once, then score (the assessment is validated by `score`).
    let scorer = Scorer::new(&grid, &profile)?;
    let card = scorer.score(&assessment)?;
    print_scorecard(&grid, &profile, &card);
    Ok(())
}

fn print_scorecard(grid: &Grid, profile: &Profile, card: &Scorecard) {
    let (en, fallback) = (Lang::en(), grid.default_lang().clone());
    let t = |text: &Text| text.get(&en, &fallback).to_owned();
    let pct = |x: f64| format!("{:.1} %", x * 100.0);
    let band_label = |b: &Option<Id>| {
        b.as_ref()
            .and_then(|b| profile.bands.iter().find(|x| &x.id == b))
            .map_or_else(|| "-".to_owned(), |b| t(&b.label))
    };

    println!(
        "{} {} ({})",
        t(grid.title()),
        grid.version(),
        grid.content_hash()
    );
    println!(
        "Profile `{}`, phase {}, assessor role {}",
        card.profile, card.phase, card.role
    );
    println!();

    for dim in &card.dimensions {
        let d = grid.dimension(dim.id.as_str()).expect("a grid dimension");
        println!("== {} (weight {}) ==", t(&d.label), fmt_number(dim.weight));
        for c in card.criteria.iter().filter(|c| c.dimension == dim.id) {
            let (_, crit) = grid.criterion(c.id.as_str()).expect("a grid criterion");
            let status = match &c.status {
                CriterionStatus::Rated { value, score, .. } => {
                    // The scorecard's label is in the grid's default language; ask the scale
                    // for the English one.
                    let label = grid.scale_of(crit).value_label(value, &en, &fallback);
                    format!("{label:<14} score {:>7}", pct(*score))
                }
                CriterionStatus::NotApplicable { reason } => {
                    let why = if reason.by_phase() {
                        "by phase"
                    } else {
                        "assessor"
                    };
                    format!("not applicable ({why}): {reason}")
                }
                CriterionStatus::NotAssessed => "not assessed".to_owned(),
            };
            println!(
                "  {:<34} w{:<2} {status}",
                t(&crit.label),
                fmt_number(c.weight)
            );
            if let Some(target) = &c.target {
                let gap = target.gap.map_or_else(
                    || "no gap (not rated)".to_owned(),
                    |g| format!("gap {:+.1} points", g * 100.0),
                );
                println!("  {:<38} target {:>7}, {gap}", "", pct(target.score));
            }
            if let Some(next) = &c.next_level {
                println!(
                    "  {:<38} next level: {} — {}",
                    "",
                    t(&next.label),
                    t(&next.descriptor)
                );
            }
        }
        let c = dim.completeness;
        println!(
            "  completeness: {} rated of {} applicable ({} in all)",
            c.rated, c.applicable, c.total
        );
        let score = dim.score().map_or_else(|| "no score".to_owned(), pct);
        println!(
            "  score: {score}, band: {}",
            band_label(&dim.aggregate.band)
        );
        println!("  trace: {}", dim.aggregate.trace);
        print_gates(profile, &dim.aggregate, &t);
        println!();
    }

    if let Some(overall) = &card.overall {
        let score = overall.score.map_or_else(|| "no score".to_owned(), pct);
        println!("== Overall ==");
        println!("  score: {score}, band: {}", band_label(&overall.band));
        println!("  trace: {}", overall.trace);
        print_gates(profile, overall, &t);
        println!();
    }

    let names = |ids: &[Id]| {
        if ids.is_empty() {
            return "none".to_owned();
        }
        ids.iter()
            .map(|i| {
                grid.criterion(i.as_str())
                    .map_or_else(|| i.to_string(), |(_, c)| t(&c.label))
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    println!(
        "Strengths (score ≥ {}): {}",
        pct(STRENGTH_AT),
        names(&card.strengths)
    );
    println!(
        "Weaknesses (score ≤ {}): {}",
        pct(WEAKNESS_AT),
        names(&card.weaknesses)
    );
    let c = card.completeness;
    println!(
        "Completeness: {} rated of {} applicable ({} criteria)",
        c.rated, c.applicable, c.total
    );
}

fn print_gates(profile: &Profile, aggregate: &Aggregate, t: &impl Fn(&Text) -> String) {
    for g in &aggregate.gates {
        let gate = &profile.gates[g.gate];
        let cap = match &g.band_cap {
            Some(b) => {
                let label = profile
                    .bands
                    .iter()
                    .find(|x| &x.id == b)
                    .map_or_else(|| b.to_string(), |x| t(&x.label));
                format!("band {label} at most (score at most {})", fmt_number(g.cap))
            }
            None => format!("score at most {}", fmt_number(g.cap)),
        };
        println!(
            "  gate fired: `{}` scores {} < {} → {cap}{}",
            g.criterion,
            fmt_number(g.criterion_score),
            fmt_number(g.threshold),
            if g.binding { "" } else { " (not binding)" }
        );
        println!("    why: {}", t(&gate.reason));
    }
}
