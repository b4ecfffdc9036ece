//! `repere serve`: the first line of standard output is the address to open, with its
//! token; the app answers there, and only with the token.

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::process::{Command, Stdio};

mod common;

use common::fixture;

fn get(host: &str, path: &str, cookie: Option<&str>) -> String {
    let mut s = TcpStream::connect(host).unwrap();
    let cookie = cookie
        .map(|c| format!("Cookie: {c}\r\n"))
        .unwrap_or_default();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\n{cookie}Connection: close\r\n\r\n"
    )
    .unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    out
}

#[test]
fn serve_prints_the_url_with_its_token_first_and_answers_there() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("closing.toml"), dir.path().join("closing.toml")).unwrap();
    std::fs::copy(fixture("grid.toml"), dir.path().join("grid.toml")).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_repere"))
        .arg("serve")
        .arg(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let url = first.trim().to_owned();
    let rest = url
        .strip_prefix("http://127.0.0.1:")
        .expect("a loopback URL");
    let (port, query) = rest.split_once('/').unwrap();
    let token = query.strip_prefix("?token=").expect("the token in the URL");
    assert_eq!(token.len(), 64);
    assert!(token.chars().all(|c| c.is_ascii_hexdigit()));
    let host = format!("127.0.0.1:{port}");
    let without = get(&host, "/", None);
    assert!(without.starts_with("HTTP/1.1 403"), "{without}");
    let first_visit = get(&host, &format!("/?token={token}"), None);
    assert!(first_visit.starts_with("HTTP/1.1 303"), "{first_visit}");
    let cookie = format!("repere_token_{port}={token}");
    let home = get(&host, "/", Some(&cookie));
    assert!(home.starts_with("HTTP/1.1 200"), "{home}");
    assert!(home.contains("closing.toml"));
    child.kill().unwrap();
    child.wait().unwrap();
}
