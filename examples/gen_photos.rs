//! Writes photo-like JPEGs for the image benchmark (`bench/images_bench.sh`):
//!
//! ```sh
//! cargo run --release --example gen_photos -- OUT_DIR COUNT WIDTH HEIGHT
//! ```
//!
//! Each is smooth colour fields with blobs and per-pixel grain (so it compresses like a
//! photograph, a few MB at 4000×3000), seeded by its number, at JPEG quality 90.

use image::{ImageEncoder, RgbImage};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [out, count, width, height] = args.as_slice() else {
        eprintln!("usage: gen_photos OUT_DIR COUNT WIDTH HEIGHT");
        std::process::exit(2);
    };
    let (count, w, h): (u32, u32, u32) = (count.parse().unwrap(), width.parse().unwrap(), height.parse().unwrap());
    std::fs::create_dir_all(out).unwrap();
    for n in 0..count {
        let mut s = 0x9e37_79b9_u32.wrapping_mul(n + 1);
        let mut rnd = move || {
            s ^= s << 13;
            s ^= s >> 17;
            s ^= s << 5;
            s
        };
        let blobs: Vec<(f32, f32, f32)> = (0..14)
            .map(|_| ((rnd() % w) as f32, (rnd() % h) as f32, 300.0 + (rnd() % 1200) as f32))
            .collect();
        let img = RgbImage::from_fn(w, h, |x, y| {
            let mut v = [30.0f32, 40.0, 60.0];
            for (k, &(bx, by, r)) in blobs.iter().enumerate() {
                let d = ((x as f32 - bx).powi(2) + (y as f32 - by).powi(2)).sqrt();
                v[k % 3] += (1.0 - d / r).max(0.0) * 170.0;
            }
            let grain = (rnd() % 28) as f32;
            image::Rgb(v.map(|c| (c + grain).min(255.0) as u8))
        });
        let mut bytes = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 90)
            .write_image(img.as_raw(), w, h, image::ExtendedColorType::Rgb8)
            .unwrap();
        std::fs::write(format!("{out}/photo-{n:02}.jpg"), bytes).unwrap();
    }
}
