//! Sites at the edges of size and shape: a content folder of 10,000 files builds within the
//! memory the benchmark reports for a 10,000-page site, and folders 50 deep are either copied
//! (a post bundle's files) or refused with a clear error (a page where none can be).

mod support;

use std::process::Command;

use support::TestSite;

/// Peak RSS of a cold 10,000-page build in `bench/results/build-2026-12-03.md` (release, with
/// real pages of 400–900 words): a site of 10,000 small files must stay below it.
const BENCH_PEAK_RSS_KB: u64 = 385 * 1024;

#[test]
fn ten_thousand_files_build_within_the_benchmarks_memory() {
    let site = TestSite::new();
    site.write("content/stages/s.md", "+++\ntitle = \"단계\"\norder = 1\n+++\n");
    for i in 0..10_000 {
        site.write(
            &format!("content/topics/t{i:05}.md"),
            &format!("+++\ntitle = \"주제 {i}\"\nstage = \"s\"\n+++\n## 개요\n\n본문 {i}.\n"),
        );
    }
    let time = std::path::Path::new("/usr/bin/time");
    let out = if time.is_file() {
        Command::new(time)
            .args(["-f", "peak-rss-kb %M"])
            .arg(env!("CARGO_BIN_EXE_roadbook"))
            .args(["build", "--root"])
            .arg(site.root())
            .env("NO_COLOR", "1")
            .output()
            .unwrap()
    } else {
        // Only the memory figure needs GNU time; the build itself is checked either way.
        println!("NOTE: no /usr/bin/time (apt-get install time): peak memory not checked");
        Command::new(env!("CARGO_BIN_EXE_roadbook"))
            .args(["build", "--root"])
            .arg(site.root())
            .output()
            .unwrap()
    };
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("10000 topics"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(site.exists("topics/t09999/index.html"));
    if let Some(kb) = stderr
        .lines()
        .find_map(|l| l.strip_prefix("peak-rss-kb "))
        .and_then(|n| n.trim().parse::<u64>().ok())
    {
        assert!(
            kb < BENCH_PEAK_RSS_KB,
            "peak RSS {kb} KB is above the benchmark's {BENCH_PEAK_RSS_KB} KB"
        );
    }
}

#[test]
fn folders_fifty_deep_are_copied_or_refused_clearly() {
    let site = TestSite::new();
    let deep: Vec<String> = (1..=50).map(|i| format!("d{i}")).collect();
    let deep = deep.join("/");
    site.write(
        &format!("content/blog/deep/{deep}/pic.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"4\" height=\"4\"/>",
    );
    site.write(
        "content/blog/deep/index.md",
        &format!("+++\ntitle = \"깊은 글\"\ndate = 2026-11-20\n+++\n![그림]({deep}/pic.svg)\n"),
    );
    site.build_ok();
    assert!(site.exists(&format!("blog/deep/{deep}/pic.svg")));
    let post = site.html("blog/deep/index.html");
    let src = post.attrs("img[alt='그림']", "src");
    assert_eq!(src.len(), 1);
    assert!(src[0].ends_with(&format!("{deep}/pic.svg")), "{}", src[0]);

    let nested: Vec<String> = (1..=50).map(|i| format!("n{i}")).collect();
    let topic = format!("content/topics/{}/deep-topic.md", nested.join("/"));
    site.write(&topic, "+++\ntitle = \"T\"\nstage = \"s\"\n+++\n");
    let err = site.build_err();
    assert!(
        err.contains(&format!("{topic}: roadbook does not know what this Markdown file is")),
        "{err}"
    );
}
