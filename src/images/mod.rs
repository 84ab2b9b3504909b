//! The images a site's pages show. Every local image (content assets, the site's and the
//! theme's `static/` files) is measured from its file header, so pages can give each `<img>`
//! its `width` and `height` and do not jump as they load. A photo wider than
//! `[images] max_width` also gets resized variants (WebP and its own format, see
//! [`variants`]) for `srcset`, made once ([`encode`]) and kept in `.roadbook-cache/images/`
//! ([`store`]), so later builds and `serve` only copy them.
//!
//! An image whose header cannot be read, or a photo that cannot be decoded, is a warning
//! naming the file; the page shows it as it is and the file is copied unchanged.

pub mod encode;
pub mod size;
pub mod store;
pub mod variants;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
pub use size::Format;
pub use variants::Variant;

/// What a page needs to know of an image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageInfo {
    /// Its format.
    pub format: Format,
    /// Its width and height as displayed (EXIF orientation applied), when known.
    pub size: Option<(u32, u32)>,
    /// Its resized variants, largest last (none for most images), each with where its bytes
    /// are kept.
    pub variants: Vec<(Variant, PathBuf)>,
}

/// How images are prepared (`[images]` in config.toml).
#[derive(Debug, Clone)]
pub struct Settings {
    /// Photos wider than this get resized variants; the largest is this wide.
    pub max_width: u32,
    /// JPEG and WebP quality, 1–100.
    pub quality: u8,
    /// Where the variants are kept (`<root>/.roadbook-cache/images`).
    pub store: PathBuf,
    /// Whether to make missing variants (`build` and `serve`) or only name them (`check`).
    pub make: bool,
}

/// Every local image by site path.
#[derive(Debug, Clone, Default)]
pub struct Images(HashMap<String, ImageInfo>);

impl Images {
    /// The image at `site_path` (`blog/post/photo.jpg`), if it is a local image.
    pub fn get(&self, site_path: &str) -> Option<&ImageInfo> {
        self.0.get(site_path)
    }

    /// Every resized variant: its site path and where its bytes are.
    pub fn variant_files(&self) -> impl Iterator<Item = (&str, &Path)> {
        self.0.values().flat_map(|i| {
            i.variants
                .iter()
                .map(|(v, file)| (v.site_path.as_str(), file.as_path()))
        })
    }

    /// A hash of every image's site path, size and variants: equal fingerprints give equal
    /// `<img>` markup.
    pub fn fingerprint(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut entries: Vec<_> = self.0.iter().collect();
        entries.sort_by(|a, b| a.0.cmp(b.0));
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        for (path, info) in entries {
            (path, info.size, info.variants.len()).hash(&mut h);
        }
        h.finish()
    }
}

/// Measures `files` (site path, file on disk; files that are not images are skipped) and
/// makes or finds the variants of the large photos. `root` is for the paths warnings show.
pub fn prepare(
    files: &[(String, PathBuf)],
    settings: &Settings,
    root: &Path,
    problems: &mut Vec<Diagnostic>,
) -> Images {
    let store = store::Store::open(&settings.store);
    let prepared: Vec<(String, Prepared)> = files
        .par_iter()
        .filter_map(|(site_path, path)| {
            let format = Format::of_name(site_path)?;
            let shown = crate::util::fs::display_path(root, path);
            Some((
                site_path.clone(),
                prepare_one(site_path, path, format, settings, &store, &shown),
            ))
        })
        .collect();
    let mut images = HashMap::with_capacity(prepared.len());
    for (site_path, (info, warning)) in prepared {
        if let Some(info) = info {
            images.insert(site_path, info);
        }
        problems.extend(warning);
    }
    if settings.make
        && let Err(e) = store.finish()
    {
        problems.push(
            Diagnostic::warning(format!("cannot save the image variant cache: {e}"))
                .with_path(".roadbook-cache/images"),
        );
    }
    Images(images)
}

/// An image as prepared (none when its size cannot be read) and what went wrong, if anything.
type Prepared = (Option<ImageInfo>, Option<Diagnostic>);

/// One image: its size, then its variants (found in the store, else made). An image whose
/// copies cannot be made keeps its size.
fn prepare_one(
    site_path: &str,
    path: &Path,
    format: Format,
    settings: &Settings,
    store: &store::Store,
    shown: &Path,
) -> Prepared {
    let mut info = match measure(path, format, shown) {
        Ok(info) => info,
        Err(warning) => return (None, Some(warning)),
    };
    let planned = info
        .size
        .map_or_else(Vec::new, |s| variants::plan(site_path, format, s, settings.max_width));
    if planned.is_empty() {
        return (Some(info), None);
    }
    match copies(path, &planned, settings, store, shown) {
        Ok(files) => {
            info.variants = planned.into_iter().zip(files).collect();
            (Some(info), None)
        }
        Err(warning) => (Some(info), Some(warning)),
    }
}

/// The image's format and size.
fn measure(path: &Path, format: Format, shown: &Path) -> Result<ImageInfo, Diagnostic> {
    let mut size = size::read(path, format).map_err(|why| unreadable(shown, why))?;
    if format == Format::Jpeg && encode::is_turned(path) {
        size = size.map(|(w, h)| (h, w));
    }
    Ok(ImageInfo {
        format,
        size,
        variants: Vec::new(),
    })
}

fn unreadable(shown: &Path, why: String) -> Diagnostic {
    Diagnostic::warning(format!("cannot read this image ({why}): it is shown without its size"))
        .with_path(shown)
        .with_help("check that the file is a valid image, or replace it")
}

/// Where the `planned` copies are kept: found in the store, else made now (unless only
/// checking).
fn copies(
    path: &Path,
    planned: &[Variant],
    settings: &Settings,
    store: &store::Store,
    shown: &Path,
) -> Result<Vec<PathBuf>, Diagnostic> {
    let hash = store.hash_of(path).map_err(|e| unreadable(shown, e.to_string()))?;
    let files: Vec<PathBuf> = planned.iter().map(|v| store.file(&hash, v, settings.quality)).collect();
    if settings.make && files.iter().any(|f| !f.is_file()) {
        let undecodable = |why: String| {
            Diagnostic::warning(format!(
                "cannot decode this image ({why}): it is copied as it is, without smaller copies"
            ))
            .with_path(shown)
            .with_help("the file may be damaged: open it in an image editor and save it again")
        };
        let made = encode::make(path, planned, settings.quality).map_err(undecodable)?;
        for (file, bytes) in files.iter().zip(made) {
            store.put(file, &bytes).map_err(|e| {
                Diagnostic::warning(format!("cannot keep a resized copy of this image: {e}")).with_path(shown)
            })?;
        }
    }
    Ok(files)
}
