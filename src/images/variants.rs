//! Which resized copies a large photo gets, and their names: a width ladder up to the
//! configured maximum, each in WebP and in the photo's own format.

use super::size::Format;

/// Widths below the maximum that a large photo is also written at, for `srcset`.
const LADDER: [u32; 3] = [480, 800, 1200];

/// One resized copy of an image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    /// Its width and height in pixels.
    pub width: u32,
    /// See `width`.
    pub height: u32,
    /// Its file extension: `webp`, or the original's (`jpg`, `png`).
    pub ext: &'static str,
    /// Its site path, beside the original: `blog/post/photo-800w.webp`.
    pub site_path: String,
}

/// Whether images of `format` are resized (animated GIFs, SVGs and formats roadbook does not
/// encode are not).
pub fn resizable(format: Format) -> bool {
    matches!(format, Format::Jpeg | Format::Png | Format::Webp)
}

/// The variants of an image at `site_path` of `format` and `size`: none unless it is resizable
/// and wider than `max_width`; then each ladder width below `max_width`, and `max_width`, in
/// WebP and (unless it is WebP already) its own format. Largest last.
pub fn plan(site_path: &str, format: Format, (width, height): (u32, u32), max_width: u32) -> Vec<Variant> {
    if !resizable(format) || width <= max_width || max_width == 0 {
        return Vec::new();
    }
    let own = match format {
        Format::Jpeg => "jpg",
        Format::Png => "png",
        _ => "webp",
    };
    let stem = site_path.rsplit_once('.').map_or(site_path, |(stem, _)| stem);
    let mut widths: Vec<u32> = LADDER.iter().copied().filter(|&w| w < max_width).collect();
    widths.push(max_width);
    let mut out = Vec::new();
    for w in widths {
        let h = ((u64::from(height) * u64::from(w) + u64::from(width) / 2) / u64::from(width)).max(1) as u32;
        for ext in if own == "webp" { vec!["webp"] } else { vec!["webp", own] } {
            out.push(Variant {
                width: w,
                height: h,
                ext,
                site_path: format!("{stem}-{w}w.{ext}"),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_photo_gets_the_ladder_in_webp_and_its_own_format() {
        let v = plan("blog/글/사진.jpeg", Format::Jpeg, (4000, 3000), 1600);
        let names: Vec<&str> = v.iter().map(|v| v.site_path.as_str()).collect();
        assert_eq!(
            names,
            [
                "blog/글/사진-480w.webp",
                "blog/글/사진-480w.jpg",
                "blog/글/사진-800w.webp",
                "blog/글/사진-800w.jpg",
                "blog/글/사진-1200w.webp",
                "blog/글/사진-1200w.jpg",
                "blog/글/사진-1600w.webp",
                "blog/글/사진-1600w.jpg",
            ]
        );
        assert_eq!((v[7].width, v[7].height), (1600, 1200));
        assert_eq!((v[0].width, v[0].height), (480, 360));
    }

    #[test]
    fn small_images_svgs_and_gifs_are_not_resized() {
        assert!(plan("a.jpg", Format::Jpeg, (1600, 900), 1600).is_empty());
        assert!(plan("a.svg", Format::Svg, (5000, 900), 1600).is_empty());
        assert!(plan("a.gif", Format::Gif, (5000, 900), 1600).is_empty());
        let webp = plan("a.webp", Format::Webp, (3000, 1000), 1000);
        assert!(webp.iter().all(|v| v.ext == "webp"));
        assert_eq!(webp.len(), 3, "480, 800 and the maximum");
    }
}
