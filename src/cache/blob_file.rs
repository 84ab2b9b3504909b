//! The file format of roadbook's on-disk caches of large values (rendered bodies in
//! `bodies.bin`, rendered pages in `pages.bin`): blobs read one at a time when needed, so a
//! large site's cached HTML is never all in memory.
//!
//! Layout: an 8-byte magic (the format version is its last byte), the blobs, the metadata, then
//! the trailer: the metadata's length and its checksum (u64 LE each). The metadata names each
//! blob by offset, length and `xxh3_64` hash; the metadata's checksum is checked when the file
//! is opened, each blob's hash when it is read. A blob that fails its check marks the file's
//! [`Damage`].
//!
//! A new file is made beside the one in use ([`Spill`]): values are appended as they are made,
//! values kept from the old file are copied over ([`Writer::place`]), then the metadata is
//! written and the file renamed into place, so a reader never sees a half-written cache.

use std::borrow::Cow;
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// Identifies the roadbook build that writes a cache file (set by `build/source_key.rs` from
/// the crate's sources and `Cargo.lock`): a file written by another build is not read.
pub(crate) const SOURCE_KEY: &str = env!("ROADBOOK_SOURCE_KEY");

/// Bytes after the metadata.
pub(crate) const TRAILER: usize = 16;

/// Where a value is in a cache file.
#[derive(Debug, Clone)]
pub struct Blob {
    file: Arc<OpenFile>,
    offset: u64,
    len: u32,
    /// `xxh3_64` of the bytes, checked on every read.
    hash: u64,
}

/// An open cache file and its path (for messages).
#[derive(Debug)]
struct OpenFile {
    file: File,
    path: PathBuf,
    /// Where a blob that fails its check is reported.
    damage: Damage,
}

/// Whether a blob of a cache's files failed its check since the cache was opened. Blobs are
/// checked when read, not when the file is opened (hashing a large site's 250 MB of blobs up
/// front cost ~5 % of a warm build).
#[derive(Debug, Clone, Default)]
pub struct Damage(Arc<AtomicBool>);

impl Damage {
    /// Whether a blob failed its check.
    pub fn found(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }

    fn mark(&self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

impl Blob {
    /// The blob's bytes, checked against its hash.
    pub(crate) fn read_bytes(&self) -> io::Result<Vec<u8>> {
        let mut buf = vec![0; self.len as usize];
        read_at(&self.file.file, &mut buf, self.offset)
            .and_then(|()| {
                if xxhash_rust::xxh3::xxh3_64(&buf) == self.hash {
                    Ok(buf)
                } else {
                    Err(io::Error::other("checksum mismatch"))
                }
            })
            .map_err(|e| self.error(e))
    }

    /// The error for a blob that cannot be read, which marks its file damaged.
    pub(crate) fn error(&self, e: io::Error) -> io::Error {
        self.file.damage.mark();
        io::Error::other(format!(
            "cannot read the cache file {}: {e} (delete .roadbook-cache/ and build again)",
            self.file.path.display()
        ))
    }
}

#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
}

#[cfg(windows)]
fn read_at(file: &File, mut buf: &mut [u8], mut offset: u64) -> io::Result<()> {
    while !buf.is_empty() {
        match std::os::windows::fs::FileExt::seek_read(file, buf, offset)? {
            0 => return Err(io::ErrorKind::UnexpectedEof.into()),
            n => {
                buf = &mut buf[n..];
                offset += n as u64;
            }
        }
    }
    Ok(())
}

/// A cache file opened for reading: its metadata reader and what its blob references need.
pub(crate) struct Reader {
    /// The metadata, checked as it is read: call [`Reader::finish`] after the last entry.
    pub(crate) meta: Checked<BufReader<File>>,
    shared: Arc<OpenFile>,
    /// Where the metadata starts: every blob ends before it.
    meta_start: u64,
    sum: u64,
}

impl Reader {
    /// Opens `path`, checks its magic and trailer and positions the reader at the metadata.
    pub(crate) fn open(path: &Path, magic: &[u8; 8], damage: &Damage) -> io::Result<Reader> {
        let mut file = File::open(path)?;
        let mut head = [0; 8];
        file.read_exact(&mut head)?;
        if &head != magic {
            return Err(io::Error::other("not a cache file of this version"));
        }
        let end = file.seek(SeekFrom::End(-(TRAILER as i64)))?;
        let mut trailer = [0; TRAILER];
        file.read_exact(&mut trailer)?;
        let word = |i: usize| {
            let mut w = [0; 8];
            w.copy_from_slice(&trailer[i * 8..i * 8 + 8]);
            u64::from_le_bytes(w)
        };
        let (meta_len, sum) = (word(0), word(1));
        let meta_start = end
            .checked_sub(meta_len)
            .filter(|&s| s >= magic.len() as u64)
            .ok_or_else(|| io::Error::other("bad trailer"))?;
        file.seek(SeekFrom::Start(meta_start))?;
        let shared = Arc::new(OpenFile {
            file: file.try_clone()?,
            path: path.to_path_buf(),
            damage: damage.clone(),
        });
        let mut meta = Checked::new(BufReader::with_capacity(1 << 16, file));
        meta.len = meta_len;
        Ok(Reader {
            meta,
            shared,
            meta_start,
            sum,
        })
    }

    /// Reads a blob reference written by [`put_blob`]; `None` for an empty blob.
    pub(crate) fn blob(&mut self) -> io::Result<Option<Blob>> {
        let r = &mut self.meta;
        let offset = r.u64()?;
        let len = u32::try_from(r.u32()?).map_err(io::Error::other)?;
        let hash = r.u64()?;
        if offset.checked_add(u64::from(len)).is_none_or(|e| e > self.meta_start) {
            return Err(io::Error::other("blob outside the file"));
        }
        Ok((len > 0).then(|| Blob {
            file: Arc::clone(&self.shared),
            offset,
            len,
            hash,
        }))
    }

    /// Checks that the whole metadata was read and matches its checksum.
    pub(crate) fn finish(self) -> io::Result<()> {
        if self.meta.hash.digest() != self.sum || self.meta.len != 0 {
            return Err(io::Error::other("checksum mismatch"));
        }
        Ok(())
    }
}

/// Writes a blob reference (a missing blob as zeros) for [`Reader::blob`].
pub(crate) fn put_blob<W: Write>(w: &mut Checked<W>, blob: Option<&Blob>) -> io::Result<()> {
    let (offset, len, hash) = blob.map_or((0, 0, 0), |b| (b.offset, b.len, b.hash));
    w.put_u64(offset)?;
    w.put_u32(len as usize)?;
    w.put_u64(hash)
}

/// The next cache file while a build makes it: values are appended as soon as they are made
/// (`Spill::put_with`), and `Spill::save` adds the metadata and puts the file in place.
pub struct Spill {
    path: PathBuf,
    magic: &'static [u8; 8],
    /// Created on the first value; an error is kept and reported by [`Spill::save`].
    writer: Mutex<Option<io::Result<Writer>>>,
    /// Given to the file's blobs.
    damage: Damage,
}

/// A spill file that was not saved (the build failed) is removed; blobs still read from it
/// through their open handle.
impl Drop for Spill {
    fn drop(&mut self) {
        if let Ok(guard) = self.writer.get_mut()
            && guard.is_some()
        {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

impl Spill {
    /// A spill that will replace `file` (created beside it when the first value comes).
    pub fn new(file: &Path, magic: &'static [u8; 8], damage: Damage) -> Spill {
        Spill {
            path: file.with_extension(format!("{}.tmp", std::process::id())),
            magic,
            writer: Mutex::new(None),
            damage,
        }
    }

    fn create(&self) -> io::Result<Writer> {
        let path = &self.path;
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let file = File::options()
            .create(true)
            .truncate(true)
            .read(true)
            .write(true)
            .open(path)?;
        let reader = file.try_clone()?;
        let mut out = file;
        out.write_all(self.magic)?;
        Ok(Writer {
            out,
            offset: self.magic.len() as u64,
            file: Arc::new(OpenFile {
                file: reader,
                path: path.to_path_buf(),
                damage: self.damage.clone(),
            }),
        })
    }

    /// Appends values through `put` (the file is made on the first call). After a write error
    /// nothing more is written, and [`Spill::save`] reports the error.
    pub(crate) fn put_with(&self, put: impl FnOnce(&mut Writer) -> io::Result<()>) {
        let Ok(mut guard) = self.writer.lock() else {
            return;
        };
        let state = guard.get_or_insert_with(|| self.create());
        let Ok(writer) = state else {
            return;
        };
        if let Err(e) = put(writer) {
            *guard = Some(Err(e));
        }
    }

    /// Finishes the file and renames it to `file`: `finish` places what the file lacks and
    /// writes the metadata ([`Writer::write_meta`]).
    pub(crate) fn save(&self, file: &Path, finish: impl FnOnce(&mut Writer) -> io::Result<()>) -> io::Result<()> {
        let mut writer = self.finish()?;
        let written = finish(&mut writer).and_then(|()| writer.out.sync_all());
        if let Err(e) = written {
            let _ = std::fs::remove_file(&self.path);
            return Err(e);
        }
        std::fs::rename(&self.path, file)
    }

    /// The spill's file for the metadata to be added (created if no value came). A write
    /// error met while spilling is returned here.
    fn finish(&self) -> io::Result<Writer> {
        let mut guard = self
            .writer
            .lock()
            .map_err(|_| io::Error::other("cache file lock poisoned"))?;
        match guard.take() {
            Some(Ok(state)) => Ok(state),
            Some(Err(e)) => {
                let _ = std::fs::remove_file(&self.path);
                Err(e)
            }
            None => self.create(),
        }
    }
}

/// A cache file being written.
pub(crate) struct Writer {
    /// Unbuffered: an appended blob is in the file as soon as `put` returns.
    out: File,
    /// Where the next blob starts.
    offset: u64,
    /// The same file, for reading blobs back.
    file: Arc<OpenFile>,
}

/// The metadata of a cache file, hashed as it is written (see [`Writer::write_meta`]).
pub(crate) type MetaWriter<'a> = Checked<BufWriter<&'a mut File>>;

impl Writer {
    /// Writes a blob at the end of the file; returns where it is.
    pub(crate) fn put(&mut self, bytes: &[u8]) -> io::Result<Blob> {
        let len = u32::try_from(bytes.len()).map_err(|_| io::Error::other("a cached value over 4 GiB"))?;
        self.out.write_all(bytes)?;
        self.offset += u64::from(len);
        Ok(Blob {
            file: Arc::clone(&self.file),
            offset: self.offset - u64::from(len),
            len,
            hash: xxhash_rust::xxh3::xxh3_64(bytes),
        })
    }

    /// Whether `blob` is in this file.
    pub(crate) fn holds(&self, blob: &Blob) -> bool {
        Arc::ptr_eq(&self.file, &blob.file)
    }

    /// Where a blob is in this file: `held` itself when this file holds it, else the bytes
    /// `read` gives appended (`None` when it gives none).
    pub(crate) fn place<'a>(
        &mut self,
        held: Option<&Blob>,
        read: impl FnOnce() -> io::Result<Option<Cow<'a, [u8]>>>,
    ) -> io::Result<Option<Blob>> {
        if let Some(blob) = held.filter(|b| self.holds(b)) {
            return Ok(Some(blob.clone()));
        }
        read()?.map(|bytes| self.put(&bytes)).transpose()
    }

    /// Appends the metadata that `write` writes, then the trailer (its length and checksum).
    /// Call it last: blobs placed after it would be taken for metadata.
    pub(crate) fn write_meta(&mut self, write: impl FnOnce(&mut MetaWriter) -> io::Result<()>) -> io::Result<()> {
        let mut w = Checked::new(BufWriter::with_capacity(1 << 16, &mut self.out));
        write(&mut w)?;
        let (len, sum) = (w.len, w.hash.digest());
        let mut out = w.inner;
        out.write_all(&len.to_le_bytes())?;
        out.write_all(&sum.to_le_bytes())?;
        out.flush()
    }
}

/// Reads or writes through a hash of every byte.
pub(crate) struct Checked<T> {
    inner: T,
    hash: xxhash_rust::xxh3::Xxh3,
    /// Bytes written (writer), or bytes left to read (reader).
    pub(crate) len: u64,
}

impl<T> Checked<T> {
    /// A checked reader or writer over `inner`.
    pub(crate) fn new(inner: T) -> Self {
        Checked {
            inner,
            hash: xxhash_rust::xxh3::Xxh3::new(),
            len: 0,
        }
    }

    /// What was written through it.
    pub(crate) fn into_inner(self) -> T {
        self.inner
    }
}

impl<W: Write> Checked<W> {
    pub(crate) fn put_u8(&mut self, v: u8) -> io::Result<()> {
        self.put_bytes(&[v])
    }
    pub(crate) fn put_u32(&mut self, v: usize) -> io::Result<()> {
        let v = u32::try_from(v).map_err(|_| io::Error::other("entry too large for a cache file"))?;
        self.put_bytes(&v.to_le_bytes())
    }
    pub(crate) fn put_u64(&mut self, v: u64) -> io::Result<()> {
        self.put_bytes(&v.to_le_bytes())
    }
    pub(crate) fn put_str(&mut self, s: &str) -> io::Result<()> {
        self.put_u32(s.len())?;
        self.put_bytes(s.as_bytes())
    }
    pub(crate) fn put_opt_str(&mut self, s: Option<&str>) -> io::Result<()> {
        match s {
            Some(s) => {
                self.put_u8(1)?;
                self.put_str(s)
            }
            None => self.put_u8(0),
        }
    }
    pub(crate) fn put_bytes(&mut self, b: &[u8]) -> io::Result<()> {
        self.hash.update(b);
        self.len += b.len() as u64;
        self.inner.write_all(b)
    }
}

impl<R: Read> Checked<R> {
    pub(crate) fn u8(&mut self) -> io::Result<u8> {
        Ok(self.array::<1>()?[0])
    }
    pub(crate) fn u32(&mut self) -> io::Result<usize> {
        Ok(u32::from_le_bytes(self.array()?) as usize)
    }
    pub(crate) fn u64(&mut self) -> io::Result<u64> {
        Ok(u64::from_le_bytes(self.array()?))
    }
    pub(crate) fn string(&mut self) -> io::Result<String> {
        let len = self.u32()?;
        if len as u64 > self.len {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        let mut buf = vec![0; len];
        self.fill(&mut buf)?;
        crate::util::utf8::into_string(buf).map_err(|_| io::Error::other("not UTF-8"))
    }
    pub(crate) fn opt_string(&mut self) -> io::Result<Option<String>> {
        match self.u8()? {
            0 => Ok(None),
            1 => self.string().map(Some),
            _ => Err(io::Error::other("bad option tag")),
        }
    }
    pub(crate) fn array<const N: usize>(&mut self) -> io::Result<[u8; N]> {
        let mut b = [0; N];
        self.fill(&mut b)?;
        Ok(b)
    }
    /// Reads exactly `buf.len()` bytes of the `len` the reader may still give (a length read
    /// from a damaged file cannot make it allocate more than the file holds).
    fn fill(&mut self, buf: &mut [u8]) -> io::Result<()> {
        if buf.len() as u64 > self.len {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        self.inner.read_exact(buf)?;
        self.hash.update(buf);
        self.len -= buf.len() as u64;
        Ok(())
    }
    /// `count` items read by `item`, without trusting `count` for the allocation.
    pub(crate) fn list<T>(&mut self, mut item: impl FnMut(&mut Self) -> io::Result<T>) -> io::Result<Vec<T>> {
        let count = self.u32()?;
        let mut items = Vec::with_capacity(count.min(1024));
        for _ in 0..count {
            items.push(item(self)?);
        }
        Ok(items)
    }
}
