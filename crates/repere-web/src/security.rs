//! The checks every request passes: the host, the access token, the origin and CSRF token
//! of a change, and paths kept inside the folder served.

use std::net::SocketAddr;
use std::path::{Component, Path, PathBuf};

use subtle::ConstantTimeEq as _;

use crate::http::Req;

/// The access token (for the URL and the cookie) and the CSRF token (in every form), drawn
/// from the operating system's random number generator at start.
pub(crate) struct Secrets {
    token: String,
    csrf: String,
}

impl std::fmt::Debug for Secrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secrets(..)")
    }
}

/// 32 random bytes, as 64 hexadecimal digits.
fn random_hex() -> Result<String, String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| e.to_string())?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Equal, in a time that depends only on the lengths.
pub(crate) fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

impl Secrets {
    pub(crate) fn draw() -> Result<Secrets, String> {
        Ok(Secrets {
            token: random_hex()?,
            csrf: random_hex()?,
        })
    }

    pub(crate) fn token(&self) -> &str {
        &self.token
    }

    pub(crate) fn csrf(&self) -> &str {
        &self.csrf
    }

    pub(crate) fn is_token(&self, given: &str) -> bool {
        same(given, &self.token)
    }

    pub(crate) fn is_csrf(&self, given: &str) -> bool {
        same(given, &self.csrf)
    }
}

/// The name of the access cookie: per port, so that two servers on one machine do not
/// overwrite each other's.
pub(crate) fn cookie_name(addr: SocketAddr) -> String {
    format!("repere_token_{}", addr.port())
}

/// The `Host` values accepted: the address listened on and, on a loopback address,
/// `localhost` with its port. Anything else is a page reached through another name (DNS
/// rebinding) and is refused.
pub(crate) fn host_ok(req: &Req, addr: SocketAddr) -> bool {
    let Some(host) = req.header("host") else {
        return false;
    };
    let port = addr.port();
    let ip = match addr.ip() {
        std::net::IpAddr::V4(v4) => v4.to_string(),
        std::net::IpAddr::V6(v6) => format!("[{v6}]"),
    };
    let host = host.to_ascii_lowercase();
    host == format!("{ip}:{port}")
        || (addr.ip().is_loopback() && host == format!("localhost:{port}"))
}

/// Why a change is refused before its form is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// `Origin` names another site.
    CrossOrigin,
    /// `Sec-Fetch-Site` says another site sent it.
    CrossSite,
    /// The form's CSRF token is missing or wrong.
    Csrf,
    /// The body is not a form.
    NotAForm,
}

/// Checks a state-changing request: its origin (when the browser says it) is the app's own,
/// and its form carries the CSRF token.
pub(crate) fn change_ok(req: &Req, secrets: &Secrets) -> Result<(), Refusal> {
    if let Some(origin) = req.header("origin") {
        let host = req.header("host").unwrap_or_default();
        if !same(
            &origin.to_ascii_lowercase(),
            &format!("http://{}", host.to_ascii_lowercase()),
        ) {
            return Err(Refusal::CrossOrigin);
        }
    } else if req.headers.contains_key("origin") {
        return Err(Refusal::CrossOrigin);
    }
    if let Some(site) = req.header("sec-fetch-site")
        && !matches!(site, "same-origin" | "none")
    {
        return Err(Refusal::CrossSite);
    }
    let form_type = req
        .header("content-type")
        .is_some_and(|t| t.trim().starts_with("application/x-www-form-urlencoded"));
    if !form_type {
        return Err(Refusal::NotAForm);
    }
    match req.form().get("csrf") {
        Some(t) if secrets.is_csrf(t) => Ok(()),
        _ => Err(Refusal::Csrf),
    }
}

/// Why a path is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PathRefusal {
    /// Absolute, or with `..`, or empty: not a name inside the folder.
    NotRelative,
    /// A hidden file or folder (a name starting with `.`: keys, locks, temporaries), or a
    /// file that is not TOML where one is expected.
    Hidden,
    /// There is no such file (or it cannot be reached).
    NotFound,
    /// It leads out of the folder (through a symbolic link).
    Outside,
    /// It is not a regular file (or, for a dossier, not a directory).
    WrongKind,
}

/// A file named relative to the folder served, canonical, inside it; `dir` asks for a
/// directory instead of a regular file.
pub(crate) fn inside(root: &Path, rel: &str, dir: bool) -> Result<PathBuf, PathRefusal> {
    let p = Path::new(rel);
    if rel.is_empty()
        || rel.contains('\0')
        || !p
            .components()
            .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
    {
        return Err(PathRefusal::NotRelative);
    }
    let hidden = p.components().any(|c| match c {
        Component::Normal(n) => n.to_string_lossy().starts_with('.'),
        _ => false,
    });
    if hidden || (!dir && p.extension().is_none_or(|e| e != "toml")) {
        return Err(PathRefusal::Hidden);
    }
    let full = std::fs::canonicalize(root.join(p)).map_err(|_| PathRefusal::NotFound)?;
    if !full.starts_with(root) {
        return Err(PathRefusal::Outside);
    }
    let meta = std::fs::metadata(&full).map_err(|_| PathRefusal::NotFound)?;
    if (dir && !meta.is_dir()) || (!dir && !meta.is_file()) {
        return Err(PathRefusal::WrongKind);
    }
    Ok(full)
}

/// A canonical path inside the folder, as the folder-relative name pages use.
pub(crate) fn relative(root: &Path, full: &Path) -> String {
    full.strip_prefix(root)
        .unwrap_or(full)
        .to_string_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let root = std::fs::canonicalize(dir.path()).unwrap();
        std::fs::write(root.join("a.toml"), "x").unwrap();
        std::fs::create_dir(root.join("sub")).unwrap();
        assert!(inside(&root, "a.toml", false).is_ok());
        assert!(inside(&root, "./a.toml", false).is_ok());
        assert_eq!(
            inside(&root, "../a.toml", false),
            Err(PathRefusal::NotRelative)
        );
        assert_eq!(
            inside(&root, "/etc/passwd", false),
            Err(PathRefusal::NotRelative)
        );
        assert_eq!(inside(&root, "", false), Err(PathRefusal::NotRelative));
        assert_eq!(inside(&root, "b.toml", false), Err(PathRefusal::NotFound));
        std::fs::create_dir(root.join("sub.toml")).unwrap();
        assert_eq!(
            inside(&root, "sub.toml", false),
            Err(PathRefusal::WrongKind)
        );
        assert_eq!(inside(&root, "sub", false), Err(PathRefusal::Hidden));
        std::fs::write(root.join(".secret.toml"), "x").unwrap();
        assert_eq!(
            inside(&root, ".secret.toml", false),
            Err(PathRefusal::Hidden)
        );
        assert_eq!(
            inside(&root, "sub/../a.toml", false),
            Err(PathRefusal::NotRelative)
        );
        assert!(inside(&root, "sub", true).is_ok());
        let outside = tempfile::NamedTempFile::new().unwrap();
        std::os::unix::fs::symlink(outside.path(), root.join("link.toml")).unwrap();
        assert_eq!(inside(&root, "link.toml", false), Err(PathRefusal::Outside));
    }

    #[test]
    fn tokens_compare_whole() {
        assert!(same("abc", "abc"));
        assert!(!same("abc", "abd"));
        assert!(!same("abc", "ab"));
        let s = Secrets::draw().unwrap();
        assert_eq!(s.token().len(), 64);
        assert_ne!(s.token(), s.csrf());
    }
}
