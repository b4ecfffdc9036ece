//! `repere man`: the manual pages, generated from the command-line definitions.

use std::path::Path;

use clap::CommandFactory as _;

use crate::Failure;
use crate::io::{note, print, terminal_safe, write_file};

/// Prints the main page, or writes every page into `out`.
pub(crate) fn run(out: Option<&Path>, force: bool) -> Result<(), Failure> {
    let cmd = crate::Cli::command();
    let Some(dir) = out else {
        return print(&page(cmd)?);
    };
    std::fs::create_dir_all(dir).map_err(|e| {
        Failure::input(format!(
            "cannot create `{}`: {}",
            dir.display(),
            crate::io::io_reason(&e)
        ))
    })?;
    let mut pages = vec![("repere.1".to_owned(), page(cmd.clone())?)];
    for sub in cmd.get_subcommands() {
        let name = format!("repere-{}", sub.get_name());
        let sub = sub
            .clone()
            .name(name.clone())
            .version(env!("CARGO_PKG_VERSION"));
        pages.push((format!("{name}.1"), page(sub)?));
    }
    for (file, text) in &pages {
        let path = dir.join(file);
        write_file(&path, text, force)?;
        note(&format!(
            "wrote {}",
            terminal_safe(&path.display().to_string())
        ));
    }
    Ok(())
}

/// One page in roff.
fn page(cmd: clap::Command) -> Result<String, Failure> {
    let mut bytes = Vec::new();
    clap_mangen::Man::new(cmd)
        .render(&mut bytes)
        .map_err(|e| Failure::input(format!("cannot write the manual page: {e}")))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}
