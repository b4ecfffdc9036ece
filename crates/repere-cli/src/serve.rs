//! `repere serve`: the local web app of `repere_web` over a folder; prints its address
//! (with the access token) as the first line of standard output, then serves until stopped.

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};

use repere_report::ReportLang;

use crate::Failure;
use crate::io::{note, print, terminal_safe};

/// Where keys are kept: `$REPERE_HOME/keys`, else `$XDG_CONFIG_HOME/repere/keys`, else
/// `$HOME/.config/repere/keys` (as the dossier commands look for them).
fn keys_dir() -> Option<PathBuf> {
    let var = |name: &str| {
        std::env::var_os(name)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    let home = var("REPERE_HOME")
        .or_else(|| {
            var("XDG_CONFIG_HOME")
                .filter(|p| p.is_absolute())
                .map(|c| c.join("repere"))
        })
        .or_else(|| var("HOME").map(|h| h.join(".config").join("repere")))?;
    Some(home.join("keys"))
}

pub(crate) fn run(dir: &Path, addr: IpAddr, port: u16, lang: ReportLang) -> Result<(), Failure> {
    let mut config = repere_web::Config::new(dir);
    config.addr = SocketAddr::new(addr, port);
    config.lang = lang;
    config.keys = keys_dir();
    let server = repere_web::Server::bind(config).map_err(|e| Failure::input(e.to_string()))?;
    print(&format!("{}\n", server.url()))?;
    if !addr.is_loopback() {
        note(&terminal_safe(&format!(
            "warning: listening on {addr}, not the loopback address: other machines of the network reach the app (with the token)"
        )));
    }
    note(&terminal_safe(&format!(
        "serving {} (Ctrl-C to stop)",
        dir.display()
    )));
    server.run().map_err(|e| Failure::input(e.to_string()))
}
