//! Installing a release, end to end on loopback: a fake GitHub release made from the freshly
//! built binary with the release workflow's own scripts (`.github/scripts/archive.sh`,
//! `sha256sums.sh`), served over HTTP on 127.0.0.1 the way GitHub serves releases
//! (`/releases/download/v<version>/<file>`, and `/releases/latest/download/<file>` answering
//! with a redirect). Against it run `install.sh` and the "Download roadbook" step of both Pages
//! workflows (the one `roadbook init` writes and this repository's), which must install a
//! binary that runs, and refuse a download whose checksum does not match, a platform there is
//! no binary for, and a release that does not exist.

#![cfg(unix)]

mod support;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Arc, Mutex, OnceLock};
use std::thread::JoinHandle;

const VERSION: &str = env!("CARGO_PKG_VERSION");
/// A small release whose "binary" is a shell script (quick to pack and unpack).
const SMALL: &str = "0.0.1";
/// A release whose archive does not match its SHA256SUMS.
const TAMPERED: &str = "0.0.2";
/// A version with no release.
const MISSING: &str = "0.0.9";

fn crate_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The release target of this machine, as install.sh and the workflows name it.
fn host_target() -> String {
    let os = match std::env::consts::OS {
        "linux" => "unknown-linux-musl",
        "macos" => "apple-darwin",
        other => panic!("no roadbook release target for {other}"),
    };
    format!("{}-{os}", std::env::consts::ARCH)
}

/// `RUNNER_OS` and `RUNNER_ARCH` of a GitHub runner like this machine.
fn host_runner() -> (&'static str, &'static str) {
    let os = if cfg!(target_os = "macos") { "macOS" } else { "Linux" };
    let arch = match std::env::consts::ARCH {
        "x86_64" => "X64",
        "aarch64" => "ARM64",
        other => panic!("no runner arch for {other}"),
    };
    (os, arch)
}

fn roadbook_version_line() -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_roadbook"))
        .arg("--version")
        .output()
        .unwrap();
    assert!(out.status.success());
    text(&out.stdout).trim().to_string()
}

// ---------------------------------------------------------------------------------------------
// The fake releases
// ---------------------------------------------------------------------------------------------

/// Runs one of the release workflow's scripts.
fn script(name: &str, args: &[&std::ffi::OsStr]) -> String {
    let out = Command::new("/bin/sh")
        .arg(crate_dir().join(".github/scripts").join(name))
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "{name}: {}", text(&out.stderr));
    text(&out.stdout)
}

/// Packs `binary` as the release `version` for this machine's target under `root/v<version>/`,
/// with its SHA256SUMS.
fn make_release(root: &Path, version: &str, binary: &Path) -> PathBuf {
    let dir = root.join(format!("v{version}"));
    let target = host_target();
    let printed = script(
        "archive.sh",
        &[version.as_ref(), target.as_ref(), binary.as_os_str(), dir.as_os_str()],
    );
    let archive = dir.join(format!("roadbook-{version}-{target}.tar.gz"));
    assert_eq!(printed.trim(), archive.to_str().unwrap());
    let sums = script("sha256sums.sh", &[dir.as_os_str()]);
    assert!(
        sums.contains(&format!("  roadbook-{version}-{target}.tar.gz")),
        "{sums}"
    );
    archive
}

/// The releases every test serves, made once per test run under `target/tmp/`: the real
/// binary as `VERSION` (the latest), a small fake as `SMALL`, and `TAMPERED`, whose archive
/// was changed after SHA256SUMS was written.
fn releases() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("release_install");
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        make_release(&dir, VERSION, Path::new(env!("CARGO_BIN_EXE_roadbook")));

        let fake = dir.join("fake-roadbook");
        fs::write(&fake, format!("#!/bin/sh\necho \"roadbook {SMALL} (fake)\"\n")).unwrap();
        make_release(&dir, SMALL, &fake);
        let tampered = make_release(&dir, TAMPERED, &fake);
        let mut bytes = fs::read(&tampered).unwrap();
        bytes.extend_from_slice(b"tampered");
        fs::write(&tampered, bytes).unwrap();
        dir
    })
}

// ---------------------------------------------------------------------------------------------
// The release server
// ---------------------------------------------------------------------------------------------

/// Serves `releases()` on 127.0.0.1 like github.com serves a repository's releases; records
/// every request as `(path, status)`.
struct ReleaseServer {
    server: Arc<tiny_http::Server>,
    port: u16,
    log: Arc<Mutex<Vec<(String, u16)>>>,
    thread: Option<JoinHandle<()>>,
}

impl ReleaseServer {
    fn start() -> ReleaseServer {
        let root = releases().to_path_buf();
        let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").unwrap());
        let port = server.server_addr().to_ip().unwrap().port();
        let log = Arc::new(Mutex::new(Vec::new()));
        let (srv, requests) = (server.clone(), log.clone());
        let thread = std::thread::spawn(move || {
            for request in srv.incoming_requests() {
                let path = request.url().split('?').next().unwrap_or("").to_string();
                let status = answer(&root, &path, request);
                requests.lock().unwrap().push((path, status));
            }
        });
        ReleaseServer {
            server,
            port,
            log,
            thread: Some(thread),
        }
    }

    /// The repository's address (`ROADBOOK_REPOSITORY` of the workflows).
    fn repository(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The releases' address (`ROADBOOK_DOWNLOAD_URL` of install.sh).
    fn releases_url(&self) -> String {
        format!("{}/releases", self.repository())
    }

    fn requests(&self) -> Vec<(String, u16)> {
        self.log.lock().unwrap().clone()
    }
}

impl Drop for ReleaseServer {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Answers one request; returns the status sent.
fn answer(root: &Path, path: &str, request: tiny_http::Request) -> u16 {
    let redirect = |location: String| {
        let header = tiny_http::Header::from_bytes("Location", location).unwrap();
        tiny_http::Response::empty(302).with_header(header)
    };
    if let Some(file) = path.strip_prefix("/releases/latest/download/") {
        let _ = request.respond(redirect(format!("/releases/download/v{VERSION}/{file}")));
        return 302;
    }
    let file = path
        .strip_prefix("/releases/download/")
        .and_then(|rest| rest.split_once('/'))
        .filter(|(tag, file)| !tag.contains("..") && !file.contains('/') && !file.contains(".."))
        .map(|(tag, file)| root.join(tag).join(file))
        .filter(|file| file.is_file());
    match file {
        Some(file) => {
            let _ = request.respond(tiny_http::Response::from_file(fs::File::open(file).unwrap()));
            200
        }
        None => {
            let _ = request.respond(tiny_http::Response::from_string("Not Found").with_status_code(404));
            404
        }
    }
}

// ---------------------------------------------------------------------------------------------
// install.sh
// ---------------------------------------------------------------------------------------------

/// Runs install.sh with a clean environment: `PATH`, `HOME`, the server as the download URL,
/// and `env`.
fn install_sh(server: &ReleaseServer, home: &Path, path: &str, args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new("/bin/sh")
        .arg(crate_dir().join("install.sh"))
        .args(args)
        .env_clear()
        .env("PATH", path)
        .env("HOME", home)
        .env("ROADBOOK_DOWNLOAD_URL", server.releases_url())
        .envs(env.iter().copied())
        .output()
        .expect("run install.sh")
}

fn system_path() -> String {
    std::env::var("PATH").unwrap_or_else(|_| "/usr/local/bin:/usr/bin:/bin".into())
}

fn which(tool: &str) -> Option<PathBuf> {
    std::env::split_paths(&system_path())
        .map(|dir| dir.join(tool))
        .find(|file| file.is_file())
}

/// A folder of links to `tools` (from this machine's PATH), to run install.sh with only
/// those. `None` (with a notice) when one is missing, outside CI.
fn tool_farm(dir: &Path, tools: &[&str]) -> Option<String> {
    fs::create_dir_all(dir).unwrap();
    for tool in tools {
        let Some(found) = which(tool) else {
            support::tools::missing(tool, "install it with apt");
            return None;
        };
        std::os::unix::fs::symlink(found, dir.join(tool)).unwrap();
    }
    Some(dir.to_str().unwrap().to_string())
}

/// What install.sh needs besides a downloader and a hash tool.
const BASE_TOOLS: [&str; 13] = [
    "awk", "cat", "chmod", "cp", "cut", "gzip", "mkdir", "mktemp", "mv", "rm", "tar", "tr", "uname",
];

#[test]
fn install_sh_installs_the_latest_release_and_the_binary_runs() {
    let server = ReleaseServer::start();
    let home = tempfile::tempdir().unwrap();
    let out = install_sh(&server, home.path(), &system_path(), &[], &[]);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", text(&out.stderr));

    // Into ~/.local/bin, which is not on PATH here: install.sh says how to add it.
    let installed = home.path().join(".local/bin/roadbook");
    let ran = Command::new(&installed).arg("--version").output().unwrap();
    assert!(ran.status.success());
    assert_eq!(text(&ran.stdout).trim(), roadbook_version_line());
    assert!(
        stdout.contains(&format!(
            "installed {} to {}",
            roadbook_version_line(),
            installed.display()
        )),
        "{stdout}"
    );
    assert!(stdout.contains("checked its SHA-256 against SHA256SUMS"), "{stdout}");
    assert!(stdout.contains("is not on your PATH"), "{stdout}");

    // The latest release, found through GitHub's redirect.
    let archive = format!("roadbook-{VERSION}-{}.tar.gz", host_target());
    assert_eq!(
        server.requests(),
        vec![
            ("/releases/latest/download/SHA256SUMS".to_string(), 302),
            (format!("/releases/download/v{VERSION}/SHA256SUMS"), 200),
            (format!("/releases/latest/download/{archive}"), 302),
            (format!("/releases/download/v{VERSION}/{archive}"), 200),
        ]
    );
}

#[test]
fn install_sh_installs_a_given_version_into_a_given_folder() {
    let server = ReleaseServer::start();
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("tools/bin");
    let path = format!("{}:{}", dir.display(), system_path());
    let out = install_sh(
        &server,
        home.path(),
        &path,
        &["--to", dir.to_str().unwrap(), "--version", SMALL],
        &[],
    );
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", text(&out.stderr));
    let ran = Command::new(dir.join("roadbook")).arg("--version").output().unwrap();
    assert_eq!(text(&ran.stdout).trim(), format!("roadbook {SMALL} (fake)"));
    assert!(!stdout.contains("not on your PATH"), "{stdout}");
    assert!(!home.path().join(".local").exists(), "nothing in the default folder");

    // Again, over the installed one, with `=` forms, a `v` and the environment's folder.
    let out = install_sh(
        &server,
        home.path(),
        &path,
        &[&format!("--version=v{SMALL}")],
        &[("ROADBOOK_INSTALL_DIR", dir.to_str().unwrap())],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let names: Vec<_> = fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names, vec!["roadbook"], "no temporary file left");
    let requests = server.requests();
    assert_eq!(requests.len(), 4, "{requests:?}");
    assert!(
        requests
            .iter()
            .all(|(path, status)| path.starts_with(&format!("/releases/download/v{SMALL}/")) && *status == 200),
        "a given version is fetched directly: {requests:?}"
    );
}

#[test]
fn install_sh_works_with_wget_and_shasum_and_needs_a_downloader() {
    let server = ReleaseServer::start();
    let home = tempfile::tempdir().unwrap();
    let mut tools = BASE_TOOLS.to_vec();
    tools.extend(["wget", "shasum"]);
    // No curl and no sha256sum: wget and shasum (macOS has no sha256sum).
    let Some(path) = tool_farm(&home.path().join("farm"), &tools) else {
        return;
    };
    let dir = home.path().join("bin");
    let out = install_sh(
        &server,
        home.path(),
        &path,
        &["--to", dir.to_str().unwrap(), "--version", SMALL],
        &[],
    );
    assert!(out.status.success(), "{}{}", text(&out.stdout), text(&out.stderr));
    let ran = Command::new(dir.join("roadbook")).arg("--version").output().unwrap();
    assert_eq!(text(&ran.stdout).trim(), format!("roadbook {SMALL} (fake)"));
    assert_eq!(server.requests().len(), 2);

    let Some(bare) = tool_farm(&home.path().join("bare"), &BASE_TOOLS) else {
        return;
    };
    let out = install_sh(&server, home.path(), &bare, &["--version", SMALL], &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("neither curl nor wget is installed"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn install_sh_refuses_an_archive_that_does_not_match_its_checksum() {
    let server = ReleaseServer::start();
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("bin");
    let out = install_sh(
        &server,
        home.path(),
        &system_path(),
        &["--to", dir.to_str().unwrap(), "--version", TAMPERED],
        &[],
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    let archive = format!("roadbook-{TAMPERED}-{}.tar.gz", host_target());
    assert!(
        stderr.contains(&format!("install.sh: error: checksum mismatch for {archive}")),
        "{stderr}"
    );
    assert!(stderr.contains("refusing to install it"), "{stderr}");
    assert!(!dir.join("roadbook").exists(), "nothing installed");
    // It did download the archive (the mismatch is not a missing file).
    assert!(
        server
            .requests()
            .contains(&(format!("/releases/download/v{TAMPERED}/{archive}"), 200)),
        "{:?}",
        server.requests()
    );
}

#[test]
fn install_sh_refuses_a_platform_without_a_release_binary() {
    let server = ReleaseServer::start();
    let home = tempfile::tempdir().unwrap();
    for (os, arch, message) in [
        (
            "FreeBSD",
            "amd64",
            "no roadbook release for the operating system `FreeBSD`",
        ),
        ("Linux", "riscv64", "no roadbook release for the CPU `riscv64` on Linux"),
        ("Linux", "armv7l", "no roadbook release for the CPU `armv7l` on Linux"),
        (
            "MINGW64_NT-10.0-19045",
            "x86_64",
            "this script does not install on Windows",
        ),
    ] {
        let out = install_sh(
            &server,
            home.path(),
            &system_path(),
            &[],
            &[("ROADBOOK_INSTALL_OS", os), ("ROADBOOK_INSTALL_ARCH", arch)],
        );
        assert_eq!(out.status.code(), Some(1), "{os} {arch}");
        let stderr = text(&out.stderr);
        assert!(stderr.contains(message), "{os} {arch}: {stderr}");
        assert!(
            stderr.contains("supported: Linux and macOS") || os.starts_with("MINGW"),
            "{stderr}"
        );
    }
    assert_eq!(server.requests(), vec![], "refused before downloading anything");
    assert!(!home.path().join(".local").exists());

    // A supported platform the release has no archive for (the fake release has only this
    // machine's), named by the other spelling uname uses.
    let other = if host_target().starts_with("x86_64") {
        "arm64"
    } else {
        "x86_64"
    };
    let out = install_sh(
        &server,
        home.path(),
        &system_path(),
        &[],
        &[("ROADBOOK_INSTALL_OS", "Darwin"), ("ROADBOOK_INSTALL_ARCH", other)],
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    let target = if other == "arm64" {
        "aarch64-apple-darwin"
    } else {
        "x86_64-apple-darwin"
    };
    assert!(
        stderr.contains(&format!("the latest roadbook release has no archive for {target}")),
        "{stderr}"
    );
    assert!(!home.path().join(".local").exists());
}

#[test]
fn install_sh_reports_a_release_that_does_not_exist_and_bad_arguments() {
    let server = ReleaseServer::start();
    let home = tempfile::tempdir().unwrap();
    let out = install_sh(&server, home.path(), &system_path(), &["--version", MISSING], &[]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains(&format!(
            "cannot download {}/download/v{MISSING}/SHA256SUMS: is there roadbook {MISSING}?",
            server.releases_url()
        )),
        "{stderr}"
    );
    for (args, message) in [
        (&["--version", "1.0; rm -rf /"][..], "is not a version"),
        (&["--to"][..], "--to needs a folder"),
        (&["--frobnicate"][..], "unknown argument `--frobnicate`"),
    ] {
        let out = install_sh(&server, home.path(), &system_path(), args, &[]);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(text(&out.stderr).contains(message), "{args:?}: {}", text(&out.stderr));
    }
    let out = install_sh(&server, home.path(), &system_path(), &["--help"], &[]);
    assert!(out.status.success());
    assert!(text(&out.stdout).contains("usage: sh install.sh [--to DIR] [--version X.Y.Z]"));
    assert!(!home.path().join(".local").exists());
}

// ---------------------------------------------------------------------------------------------
// The Pages workflows' download step
// ---------------------------------------------------------------------------------------------

/// The two Pages workflows: the template `roadbook init` writes (with this version filled
/// in, as a new site gets it) and this repository's own.
fn pages_workflows() -> Vec<(&'static str, String)> {
    let site = tempfile::tempdir().unwrap();
    let root = site.path().join("site");
    let out = Command::new(env!("CARGO_BIN_EXE_roadbook"))
        .args(["init", root.to_str().unwrap(), "--language", "en"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    vec![
        (
            "init",
            fs::read_to_string(root.join(".github/workflows/pages.yml")).unwrap(),
        ),
        (
            "repository",
            fs::read_to_string(crate_dir().join(".github/workflows/pages.yml")).unwrap(),
        ),
    ]
}

/// The `run: |` script of the step `id: download`, dedented.
fn download_step(workflow: &str) -> String {
    let lines: Vec<&str> = workflow.lines().collect();
    let step = lines
        .iter()
        .position(|l| l.trim() == "- id: download")
        .expect("a step with id: download");
    let indent = lines[step].find('-').unwrap() + 2;
    let run = (step + 1..lines.len())
        .find(|&i| lines[i].trim() == "run: |")
        .expect("the download step's run: |");
    assert_eq!(lines[run].find('r'), Some(indent), "run: belongs to the download step");
    let body: Vec<&str> = lines[run + 1..]
        .iter()
        .take_while(|l| l.trim().is_empty() || l.len() - l.trim_start().len() > indent)
        .copied()
        .collect();
    let script: Vec<&str> = body.iter().map(|l| l.get(indent + 2..).unwrap_or("")).collect();
    script.join("\n").trim_end().to_string() + "\n"
}

struct StepRun {
    /// Holds `RUNNER_TEMP`, where the step unpacks roadbook.
    _tmp: tempfile::TempDir,
    output: Output,
    /// `GITHUB_OUTPUT` as written by the step.
    outputs: String,
    /// `GITHUB_PATH` as written by the step.
    paths: Vec<String>,
}

/// Runs the download step in bash as a runner would, with the runner's variables.
fn run_step(script: &str, server: &ReleaseServer, version: &str, runner: (&str, &str)) -> StepRun {
    let tmp = tempfile::tempdir().unwrap();
    let (output_file, path_file) = (tmp.path().join("output"), tmp.path().join("path"));
    fs::write(&output_file, "").unwrap();
    fs::write(&path_file, "").unwrap();
    let runner_temp = tmp.path().join("runner-temp");
    fs::create_dir(&runner_temp).unwrap();
    let output = Command::new("bash")
        .args(["--noprofile", "--norc", "-e", "-o", "pipefail", "-c", script])
        .env_clear()
        .env("PATH", system_path())
        .env("HOME", tmp.path())
        .env("RUNNER_OS", runner.0)
        .env("RUNNER_ARCH", runner.1)
        .env("RUNNER_TEMP", &runner_temp)
        .env("GITHUB_OUTPUT", &output_file)
        .env("GITHUB_PATH", &path_file)
        .env("ROADBOOK_VERSION", version)
        .env("ROADBOOK_REPOSITORY", server.repository())
        .output()
        .expect("run bash");
    StepRun {
        outputs: fs::read_to_string(&output_file).unwrap(),
        paths: fs::read_to_string(&path_file)
            .unwrap()
            .lines()
            .map(str::to_string)
            .collect(),
        output,
        _tmp: tmp,
    }
}

#[test]
fn both_pages_workflows_share_one_download_step_that_uses_no_expressions() {
    let workflows = pages_workflows();
    let steps: Vec<String> = workflows.iter().map(|(_, w)| download_step(w)).collect();
    assert!(steps[0].contains("sha256sum"), "{}", steps[0]);
    assert!(
        !steps[0].contains("${{"),
        "the step reads only environment variables, so it runs here"
    );
    assert_eq!(
        steps[0], steps[1],
        "the two Pages workflows download roadbook the same way"
    );
}

#[test]
fn the_download_step_installs_the_release_binary_for_the_runner() {
    let server = ReleaseServer::start();
    for (name, workflow) in pages_workflows() {
        let run = run_step(&download_step(&workflow), &server, VERSION, host_runner());
        assert!(run.output.status.success(), "{name}: {}", text(&run.output.stderr));
        assert_eq!(run.outputs, "found=true\n", "{name}");
        assert_eq!(run.paths.len(), 1, "{name}: {:?}", run.paths);
        let binary = Path::new(&run.paths[0]).join("roadbook");
        let ran = Command::new(&binary).arg("--version").output().unwrap();
        assert_eq!(text(&ran.stdout).trim(), roadbook_version_line(), "{name}");
    }
}

#[test]
fn the_download_step_falls_back_without_a_release_and_fails_on_a_mismatch() {
    let server = ReleaseServer::start();
    let (_, workflow) = pages_workflows().remove(0);
    let script = download_step(&workflow);

    // No release of the version: found=false, and the workflow compiles it.
    let run = run_step(&script, &server, MISSING, host_runner());
    assert!(run.output.status.success(), "{}", text(&run.output.stderr));
    assert_eq!(run.outputs, "found=false\n");
    assert!(run.paths.is_empty());
    assert!(text(&run.output.stdout).contains(&format!("::notice::roadbook {MISSING} has no release")));

    // A release without this runner's binary, and a runner there are no binaries for.
    let other_arch = if host_runner().1 == "X64" { "ARM64" } else { "X64" };
    for runner in [(host_runner().0, other_arch), ("Windows", "X64")] {
        let run = run_step(&script, &server, VERSION, runner);
        assert!(run.output.status.success(), "{runner:?}: {}", text(&run.output.stderr));
        assert_eq!(run.outputs, "found=false\n", "{runner:?}");
        assert!(run.paths.is_empty());
    }

    // A download that does not match SHA256SUMS fails the run; nothing is put on PATH.
    let run = run_step(&script, &server, TAMPERED, host_runner());
    assert!(!run.output.status.success());
    let stdout = text(&run.output.stdout);
    assert!(
        stdout.contains(&format!(
            "::error::checksum mismatch for roadbook-{TAMPERED}-{}.tar.gz",
            host_target()
        )),
        "{stdout}"
    );
    assert_eq!(run.outputs, "");
    assert!(run.paths.is_empty());
}
