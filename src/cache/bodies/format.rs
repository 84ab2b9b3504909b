//! The body cache file: each kept body's HTML, term counts and sections as blobs, then the
//! metadata (the roadbook build that wrote it, the index fingerprint, the Markdown dialect, and per page its path,
//! file hash, link fingerprint, anchors, link targets, blobs and [`BodyMeta`]).

use std::collections::HashSet;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::body::{Body, CachedBody};
use crate::cache::blob_file::{Checked, Damage, Reader, SOURCE_KEY, Writer, put_blob};
use crate::cache::lazy::Lazy;
use crate::content::Kind;
use crate::parse::{BodyMeta, TextStats, TocEntry};

/// The file's first bytes; the format version is the last one.
pub(super) const MAGIC: &[u8; 8] = b"RBBODY\x00\x07";

/// What the file holds besides the blobs: the index fingerprint the bodies were resolved
/// against, and per page its path, anchors and cached body.
pub(super) struct Contents<'a> {
    /// See `BodyCache::index`.
    pub index: u64,
    /// See `BodyCache::dialect`.
    pub dialect: u64,
    /// The site root, which the file's paths are relative to.
    pub root: &'a Path,
    /// Each page's path, anchors and body, in the order they are written.
    pub entries: Vec<(&'a PathBuf, &'a HashSet<String>, &'a CachedBody)>,
}

/// Appends every body's blob that `state`'s file lacks, then the metadata.
pub(super) fn write(contents: &Contents<'_>, state: &mut Writer) -> io::Result<()> {
    // Where each body's HTML, terms and sections are in this file.
    let mut places = Vec::with_capacity(contents.entries.len());
    for (_, _, entry) in &contents.entries {
        let body = &entry.body;
        let terms = body.terms.as_ref().map(|t| t.place(state)).transpose()?.flatten();
        places.push([body.html.place(state)?, terms, body.sections.place(state)?]);
    }
    state.write_meta(|w| {
        w.put_str(SOURCE_KEY)?;
        w.put_u64(contents.index)?;
        w.put_u64(contents.dialect)?;
        w.put_u32(contents.entries.len())?;
        for ((path, anchors, entry), blobs) in contents.entries.iter().zip(places) {
            w.put_str(&path.strip_prefix(contents.root).unwrap_or(path).to_string_lossy())?;
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
            write_body(w, &entry.body.meta)?;
        }
        Ok(())
    })
}

fn write_body<W: Write>(w: &mut Checked<W>, body: &BodyMeta) -> io::Result<()> {
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

/// Reads the cache file at `path`: hands each page to `each` as it is read (its path joined
/// to the root, anchors, cached body) and returns the index fingerprint and the dialect.
pub(super) fn read(
    path: &Path,
    root: &Path,
    damage: &Damage,
    mut each: impl FnMut(PathBuf, HashSet<String>, CachedBody),
) -> io::Result<(u64, u64)> {
    let mut reader = Reader::open(path, MAGIC, damage)?;
    if reader.meta.string()? != SOURCE_KEY {
        return Err(io::Error::other("written by another roadbook build"));
    }
    let index = reader.meta.u64()?;
    let dialect = reader.meta.u64()?;
    let count = reader.meta.u32()?;
    for _ in 0..count {
        let path = root.join(reader.meta.string()?);
        let hash = reader.meta.u64()?;
        let fingerprint = reader.meta.u64()?;
        let anchors: HashSet<String> = reader.meta.list(|r| r.string())?.into_iter().collect();
        let links = reader.meta.list(|r| {
            let kind = kind_of(r.u8()?)?;
            Ok((kind, r.string()?, r.opt_string()?))
        })?;
        // HTML, terms, sections (see `write`); a zero length for none.
        let (html, terms, sections) = (reader.blob()?, reader.blob()?, reader.blob()?);
        let body = Body {
            meta: read_body(&mut reader.meta)?,
            // An empty body's HTML has no blob.
            html: html.map_or(Lazy::default(), Lazy::Stored),
            terms: terms.map(Lazy::Stored),
            sections: sections.map_or(Lazy::default(), Lazy::Stored),
            problems: Vec::new(),
        };
        let entry = CachedBody {
            hash,
            fingerprint,
            links,
            body: Arc::new(body),
        };
        each(path, anchors, entry);
    }
    reader.finish()?;
    Ok((index, dialect))
}

fn read_body<R: Read>(r: &mut Checked<R>) -> io::Result<BodyMeta> {
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
    Ok(BodyMeta {
        html_hash,
        headings,
        refs,
        text_bytes,
        code_bytes,
        before_more,
        first_paragraph,
        stats,
        tasks,
        code_keys,
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
