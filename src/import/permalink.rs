//! Jekyll's URLs: the posts' `permalink` pattern (from `_config.yml`, its `defaults` or the
//! post), expanded for a post's date, slug and categories, and the URL a page had. Each old
//! URL becomes an alias of the new page.

use super::frontmatter::{Parsed, Value};

/// The URL Jekyll gave a page.
pub(crate) fn page_url(rel: &str, parsed: &Parsed, post_permalink: &str) -> String {
    if let Some(p) = parsed.get("permalink").and_then(Value::as_text) {
        return p;
    }
    let stem = rel.rsplit_once('.').map_or(rel, |(s, _)| s);
    let stem = stem.trim_start_matches("_pages/").trim_start_matches("_tabs/");
    if post_permalink.ends_with('/') {
        format!("/{stem}/")
    } else {
        format!("/{stem}.html")
    }
}

/// The posts' permalink pattern: a `defaults` entry for posts, else `permalink`, else `date`.
pub(crate) fn post_permalink(config: &Value) -> String {
    let global = config.get("permalink").and_then(Value::as_text);
    let pattern = default_value(config, "_posts/x.md", "permalink")
        .or(global)
        .unwrap_or_else(|| "date".into());
    match pattern.as_str() {
        "date" => "/:categories/:year/:month/:day/:title:output_ext".into(),
        "pretty" => "/:categories/:year/:month/:day/:title/".into(),
        "ordinal" => "/:categories/:year/:y_day/:title:output_ext".into(),
        "none" => "/:categories/:title:output_ext".into(),
        _ => pattern,
    }
}

/// A value `key` from `defaults` whose scope covers the file `rel` (posts by `type: posts` or a
/// `_posts` path).
pub(crate) fn default_value(config: &Value, rel: &str, key: &str) -> Option<String> {
    let Some(Value::List(defaults)) = config.get("defaults") else {
        return None;
    };
    let is_post = rel.split('/').any(|s| s == "_posts");
    defaults.iter().rev().find_map(|d| {
        let scope = d.get("scope");
        let path = scope
            .and_then(|s| s.get("path"))
            .and_then(Value::as_text)
            .unwrap_or_default();
        let ty = scope.and_then(|s| s.get("type")).and_then(Value::as_text);
        // A `type` is posts, drafts, pages (files outside collections) or a collection's
        // name (Chirpy's `tabs`: the files of `_tabs/`).
        let covers = rel.starts_with(path.trim_start_matches('/'))
            && match ty.as_deref() {
                Some("posts") => is_post,
                Some("drafts") => rel.starts_with("_drafts/"),
                Some("pages") => !is_post && !rel.starts_with('_'),
                Some(collection) => rel.starts_with(&format!("_{collection}/")),
                None => true,
            };
        covers.then(|| d.get("values")?.get(key)?.as_text()).flatten()
    })
}

/// The URL a post had under `pattern`.
pub(crate) fn post_url(pattern: &str, date: jiff::civil::Date, slug: &str, categories: &[String]) -> String {
    let cats: Vec<String> = categories.iter().map(|c| c.to_lowercase()).collect();
    let mut url = pattern.to_string();
    for (token, value) in [
        (":categories", cats.join("/")),
        (":output_ext", ".html".into()),
        (":year", format!("{:04}", date.year())),
        (":short_year", format!("{:02}", date.year() % 100)),
        (":i_month", date.month().to_string()),
        (":month", format!("{:02}", date.month())),
        (":i_day", date.day().to_string()),
        (":day", format!("{:02}", date.day())),
        (":y_day", format!("{:03}", date.day_of_year())),
        (":title", slug.to_string()),
        (":slug", slug.to_string()),
        (":name", slug.to_string()),
    ] {
        url = url.replace(token, &value);
    }
    while url.contains("//") {
        url = url.replace("//", "/");
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permalinks_expand_like_jekyll() {
        let date = jiff::civil::date(2024, 1, 2);
        let cats = ["Backend".to_string(), "Redis".to_string()];
        assert_eq!(
            post_url("/:categories/:year/:month/:day/:title:output_ext", date, "캐싱", &cats),
            "/backend/redis/2024/01/02/캐싱.html"
        );
        assert_eq!(
            post_url("/:categories/:year/:month/:day/:title:output_ext", date, "a", &[]),
            "/2024/01/02/a.html"
        );
        assert_eq!(post_url("/posts/:title/", date, "a", &cats), "/posts/a/");
    }

    #[test]
    fn defaults_apply_by_path_and_type() {
        let config = Value::Map(vec![(
            "defaults".into(),
            Value::List(
                [("posts", "/posts/:title/"), ("tabs", "/:title/")]
                    .iter()
                    .map(|(ty, link)| {
                        let scope = Value::Map(vec![
                            ("path".into(), Value::Str(String::new())),
                            ("type".into(), Value::Str(ty.to_string())),
                        ]);
                        let values = Value::Map(vec![("permalink".into(), Value::Str(link.to_string()))]);
                        Value::Map(vec![("scope".into(), scope), ("values".into(), values)])
                    })
                    .collect(),
            ),
        )]);
        assert_eq!(post_permalink(&config), "/posts/:title/");
        assert_eq!(
            default_value(&config, "_tabs/about.md", "permalink").as_deref(),
            Some("/:title/")
        );
        assert_eq!(default_value(&config, "about.md", "permalink"), None);
    }
}
