//! An image's size from its file, without decoding it: the header of a raster image
//! (`imagesize`), the `width`/`height` or `viewBox` of an SVG's root element.

use std::path::Path;

/// What kind of image a file is, by its contents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// JPEG.
    Jpeg,
    /// PNG.
    Png,
    /// WebP.
    Webp,
    /// GIF (maybe animated: never resized).
    Gif,
    /// SVG.
    Svg,
    /// Another raster format the header reader knows (AVIF, BMP, …): sized, never resized.
    Other,
}

impl Format {
    /// The format an image file's name says it is, if it is an image roadbook sizes.
    pub fn of_name(name: &str) -> Option<Format> {
        let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
        Some(match ext.as_str() {
            "jpg" | "jpeg" => Format::Jpeg,
            "png" => Format::Png,
            "webp" => Format::Webp,
            "gif" => Format::Gif,
            "svg" => Format::Svg,
            "avif" | "bmp" | "ico" => Format::Other,
            _ => return None,
        })
    }
}

/// Width and height in CSS pixels.
pub type Size = (u32, u32);

/// The size of the image at `path`, of format `format` (by its name): the header for a raster
/// image, the root element for an SVG (an SVG without a usable size has none, and is no error).
pub fn read(path: &Path, format: Format) -> Result<Option<Size>, String> {
    if format == Format::Svg {
        let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
        return Ok(svg_size(&text));
    }
    let size = imagesize::size(path).map_err(|e| e.to_string())?;
    let (w, h) = (u32::try_from(size.width), u32::try_from(size.height));
    match (w, h) {
        (Ok(w), Ok(h)) if w > 0 && h > 0 => Ok(Some((w, h))),
        _ => Err(format!("the header says {}×{}", size.width, size.height)),
    }
}

/// The size an SVG's root `<svg>` element declares: `width` and `height` in pixels (or
/// unitless), else its `viewBox`'s.
pub fn svg_size(text: &str) -> Option<Size> {
    let start = text.find("<svg")?;
    let tag = &text[start..start + text[start..].find('>')?];
    let attr = |name: &str| -> Option<&str> {
        let mut rest = tag;
        loop {
            let at = rest.find(name)?;
            let before = rest[..at].chars().next_back();
            let after = &rest[at + name.len()..];
            let after = after.trim_start();
            if before.is_some_and(char::is_whitespace) && after.starts_with('=') {
                let value = after[1..].trim_start();
                let quote = value.chars().next()?;
                let value = &value[1..];
                return value.find(quote).map(|end| &value[..end]);
            }
            rest = &rest[at + name.len()..];
        }
    };
    let pixels = |v: &str| -> Option<u32> {
        let v = v.trim().strip_suffix("px").unwrap_or(v.trim());
        let n: f64 = v.parse().ok()?;
        (n > 0.0 && n < 1e6).then(|| n.round() as u32)
    };
    if let (Some(w), Some(h)) = (attr("width").and_then(pixels), attr("height").and_then(pixels)) {
        return Some((w, h));
    }
    let view: Vec<f64> = attr("viewBox")?
        .split([' ', ',', '\t', '\n'])
        .filter(|s| !s.is_empty())
        .filter_map(|s| s.parse().ok())
        .collect();
    match view.as_slice() {
        [_, _, w, h] if *w > 0.0 && *h > 0.0 => Some((w.round() as u32, h.round() as u32)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_sizes_come_from_width_and_height_else_the_view_box() {
        assert_eq!(
            svg_size(r#"<?xml?><svg xmlns="x" width="120" height="80px">"#),
            Some((120, 80))
        );
        assert_eq!(
            svg_size(r#"<svg viewBox="0 0 300 150" width="100%">"#),
            Some((300, 150))
        );
        assert_eq!(
            svg_size(r#"<svg stroke-width="2" viewBox="0,0,24,24">"#),
            Some((24, 24))
        );
        assert_eq!(svg_size(r#"<svg width="10em" height="5em">"#), None);
        assert_eq!(svg_size("not an svg"), None);
    }

    #[test]
    fn formats_come_from_the_name() {
        assert_eq!(Format::of_name("a/사진.JPG"), Some(Format::Jpeg));
        assert_eq!(Format::of_name("x.svg"), Some(Format::Svg));
        assert_eq!(Format::of_name("notes.md"), None);
    }
}
