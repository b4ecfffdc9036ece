//! From axum's request to the app's plain request, and back: the body read bounded, the
//! handler run on a blocking thread (it reads, locks and writes files), security headers
//! on every response.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;

use crate::{App, MAX_BODY_BYTES};

/// The methods the app knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Method {
    Get,
    Post,
    /// Anything else: refused.
    Other,
}

/// A request, read whole.
#[derive(Debug)]
pub(crate) struct Req {
    pub(crate) method: Method,
    pub(crate) path: String,
    /// The query's pairs, decoded, in order.
    pub(crate) query: Vec<(String, String)>,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Vec<u8>,
}

impl Req {
    /// The first value of a query parameter.
    pub(crate) fn q(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every value of a query parameter.
    pub(crate) fn q_all(&self, name: &str) -> Vec<&str> {
        self.query
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// A header as text, when it is there and is text.
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// A cookie's value.
    pub(crate) fn cookie(&self, name: &str) -> Option<&str> {
        self.headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|kv| kv.trim().split_once('='))
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v)
    }

    /// The form's pairs (an `application/x-www-form-urlencoded` body).
    pub(crate) fn form(&self) -> Form {
        Form(form_urlencoded::parse(&self.body).into_owned().collect())
    }
}

/// A decoded form.
#[derive(Debug, Default)]
pub(crate) struct Form(pub(crate) Vec<(String, String)>);

impl Form {
    /// The first value of a field.
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every value of a field.
    pub(crate) fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

/// A response.
#[derive(Debug)]
pub(crate) struct Resp {
    pub(crate) status: u16,
    pub(crate) content_type: &'static str,
    pub(crate) body: Vec<u8>,
    pub(crate) headers: Vec<(header::HeaderName, String)>,
    /// The Content-Security-Policy: the app's by default; reports bring their own.
    pub(crate) csp: &'static str,
}

/// The pages' policy: nothing fetched from elsewhere, the app's own style and script only,
/// forms posted to the app only, never framed.
pub(crate) const APP_CSP: &str = "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// The reports' policy (as in their own `<meta>`), and never framed.
pub(crate) const REPORT_CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

impl Resp {
    /// An HTML page.
    pub(crate) fn html(status: u16, body: String) -> Resp {
        Resp {
            status,
            content_type: "text/html; charset=utf-8",
            body: body.into_bytes(),
            headers: Vec::new(),
            csp: APP_CSP,
        }
    }

    /// A redirection to a path of the app (`303 See Other`: the browser then GETs it).
    pub(crate) fn see_other(location: &str) -> Resp {
        let mut r = Resp::html(303, String::new());
        r.headers.push((header::LOCATION, location.to_owned()));
        r
    }

    /// A fixed file of the app.
    pub(crate) fn asset(content_type: &'static str, body: &'static str) -> Resp {
        Resp {
            status: 200,
            content_type,
            body: body.as_bytes().to_vec(),
            headers: Vec::new(),
            csp: APP_CSP,
        }
    }

    /// Plain text (answers to the page's script).
    pub(crate) fn text(status: u16, body: String) -> Resp {
        Resp {
            status,
            content_type: "text/plain; charset=utf-8",
            body: body.into_bytes(),
            headers: Vec::new(),
            csp: APP_CSP,
        }
    }
}

/// Serves one request: reads it bounded, answers it on a blocking thread.
pub(crate) async fn serve(app: Arc<App>, req: axum::extract::Request) -> Response {
    let (parts, body) = req.into_parts();
    let declared = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    let lang = crate::words::lang_of(&parts.uri, app.lang);
    if declared.is_some_and(|n| n > MAX_BODY_BYTES as u64) {
        return into_response(crate::pages::too_large(lang));
    }
    let Ok(body) = axum::body::to_bytes(body, MAX_BODY_BYTES).await else {
        return into_response(crate::pages::too_large(lang));
    };
    let method = match parts.method.as_str() {
        "GET" | "HEAD" => Method::Get,
        "POST" => Method::Post,
        _ => Method::Other,
    };
    let query = parts
        .uri
        .query()
        .map(|q| form_urlencoded::parse(q.as_bytes()).into_owned().collect())
        .unwrap_or_default();
    let req = Req {
        method,
        path: parts.uri.path().to_owned(),
        query,
        headers: parts.headers,
        body: body.to_vec(),
    };
    let resp = tokio::task::spawn_blocking(move || crate::pages::handle(&app, &req)).await;
    match resp {
        Ok(r) => into_response(r),
        Err(_) => into_response(Resp::text(500, "internal error".to_owned())),
    }
}

fn into_response(r: Resp) -> Response {
    let mut resp = Response::new(Body::from(r.body));
    *resp.status_mut() =
        StatusCode::from_u16(r.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(r.content_type),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(r.csp),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    for (name, value) in r.headers {
        if let Ok(v) = HeaderValue::from_str(&value) {
            h.append(name, v);
        }
    }
    resp
}
