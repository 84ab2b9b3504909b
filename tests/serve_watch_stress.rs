//! The watcher under the ways files really change, against a running server: the save styles
//! of vim, VS Code, JetBrains and `sed -i`, a mass rename of 100 files, a `git checkout` that
//! changes 200 files, and `content/` deleted and restored. After each, the served site equals a
//! clean `roadbook build` of the same tree, file for file, within 2 s, and the same server goes
//! on serving.
#![cfg(unix)]

mod support;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use roadbook::serve::{Running, spawn};
use support::serve::options;
use support::{TestSite, copy_dir, run_roadbook};

/// How long the served site may take to catch up after a change.
const SETTLE: Duration = Duration::from_secs(2);

/// Every file the server serves, with the bytes it serves (without the live-reload script).
fn served(running: &Running) -> BTreeMap<String, Vec<u8>> {
    let Some(snapshot) = running.snapshot() else {
        return BTreeMap::new();
    };
    snapshot
        .paths()
        .map(|p| (p.to_string(), snapshot.get(p).expect("a listed file").body.to_vec()))
        .collect()
}

/// Every file of a clean `roadbook build` of the tree as it is now, with the server's URL.
fn clean_build(site: &TestSite, running: &Running) -> BTreeMap<String, Vec<u8>> {
    let copy = tempfile::tempdir().unwrap();
    // A copy (with the git history, where pages get their dates), so the build's own cache
    // and output never touch the watched tree.
    for part in ["config.toml", "content", "templates", "static", "themes", ".git"] {
        let from = site.root().join(part);
        if from.is_dir() {
            copy_dir(&from, &copy.path().join(part)).unwrap();
        } else if from.is_file() {
            fs::copy(&from, copy.path().join(part)).unwrap();
        }
    }
    let out = copy.path().join("out");
    let run = run_roadbook([
        "build".as_ref(),
        "--root".as_ref(),
        copy.path().as_os_str(),
        "--output".as_ref(),
        out.as_os_str(),
        "--base-url".as_ref(),
        running.url.as_ref(),
    ]);
    assert!(
        run.status.success(),
        "the clean build failed:\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(&out) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(&out).unwrap().to_string_lossy().into_owned();
            files.insert(rel, fs::read(entry.path()).unwrap());
        }
    }
    files
}

/// When each snapshot the server served was published, as seen by polling every 5 ms: the
/// time a change took is measured on the server, not on the clean build that checks it.
struct Publications {
    log: Arc<Mutex<Vec<(Instant, usize)>>>,
    stop: Arc<AtomicBool>,
}

impl Publications {
    fn watch(running: &Arc<Running>) -> Publications {
        let (log, stop) = (Arc::new(Mutex::new(Vec::new())), Arc::new(AtomicBool::new(false)));
        let (l, s, r) = (Arc::clone(&log), Arc::clone(&stop), Arc::clone(running));
        std::thread::spawn(move || {
            while !s.load(Ordering::Relaxed) {
                let id = r.snapshot().map_or(0, |p| Arc::as_ptr(&p) as usize);
                let mut log = l.lock().unwrap();
                if log.last().is_none_or(|(_, last)| *last != id) {
                    log.push((Instant::now(), id));
                }
                drop(log);
                std::thread::sleep(Duration::from_millis(5));
            }
        });
        Publications { log, stop }
    }

    /// When the snapshot with this address was first seen.
    fn published(&self, id: usize) -> Option<Instant> {
        self.log
            .lock()
            .unwrap()
            .iter()
            .rev()
            .find(|(_, i)| *i == id)
            .map(|(t, _)| *t)
    }
}

impl Drop for Publications {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// Waits until the served site equals a clean build, and checks that the server published it
/// at most [`SETTLE`] after `changed`.
fn settles(site: &TestSite, running: &Running, seen: &Publications, changed: Instant, what: &str) {
    let expected = clean_build(site, running);
    let deadline = Instant::now() + SETTLE * 5;
    loop {
        let snapshot = running.snapshot();
        let id = snapshot.as_ref().map_or(0, |p| Arc::as_ptr(p) as usize);
        let now = served(running);
        if now == expected {
            // The poller may not have seen this snapshot yet: give it a moment.
            std::thread::sleep(Duration::from_millis(20));
            let at = seen.published(id).unwrap_or_else(Instant::now);
            let took = at.saturating_duration_since(changed);
            println!("{what}: served {took:?} after the change");
            assert!(took <= SETTLE, "{what}: the server took {took:?} to serve the change");
            return;
        }
        if Instant::now() > deadline {
            let missing: Vec<_> = expected.keys().filter(|k| !now.contains_key(*k)).take(5).collect();
            let extra: Vec<_> = now.keys().filter(|k| !expected.contains_key(*k)).take(5).collect();
            let differ: Vec<_> = expected
                .iter()
                .filter(|(k, v)| now.get(*k).is_some_and(|n| n != *v))
                .map(|(k, _)| k)
                .take(5)
                .collect();
            panic!(
                "{what}: {:?} after the change the served site still differs from a clean build\n missing: {missing:?}\n extra: {extra:?}\n different: {differ:?}",
                changed.elapsed()
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The engine fixture plus `n` small generated topics nothing links to.
fn big_site(n: usize) -> TestSite {
    let site = TestSite::fixture("engine");
    for i in 0..n {
        site.write(
            &format!("content/topics/gen-{i:03}.md"),
            &format!(
                "+++\ntitle = \"생성된 주제 {i}\"\nstage = \"basics\"\norder = {}\n+++\n## 개요 {i}\n\n[[caching]]을 먼저 읽는다.\n",
                i + 10
            ),
        );
    }
    site
}

fn git(root: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.org",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(root)
        .output()
        .expect("git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn editor_saves_renames_checkouts_and_a_deleted_content_folder_are_all_served() {
    if !support::tools::runs("git", "--version", "apt-get install git") {
        return;
    }
    let site = big_site(200);
    let root = site.root().canonicalize().unwrap();
    let started = Instant::now();
    let running = Arc::new(spawn(&options(&root, "/")).expect("server starts"));
    let seen = Publications::watch(&running);
    settles(&site, &running, &seen, started, "the first build");
    let topic = root.join("content/topics/caching.md");
    let original = fs::read_to_string(&topic).unwrap();

    // vim (backupcopy=auto): a probe file, the original renamed to a backup, the new text
    // written fresh, the backup removed.
    fs::write(root.join("content/topics/4913"), "").unwrap();
    fs::remove_file(root.join("content/topics/4913")).unwrap();
    fs::rename(&topic, root.join("content/topics/caching.md~")).unwrap();
    fs::write(&topic, original.replace("~~old~~", "~~old~~ vim")).unwrap();
    fs::remove_file(root.join("content/topics/caching.md~")).unwrap();
    settles(&site, &running, &seen, Instant::now(), "a vim save");

    // VS Code: truncate and write in place, in two writes.
    {
        use std::io::Write;
        let text = original.replace("~~old~~", "~~old~~ vscode");
        let (a, b) = text.split_at(text.len() / 2);
        let mut f = fs::File::create(&topic).unwrap();
        f.write_all(a.as_bytes()).unwrap();
        f.flush().unwrap();
        std::thread::sleep(Duration::from_millis(3));
        f.write_all(b.as_bytes()).unwrap();
    }
    settles(&site, &running, &seen, Instant::now(), "a VS Code save");

    // JetBrains safe write: a temporary file, the original moved aside, the temporary renamed
    // in, the old one deleted.
    let tmp = root.join("content/topics/caching.md___jb_tmp___");
    let old = root.join("content/topics/caching.md___jb_old___");
    fs::write(&tmp, original.replace("~~old~~", "~~old~~ jetbrains")).unwrap();
    fs::rename(&topic, &old).unwrap();
    fs::rename(&tmp, &topic).unwrap();
    fs::remove_file(&old).unwrap();
    settles(&site, &running, &seen, Instant::now(), "a JetBrains save");

    // sed -i: a temporary file in the same folder, renamed over the original.
    let sed = Command::new("sed")
        .args(["-i", "s/jetbrains/sed 치환/"])
        .arg(&topic)
        .status()
        .expect("sed");
    assert!(sed.success());
    settles(&site, &running, &seen, Instant::now(), "sed -i");

    // A mass rename of 100 files.
    for i in 0..100 {
        fs::rename(
            root.join(format!("content/topics/gen-{i:03}.md")),
            root.join(format!("content/topics/moved-{i:03}.md")),
        )
        .unwrap();
    }
    settles(&site, &running, &seen, Instant::now(), "a rename of 100 files");

    // `git checkout` of a branch that changes 200 files, and back.
    git(&root, &["init", "-q", "-b", "main"]);
    git(&root, &["add", "-A"]);
    git(&root, &["commit", "-q", "-m", "main"]);
    git(&root, &["checkout", "-q", "-b", "other"]);
    for i in 0..200 {
        let name = if i < 100 {
            format!("moved-{i:03}")
        } else {
            format!("gen-{i:03}")
        };
        let path = root.join(format!("content/topics/{name}.md"));
        let text = fs::read_to_string(&path).unwrap();
        fs::write(&path, text.replace("먼저 읽는다", "다른 가지에서 읽는다")).unwrap();
    }
    git(&root, &["commit", "-q", "-am", "other"]);
    settles(
        &site,
        &running,
        &seen,
        Instant::now(),
        "200 edits committed on a branch",
    );
    git(&root, &["checkout", "-q", "main"]);
    settles(&site, &running, &seen, Instant::now(), "git checkout main (200 files)");
    git(&root, &["checkout", "-q", "other"]);
    settles(&site, &running, &seen, Instant::now(), "git checkout other (200 files)");

    // content/ deleted, then restored (while the server keeps running).
    let saved = tempfile::tempdir().unwrap();
    copy_dir(&root.join("content"), saved.path()).unwrap();
    fs::remove_dir_all(root.join("content")).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    copy_dir(saved.path(), &root.join("content")).unwrap();
    settles(&site, &running, &seen, Instant::now(), "content/ deleted and restored");

    // Still the same server, still editing.
    fs::write(&topic, original.replace("~~old~~", "~~old~~ 마지막")).unwrap();
    settles(&site, &running, &seen, Instant::now(), "an edit after all that");
}
