//! Making the resized variants of a photo: decode it (turned upright by its EXIF
//! orientation), resize with Lanczos3, encode JPEG or PNG like the original and lossy WebP.

use std::path::Path;

use fast_image_resize as fr;
use image::{DynamicImage, ImageDecoder, ImageEncoder, ImageReader};

use super::variants::Variant;

/// The bytes of each of `variants` (same order) of the image at `path`.
pub fn make(path: &Path, variants: &[Variant], quality: u8) -> Result<Vec<Vec<u8>>, String> {
    let image = decode(path)?;
    let alpha = image.color().has_alpha();
    let image = if alpha {
        DynamicImage::ImageRgba8(image.into_rgba8())
    } else {
        DynamicImage::ImageRgb8(image.into_rgb8())
    };
    let mut resizer = fr::Resizer::new();
    let options = fr::ResizeOptions::new().resize_alg(fr::ResizeAlg::Convolution(fr::FilterType::Lanczos3));
    let mut out = Vec::with_capacity(variants.len());
    // Each size is resized once from the original, for all its formats.
    let mut last: Option<((u32, u32), DynamicImage)> = None;
    for v in variants {
        let resized = match &last {
            Some((size, img)) if *size == (v.width, v.height) => img.clone(),
            _ => {
                let pixel = if alpha {
                    fr::PixelType::U8x4
                } else {
                    fr::PixelType::U8x3
                };
                let mut dst = fr::images::Image::new(v.width, v.height, pixel);
                resizer.resize(&image, &mut dst, &options).map_err(|e| e.to_string())?;
                let img = to_dynamic(dst, alpha)?;
                last = Some(((v.width, v.height), img.clone()));
                img
            }
        };
        out.push(encode(&resized, v.ext, quality)?);
    }
    Ok(out)
}

/// The decoded image, turned as its EXIF orientation says.
fn decode(path: &Path) -> Result<DynamicImage, String> {
    let reader = ImageReader::open(path)
        .and_then(ImageReader::with_guessed_format)
        .map_err(|e| e.to_string())?;
    let mut decoder = reader.into_decoder().map_err(|e| e.to_string())?;
    let orientation = decoder.orientation().map_err(|e| e.to_string())?;
    let mut image = DynamicImage::from_decoder(decoder).map_err(|e| e.to_string())?;
    image.apply_orientation(orientation);
    Ok(image)
}

fn to_dynamic(image: fr::images::Image<'_>, alpha: bool) -> Result<DynamicImage, String> {
    let (w, h) = (image.width(), image.height());
    let buffer = image.into_vec();
    let made = if alpha {
        image::RgbaImage::from_raw(w, h, buffer).map(DynamicImage::ImageRgba8)
    } else {
        image::RgbImage::from_raw(w, h, buffer).map(DynamicImage::ImageRgb8)
    };
    made.ok_or_else(|| "resized buffer has the wrong size".to_string())
}

/// `image` as a file of format `ext`.
fn encode(image: &DynamicImage, ext: &str, quality: u8) -> Result<Vec<u8>, String> {
    let (w, h) = (image.width(), image.height());
    let mut out = Vec::new();
    match ext {
        "webp" => {
            let encoder = webp::Encoder::from_image(image).map_err(|e| e.to_string())?;
            out.extend_from_slice(&encoder.encode(f32::from(quality)));
        }
        "jpg" => {
            let rgb = image.to_rgb8();
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality)
                .write_image(rgb.as_raw(), w, h, image::ExtendedColorType::Rgb8)
                .map_err(|e| e.to_string())?;
        }
        _ => {
            let color = if image.color().has_alpha() {
                image::ExtendedColorType::Rgba8
            } else {
                image::ExtendedColorType::Rgb8
            };
            image::codecs::png::PngEncoder::new(&mut out)
                .write_image(image.as_bytes(), w, h, color)
                .map_err(|e| e.to_string())?;
        }
    }
    Ok(out)
}

/// The orientation of a JPEG as its EXIF says, without decoding it: whether it is turned a
/// quarter (its displayed width and height are the header's swapped).
pub fn is_turned(path: &Path) -> bool {
    let Ok(reader) = ImageReader::open(path).and_then(ImageReader::with_guessed_format) else {
        return false;
    };
    let Ok(mut decoder) = reader.into_decoder() else {
        return false;
    };
    use image::metadata::Orientation::*;
    matches!(
        decoder.orientation(),
        Ok(Rotate90 | Rotate270 | Rotate90FlipH | Rotate270FlipH)
    )
}
