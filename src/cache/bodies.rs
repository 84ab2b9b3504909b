//! Rendered page bodies kept between builds: in memory by the dev server, and on disk
//! (`.roadbook-cache/bodies.bin`) by `roadbook build`, so a build renders only the pages whose
//! file changed or whose links now resolve differently.
//!
//! A body is valid while its file's hash is unchanged and its links resolve as they did when it
//! was rendered: when the site index (every page's kind, id, title, URL and anchors, and the
//! base URL) is unchanged, that holds for every body at once; otherwise each body's
//! [`links::fingerprint`](crate::parse::links::fingerprint) is compared. Nothing else goes into
//! a body: rendering reads the page, the index and the highlighter, never `config.toml` or the
//! templates.
//!
//! On disk, each body's HTML is a blob that stays in the file: a build reads it when it writes
//! the page ([`Html::Stored`]), so a large site's HTML is never all in memory. So are the
//! body's search term counts ([`Terms::Stored`], read when the search index is built, so a
//! reused body's text is not tokenized again). Bodies rendered by a build are spilled into the
//! next file as they are made ([`Spill`]). The rest of a body (text for search, headings,
//! links) is read when the cache is opened.
//!
//! A file is only valid for the exact roadbook that wrote it (a key of its sources and
//! `Cargo.lock`, made at compile time); its metadata carries a checksum, checked when the file
//! is opened, and each blob is checked against its hash when read. A blob that fails its check
//! marks the cache [`Damage`]d: `roadbook build` then starts again without the cache, so a
//! damaged file costs a slower build, never a failed one. Bodies with a problem (even a
//! warning) are not written, so their diagnostics are reported by every build.
//!
//! The file is a `blob_file` (blobs, then checked metadata) with the
//! magic `RBBODY`.

use std::borrow::Cow;
use std::collections::HashSet;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use crate::cache::blob_file::{Blob, Damage, Spill};
use crate::cache::blob_file::{Checked, Reader, SOURCE_KEY, Writer, put_blob};
use crate::content::Kind;
use crate::parse::{Rendered, Section, TextStats, TocEntry};
use rustc_hash::FxHashMap;

/// The file's first bytes; the format version is the last one.
const MAGIC: &[u8; 8] = b"RBBODY\x00\x06";

/// The link targets of a body, by kind, id and anchor (indices shift when pages come and go).
pub type LinkKeys = Vec<(Kind, String, Option<String>)>;

/// A rendered body's HTML: in memory, or a blob of a body cache file, read when needed.
#[derive(Debug, Clone)]
pub enum Html {
    /// Held in memory.
    Memory(String),
    /// In a body cache file.
    Stored(Blob),
}

impl Default for Html {
    fn default() -> Html {
        Html::Memory(String::new())
    }
}

impl Html {
    /// The HTML (read from the cache file when stored there).
    pub fn text(&self) -> io::Result<Cow<'_, str>> {
        match self {
            Html::Memory(html) => Ok(Cow::Borrowed(html)),
            Html::Stored(blob) => blob.read().map(Cow::Owned),
        }
    }
}

/// A body's search term counts, encoded by
/// [`search::terms::encode_body`](crate::search::terms::encode_body): not counted (the search
/// index counts the body's sections itself), in memory, or a blob of a body cache file.
#[derive(Debug, Clone, Default)]
pub enum Terms {
    /// Not counted.
    #[default]
    Absent,
    /// Held in memory.
    Memory(Vec<u8>),
    /// In a body cache file.
    Stored(Blob),
}

impl Terms {
    /// The encoded counts, if counted (read from the cache file when stored there).
    pub fn bytes(&self) -> io::Result<Option<Cow<'_, [u8]>>> {
        match self {
            Terms::Absent => Ok(None),
            Terms::Memory(bytes) => Ok(Some(Cow::Borrowed(bytes))),
            Terms::Stored(blob) => blob.read_bytes().map(|b| Some(Cow::Owned(b))),
        }
    }
}

/// A body's text by section (for the search index): in memory, or a blob of a body cache
/// file, read when the index is built (the sections of a large site are most of what a body
/// holds besides its HTML).
#[derive(Debug, Clone)]
pub enum Sections {
    /// Held in memory.
    Memory(Vec<Section>),
    /// In a body cache file (encoded by `encode_sections`).
    Stored(Blob),
}

impl Default for Sections {
    fn default() -> Sections {
        Sections::Memory(Vec::new())
    }
}

impl Sections {
    /// The sections (read from the cache file when stored there).
    pub fn get(&self) -> io::Result<Cow<'_, [Section]>> {
        match self {
            Sections::Memory(list) => Ok(Cow::Borrowed(list)),
            Sections::Stored(blob) => {
                let bytes = blob.read_bytes()?;
                decode_sections(&bytes).map(Cow::Owned).map_err(|e| blob.error(e))
            }
        }
    }
}

/// The sections' bytes in a blob: a count, then each section's anchor, heading, text and code
/// as the metadata writes strings.
fn encode_sections(sections: &[Section]) -> io::Result<Vec<u8>> {
    let len = sections
        .iter()
        .map(|s| 17 + s.heading.len() + s.text.len() + s.code.len())
        .sum::<usize>();
    let mut w = Checked::new(Vec::with_capacity(4 + len));
    w.put_u32(sections.len())?;
    for s in sections {
        w.put_opt_str(s.anchor.as_deref())?;
        w.put_str(&s.heading)?;
        w.put_str(&s.text)?;
        w.put_str(&s.code)?;
    }
    Ok(w.into_inner())
}

fn decode_sections(bytes: &[u8]) -> io::Result<Vec<Section>> {
    let mut r = Checked::new(bytes);
    r.len = bytes.len() as u64;
    let sections = r.list(|r| {
        Ok(Section {
            anchor: r.opt_string()?,
            heading: r.string()?,
            text: r.string()?,
            code: r.string()?,
        })
    })?;
    if r.len != 0 {
        return Err(io::Error::other("bytes after the sections"));
    }
    Ok(sections)
}

/// Markdown results kept between builds: heading anchors and rendered bodies by file, each
/// valid while its file's hash (and, for bodies, the resolution of its links) is unchanged.
#[derive(Default)]
pub struct BodyCache {
    pub(crate) anchors: FxHashMap<PathBuf, (u64, HashSet<String>)>,
    pub(crate) bodies: FxHashMap<PathBuf, CachedBody>,
    /// The index (and base path) the bodies were resolved against: while it is unchanged, an
    /// unchanged file's body is valid without re-checking its links.
    pub(crate) index: u64,
    /// Last-commit dates from git, read once (the dev server; never written to disk).
    pub(crate) commits: Option<Arc<crate::load::git::LastCommits>>,
    /// Whether the bodies differ from the file they were read from.
    pub(crate) changed: bool,
    /// Where bodies rendered by this build go (a cache opened from a file).
    pub(crate) spill: Option<Spill>,
    /// How many bodies the last build took from the cache instead of rendering them.
    pub(crate) reused: usize,
    /// The site root: the file names pages relative to it, so `--root .` and `--root
    /// /abs/site` share a cache.
    pub(crate) root: PathBuf,
    /// Set when a blob of the file read or the file being written fails its check.
    pub(crate) damage: Damage,
}

/// One cached body.
pub(crate) struct CachedBody {
    /// Hash of the page's file.
    pub(crate) hash: u64,
    /// How the body's links resolved (see `links::fingerprint`).
    pub(crate) fingerprint: u64,
    /// Link targets by kind and id.
    pub(crate) links: LinkKeys,
    /// The body. Its `links` are not kept on disk (they hold indices): use `links` above.
    pub(crate) body: Arc<Rendered>,
}

impl BodyCache {
    /// The link targets (kind, id, anchor) of the cached body of `path`.
    pub fn links_of(&self, path: &Path) -> Option<&[(Kind, String, Option<String>)]> {
        self.bodies.get(path).map(|b| b.links.as_slice())
    }

    /// Records a body rendered outside [`Site::from_documents`](crate::assemble::Site::from_documents)
    /// (the dev server's fast path).
    pub fn update(
        &mut self,
        doc: &crate::content::Document,
        anchors: HashSet<String>,
        fingerprint: u64,
        links: LinkKeys,
        body: Arc<Rendered>,
    ) {
        self.anchors.insert(doc.path.clone(), (doc.hash, anchors));
        self.bodies.insert(
            doc.path.clone(),
            CachedBody {
                hash: doc.hash,
                fingerprint,
                links,
                body,
            },
        );
        self.changed = true;
    }

    /// Reads git's last-commit dates again on the next build (after files were added,
    /// renamed or removed).
    pub fn forget_git(&mut self) {
        self.commits = None;
    }

    /// How many bodies the last build took from the cache instead of rendering them.
    pub fn reused(&self) -> usize {
        self.reused
    }

    /// How many bodies are cached.
    pub fn len(&self) -> usize {
        self.bodies.len()
    }

    /// Whether nothing is cached.
    pub fn is_empty(&self) -> bool {
        self.bodies.is_empty()
    }

    /// The cache in `file`; empty when the file is missing, from another roadbook build,
    /// truncated or corrupt. Bodies rendered while it is in use go into the next file, which
    /// [`BodyCache::save`] puts in place.
    pub fn open(file: &Path, root: &Path) -> BodyCache {
        let damage = Damage::default();
        BodyCache {
            spill: Some(Spill::new(file, MAGIC, damage.clone())),
            root: root.to_path_buf(),
            damage: damage.clone(),
            ..read_from(file, root, &damage).unwrap_or_default()
        }
    }

    /// An empty cache whose bodies go into a new file that [`BodyCache::save`] puts in place
    /// of `file` (which is not read: it was found damaged).
    pub fn replacing(file: &Path, root: &Path) -> BodyCache {
        let damage = Damage::default();
        BodyCache {
            spill: Some(Spill::new(file, MAGIC, damage.clone())),
            root: root.to_path_buf(),
            changed: true,
            damage,
            ..BodyCache::default()
        }
    }

    /// Reports whether a blob read through this cache fails its check.
    pub fn damage(&self) -> Damage {
        self.damage.clone()
    }

    /// Writes the cache to `file` (atomically) if it changed since it was read, adding to the
    /// blobs already spilled. Returns whether it wrote.
    pub fn save(&self, file: &Path) -> io::Result<bool> {
        if !self.changed && file.exists() {
            return Ok(false);
        }
        let Some(spill) = &self.spill else {
            return Err(io::Error::other("an in-memory body cache has no file"));
        };
        spill.save(file, |writer| write_meta(self, writer))?;
        Ok(true)
    }
}

/// Moves a freshly rendered body's HTML, term counts and sections into the next cache file.
/// Bodies with problems stay in memory (they are not cached), as does everything after a
/// write error.
pub fn spill(spill: &Spill, body: &mut Rendered) {
    if !body.problems.is_empty() {
        return;
    }
    spill.put_with(|writer| {
        if let Html::Memory(html) = &body.html {
            body.html = Html::Stored(writer.put(html.as_bytes())?);
        }
        if let Terms::Memory(terms) = &body.terms {
            body.terms = Terms::Stored(writer.put(terms)?);
        }
        if let Sections::Memory(list) = &body.sections {
            body.sections = Sections::Stored(writer.put(&encode_sections(list)?)?);
        }
        Ok(())
    });
}

/// Appends every kept body's blob that `state`'s file lacks, then the metadata.
fn write_meta(cache: &BodyCache, state: &mut Writer) -> io::Result<()> {
    let mut paths: Vec<&PathBuf> = cache
        .bodies
        .iter()
        .filter(|(_, b)| b.body.problems.is_empty())
        .map(|(p, _)| p)
        .collect();
    paths.sort();
    // Where each kept body's HTML, terms and sections are in this file.
    let mut places = Vec::with_capacity(paths.len());
    for path in &paths {
        let body = &cache.bodies[*path].body;
        let owned = |bytes: Vec<u8>| Some(Cow::Owned(bytes));
        let html = match &body.html {
            Html::Stored(blob) => state.place(Some(blob), || blob.read_bytes().map(owned))?,
            Html::Memory(html) => state.place(None, || Ok(Some(Cow::Borrowed(html.as_bytes()))))?,
        };
        // Terms that cannot be read are left out: the index counts the body's sections instead.
        let terms = match &body.terms {
            Terms::Stored(blob) => state.place(Some(blob), || Ok(blob.read_bytes().ok().and_then(owned)))?,
            Terms::Memory(terms) => state.place(None, || Ok(Some(Cow::Borrowed(terms))))?,
            Terms::Absent => None,
        };
        let sections = match &body.sections {
            Sections::Stored(blob) => state.place(Some(blob), || blob.read_bytes().map(owned))?,
            Sections::Memory(list) => state.place(None, || encode_sections(list).map(owned))?,
        };
        places.push([html, terms, sections]);
    }
    state.write_meta(|w| {
        w.put_str(SOURCE_KEY)?;
        w.put_u64(cache.index)?;
        w.put_u32(paths.len())?;
        for (path, blobs) in paths.into_iter().zip(places) {
            let entry = &cache.bodies[path];
            let Some((_, anchors)) = cache.anchors.get(path) else {
                return Err(io::Error::other("a cached body without anchors"));
            };
            w.put_str(&path.strip_prefix(&cache.root).unwrap_or(path).to_string_lossy())?;
            w.put_u64(entry.hash)?;
            w.put_u64(entry.fingerprint)?;
            let mut anchors: Vec<&String> = anchors.iter().collect();
            anchors.sort();
            w.put_u32(anchors.len())?;
            for a in anchors {
                w.put_str(a)?;
            }
            w.put_u32(entry.links.len())?;
            for (kind, id, anchor) in &entry.links {
                w.put_u8(kind_tag(*kind))?;
                w.put_str(id)?;
                w.put_opt_str(anchor.as_deref())?;
            }
            // HTML, terms, sections; a missing blob as zeros.
            for blob in &blobs {
                put_blob(w, blob.as_ref())?;
            }
            write_body(w, &entry.body)?;
        }
        Ok(())
    })
}

fn write_body<W: Write>(w: &mut Checked<W>, body: &Rendered) -> io::Result<()> {
    w.put_u64(body.html_hash)?;
    w.put_u32(body.headings.len())?;
    for h in &body.headings {
        w.put_u8(h.level)?;
        w.put_str(&h.id)?;
        w.put_str(&h.title)?;
    }
    w.put_u32(body.refs.len())?;
    for r in &body.refs {
        w.put_str(r)?;
    }
    w.put_u64(body.text_bytes as u64)?;
    w.put_u64(body.code_bytes as u64)?;
    w.put_opt_str(body.before_more.as_deref())?;
    w.put_str(&body.first_paragraph)?;
    w.put_u64(body.stats.cjk_chars as u64)?;
    w.put_u64(body.stats.words as u64)?;
    w.put_u64(body.tasks as u64)?;
    w.put_u32(body.code_keys.len())?;
    for k in &body.code_keys {
        w.put_bytes(&k.to_le_bytes())?;
    }
    Ok(())
}

fn read_from(path: &Path, root: &Path, damage: &Damage) -> io::Result<BodyCache> {
    let mut reader = Reader::open(path, MAGIC, damage)?;
    if reader.meta.string()? != SOURCE_KEY {
        return Err(io::Error::other("written by another roadbook build"));
    }
    let index = reader.meta.u64()?;
    let count = reader.meta.u32()?;
    let mut cache = BodyCache {
        index,
        ..BodyCache::default()
    };
    for _ in 0..count {
        let path = root.join(reader.meta.string()?);
        let hash = reader.meta.u64()?;
        let fingerprint = reader.meta.u64()?;
        let anchors: HashSet<String> = reader.meta.list(|r| r.string())?.into_iter().collect();
        let links = reader.meta.list(|r| {
            let kind = kind_of(r.u8()?)?;
            Ok((kind, r.string()?, r.opt_string()?))
        })?;
        // HTML, terms, sections (see `write_meta`); a zero length for none.
        let (html, terms, sections) = (reader.blob()?, reader.blob()?, reader.blob()?);
        let mut body = read_body(&mut reader.meta)?;
        // An empty body's HTML has no blob.
        body.html = html.map_or(Html::default(), Html::Stored);
        body.terms = terms.map_or(Terms::Absent, Terms::Stored);
        body.sections = sections.map_or(Sections::default(), Sections::Stored);
        cache.anchors.insert(path.clone(), (hash, anchors));
        cache.bodies.insert(
            path,
            CachedBody {
                hash,
                fingerprint,
                links,
                body: Arc::new(body),
            },
        );
    }
    reader.finish()?;
    Ok(cache)
}

fn read_body<R: Read>(r: &mut Checked<R>) -> io::Result<Rendered> {
    let html_hash = r.u64()?;
    let headings = r.list(|r| {
        Ok(TocEntry {
            level: r.u8()?,
            id: r.string()?,
            title: r.string()?,
        })
    })?;
    let refs = r.list(|r| r.string())?;
    let text_bytes = r.u64()? as usize;
    let code_bytes = r.u64()? as usize;
    let before_more = r.opt_string()?;
    let first_paragraph = r.string()?;
    let stats = TextStats {
        cjk_chars: r.u64()? as usize,
        words: r.u64()? as usize,
    };
    let tasks = r.u64()? as usize;
    let code_keys = r.list(|r| Ok(u128::from_le_bytes(r.array()?)))?;
    Ok(Rendered {
        html: Html::default(),
        html_hash,
        headings,
        links: Vec::new(),
        refs,
        sections: Sections::default(),
        text_bytes,
        code_bytes,
        before_more,
        first_paragraph,
        stats,
        tasks,
        terms: Terms::Absent,
        code_keys,
        problems: Vec::new(),
    })
}

fn kind_tag(kind: Kind) -> u8 {
    Kind::ALL.iter().position(|k| *k == kind).unwrap_or(0) as u8
}

fn kind_of(tag: u8) -> io::Result<Kind> {
    Kind::ALL
        .get(usize::from(tag))
        .copied()
        .ok_or_else(|| io::Error::other("bad kind tag"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(html: &str) -> Rendered {
        Rendered {
            html: Html::Memory(html.to_string()),
            html_hash: xxhash_rust::xxh3::xxh3_64(html.as_bytes()),
            headings: vec![TocEntry {
                level: 2,
                id: "캐시".into(),
                title: "캐시".into(),
            }],
            refs: vec!["w:topic:b".into()],
            sections: Sections::Memory(vec![Section {
                anchor: Some("캐시".into()),
                heading: "캐시".into(),
                text: "본문".into(),
                code: "let x = 1;".into(),
            }]),
            text_bytes: "본문".len(),
            code_bytes: "let x = 1;".len(),
            first_paragraph: "본문".into(),
            stats: TextStats { cjk_chars: 2, words: 0 },
            tasks: 1,
            terms: Terms::Memory(format!("terms of {html}").into_bytes()),
            code_keys: vec![u128::MAX - 1],
            ..Rendered::default()
        }
    }

    /// A cache opened on `file` holding a body per path, the first ones spilled as a build
    /// spills them.
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
                spill(cache.spill.as_ref().unwrap(), &mut rendered);
                assert!(matches!(rendered.html, Html::Stored(_)));
                assert!(matches!(rendered.terms, Terms::Stored(_)));
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
        cache.bodies[Path::new(path)].body.html.text().unwrap().into_owned()
    }

    fn terms_of(cache: &BodyCache, path: &str) -> Option<String> {
        let terms = cache.bodies[Path::new(path)].body.terms.bytes().unwrap();
        terms.map(|t| String::from_utf8(t.into_owned()).unwrap())
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
            assert!(matches!(read.bodies[Path::new(p)].body.html, Html::Stored(_)));
            assert_eq!(html_of(&read, p), format!("<p>{p}</p>"));
            assert!(matches!(read.bodies[Path::new(p)].body.terms, Terms::Stored(_)));
            assert_eq!(terms_of(&read, p), Some(format!("terms of <p>{p}</p>")));
        }
        let entry = &read.bodies[Path::new(paths[0])];
        assert_eq!((entry.hash, entry.fingerprint), (0, 9));
        assert_eq!(entry.links, cache.bodies[Path::new(paths[0])].links);
        let (want, got) = (body(""), &entry.body);
        assert_eq!(got.headings, want.headings);
        assert_eq!(got.refs, want.refs);
        assert!(matches!(got.sections, Sections::Stored(_)));
        assert_eq!(got.sections.get().unwrap(), want.sections.get().unwrap());
        assert_eq!((got.text_bytes, got.code_bytes), (want.text_bytes, want.code_bytes));
        assert_eq!((got.stats, got.tasks), (want.stats, want.tasks));
        assert_eq!(got.code_keys, want.code_keys);
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
        spill(next.spill.as_ref().unwrap(), &mut fresh);
        next.bodies.get_mut(Path::new("content/topics/b.md")).unwrap().body = Arc::new(fresh);
        // A body whose terms were never counted is kept without them.
        let mut uncounted = body("<p>c</p>");
        uncounted.terms = Terms::Absent;
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
        spill(cache.spill.as_ref().unwrap(), &mut empty);
        cache.bodies.get_mut(Path::new("content/topics/a.md")).unwrap().body = Arc::new(empty);
        assert!(cache.save(&file).unwrap());
        let read = BodyCache::open(&file, Path::new(""));
        assert_eq!(html_of(&read, "content/topics/a.md"), "");
        assert_eq!(terms_of(&read, "content/topics/a.md").as_deref(), Some("terms of "));
    }

    #[test]
    fn sections_round_trip_and_damaged_ones_are_refused() {
        let sections = vec![
            Section::default(),
            Section {
                anchor: Some("캐시-무효화".into()),
                heading: "캐시 무효화".into(),
                text: "TTL과 이벤트".into(),
                code: "cache.get(k)".into(),
            },
        ];
        let bytes = encode_sections(&sections).unwrap();
        assert_eq!(decode_sections(&bytes).unwrap(), sections);
        for cut in 0..bytes.len() {
            assert!(decode_sections(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(decode_sections(&longer).is_err());
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
        assert!(body.html.text().is_err());
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
            .text()
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
        assert_eq!(html.text().unwrap(), "<p>content/topics/a.md</p>");
    }
}
