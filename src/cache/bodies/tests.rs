//! Tests of the body cache file: round trips, generations, damage.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::*;
use crate::cache::lazy::Lazy;
use crate::parse::{BodyMeta, Section, TextStats, TocEntry};

fn body(html: &str) -> Body {
    Body {
        html: Lazy::Memory(html.to_string()),
        meta: BodyMeta {
            html_hash: xxhash_rust::xxh3::xxh3_64(html.as_bytes()),
            headings: vec![TocEntry {
                level: 2,
                id: "캐시".into(),
                title: "캐시".into(),
            }],
            refs: vec!["w:topic:b".into()],
            text_bytes: "본문".len(),
            code_bytes: "let x = 1;".len(),
            first_paragraph: "본문".into(),
            stats: TextStats { cjk_chars: 2, words: 0 },
            tasks: 1,
            code_keys: vec![u128::MAX - 1],
            ..BodyMeta::default()
        },
        sections: Lazy::Memory(vec![Section {
            anchor: Some("캐시".into()),
            heading: "캐시".into(),
            text: "본문".into(),
            code: "let x = 1;".into(),
        }]),
        terms: Some(Lazy::Memory(format!("terms of {html}").into_bytes())),
        problems: Vec::new(),
    }
}

/// A cache of `paths` (the first `spilled` of them spilled) saved in a fresh folder.
fn saved(paths: &[&str], spilled: usize) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bodies.bin");
    assert!(cache_with(&file, paths, spilled).save(&file).unwrap());
    (dir, file)
}

fn cache_with(file: &Path, paths: &[&str], spilled: usize) -> BodyCache {
    let mut cache = BodyCache::open(file, Path::new(""));
    cache.index = 42;
    for (i, p) in paths.iter().enumerate() {
        let mut rendered = body(&format!("<p>{p}</p>"));
        if i < spilled {
            rendered.spill(cache.spill.as_ref().unwrap());
            assert!(matches!(rendered.html, Lazy::Stored(_)));
            assert!(matches!(rendered.terms, Some(Lazy::Stored(_))));
        }
        cache
            .anchors
            .insert(PathBuf::from(p), (i as u64, HashSet::from(["캐시".to_string()])));
        cache.bodies.insert(
            PathBuf::from(p),
            CachedBody {
                hash: i as u64,
                fingerprint: 9,
                links: vec![
                    (Kind::Topic, "b".into(), Some("x".into())),
                    (Kind::Book, "c".into(), None),
                ],
                body: Arc::new(rendered),
            },
        );
    }
    cache.changed = true;
    cache
}

fn html_of(cache: &BodyCache, path: &str) -> String {
    cache.bodies[Path::new(path)].body.html.get().unwrap().into_owned()
}

fn terms_of(cache: &BodyCache, path: &str) -> Option<String> {
    let terms = cache.bodies[Path::new(path)].body.terms.as_ref();
    terms.map(|t| String::from_utf8(t.get().unwrap().into_owned()).unwrap())
}

#[test]
fn bodies_survive_a_round_trip_with_their_html_left_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("c/bodies.bin");
    let paths = ["content/topics/a.md", "content/blog/b.md", "content/books/c.md"];
    let cache = cache_with(&file, &paths, 2);
    // A spilled body reads back before the cache is saved.
    assert_eq!(html_of(&cache, paths[0]), "<p>content/topics/a.md</p>");
    assert!(cache.save(&file).unwrap());
    let read = BodyCache::open(&file, Path::new(""));
    assert_eq!(read.len(), 3);
    assert_eq!(read.index, 42);
    assert!(!read.changed);
    for p in paths {
        assert!(matches!(read.bodies[Path::new(p)].body.html, Lazy::Stored(_)));
        assert_eq!(html_of(&read, p), format!("<p>{p}</p>"));
        assert!(matches!(read.bodies[Path::new(p)].body.terms, Some(Lazy::Stored(_))));
        assert_eq!(terms_of(&read, p), Some(format!("terms of <p>{p}</p>")));
    }
    let entry = &read.bodies[Path::new(paths[0])];
    assert_eq!((entry.hash, entry.fingerprint), (0, 9));
    assert_eq!(entry.links, cache.bodies[Path::new(paths[0])].links);
    let (want, got) = (body(""), &entry.body);
    assert_eq!(got.meta.headings, want.meta.headings);
    assert_eq!(got.meta.refs, want.meta.refs);
    assert!(matches!(got.sections, Lazy::Stored(_)));
    assert_eq!(got.sections.get().unwrap(), want.sections.get().unwrap());
    assert_eq!(
        (got.meta.text_bytes, got.meta.code_bytes),
        (want.meta.text_bytes, want.meta.code_bytes)
    );
    assert_eq!((got.meta.stats, got.meta.tasks), (want.meta.stats, want.meta.tasks));
    assert_eq!(got.meta.code_keys, want.meta.code_keys);
    assert_eq!(read.anchors[Path::new(paths[1])].1, HashSet::from(["캐시".to_string()]));
    // Unchanged since it was read: not written again.
    assert!(!read.save(&file).unwrap());
    // No spill file is left behind.
    let names: Vec<_> = std::fs::read_dir(file.parent().unwrap())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(names, ["bodies.bin"]);
}

#[test]
fn a_second_generation_copies_the_blobs_it_reuses() {
    let (_dir, file) = saved(&["content/topics/a.md", "content/topics/b.md"], 2);
    let mut next = BodyCache::open(&file, Path::new(""));
    // One body re-rendered (spilled into the new file), the other reused from the old one.
    let mut fresh = body("<p>new b</p>");
    fresh.spill(next.spill.as_ref().unwrap());
    next.bodies.get_mut(Path::new("content/topics/b.md")).unwrap().body = Arc::new(fresh);
    // A body whose terms were never counted is kept without them.
    let mut uncounted = body("<p>c</p>");
    uncounted.terms = None;
    next.anchors
        .insert(PathBuf::from("content/topics/c.md"), (7, HashSet::new()));
    next.bodies.insert(
        PathBuf::from("content/topics/c.md"),
        CachedBody {
            hash: 7,
            fingerprint: 0,
            links: Vec::new(),
            body: Arc::new(uncounted),
        },
    );
    next.changed = true;
    assert!(next.save(&file).unwrap());
    drop(next);
    let read = BodyCache::open(&file, Path::new(""));
    assert_eq!(html_of(&read, "content/topics/a.md"), "<p>content/topics/a.md</p>");
    assert_eq!(html_of(&read, "content/topics/b.md"), "<p>new b</p>");
    assert_eq!(
        terms_of(&read, "content/topics/a.md").as_deref(),
        Some("terms of <p>content/topics/a.md</p>")
    );
    assert_eq!(
        terms_of(&read, "content/topics/b.md").as_deref(),
        Some("terms of <p>new b</p>")
    );
    assert_eq!(terms_of(&read, "content/topics/c.md"), None);
    for p in ["content/topics/a.md", "content/topics/b.md", "content/topics/c.md"] {
        let sections = read.bodies[Path::new(p)].body.sections.get().unwrap();
        assert_eq!(sections.as_ref(), body("").sections.get().unwrap().as_ref(), "{p}");
    }
}

#[test]
fn an_empty_body_round_trips_without_an_html_blob() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bodies.bin");
    let mut cache = cache_with(&file, &["content/topics/a.md"], 0);
    let mut empty = body("");
    empty.spill(cache.spill.as_ref().unwrap());
    cache.bodies.get_mut(Path::new("content/topics/a.md")).unwrap().body = Arc::new(empty);
    assert!(cache.save(&file).unwrap());
    let read = BodyCache::open(&file, Path::new(""));
    assert_eq!(html_of(&read, "content/topics/a.md"), "");
    assert_eq!(terms_of(&read, "content/topics/a.md").as_deref(), Some("terms of "));
}

#[test]
fn a_damaged_or_foreign_file_reads_as_empty() {
    let (dir, file) = saved(&["content/topics/a.md"], 1);
    let good = std::fs::read(&file).unwrap();
    for at in [good.len() - crate::cache::blob_file::TRAILER - 5, good.len() - 1] {
        let mut flipped = good.clone();
        flipped[at] ^= 1;
        std::fs::write(&file, &flipped).unwrap();
        assert!(BodyCache::open(&file, Path::new("")).is_empty(), "byte {at} flipped");
    }
    for bad in [&good[..good.len() - 3], b"RBBODY\x00\x01old"] {
        std::fs::write(&file, bad).unwrap();
        assert!(BodyCache::open(&file, Path::new("")).is_empty());
    }
    assert!(BodyCache::open(&dir.path().join("missing.bin"), Path::new("")).is_empty());
}

#[test]
fn a_damaged_blob_fails_its_read_and_marks_the_cache_damaged() {
    let (_dir, file) = saved(&["content/topics/a.md", "content/topics/b.md"], 2);
    let mut bytes = std::fs::read(&file).unwrap();
    // The first blob is a.md's HTML (spilled first).
    bytes[MAGIC.len() + 2] ^= 1;
    std::fs::write(&file, &bytes).unwrap();
    let read = BodyCache::open(&file, Path::new(""));
    assert_eq!(
        read.len(),
        2,
        "blobs are checked when read, not when the file is opened"
    );
    let damage = read.damage();
    assert_eq!(html_of(&read, "content/topics/b.md"), "<p>content/topics/b.md</p>");
    assert!(!damage.found());
    let body = &read.bodies[Path::new("content/topics/a.md")].body;
    assert!(body.html.get().is_err());
    assert!(damage.found());
    // The next file is made from scratch: it never reads the damaged one.
    let replaced = BodyCache::replacing(&file, Path::new(""));
    assert!(replaced.is_empty() && !replaced.damage().found());
}

#[test]
fn a_blob_changed_under_a_build_fails_its_read_with_advice() {
    let (_dir, file) = saved(&["content/topics/a.md"], 1);
    let read = BodyCache::open(&file, Path::new(""));
    let mut bytes = std::fs::read(&file).unwrap();
    bytes[MAGIC.len() + 1] ^= 1;
    std::fs::write(&file, &bytes).unwrap();
    let err = read.bodies[Path::new("content/topics/a.md")]
        .body
        .html
        .get()
        .unwrap_err();
    assert!(err.to_string().contains("delete .roadbook-cache/"), "{err}");
}

#[test]
fn bodies_with_problems_are_not_written() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bodies.bin");
    let mut cache = cache_with(&file, &["content/topics/a.md", "content/topics/b.md"], 0);
    let warned = cache.bodies.get_mut(Path::new("content/topics/b.md")).unwrap();
    Arc::get_mut(&mut warned.body)
        .unwrap()
        .problems
        .push(crate::diagnostics::Diagnostic::warning("unknown code language"));
    cache.save(&file).unwrap();
    let read = BodyCache::open(&file, Path::new(""));
    assert_eq!(read.len(), 1);
    assert!(read.bodies.contains_key(Path::new("content/topics/a.md")));
}

#[test]
fn an_unsaved_spill_is_removed() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bodies.bin");
    let cache = cache_with(&file, &["content/topics/a.md"], 1);
    let html = cache.bodies[Path::new("content/topics/a.md")].body.html.clone();
    drop(cache);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    // Bodies still read through their open handle (Unix keeps a removed file's data).
    #[cfg(unix)]
    assert_eq!(*html.get().unwrap(), "<p>content/topics/a.md</p>");
}
