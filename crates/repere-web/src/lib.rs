//! Repère's local web app: a folder of assessments, or an evaluation dossier, in a browser.
//!
//! [`Server::bind`] opens a listener (the loopback address by default) and draws a random
//! access token from the operating system; [`Server::url`] is the address to open, token
//! included; [`Server::run`] answers requests until the process ends. The pages are French
//! first, English one click away, plain HTML forms that work without JavaScript (a small
//! script saves each change as it is made when scripts run).
//!
//! Every file written goes through the same path as the command line: the assessment is
//! re-read under the file's lock ([`repere_fs::FileLock`]), changed, checked against its grid,
//! written by [`repere_toml::assessment_to_toml`] and [`repere_fs::write`] (atomic), so the
//! TOML file on disk is always the truth. Dossier actions go through [`repere_dossier`]
//! (lock, workflow preview, signed append) with the keys of `$REPERE_HOME/keys`.
//!
//! # Security
//!
//! Every request is refused, with an error page and nothing written, unless: its `Host` is
//! the address served (DNS rebinding); it carries the access token (in the URL once, then in a
//! `SameSite=Strict`, `HttpOnly` cookie; compared in constant time); its path names a file
//! inside the folder served (canonicalised, so a symbolic link leading out is refused); and
//! its body is at most [`MAX_BODY_BYTES`]. A request that changes anything (`POST`) must also
//! come from the app's own pages (`Origin` and `Sec-Fetch-Site` when the browser sends them)
//! and carry the form's CSRF token.
//!
//! ```no_run
//! let server = repere_web::Server::bind(repere_web::Config::new("evaluations"))?;
//! println!("{}", server.url());
//! server.run()?;
//! # Ok::<(), repere_web::WebError>(())
//! ```

#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;

mod http;
mod pages;
mod security;
mod store;
mod words;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;

pub use repere_report::ReportLang;

/// The largest request body accepted, in bytes: a form of a whole grid with long answers
/// fits; more is refused with `413` before it is read.
pub const MAX_BODY_BYTES: usize = 2 << 20;

/// How the app is served.
#[derive(Debug, Clone)]
pub struct Config {
    /// The folder served: assessments, grids, dossiers. Nothing outside it is reachable.
    pub root: PathBuf,
    /// The address to listen on; `127.0.0.1` and a free port by default.
    pub addr: SocketAddr,
    /// The language of the pages by default (French unless asked otherwise).
    pub lang: ReportLang,
    /// Where the members' keys are (`$REPERE_HOME/keys`), for dossier actions; `None` when
    /// no key store is known (then no action can be signed).
    pub keys: Option<PathBuf>,
}

impl Config {
    /// Serves `root` on the loopback address, on a port the system chooses, in French.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Config {
            root: root.into(),
            addr: SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 0),
            lang: ReportLang::Fr,
            keys: None,
        }
    }
}

/// Why the server could not start or stopped.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WebError {
    /// The folder to serve cannot be used.
    #[error("cannot serve `{}`: {reason}", path.display())]
    Root {
        /// The folder given.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// The address cannot be listened on.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// The system's error.
        source: std::io::Error,
    },
    /// The operating system's random number generator failed.
    #[error("cannot draw a random access token: {0}")]
    Random(String),
    /// The server stopped on an error.
    #[error("the server stopped: {0}")]
    Io(#[from] std::io::Error),
}

/// A bound server, ready to run.
#[derive(Debug)]
pub struct Server {
    listener: std::net::TcpListener,
    app: Arc<App>,
}

/// What every request handler shares.
#[derive(Debug)]
pub(crate) struct App {
    /// The folder served, canonical.
    pub(crate) root: PathBuf,
    /// The address listened on (with the port chosen).
    pub(crate) addr: SocketAddr,
    pub(crate) lang: ReportLang,
    pub(crate) keys: Option<PathBuf>,
    pub(crate) secrets: security::Secrets,
}

impl Server {
    /// Checks the folder, draws the access token, and listens.
    pub fn bind(config: Config) -> Result<Server, WebError> {
        let root = std::fs::canonicalize(&config.root).map_err(|e| WebError::Root {
            path: config.root.clone(),
            reason: e.to_string(),
        })?;
        if !root.is_dir() {
            return Err(WebError::Root {
                path: config.root,
                reason: "not a directory".to_owned(),
            });
        }
        let secrets = security::Secrets::draw().map_err(WebError::Random)?;
        let listener =
            std::net::TcpListener::bind(config.addr).map_err(|source| WebError::Bind {
                addr: config.addr,
                source,
            })?;
        let addr = listener.local_addr()?;
        Ok(Server {
            listener,
            app: Arc::new(App {
                root,
                addr,
                lang: config.lang,
                keys: config.keys,
                secrets,
            }),
        })
    }

    /// The address to open in a browser, with the access token.
    pub fn url(&self) -> String {
        format!(
            "http://{}/?token={}",
            self.app.addr,
            self.app.secrets.token()
        )
    }

    /// The address listened on.
    pub fn addr(&self) -> SocketAddr {
        self.app.addr
    }

    /// Answers requests until the process ends (or the listener fails).
    pub fn run(self) -> Result<(), WebError> {
        self.listener.set_nonblocking(true)?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .build()?;
        let app = self.app;
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(self.listener)?;
            let router = axum::Router::new().fallback(move |req| http::serve(app.clone(), req));
            axum::serve(listener, router).await
        })?;
        Ok(())
    }
}
