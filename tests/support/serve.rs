//! Helpers for tests of `roadbook serve` over real HTTP: options, polling, an event stream
//! reader, and a first build held back on purpose.

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use roadbook::serve::{FIRST_BUILD_WAIT, Running, ServeOptions};

use super::{HttpResponse, http_get};

/// Options for a server of the site at `root` on a free loopback port.
pub fn options(root: &Path, base_path: &str) -> ServeOptions {
    ServeOptions {
        root: root.to_path_buf(),
        interface: "127.0.0.1".parse().unwrap(),
        port: 0,
        port_attempts: 0,
        base_path: base_path.into(),
        drafts: false,
        open: false,
        color: false,
        first_build_wait: FIRST_BUILD_WAIT,
    }
}

/// Polls `path` until `ok` accepts the response (at most 15 s).
pub fn eventually(running: &Running, path: &str, what: &str, ok: impl Fn(&HttpResponse) -> bool) -> HttpResponse {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let r = http_get(running.addr, path);
        if ok(&r) {
            return r;
        }
        assert!(
            Instant::now() < deadline,
            "timed out waiting for {what} at {path}; last status {}",
            r.status
        );
        std::thread::sleep(Duration::from_millis(40));
    }
}

/// An open event stream, read line by line.
pub struct Events(BufReader<TcpStream>);

impl Events {
    /// Connects to the stream at `path`.
    pub fn open(addr: SocketAddr, path: &str) -> Events {
        let mut stream = TcpStream::connect(addr).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        Events(BufReader::new(stream))
    }

    /// Reads until an event named `name` arrives; returns its data.
    pub fn next(&mut self, name: &str) -> String {
        let mut current = String::new();
        loop {
            let mut line = String::new();
            let n = self.0.read_line(&mut line).expect("event stream read");
            assert!(n > 0, "event stream closed");
            let line = line.trim_end();
            if let Some(event) = line.strip_prefix("event: ") {
                current = event.to_string();
            } else if let Some(data) = line.strip_prefix("data: ")
                && current == name
            {
                return data.to_string();
            }
        }
    }
}

/// A site's `config.toml` replaced by a named pipe, so that a build blocks reading it until the
/// test says so: a first build as slow as the test needs, with no timing guesswork.
pub struct HeldConfig {
    path: PathBuf,
    text: String,
}

impl HeldConfig {
    /// Swaps `<root>/config.toml` for a pipe; the build that reads it waits for [`release`].
    ///
    /// [`release`]: HeldConfig::release
    pub fn hold(root: &Path) -> HeldConfig {
        let path = root.join("config.toml");
        let text = std::fs::read_to_string(&path).expect("config.toml");
        std::fs::remove_file(&path).unwrap();
        let made = std::process::Command::new("mkfifo")
            .arg(&path)
            .status()
            .expect("mkfifo");
        assert!(made.success(), "mkfifo failed");
        HeldConfig { path, text }
    }

    /// Lets the blocked build read the config. Before the pipe closes, a regular file takes
    /// its place, so later rebuilds read a normal file.
    pub fn release(self) {
        let mut pipe = std::fs::OpenOptions::new()
            .write(true)
            .open(&self.path)
            .expect("open the pipe");
        pipe.write_all(self.text.as_bytes()).unwrap();
        let regular = self.path.with_file_name(".config.toml.regular");
        std::fs::write(&regular, &self.text).unwrap();
        std::fs::rename(&regular, &self.path).unwrap();
        drop(pipe);
    }
}
