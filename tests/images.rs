//! Images (issue 19): every local image with the size of its file, `decoding="async"`,
//! `loading="lazy"` but for the first; a titled image alone in its paragraph as a figure;
//! alt text asked for; large photos with resized copies in `srcset`, made once and cached;
//! damaged images copied as they are, with a warning.

mod support;

use std::path::Path;

use image::{ImageEncoder, RgbImage};
use support::TestSite;

/// A photo-like JPEG (smooth gradients and some noise) of `w`×`h`.
fn jpeg(w: u32, h: u32) -> Vec<u8> {
    let mut seed = 0x9e37_79b9_u32;
    let img = RgbImage::from_fn(w, h, |x, y| {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        let n = (seed % 16) as u8;
        image::Rgb([(x * 255 / w) as u8 ^ n, (y * 255 / h) as u8, 128u8.wrapping_add(n)])
    });
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90)
        .write_image(img.as_raw(), w, h, image::ExtendedColorType::Rgb8)
        .unwrap();
    out
}

fn png(w: u32, h: u32) -> Vec<u8> {
    let img = RgbImage::from_pixel(w, h, image::Rgb([200, 80, 40]));
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new(&mut out)
        .write_image(img.as_raw(), w, h, image::ExtendedColorType::Rgb8)
        .unwrap();
    out
}

/// A site with one post bundle holding `files` and the given Markdown body.
fn bundle(files: &[(&str, Vec<u8>)], body: &str) -> TestSite {
    let site = TestSite::new();
    site.write(
        "config.toml",
        "title = \"T\"\nbase_url = \"https://example.org/sub/\"\n",
    );
    site.write(
        "content/blog/사진/index.md",
        &format!("+++\ntitle = \"사진\"\ndate = 2026-01-01\n+++\n{body}\n"),
    );
    for (name, bytes) in files {
        site.write_bytes(&format!("content/blog/사진/{name}"), bytes);
    }
    site
}

fn attr(e: &scraper::ElementRef<'_>, name: &str) -> Option<String> {
    e.value().attr(name).map(str::to_string)
}

#[test]
fn local_images_carry_their_size_and_only_the_first_loads_eagerly() {
    let site = bundle(
        &[
            ("a.png", png(300, 200)),
            ("b.jpg", jpeg(640, 480)),
            (
                "c.svg",
                b"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 120 60\"></svg>".to_vec(),
            ),
        ],
        "![첫 그림](a.png)\n\n본문 ![둘째](b.jpg) 사이\n\n![셋째](c.svg)\n\n![외부](https://example.com/x.png)\n",
    );
    site.write_bytes("static/img/logo.svg", b"<svg width=\"32\" height=\"16\"></svg>");
    site.write(
        "content/_index.md",
        "+++\ntitle = \"Home\"\n+++\n![로고](/img/logo.svg)\n",
    );
    site.build_clean();
    let page = site.html("blog/사진/index.html");
    let imgs = page.all(".prose img");
    let sizes: Vec<(Option<String>, Option<String>)> =
        imgs.iter().map(|i| (attr(i, "width"), attr(i, "height"))).collect();
    let s = |w: &str, h: &str| (Some(w.to_string()), Some(h.to_string()));
    assert_eq!(sizes, [s("300", "200"), s("640", "480"), s("120", "60"), (None, None)]);
    assert!(imgs.iter().all(|i| attr(i, "decoding").as_deref() == Some("async")));
    let lazy: Vec<Option<String>> = imgs.iter().map(|i| attr(i, "loading")).collect();
    assert_eq!(lazy[0], None, "the first image loads at once");
    assert!(lazy[1..].iter().all(|l| l.as_deref() == Some("lazy")), "{lazy:?}");
    assert_eq!(
        attr(&imgs[0], "src").as_deref(),
        Some("/sub/blog/%EC%82%AC%EC%A7%84/a.png")
    );
    // A static image linked from the site root gets its size too.
    let home = site.html("index.html");
    let logo = home.one(".prose img");
    assert_eq!((attr(&logo, "width"), attr(&logo, "height")), s("32", "16"));
}

#[test]
fn a_titled_image_alone_in_its_paragraph_is_a_figure_and_alt_text_is_asked_for() {
    let site = bundle(
        &[("a.png", png(40, 30))],
        "![캐시 계층](a.png \"그림 1. 캐시 계층\")\n\n![](a.png)\n",
    );
    let run = site.build_ok();
    assert!(
        run.stderr.contains("warning: image `![](a.png)` has no alt text"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/blog/사진/index.md:7:1"),
        "the warning names file:line:col:\n{}",
        run.stderr
    );
    let page = site.html("blog/사진/index.html");
    let figure = page.one(".prose figure");
    assert_eq!(page.text(".prose figure figcaption"), "그림 1. 캐시 계층");
    assert_eq!(figure.select(&scraper::Selector::parse("img").unwrap()).count(), 1);
    assert!(
        page.all(".prose p figure").is_empty(),
        "a figure is not inside a paragraph"
    );
}

#[test]
fn a_large_photo_gets_smaller_copies_made_once_and_reused() {
    let original = jpeg(2400, 1800);
    let site = bundle(&[("큰 사진.jpg", original.clone())], "![바다](<큰 사진.jpg>)\n");
    site.write(
        "config.toml",
        "title = \"T\"\nbase_url = \"https://example.org/sub/\"\n[images]\nmax_width = 1000\n",
    );
    site.build_clean();
    let page = site.html("blog/사진/index.html");
    let picture = page.one(".prose picture");
    let source = picture
        .select(&scraper::Selector::parse("source").unwrap())
        .next()
        .unwrap();
    assert_eq!(attr(&source, "type").as_deref(), Some("image/webp"));
    let img = picture
        .select(&scraper::Selector::parse("img").unwrap())
        .next()
        .unwrap();
    assert_eq!(
        (attr(&img, "width"), attr(&img, "height")),
        (Some("1000".into()), Some("750".into()))
    );
    assert!(attr(&img, "sizes").is_some());
    // Every copy in srcset exists and is smaller than the photo.
    let mut files = Vec::new();
    for set in [attr(&source, "srcset").unwrap(), attr(&img, "srcset").unwrap()] {
        for entry in set.split(", ") {
            let (url, width) = entry.split_once(' ').unwrap();
            assert!(width.ends_with('w'), "{entry}");
            let rel = support::percent_decode(url.strip_prefix("/sub/").unwrap());
            let bytes = std::fs::read(site.public().join(&rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
            assert!(bytes.len() < original.len(), "{rel} is not smaller than the original");
            files.push(rel);
        }
    }
    assert_eq!(files.len(), 6, "480, 800 and 1000 px, in WebP and JPEG: {files:?}");
    assert!(files.contains(&"blog/사진/큰 사진-1000w.webp".to_string()), "{files:?}");
    assert!(site.exists("blog/사진/큰 사진.jpg"), "the original is copied too");
    // A second build makes nothing: the copies come from the cache unchanged.
    let store = site.root().join(".roadbook-cache/images");
    let stamps = |dir: &Path| -> Vec<(String, std::time::SystemTime)> {
        let mut all: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| {
                (
                    e.file_name().to_string_lossy().into_owned(),
                    e.metadata().unwrap().modified().unwrap(),
                )
            })
            .filter(|(n, _)| n != "hashes.json")
            .collect();
        all.sort();
        all
    };
    let before = stamps(&store);
    assert_eq!(before.len(), 6);
    let first_output = site.snapshot();
    site.build_clean();
    assert_eq!(stamps(&store), before, "a warm build re-encoded a copy");
    assert_eq!(site.snapshot(), first_output);
}

#[test]
fn damaged_images_are_warned_about_and_copied_as_they_are() {
    let mut truncated = jpeg(2400, 1800);
    truncated.truncate(600);
    let site = bundle(
        &[
            ("cut.jpg", truncated.clone()),
            ("junk.png", b"not a png at all".to_vec()),
        ],
        "![잘린 사진](cut.jpg)\n\n![엉터리](junk.png)\n",
    );
    let run = site.build_ok();
    assert!(run.stderr.contains("cannot decode this image"), "{}", run.stderr);
    assert!(run.stderr.contains("content/blog/사진/cut.jpg"), "{}", run.stderr);
    assert!(run.stderr.contains("cannot read this image"), "{}", run.stderr);
    assert!(run.stderr.contains("content/blog/사진/junk.png"), "{}", run.stderr);
    assert_eq!(
        std::fs::read(site.public().join("blog/사진/cut.jpg")).unwrap(),
        truncated
    );
    let page = site.html("blog/사진/index.html");
    assert!(
        page.all(".prose picture").is_empty(),
        "no srcset of copies that were never made"
    );
    let imgs = page.all(".prose img");
    assert_eq!(
        attr(&imgs[0], "width").as_deref(),
        Some("2400"),
        "its header still gives its size"
    );
    assert_eq!(attr(&imgs[1], "width"), None);
}

#[test]
fn the_dev_server_serves_the_same_copies_from_the_cache() {
    let site = bundle(&[("wide.jpg", jpeg(2400, 1200))], "![넓은 사진](wide.jpg)\n");
    site.write(
        "config.toml",
        "title = \"T\"\nbase_url = \"https://example.org/\"\n[images]\nmax_width = 1000\n",
    );
    site.build_clean();
    let built = std::fs::read(site.public().join("blog/사진/wide-1000w.webp")).unwrap();
    let options = roadbook::assemble::SiteOptions {
        base_url: Some("http://127.0.0.1:1111/".into()),
        ..Default::default()
    };
    let mut project = roadbook::serve::project::Project::new(site.root(), options);
    project.build_all().expect("the dev server builds the site");
    let snapshot = project.snapshot().unwrap();
    let served = snapshot.get("blog/사진/wide-1000w.webp").expect("the copy is served");
    assert_eq!(*served.body, *built);
    let page = String::from_utf8(snapshot.get("blog/사진/index.html").unwrap().body.to_vec()).unwrap();
    assert!(page.contains("wide-1000w.webp 1000w"), "{page}");
}
