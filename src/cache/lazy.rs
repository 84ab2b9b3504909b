//! A value held in memory, or left in a cache file until it is needed: [`Lazy`]. A large
//! site's rendered HTML and search text live in the body cache file this way, so they are
//! never all in memory at once.

use std::borrow::Cow;
use std::io;

use super::blob_file::{Blob, Checked, Writer};
use crate::parse::Section;

/// A value in memory, or a blob of a cache file that is read (and checked) when the value is
/// asked for.
#[derive(Debug, Clone)]
pub enum Lazy<T> {
    /// Held in memory.
    Memory(T),
    /// In a cache file.
    Stored(Blob),
}

impl<T: Default> Default for Lazy<T> {
    fn default() -> Lazy<T> {
        Lazy::Memory(T::default())
    }
}

/// A value that can be kept in a blob.
pub trait Blobbed: Clone {
    /// The value's bytes in a blob.
    fn to_blob(&self) -> io::Result<Cow<'_, [u8]>>;
    /// The value back from its bytes; an error when they are not a value of this type.
    fn from_blob(bytes: Vec<u8>) -> io::Result<Self>;
}

impl<T: Blobbed> Lazy<T> {
    /// The value (read from the cache file when it is stored there).
    pub fn get(&self) -> io::Result<Cow<'_, T>> {
        match self {
            Lazy::Memory(value) => Ok(Cow::Borrowed(value)),
            Lazy::Stored(blob) => {
                let bytes = blob.read_bytes()?;
                T::from_blob(bytes).map(Cow::Owned).map_err(|e| blob.error(e))
            }
        }
    }

    /// Moves a value held in memory into `writer`'s file.
    pub(crate) fn store(&mut self, writer: &mut Writer) -> io::Result<()> {
        if let Lazy::Memory(value) = self {
            let blob = writer.put(&value.to_blob()?)?;
            *self = Lazy::Stored(blob);
        }
        Ok(())
    }

    /// Where the value is in `writer`'s file: its own blob when that file holds it, else its
    /// bytes appended (`None` for a value of no bytes).
    pub(crate) fn place(&self, writer: &mut Writer) -> io::Result<Option<Blob>> {
        match self {
            Lazy::Stored(blob) => writer.place(Some(blob), || blob.read_bytes().map(|b| Some(Cow::Owned(b)))),
            Lazy::Memory(value) => writer.place(None, || value.to_blob().map(Some)),
        }
    }
}

impl Blobbed for String {
    fn to_blob(&self) -> io::Result<Cow<'_, [u8]>> {
        Ok(Cow::Borrowed(self.as_bytes()))
    }

    fn from_blob(bytes: Vec<u8>) -> io::Result<String> {
        crate::util::utf8::into_string(bytes).map_err(|_| io::Error::other("not UTF-8"))
    }
}

impl Blobbed for Vec<u8> {
    fn to_blob(&self) -> io::Result<Cow<'_, [u8]>> {
        Ok(Cow::Borrowed(self))
    }

    fn from_blob(bytes: Vec<u8>) -> io::Result<Vec<u8>> {
        Ok(bytes)
    }
}

/// A page's text by section: a count, then each section's anchor, heading, text and code as
/// the metadata writes strings.
impl Blobbed for Vec<Section> {
    fn to_blob(&self) -> io::Result<Cow<'_, [u8]>> {
        let len = self
            .iter()
            .map(|s| 17 + s.heading.len() + s.text.len() + s.code.len())
            .sum::<usize>();
        let mut w = Checked::new(Vec::with_capacity(4 + len));
        w.put_u32(self.len())?;
        for s in self {
            w.put_opt_str(s.anchor.as_deref())?;
            w.put_str(&s.heading)?;
            w.put_str(&s.text)?;
            w.put_str(&s.code)?;
        }
        Ok(Cow::Owned(w.into_inner()))
    }

    fn from_blob(bytes: Vec<u8>) -> io::Result<Vec<Section>> {
        let mut r = Checked::new(bytes.as_slice());
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
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let bytes = sections.to_blob().unwrap().into_owned();
        assert_eq!(Vec::<Section>::from_blob(bytes.clone()).unwrap(), sections);
        for cut in 0..bytes.len() {
            assert!(
                Vec::<Section>::from_blob(bytes[..cut].to_vec()).is_err(),
                "cut at {cut}"
            );
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(Vec::<Section>::from_blob(longer).is_err());
    }

    #[test]
    fn text_that_is_not_utf8_is_refused() {
        assert_eq!(String::from_blob("캐시".as_bytes().to_vec()).unwrap(), "캐시");
        assert!(String::from_blob(vec![0xff, 0xfe]).is_err());
    }
}
