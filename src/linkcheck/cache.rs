//! `.roadbook-cache/links.json`: what each external URL answered and when, so a second
//! `check --external` the same day sends no request for it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::outcome::{Outcome, Verdict};

const VERSION: u32 = 1;

/// One remembered answer.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Entry {
    /// Seconds since the Unix epoch.
    checked: u64,
    verdict: Verdict,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    code: Option<u16>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    detail: String,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct File {
    version: u32,
    links: BTreeMap<String, Entry>,
}

/// The link cache of a site.
#[derive(Debug)]
pub struct LinkCache {
    path: PathBuf,
    links: BTreeMap<String, Entry>,
}

fn now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

impl LinkCache {
    /// Opens the cache at `path`; a missing or unreadable file is an empty cache. Entries
    /// older than `ttl` are dropped.
    pub fn open(path: impl Into<PathBuf>, ttl: Duration) -> LinkCache {
        let path = path.into();
        let file: File = std::fs::read(&path)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .filter(|f: &File| f.version == VERSION)
            .unwrap_or_default();
        let now = now();
        let links = file
            .links
            .into_iter()
            .filter(|(_, e)| now.saturating_sub(e.checked) < ttl.as_secs() && e.checked <= now)
            .collect();
        LinkCache { path, links }
    }

    /// The remembered answer for `url`, if it is fresh.
    pub fn get(&self, url: &str) -> Option<Outcome> {
        self.links.get(url).map(|e| Outcome {
            verdict: e.verdict,
            code: e.code,
            detail: e.detail.clone(),
            cacheable: true,
        })
    }

    /// Remembers a cacheable answer; others (timeouts, server errors) are forgotten so the
    /// next run asks again.
    pub fn put(&mut self, url: &str, outcome: &Outcome) {
        if outcome.cacheable {
            self.links.insert(
                url.to_string(),
                Entry {
                    checked: now(),
                    verdict: outcome.verdict,
                    code: outcome.code,
                    detail: outcome.detail.clone(),
                },
            );
        } else {
            self.links.remove(url);
        }
    }

    /// Writes the cache (atomically: a temporary file renamed over the old one).
    pub fn save(&self) -> std::io::Result<()> {
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let file = File {
            version: VERSION,
            links: self.links.clone(),
        };
        let json = serde_json::to_vec_pretty(&file).map_err(std::io::Error::other)?;
        let tmp = self.path.with_extension("json.tmp");
        std::fs::write(&tmp, json)?;
        std::fs::rename(&tmp, &self.path)
    }

    /// Where the cache lives.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(verdict: Verdict, cacheable: bool) -> Outcome {
        Outcome {
            verdict,
            code: Some(200),
            detail: String::new(),
            cacheable,
        }
    }

    #[test]
    fn answers_survive_a_reopen_until_they_expire() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c/links.json");
        let mut cache = LinkCache::open(&path, Duration::from_secs(86_400));
        cache.put("https://a/", &outcome(Verdict::Ok, true));
        cache.put("https://slow/", &outcome(Verdict::Broken, false));
        cache.save().unwrap();
        let cache = LinkCache::open(&path, Duration::from_secs(86_400));
        assert_eq!(cache.get("https://a/").unwrap().verdict, Verdict::Ok);
        assert!(cache.get("https://slow/").is_none());
        let expired = LinkCache::open(&path, Duration::ZERO);
        assert!(expired.get("https://a/").is_none());
        std::fs::write(&path, "not json").unwrap();
        assert!(
            LinkCache::open(&path, Duration::from_secs(60))
                .get("https://a/")
                .is_none()
        );
    }
}
