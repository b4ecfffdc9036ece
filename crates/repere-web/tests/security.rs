//! The local server's security, tested over TCP against a running server: every refusal
//! has its status and error page, and leaves the files byte for byte as they were.

mod common;

use common::{Running, raw, start, start_with};

/// A change that the app accepts from its own page: the independence criterion set to
/// "oui" with a justification.
fn change(csrf: &str) -> String {
    format!("csrf={csrf}&k=independance&v.independance=oui&j.independance=Charte+sign%C3%A9e")
}

/// Runs `attempt`, then checks that `closing.toml` did not change and no other file appeared.
fn refused(s: &Running, expected: u16, attempt: impl FnOnce(&Running) -> common::Answer) {
    let before = s.bytes("closing.toml");
    let listing = |s: &Running| {
        let mut v: Vec<String> = std::fs::read_dir(s.dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    let files = listing(s);
    let a = attempt(s);
    assert_eq!(a.status, expected, "{}", a.body);
    assert_eq!(s.bytes("closing.toml"), before, "the file changed");
    assert_eq!(listing(s), files, "files appeared or went");
}

#[test]
fn the_first_line_url_sets_a_cookie_and_leaves_the_address_bar() {
    let s = start();
    let path = s.url.split_once(&s.host()).unwrap().1.to_owned();
    let a = s.get(&path, "");
    assert_eq!(a.status, 303);
    assert_eq!(a.header("location"), Some("/"));
    let cookie = a.header("set-cookie").unwrap();
    assert!(cookie.starts_with(&s.cookie()), "{cookie}");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"));
    let home = s.get_in("/");
    assert_eq!(home.status, 200);
    assert!(home.body.contains("closing.toml"));
    assert!(
        home.header("content-security-policy")
            .unwrap()
            .contains("default-src 'none'")
    );
}

#[test]
fn a_valid_change_is_saved_so_the_refusals_below_are_not_vacuous() {
    let s = start();
    let csrf = s.csrf();
    let a = s.post("/fill?f=closing.toml", &s.own(), &change(&csrf));
    assert_eq!(a.status, 303, "{}", a.body);
    let text = String::from_utf8(s.bytes("closing.toml")).unwrap();
    assert!(text.contains("level = \"oui\""), "{text}");
    assert!(text.contains("Charte signée"));
}

#[test]
fn no_token_or_a_wrong_token_is_refused() {
    let s = start();
    refused(&s, 403, |s| s.get("/", ""));
    refused(&s, 403, |s| s.get("/fill?f=closing.toml", ""));
    refused(&s, 403, |s| s.get("/?token=0000", ""));
    refused(&s, 403, |s| {
        s.get(
            "/",
            &format!(
                "Cookie: repere_token_{}={}\r\n",
                s.addr.port(),
                "a".repeat(64)
            ),
        )
    });
    // A change without the cookie, even with the right CSRF token and origin.
    let csrf = s.csrf();
    refused(&s, 403, |s| {
        s.post(
            "/fill?f=closing.toml",
            &format!("Origin: http://{}\r\n", s.host()),
            &change(&csrf),
        )
    });
    let page = s.get("/", "");
    assert!(page.body.contains("Accès refusé"), "{}", page.body);
}

#[test]
fn another_host_name_is_refused() {
    let s = start();
    let csrf = s.csrf();
    for host in [
        format!("evil.example:{}", s.addr.port()),
        "127.0.0.1".to_owned(),
        format!("localhost.evil.example:{}", s.addr.port()),
    ] {
        refused(&s, 421, |s| {
            raw(
                s.addr,
                format!(
                    "GET / HTTP/1.1\r\nHost: {host}\r\nCookie: {}\r\nConnection: close\r\n\r\n",
                    s.cookie()
                )
                .as_bytes(),
            )
        });
        let body = change(&csrf);
        refused(&s, 421, |s| {
            raw(
                s.addr,
                format!(
                    "POST /fill?f=closing.toml HTTP/1.1\r\nHost: {host}\r\nCookie: {}\r\nOrigin: http://{host}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    s.cookie(),
                    body.len()
                )
                .as_bytes(),
            )
        });
    }
    // `localhost` with the port is the same app.
    let a = raw(
        s.addr,
        format!(
            "GET / HTTP/1.1\r\nHost: localhost:{}\r\nCookie: {}\r\nConnection: close\r\n\r\n",
            s.addr.port(),
            s.cookie()
        )
        .as_bytes(),
    );
    assert_eq!(a.status, 200);
}

#[test]
fn a_cross_origin_post_is_refused() {
    let s = start();
    let csrf = s.csrf();
    refused(&s, 403, |s| {
        s.post(
            "/fill?f=closing.toml",
            &format!("Cookie: {}\r\nOrigin: http://evil.example\r\n", s.cookie()),
            &change(&csrf),
        )
    });
    refused(&s, 403, |s| {
        s.post(
            "/fill?f=closing.toml",
            &format!("Cookie: {}\r\nOrigin: null\r\n", s.cookie()),
            &change(&csrf),
        )
    });
    refused(&s, 403, |s| {
        s.post(
            "/fill?f=closing.toml",
            &format!("Cookie: {}\r\nSec-Fetch-Site: cross-site\r\n", s.cookie()),
            &change(&csrf),
        )
    });
    refused(&s, 403, |s| {
        s.post(
            "/dossier?d=.",
            &format!("Cookie: {}\r\nOrigin: http://evil.example\r\n", s.cookie()),
            &format!("csrf={csrf}&action=start&as=x&phase=closing"),
        )
    });
}

#[test]
fn a_missing_or_wrong_csrf_token_is_refused() {
    let s = start();
    refused(&s, 403, |s| {
        s.post(
            "/fill?f=closing.toml",
            &s.own(),
            "k=independance&v.independance=oui",
        )
    });
    refused(&s, 403, |s| {
        s.post("/fill?f=closing.toml", &s.own(), &change(&"0".repeat(64)))
    });
    // Not a form: refused before it is read.
    let csrf = s.csrf();
    refused(&s, 403, |s| {
        raw(
            s.addr,
            format!(
                "POST /fill?f=closing.toml HTTP/1.1\r\nHost: {}\r\n{}Content-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{}",
                s.host(),
                s.own(),
                change(&csrf).len(),
                change(&csrf)
            )
            .as_bytes(),
        )
    });
    let a = s.post("/fill?f=closing.toml", &s.own(), "k=x");
    assert!(a.body.contains("Modification refusée"), "{}", a.body);
}

#[test]
fn paths_outside_the_folder_are_refused() {
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.toml");
    std::fs::copy(common::fixture("closing.toml"), &secret).unwrap();
    let before = std::fs::read(&secret).unwrap();
    let s = start_with(|dir| {
        std::os::unix::fs::symlink(&secret, dir.join("link.toml")).unwrap();
    });
    let csrf = s.csrf();
    let rel = format!(
        "../{}/secret.toml",
        outside.path().file_name().unwrap().to_string_lossy()
    );
    refused(&s, 400, |s| s.get_in(&format!("/fill?f={rel}")));
    refused(&s, 400, |s| s.get_in("/report?f=/etc/passwd"));
    refused(&s, 400, |s| s.get_in("/grid?g=%2Fetc%2Fpasswd"));
    refused(&s, 403, |s| s.get_in("/fill?f=link.toml"));
    refused(&s, 403, |s| s.get_in("/report?f=link.toml"));
    refused(&s, 404, |s| s.get_in("/fill?f=nothing.toml"));
    // Hidden files (keys are kept in one here) and files that are not TOML are never opened.
    std::fs::create_dir_all(s.dir.path().join(".keys")).unwrap();
    std::fs::write(s.dir.path().join(".keys/alice.toml"), "secret = 1").unwrap();
    refused(&s, 403, |s| s.get_in("/fill?f=.keys/alice.toml"));
    refused(&s, 403, |s| s.get_in("/grid?g=.keys%2Falice.toml"));
    refused(&s, 403, |s| s.get_in("/fill?f=closing.toml.lock"));
    refused(&s, 400, |s| {
        s.get_in(&format!("/consolidation?f=closing.toml&f={rel}"))
    });
    refused(&s, 400, |s| {
        s.post(&format!("/fill?f={rel}"), &s.own(), &change(&csrf))
    });
    refused(&s, 403, |s| {
        s.post("/fill?f=link.toml", &s.own(), &change(&csrf))
    });
    refused(&s, 400, |s| {
        s.post(
            "/dossier?d=..",
            &s.own(),
            &format!("csrf={csrf}&action=start"),
        )
    });
    assert_eq!(std::fs::read(&secret).unwrap(), before);
    let page = s.get_in("/fill?f=link.toml");
    assert!(page.body.contains("hors du dossier servi"), "{}", page.body);
}

#[test]
fn oversized_requests_are_refused() {
    let s = start();
    let csrf = s.csrf();
    // Declared too large: refused before the body is read.
    let big = format!("{}&j.independance={}", change(&csrf), "x".repeat(3 << 20));
    refused(&s, 413, |s| s.post("/fill?f=closing.toml", &s.own(), &big));
    // Too large without a declared length (chunked): refused when the limit is passed.
    refused(&s, 413, |s| {
        let mut req = format!(
            "POST /fill?f=closing.toml HTTP/1.1\r\nHost: {}\r\n{}Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
            s.host(),
            s.own()
        )
        .into_bytes();
        let chunk = "y".repeat(1 << 20);
        for _ in 0..3 {
            req.extend_from_slice(format!("{:x}\r\n{chunk}\r\n", chunk.len()).as_bytes());
        }
        req.extend_from_slice(b"0\r\n\r\n");
        raw(s.addr, &req)
    });
    // Headers too large: the HTTP layer refuses them.
    let before = s.bytes("closing.toml");
    let a = raw(
        s.addr,
        format!(
            "GET / HTTP/1.1\r\nHost: {}\r\nCookie: {}\r\nX-Big: {}\r\nConnection: close\r\n\r\n",
            s.host(),
            s.cookie(),
            "z".repeat(1 << 20)
        )
        .as_bytes(),
    );
    assert_ne!(a.status, 200);
    assert_eq!(s.bytes("closing.toml"), before);
    let a = s.post("/fill?f=closing.toml", &s.own(), &big);
    assert!(a.body.contains("trop volumineuse"), "{}", a.body);
}

#[test]
fn a_file_locked_by_another_writer_is_not_written() {
    let s = start();
    let csrf = s.csrf();
    let lock =
        repere_fs::FileLock::acquire(&s.dir.path().join("closing.toml"), "repere fill").unwrap();
    let before = s.bytes("closing.toml");
    let a = s.post("/fill?f=closing.toml", &s.own(), &change(&csrf));
    assert_eq!(a.status, 409, "{}", a.body);
    assert_eq!(s.bytes("closing.toml"), before);
    drop(lock);
    let a = s.post("/fill?f=closing.toml", &s.own(), &change(&csrf));
    assert_eq!(a.status, 303, "{}", a.body);
}

#[test]
fn an_invalid_answer_is_refused_with_its_reason_and_nothing_written() {
    let s = start();
    let csrf = s.csrf();
    refused(&s, 422, |s| {
        s.post(
            "/fill?f=closing.toml",
            &s.own(),
            &format!("csrf={csrf}&k=independance&v.independance=na&r.independance="),
        )
    });
    refused(&s, 422, |s| {
        s.post(
            "/fill?f=closing.toml",
            &s.own(),
            &format!("csrf={csrf}&k=notoriete&v.notoriete=num&n.notoriete=140"),
        )
    });
    refused(&s, 422, |s| {
        s.post(
            "/fill?f=closing.toml",
            &s.own(),
            &format!("csrf={csrf}&k=independance&v.independance=respecte-pas"),
        )
    });
    let a = s.post(
        "/fill?f=closing.toml",
        &s.own(),
        &format!("csrf={csrf}&k=independance&v.independance=na&r.independance="),
    );
    assert!(a.body.contains("demande une raison"), "{}", a.body);
}

#[test]
fn other_methods_are_refused() {
    let s = start();
    refused(&s, 405, |s| {
        raw(
            s.addr,
            format!(
                "PUT /fill?f=closing.toml HTTP/1.1\r\nHost: {}\r\nCookie: {}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                s.host(),
                s.cookie()
            )
            .as_bytes(),
        )
    });
}
