//! Video embeds: a paragraph that is only a YouTube link (the URL alone, `<URL>`, or
//! `[title](URL)`) becomes a click-to-load box. The page holds a plain link to the video; the
//! theme's script replaces it with a `youtube-nocookie.com` player only when it is clicked,
//! so nothing is fetched from YouTube before that, and without JavaScript it stays a link.

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

use super::events::Events;
use crate::util::html::{escape, escape_attr};

/// A YouTube video: its id and where to start, in seconds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Video {
    /// The 11-character video id.
    pub id: String,
    /// `t=` / `start=` of the URL, in seconds.
    pub start: Option<u32>,
}

impl Video {
    /// The page to watch it on, the link without JavaScript.
    pub fn watch_url(&self) -> String {
        match self.start {
            Some(s) => format!("https://www.youtube.com/watch?v={}&t={s}s", self.id),
            None => format!("https://www.youtube.com/watch?v={}", self.id),
        }
    }

    /// The privacy-enhanced player, made on click.
    pub fn player_url(&self) -> String {
        match self.start {
            Some(s) => format!(
                "https://www.youtube-nocookie.com/embed/{}?autoplay=1&start={s}",
                self.id
            ),
            None => format!("https://www.youtube-nocookie.com/embed/{}?autoplay=1", self.id),
        }
    }
}

/// The video a URL points to, if it is a YouTube video URL.
pub fn youtube(url: &str) -> Option<Video> {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"))?;
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let host = host
        .strip_prefix("www.")
        .or_else(|| host.strip_prefix("m."))
        .unwrap_or(host);
    let (path, query) = path.split_once('?').unwrap_or((path, ""));
    let param = |name: &str| {
        query
            .split('&')
            .find_map(|kv| kv.split_once('=').filter(|(k, _)| *k == name).map(|(_, v)| v))
    };
    let id = match host {
        "youtu.be" => path,
        "youtube.com" | "youtube-nocookie.com" => match path.split_once('/') {
            Some(("embed" | "shorts" | "live" | "v", id)) => id,
            None if path == "watch" => param("v")?,
            _ => return None,
        },
        _ => return None,
    };
    let id = id.split(['/', '#']).next()?;
    let valid = id.len() == 11 && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !valid {
        return None;
    }
    let start = param("t").or_else(|| param("start")).and_then(seconds);
    Some(Video {
        id: id.to_string(),
        start,
    })
}

/// `90`, `90s` or `1m30s` as seconds.
fn seconds(text: &str) -> Option<u32> {
    if let Ok(n) = text.parse() {
        return Some(n);
    }
    let mut total = 0u32;
    let mut number = String::new();
    for c in text.chars() {
        match c {
            '0'..='9' => number.push(c),
            'h' | 'm' | 's' => {
                let n: u32 = number.parse().ok()?;
                total += n * match c {
                    'h' => 3600,
                    'm' => 60,
                    _ => 1,
                };
                number.clear();
            }
            _ => return None,
        }
    }
    number.is_empty().then_some(total)
}

/// Replaces every paragraph that is only a YouTube link with the embed's markup.
pub fn embed_videos(events: &mut Events<'_>) {
    let mut i = 0;
    while i < events.len() {
        if !matches!(events[i].0, Event::Start(Tag::Paragraph)) {
            i += 1;
            continue;
        }
        let Some(end) = (i + 1..events.len()).find(|&j| matches!(events[j].0, Event::End(TagEnd::Paragraph))) else {
            break;
        };
        if let Some(html) = lone_video(&events[i + 1..end]) {
            let span = events[i].1.start..events[end].1.end;
            events.splice(i..=end, [(Event::Html(CowStr::from(html)), span)]);
        }
        i += 1;
    }
}

/// The embed for a paragraph's inner events when they are only a YouTube link.
fn lone_video(inner: &[(Event<'_>, std::ops::Range<usize>)]) -> Option<String> {
    let text = |events: &[(Event<'_>, std::ops::Range<usize>)]| -> Option<String> {
        let mut out = String::new();
        for (event, _) in events {
            match event {
                Event::Text(t) => out.push_str(t),
                _ => return None,
            }
        }
        Some(out)
    };
    let (url, title) = match inner {
        [
            (
                Event::Start(Tag::Link {
                    link_type, dest_url, ..
                }),
                _,
            ),
            rest @ ..,
            (Event::End(TagEnd::Link), _),
        ] => {
            let label = text(rest)?;
            let title = match link_type {
                LinkType::Autolink => None,
                _ if label.trim() == dest_url.as_ref() => None,
                _ => Some(label.trim().to_string()),
            };
            (dest_url.to_string(), title)
        }
        _ => (text(inner)?.trim().to_string(), None),
    };
    let video = youtube(&url)?;
    let title = title.unwrap_or_else(|| url.clone());
    Some(format!(
        "<figure class=\"embed-video\"><a class=\"embed\" href=\"{}\" data-embed-src=\"{}\" data-embed-title=\"{}\">\
         <span class=\"embed-play\" aria-hidden=\"true\"></span><span class=\"embed-label\">{}</span></a></figure>\n",
        escape_attr(&video.watch_url()),
        escape_attr(&video.player_url()),
        escape_attr(&title),
        escape(&title),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::events::events_for_tests;

    #[test]
    fn youtube_urls_of_every_form_name_the_video() {
        let id = "dQw4w9WgXcQ";
        for url in [
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "https://youtube.com/watch?feature=share&v=dQw4w9WgXcQ",
            "https://m.youtube.com/watch?v=dQw4w9WgXcQ",
            "https://youtu.be/dQw4w9WgXcQ",
            "https://www.youtube.com/embed/dQw4w9WgXcQ",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
            "https://www.youtube.com/shorts/dQw4w9WgXcQ",
        ] {
            assert_eq!(youtube(url).map(|v| v.id), Some(id.to_string()), "{url}");
        }
        assert_eq!(youtube("https://youtu.be/dQw4w9WgXcQ?t=90").unwrap().start, Some(90));
        assert_eq!(youtube("https://youtu.be/dQw4w9WgXcQ?t=1m30s").unwrap().start, Some(90));
        for url in [
            "https://vimeo.com/123",
            "https://www.youtube.com/channel/UCabc",
            "https://youtu.be/short",
            "https://www.youtube.com/watch?v=<script>",
            "https://evil.example/youtube.com/watch?v=dQw4w9WgXcQ",
        ] {
            assert_eq!(youtube(url), None, "{url}");
        }
    }

    fn html_of(markdown: &str) -> String {
        let mut events = events_for_tests(markdown);
        embed_videos(&mut events);
        let mut out = String::new();
        pulldown_cmark::html::push_html(&mut out, events.into_iter().map(|(e, _)| e));
        out
    }

    #[test]
    fn a_paragraph_of_only_a_video_link_becomes_an_embed() {
        for md in [
            "https://youtu.be/dQw4w9WgXcQ\n",
            "<https://youtu.be/dQw4w9WgXcQ>\n",
            "[강의 영상](https://youtu.be/dQw4w9WgXcQ)\n",
        ] {
            let html = html_of(md);
            assert!(
                html.contains("data-embed-src=\"https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1\""),
                "{md}: {html}"
            );
            assert!(
                html.contains("href=\"https://www.youtube.com/watch?v=dQw4w9WgXcQ\""),
                "{html}"
            );
            assert!(!html.contains("<p>"), "{html}");
        }
        assert!(html_of("[강의 영상](https://youtu.be/dQw4w9WgXcQ)\n").contains(">강의 영상</span>"));
    }

    #[test]
    fn a_video_link_inside_prose_stays_a_link() {
        let html = html_of("보세요: https://youtu.be/dQw4w9WgXcQ\n\n[영상](https://youtu.be/dQw4w9WgXcQ)과 글\n");
        assert!(!html.contains("data-embed-src"), "{html}");
    }
}
