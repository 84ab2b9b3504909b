//! The default theme, embedded in the binary so a site needs no `themes/` folder. The files
//! live in `themes/default/` of this repository; a test checks every file there is listed.

macro_rules! embed_str {
    ($dir:literal; $($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/", $dir, "/", $name)))),*]
    };
}

macro_rules! embed_bytes {
    ($dir:literal; $($name:literal),* $(,)?) => {
        &[$(($name, include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/", $dir, "/", $name)).as_slice())),*]
    };
}

/// Templates by name.
pub const TEMPLATES: &[(&str, &str)] = embed_str!("templates";
    "404.html", "archive.html", "base.html", "blog.html", "book.html", "books.html", "components.html",
    "home.html", "page.html", "post.html", "print.html", "project.html", "projects.html", "search.html",
    "section.html", "series.html", "series-list.html", "stage.html", "stages.html", "tag.html", "tags.html",
    "topic.html", "topics.html",
);

/// Static files by output path.
pub const STATIC: &[(&str, &[u8])] = embed_bytes!("static";
    "css/style.css",
    "css/print.css",
    "favicon.svg",
    "js/site.js",
    "js/search.js"
);

/// The bundled webfont (`font = "pretendard"`), by name under the output's `fonts/`: written
/// only when a site asks for it, as it is 540 KB a site that does not use it need not carry.
pub const FONTS: &[(&str, &[u8])] = embed_bytes!("fonts";
    "pretendard.css",
    "Pretendard-Regular.subset.woff2",
    "Pretendard-Bold.subset.woff2",
    "Pretendard-LICENSE.txt",
);

/// UI strings by language.
pub const I18N: &[(&str, &str)] = &[
    (
        "en",
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/i18n/en.toml")),
    ),
    (
        "ko",
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/i18n/ko.toml")),
    ),
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn files_under(dir: &Path) -> Vec<String> {
        walkdir::WalkDir::new(dir)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| e.path().strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/"))
            .collect()
    }

    #[test]
    fn every_theme_file_is_embedded() {
        let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        for name in files_under(&theme.join("templates")) {
            assert!(
                TEMPLATES.iter().any(|(n, _)| *n == name),
                "templates/{name} is not listed in builtin.rs"
            );
        }
        for name in files_under(&theme.join("static")) {
            assert!(
                STATIC.iter().any(|(n, _)| *n == name),
                "static/{name} is not listed in builtin.rs"
            );
        }
        for name in files_under(&theme.join("fonts")) {
            assert!(
                FONTS.iter().any(|(n, _)| *n == name),
                "fonts/{name} is not listed in builtin.rs"
            );
        }
        for name in files_under(&theme.join("i18n")) {
            let lang = name.trim_end_matches(".toml");
            assert!(
                I18N.iter().any(|(l, _)| *l == lang),
                "i18n/{name} is not listed in builtin.rs"
            );
        }
    }

    #[test]
    fn languages_define_the_same_keys() {
        let keys = |text: &str| {
            let table: toml::Table = toml::from_str(text).unwrap();
            table.keys().cloned().collect::<std::collections::BTreeSet<_>>()
        };
        let (en, ko) = (keys(I18N[0].1), keys(I18N[1].1));
        assert_eq!(en.symmetric_difference(&ko).collect::<Vec<_>>(), Vec::<&String>::new());
    }

    #[test]
    fn every_i18n_key_used_by_templates_exists() {
        let table: toml::Table = toml::from_str(I18N[1].1).unwrap();
        for (name, text) in TEMPLATES {
            for (i, _) in text.match_indices("i18n.") {
                let key: String = text[i + 5..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                assert!(table.contains_key(&key), "{name} uses i18n.{key}, which ko.toml lacks");
            }
        }
    }
}
