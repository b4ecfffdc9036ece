//! The files: what the folder holds, assessments with their grids, saving under the lock.

use std::path::{Path, PathBuf};

use repere_core::{Assessment, Grid, ProblemKind};
use repere_fs::{FileLock, Input, LockError, Overwrite};
use repere_toml::{FileKind, ParsedAssessment};

/// A TOML file of the folder, read bounded through `repere_fs`.
pub(crate) fn read_text(path: &Path) -> Result<String, String> {
    let bytes = repere_fs::read(
        &Input::Path(path.to_path_buf()),
        repere_toml::MAX_FILE_BYTES as u64,
    )
    .map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|_| format!("`{}` is not UTF-8 text", path.display()))
}

/// What the folder holds, one level down: assessment files and dossiers.
#[derive(Debug, Default)]
pub(crate) struct Listing {
    /// Assessment files (folder-relative names), sorted.
    pub(crate) assessments: Vec<PathBuf>,
    /// Dossier directories (folder-relative; `""` for the folder itself), sorted.
    pub(crate) dossiers: Vec<PathBuf>,
    /// Grid files, sorted.
    pub(crate) grids: Vec<PathBuf>,
}

/// At most this many entries of a directory are looked at.
const MAX_ENTRIES: usize = 2000;

fn kind_of(path: &Path) -> Option<FileKind> {
    let text = read_text(path).ok()?;
    repere_toml::file_kind(&path.display().to_string(), &text).ok()
}

/// Lists the folder: its TOML files by kind, and the dossiers in it (the folder itself may
/// be one).
pub(crate) fn list(root: &Path) -> Listing {
    let mut l = Listing::default();
    if root.join(repere_dossier::EVALUATION_FILE).is_file() {
        l.dossiers.push(PathBuf::new());
    }
    let Ok(entries) = std::fs::read_dir(root) else {
        return l;
    };
    for entry in entries.flatten().take(MAX_ENTRIES) {
        let name = PathBuf::from(entry.file_name());
        let Ok(meta) = std::fs::symlink_metadata(entry.path()) else {
            continue;
        };
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        if meta.is_dir() {
            if entry.path().join(repere_dossier::EVALUATION_FILE).is_file() {
                l.dossiers.push(name);
            }
        } else if meta.is_file() && name.extension().is_some_and(|e| e == "toml") {
            match kind_of(&entry.path()) {
                Some(FileKind::Assessment) => l.assessments.push(name),
                Some(FileKind::Grid) => l.grids.push(name),
                _ => {}
            }
        }
    }
    l.assessments.sort();
    l.dossiers.sort();
    l.grids.sort();
    l
}

/// The grid an assessment names: built in, or a grid file of the folder (or of the
/// dossier's folder) with that id and version.
pub(crate) fn grid(root: &Path, near: &Path, id: &str, version: &str) -> Option<Grid> {
    if let Ok(g) = repere_catalog::grid_version(id, Some(version)) {
        return Some(g);
    }
    let mut dirs = vec![root.to_path_buf()];
    let mut d = near.parent();
    while let Some(p) = d {
        if !p.starts_with(root) || p == root {
            break;
        }
        dirs.push(p.to_path_buf());
        d = p.parent();
    }
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten().take(MAX_ENTRIES) {
            let p = e.path();
            if p.extension().is_none_or(|x| x != "toml") || !p.is_file() {
                continue;
            }
            let Ok(text) = read_text(&p) else { continue };
            if let Ok(g) = repere_toml::load_grid(&p.display().to_string(), &text)
                && g.id().as_str() == id
                && g.version() == version
            {
                return Some(g);
            }
        }
    }
    None
}

/// An assessment file, read, with its grid; the assessment as a draft (empty names
/// allowed) so that a file being filled opens.
#[derive(Debug)]
pub(crate) struct Loaded {
    pub(crate) grid: Grid,
    pub(crate) assessment: Assessment,
}

/// Why an assessment cannot be opened or saved.
#[derive(Debug)]
pub(crate) enum StoreError {
    /// Cannot be read.
    Read(String),
    /// Not a valid file: the diagnostics, rendered without colour.
    Invalid(String),
    /// Its grid is neither built in nor in the folder.
    NoGrid { id: String, version: String },
    /// Someone else is writing it (`repere fill`, another save): who.
    Locked(String),
    /// The change would make it invalid: the problems.
    Rejected(Vec<String>),
    /// The file would be larger than Repère reads back.
    TooLarge(usize),
    /// Cannot be written.
    Write(String),
}

fn parsed(path: &Path) -> Result<ParsedAssessment, StoreError> {
    let text = read_text(path).map_err(StoreError::Read)?;
    repere_toml::parse_assessment(&path.display().to_string(), &text)
        .map_err(|e| StoreError::Invalid(e.render(false)))
}

/// Opens an assessment with its grid.
pub(crate) fn load(root: &Path, path: &Path) -> Result<Loaded, StoreError> {
    let p = parsed(path)?;
    let grid =
        grid(root, path, p.grid_id(), p.grid_version()).ok_or_else(|| StoreError::NoGrid {
            id: p.grid_id().to_owned(),
            version: p.grid_version().to_owned(),
        })?;
    let assessment = p
        .resolve_draft(&grid)
        .map_err(|e| StoreError::Invalid(e.render(false)))?;
    Ok(Loaded { grid, assessment })
}

/// Changes an assessment on disk: under its lock, re-read (the file is the truth), changed
/// by `change`, checked against its grid (everything but empty names, which `repere fill`
/// also asks for later), then written atomically. Nothing is written when any step fails.
pub(crate) fn save(
    root: &Path,
    path: &Path,
    change: impl FnOnce(&mut Assessment, &Grid) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    let _lock = FileLock::acquire(path, "repere serve").map_err(|e| match e {
        LockError::Held { .. } => StoreError::Locked(e.to_string()),
        other => StoreError::Write(other.to_string()),
    })?;
    let Loaded {
        grid,
        mut assessment,
    } = load(root, path)?;
    change(&mut assessment, &grid)?;
    if let Err(problems) = assessment.validate(&grid) {
        let kept: Vec<String> = problems
            .into_vec()
            .into_iter()
            .filter(|p| !matches!(p.kind, ProblemKind::EmptyName { .. }))
            .map(|p| p.to_string())
            .collect();
        if !kept.is_empty() {
            return Err(StoreError::Rejected(kept));
        }
    }
    let text = repere_toml::assessment_to_toml(&assessment);
    if text.len() > repere_toml::MAX_FILE_BYTES {
        return Err(StoreError::TooLarge(text.len()));
    }
    repere_fs::write(path, text.as_bytes(), Overwrite::Replace)
        .map_err(|e| StoreError::Write(e.to_string()))?;
    // The schema the file's `#:schema` line names, beside it, as the command line writes it:
    // never over an existing file, and a failure leaves the assessment saved.
    let schema = repere_toml::schema_path_beside(path, FileKind::Assessment);
    if !schema.exists() {
        let _ = repere_fs::write(
            &schema,
            repere_toml::schema(FileKind::Assessment).as_bytes(),
            Overwrite::Never,
        );
    }
    Ok(())
}
