//! The `site` variable, the same for every page: the site's settings, its navigation and its
//! lists.

use super::shapes::{CommentsCtx, SiteCtx, StageNav};
use super::views::Views;
use crate::content::Kind;

impl<'a> Views<'a> {
    /// The `site` view.
    pub fn site(&self) -> SiteCtx<'a> {
        let site = self.site;
        let nav = site
            .graph
            .stages
            .iter()
            .map(|&s| {
                let stage = site.docs[s].stage();
                StageNav {
                    link: self.link(s),
                    duration: stage.and_then(|m| m.duration.as_deref()),
                    parallel: stage.is_some_and(|m| m.parallel),
                    topics: self.nav_links(&site.graph.of(s).topics),
                    projects: self.nav_links(&site.graph.of(s).projects),
                }
            })
            .collect();
        let today = jiff::ZonedDateTime::now().date();
        let today = crate::content::Date::parse(&today.to_string()).expect("today is a date");
        SiteCtx {
            title: &site.config.title,
            description: &site.config.description,
            language: &site.config.language,
            font: &site.config.font,
            author: &site.config.author,
            base_url: site.urls.absolute(""),
            base_path: site.urls.base_path(),
            home_url: site.urls.path(""),
            nav,
            topic_count: site.count(Kind::Topic),
            repository: site.config.repository.as_ref().map(|r| r.url.as_str()),
            build_date: self.date(&today),
            generator: format!("roadbook {}", env!("CARGO_PKG_VERSION")),
            drafts: site.options.drafts,
            storage_key: format!("roadbook:{}", site.urls.absolute("")),
            comments: site.config.comments.as_ref().map(|c| CommentsCtx {
                repo: &c.repo,
                repo_id: &c.repo_id,
                category: &c.category,
                category_id: &c.category_id,
                mapping: &c.mapping,
                lang: c.lang.as_deref().unwrap_or(&site.config.language),
                reactions: if c.reactions { "1" } else { "0" },
                script: &c.script,
            }),
            series_url: (!site.series.is_empty()).then(|| site.urls.path("series/")),
        }
    }
}
