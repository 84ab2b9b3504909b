//! The output folder when things go wrong: builds racing for the same `public/`, a disk that
//! fills up and an output on a read-only file system. Each fails clearly or waits its turn,
//! and `public/` is always one whole build — never a mix, never half-written.
//!
//! The disk cases mount a small tmpfs in a private mount namespace (`unshare`); where the
//! kernel allows no such namespace they print `SKIPPED:` and pass.
#![cfg(unix)]

mod support;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use support::TestSite;

/// Every file under `dir` with its bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned();
            files.insert(rel, std::fs::read(entry.path()).unwrap());
        }
    }
    files
}

fn topic(site: &TestSite, marker: &str) {
    let path = site.root().join("content/topics/caching.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let base = text.split("<!-- marker").next().unwrap().to_string();
    std::fs::write(path, format!("{base}<!-- marker -->\n\n{marker}\n")).unwrap();
}

#[test]
fn builds_racing_for_one_output_never_leave_a_mix() {
    let site = TestSite::fixture("engine");
    site.build_ok();
    let bin = env!("CARGO_BIN_EXE_roadbook");
    for round in 0..4 {
        topic(&site, &format!("라운드 {round}"));
        let racers: Vec<_> = (0..3)
            .map(|_| {
                Command::new(bin)
                    .args(["build", "--root"])
                    .arg(site.root())
                    .env("NO_COLOR", "1")
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        let outcomes: Vec<_> = racers.into_iter().map(|c| c.wait_with_output().unwrap()).collect();
        let won = outcomes.iter().filter(|o| o.status.success()).count();
        assert!(won >= 1, "round {round}: no build succeeded");
        for lost in outcomes.iter().filter(|o| !o.status.success()) {
            let err = String::from_utf8_lossy(&lost.stderr);
            assert!(
                err.contains("another roadbook build") && err.contains("is writing"),
                "round {round}: a build failed for another reason:\n{err}"
            );
        }
        // Whatever won, public/ is exactly one clean build of the current tree.
        let served = tree(&site.public());
        let clean = TestSite::fixture("engine");
        std::fs::copy(
            site.root().join("content/topics/caching.md"),
            clean.root().join("content/topics/caching.md"),
        )
        .unwrap();
        clean.build_ok();
        let expected = tree(&clean.public());
        assert_eq!(
            served.keys().collect::<Vec<_>>(),
            expected.keys().collect::<Vec<_>>(),
            "round {round}: the set of files"
        );
        for (path, bytes) in &expected {
            assert!(served[path] == *bytes, "round {round}: {path} is not the clean build's");
        }
    }
}

/// Runs `script` with `sh` in a private mount namespace, where it may mount a tmpfs. `None`
/// when no namespace can be made here.
fn in_mount_namespace(script: &str) -> Option<std::process::Output> {
    for args in [&["-rm"][..], &["-m"][..]] {
        // The mount is private to the namespace: /mnt outside is untouched.
        let probe = Command::new("unshare")
            .args(args)
            .args(["sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt"])
            .output();
        if probe.is_ok_and(|o| o.status.success()) {
            return Some(
                Command::new("unshare")
                    .args(args)
                    .args(["sh", "-euc", script])
                    .output()
                    .unwrap(),
            );
        }
    }
    println!("SKIPPED: no mount namespace (unshare) here: the disk tests need one");
    None
}

/// The script for a disk case: a tmpfs of `size_kb` at `mnt`, a first build of the site at
/// `root` into it (copied to `../before`), then `then`, then a second build (its status,
/// stderr and result in `../status.txt`, `../err.txt`, `../after`, and what is left on the
/// disk in `../left.txt`).
fn disk_script(root: &Path, mnt: &Path, size_kb: u64, then: &str) -> String {
    format!(
        "BIN='{bin}'; ROOT='{root}'; MNT='{mnt}'\n\
         mount -t tmpfs -o size={size_kb}k tmpfs \"$MNT\"\n\
         NO_COLOR=1 \"$BIN\" build --root \"$ROOT\" --output \"$MNT/public\" >/dev/null\n\
         cp -r \"$MNT/public\" \"$ROOT/../before\"\n\
         {then}\n\
         set +e\n\
         NO_COLOR=1 \"$BIN\" build --root \"$ROOT\" --output \"$MNT/public\" >\"$ROOT/../out.txt\" 2>\"$ROOT/../err.txt\"\n\
         echo $? >\"$ROOT/../status.txt\"\n\
         cp -r \"$MNT/public\" \"$ROOT/../after\"\n\
         ls -A \"$MNT\" >\"$ROOT/../left.txt\"\n",
        bin = env!("CARGO_BIN_EXE_roadbook"),
        root = root.display(),
        mnt = mnt.display(),
    )
}

/// What the second build of a disk case did.
struct DiskRun {
    status: i32,
    stderr: String,
    before: BTreeMap<String, Vec<u8>>,
    after: BTreeMap<String, Vec<u8>>,
    left: String,
}

/// Runs a disk case on a copy of the engine fixture; `None` when skipped.
fn disk_case(size_kb: u64, then: &str) -> Option<DiskRun> {
    let top = tempfile::tempdir().unwrap();
    let root = top.path().join("site");
    support::copy_dir(&support::fixture_path("engine"), &root).unwrap();
    let mnt = top.path().join("mnt");
    std::fs::create_dir_all(&mnt).unwrap();
    let out = in_mount_namespace(&disk_script(&root, &mnt, size_kb, then))?;
    assert!(
        out.status.success(),
        "the disk script failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let read = |name: &str| std::fs::read_to_string(top.path().join(name)).unwrap();
    Some(DiskRun {
        status: read("status.txt").trim().parse().unwrap(),
        stderr: read("err.txt"),
        before: tree(&top.path().join("before")),
        after: tree(&top.path().join("after")),
        left: read("left.txt"),
    })
}

/// The size of the engine fixture's output, in KiB.
fn output_kb() -> u64 {
    let site = TestSite::fixture("engine");
    site.build_ok();
    let bytes: u64 = tree(&site.public()).values().map(|b| b.len() as u64).sum();
    bytes / 1024
}

#[test]
fn a_full_disk_fails_clearly_and_keeps_the_previous_output() {
    // Room for one copy of the output and not two: the second build runs out of space while
    // writing its staging folder.
    let size = output_kb() * 3 / 2 + 64;
    let Some(run) = disk_case(size, "") else { return };
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(run.stderr.contains("No space left on device"), "{}", run.stderr);
    assert!(run.stderr.contains("the disk is full"), "{}", run.stderr);
    assert!(
        run.stderr.matches("error:").count() <= 2,
        "one error, not one per file:\n{}",
        run.stderr
    );
    assert!(run.before == run.after, "the previous output is intact");
    assert_eq!(run.left.trim(), "public", "the half-written staging folder is removed");
}

#[test]
fn a_read_only_output_fails_clearly_and_keeps_the_previous_output() {
    let Some(run) = disk_case(8 * 1024, "mount -o remount,ro \"$MNT\"") else {
        return;
    };
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(run.stderr.contains("Read-only file system"), "{}", run.stderr);
    assert!(run.stderr.contains("cannot be written"), "{}", run.stderr);
    assert!(run.before == run.after, "the previous output is intact");
}
