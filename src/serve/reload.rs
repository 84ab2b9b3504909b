//! Live reload over Server-Sent Events.
//!
//! Browsers connect to `/__roadbook/events`. tiny_http buffers streamed response bodies, so each
//! client gets the raw connection (`into_writer()`), a hand-written response head, and its own
//! thread that writes each event and flushes it; a comment line every 15 s keeps the connection
//! alive and finds dead clients, which are dropped when a write fails. Events:
//! `hello` (the build number: a page that reconnects to a newer build reloads), `reload` (the
//! changed page URLs), `css` (stylesheets changed: swap them without reloading), `errors` (show
//! the overlay) and `ok` (hide it).

use std::io::Write;
use std::sync::Mutex;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::Duration;

/// How often an idle connection gets a keep-alive comment.
pub const HEARTBEAT: Duration = Duration::from_secs(15);

/// The live-reload client, injected into served pages only (never into `build` output).
pub const CLIENT_JS: &str = include_str!("livereload.js");

/// Fans events out to every connected browser.
#[derive(Default)]
pub struct Hub {
    clients: Mutex<Vec<Sender<String>>>,
}

impl Hub {
    /// A hub with no clients.
    pub fn new() -> Hub {
        Hub::default()
    }

    /// Registers a client; its receiver yields formatted events.
    pub fn subscribe(&self) -> Receiver<String> {
        let (tx, rx) = channel();
        if let Ok(mut clients) = self.clients.lock() {
            clients.push(tx);
        }
        rx
    }

    /// Sends an event to every client, forgetting those that went away.
    pub fn send(&self, event: &str, data: &str) {
        let message = format(event, data);
        if let Ok(mut clients) = self.clients.lock() {
            clients.retain(|c| c.send(message.clone()).is_ok());
        }
    }

    /// How many clients are connected.
    pub fn clients(&self) -> usize {
        self.clients.lock().map(|c| c.len()).unwrap_or(0)
    }
}

/// One SSE message.
pub fn format(event: &str, data: &str) -> String {
    let mut out = format!("event: {event}\n");
    for line in data.lines() {
        out.push_str("data: ");
        out.push_str(line);
        out.push('\n');
    }
    if data.is_empty() {
        out.push_str("data: \n");
    }
    out.push('\n');
    out
}

/// Streams events to one client until it disconnects. `first` is written right away.
pub fn stream(mut writer: Box<dyn Write + Send>, events: Receiver<String>, first: &str) {
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\nConnection: keep-alive\r\nX-Accel-Buffering: no\r\n\r\nretry: 1000\n\n";
    if writer
        .write_all(head.as_bytes())
        .and_then(|_| writer.write_all(first.as_bytes()))
        .and_then(|_| writer.flush())
        .is_err()
    {
        return;
    }
    loop {
        let message = match events.recv_timeout(HEARTBEAT) {
            Ok(m) => m,
            Err(RecvTimeoutError::Timeout) => ": ping\n\n".to_string(),
            Err(RecvTimeoutError::Disconnected) => return,
        };
        if writer
            .write_all(message.as_bytes())
            .and_then(|_| writer.flush())
            .is_err()
        {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_follow_the_sse_format() {
        assert_eq!(format("reload", "{\"a\":1}"), "event: reload\ndata: {\"a\":1}\n\n");
        assert_eq!(format("errors", "a\nb"), "event: errors\ndata: a\ndata: b\n\n");
        assert_eq!(format("ok", ""), "event: ok\ndata: \n\n");
    }

    #[test]
    fn hub_drops_clients_that_went_away() {
        let hub = Hub::new();
        let a = hub.subscribe();
        let b = hub.subscribe();
        drop(b);
        hub.send("ok", "");
        assert_eq!(hub.clients(), 1);
        assert_eq!(a.recv().unwrap(), "event: ok\ndata: \n\n");
    }
}
