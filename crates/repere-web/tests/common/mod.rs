//! A running server over a folder of fixtures, and a small raw HTTP client.
#![allow(dead_code, unreachable_pub)]

use std::io::{Read as _, Write as _};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::time::Duration;

use repere_core::workflow::{Evaluation, Member};
use repere_core::{GridRef, Id, Phase, Process, Role};

/// The command line's fixtures: a small grid and assessments of it.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../repere-cli/tests/fixtures")
        .join(name)
}

/// A server running on a thread over a temporary folder holding `grid.toml`,
/// `closing.toml` and `framing.toml`.
pub struct Running {
    pub dir: tempfile::TempDir,
    pub addr: SocketAddr,
    pub url: String,
    pub token: String,
}

pub fn start() -> Running {
    start_with(|_| {})
}

pub fn start_with(prepare: impl FnOnce(&Path)) -> Running {
    let dir = tempfile::tempdir().unwrap();
    for f in ["grid.toml", "closing.toml", "framing.toml"] {
        std::fs::copy(fixture(f), dir.path().join(f)).unwrap();
    }
    prepare(dir.path());
    let mut config = repere_web::Config::new(dir.path());
    config.keys = Some(dir.path().join(".keys"));
    let server = repere_web::Server::bind(config).unwrap();
    let url = server.url();
    let addr = server.addr();
    let token = url.split("token=").nth(1).unwrap().to_owned();
    std::thread::spawn(move || server.run());
    Running {
        dir,
        addr,
        url,
        token,
    }
}

/// An answer: status, headers (lower-case names), body.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Answer {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Sends raw bytes, reads the answer to the end (`Connection: close`).
pub fn raw(addr: SocketAddr, request: &[u8]) -> Answer {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    // The server may answer (and close) before the whole of a large request is sent.
    let _ = s.write_all(request);
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    let text = String::from_utf8_lossy(&out).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    Answer {
        status,
        headers,
        body: body.to_owned(),
    }
}

impl Running {
    pub fn host(&self) -> String {
        self.addr.to_string()
    }

    pub fn cookie(&self) -> String {
        format!("repere_token_{}={}", self.addr.port(), self.token)
    }

    /// A GET with the given extra header lines.
    pub fn get(&self, path: &str, extra: &str) -> Answer {
        raw(
            self.addr,
            format!(
                "GET {path} HTTP/1.1\r\nHost: {}\r\n{extra}Connection: close\r\n\r\n",
                self.host()
            )
            .as_bytes(),
        )
    }

    /// A GET with the access cookie.
    pub fn get_in(&self, path: &str) -> Answer {
        self.get(path, &format!("Cookie: {}\r\n", self.cookie()))
    }

    /// A form POST with the given header lines (Host and length added).
    pub fn post(&self, path: &str, headers: &str, body: &str) -> Answer {
        raw(
            self.addr,
            format!(
                "POST {path} HTTP/1.1\r\nHost: {}\r\n{headers}Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                self.host(),
                body.len()
            )
            .as_bytes(),
        )
    }

    /// The headers of a POST from the app's own page: cookie and origin.
    pub fn own(&self) -> String {
        format!(
            "Cookie: {}\r\nOrigin: http://{}\r\nSec-Fetch-Site: same-origin\r\n",
            self.cookie(),
            self.host()
        )
    }

    /// The CSRF token, read from a form of the app.
    pub fn csrf(&self) -> String {
        let page = self.get_in("/fill?f=closing.toml");
        assert_eq!(page.status, 200, "{}", page.body);
        let at = page.body.find("name=\"csrf\" value=\"").unwrap() + 19;
        page.body[at..at + 64].to_owned()
    }

    pub fn bytes(&self, name: &str) -> Vec<u8> {
        std::fs::read(self.dir.path().join(name)).unwrap()
    }
}

/// A dossier `ev/` on the fixtures' grid: alice evaluates, bob guarantees; both keys here.
pub fn dossier(dir: &Path) {
    let text = std::fs::read_to_string(dir.join("grid.toml")).unwrap();
    let grid = repere_toml::load_grid("grid.toml", &text).unwrap();
    let store = repere_dossier::KeyStore::new(dir.join(".keys"));
    let alice = store.create("alice").unwrap();
    let bob = store.create("bob").unwrap();
    let mut ev = Evaluation::new(
        Process {
            name: "Évaluation du débat".to_owned(),
            ..Process::default()
        },
        GridRef::to(&grid),
        Id::new("default").unwrap(),
    );
    ev.members = vec![
        Member::new("alice", Role::Evaluator, alice.public()),
        Member::new("bob", Role::Guarantor, bob.public()),
    ];
    ev.phases = Phase::ALL.to_vec();
    repere_dossier::Dossier::init(&dir.join("ev"), &ev).unwrap();
}

/// The number of entries in the trail of `ev/`.
pub fn trail_lines(dir: &Path) -> usize {
    std::fs::read_to_string(dir.join("ev").join(repere_dossier::TRAIL_FILE))
        .unwrap_or_default()
        .lines()
        .count()
}
