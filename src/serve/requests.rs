//! The dev server's answer to one HTTP request: decided from the current snapshot
//! ([`http::route`]), then sent with `tiny_http`, waiting for the first build when it is
//! still running.

use std::sync::Arc;

use super::http::{self, Reply};
use super::shared::Shared;
use super::{pending, reload};

/// Answers one request. One that arrives before the first build has ended waits for it on a
/// thread of its own (so early requests never hold up the pool), then gets the page, or the
/// waiting page past the limit or when the build failed.
pub(super) fn answer(request: tiny_http::Request, shared: &Arc<Shared>) {
    let reply = decide(&request, shared);
    if reply != Reply::Unbuilt {
        respond(request, reply, shared);
        return;
    }
    let shared = Arc::clone(shared);
    std::thread::spawn(move || {
        shared.wait_first_build(shared.wait_limit);
        let reply = decide(&request, &shared);
        respond(request, reply, &shared);
    });
}

/// How to answer `request` with the current snapshot.
fn decide(request: &tiny_http::Request, shared: &Shared) -> Reply {
    let snapshot = shared.snapshot();
    let if_none_match = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("If-None-Match"))
        .map(|h| h.value.as_str().to_string());
    http::route(
        snapshot.as_deref(),
        &shared.base_path,
        request.method().as_str(),
        request.url(),
        if_none_match.as_deref(),
    )
}

/// Sends `reply`.
fn respond(request: tiny_http::Request, reply: Reply, shared: &Shared) {
    // Every value is ASCII: fixed strings, hex ETags, and redirect targets that `http::route`
    // percent-encodes.
    let header = |k: &str, v: &str| tiny_http::Header::from_bytes(k.as_bytes(), v.as_bytes()).expect("ASCII header");
    let result = match reply {
        Reply::Events => {
            let events = shared.hub.subscribe();
            let first = shared.hello();
            let writer = request.into_writer();
            std::thread::spawn(move || reload::stream(writer, events, &first));
            Ok(())
        }
        Reply::Script => request.respond(
            tiny_http::Response::from_string(reload::CLIENT_JS)
                .with_header(header("Content-Type", "text/javascript; charset=utf-8"))
                .with_header(header("Cache-Control", "no-store")),
        ),
        Reply::File { status, resource } => {
            let html = resource.content_type.starts_with("text/html");
            let body = if html {
                http::inject(&resource.body, &shared.base_path)
            } else {
                resource.body.to_vec()
            };
            request.respond(
                tiny_http::Response::from_data(body)
                    .with_chunked_threshold(usize::MAX)
                    .with_status_code(status)
                    .with_header(header("Content-Type", resource.content_type))
                    .with_header(header("ETag", &resource.etag))
                    .with_header(header("Cache-Control", "no-cache")),
            )
        }
        Reply::NotModified { etag } => request.respond(
            tiny_http::Response::empty(304)
                .with_header(header("ETag", &etag))
                .with_header(header("Cache-Control", "no-cache")),
        ),
        Reply::Redirect(to) => request.respond(tiny_http::Response::empty(301).with_header(header("Location", &to))),
        Reply::Unbuilt => request.respond(
            tiny_http::Response::from_data(pending::page(&shared.base_path, &shared.errors()))
                .with_chunked_threshold(usize::MAX)
                .with_status_code(503)
                .with_header(header("Content-Type", "text/html; charset=utf-8"))
                .with_header(header("Cache-Control", "no-store"))
                .with_header(header("Retry-After", "1")),
        ),
        Reply::Status(code, text) => request.respond(
            tiny_http::Response::from_string(format!("{code} {text}\n"))
                .with_status_code(code)
                .with_header(header("Content-Type", "text/plain; charset=utf-8")),
        ),
    };
    // A client that hung up mid-response is not our problem.
    let _ = result;
}
