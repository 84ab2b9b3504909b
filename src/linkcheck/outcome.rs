//! What a check concluded about one URL.

use serde::{Deserialize, Serialize};

/// What a check concluded about a URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Answered 2xx at the address written.
    Ok,
    /// Answered 2xx after redirects: worth updating, not broken.
    Redirected,
    /// 401, 403 or 429: probably fine, but the server would not say.
    Warning,
    /// Gone, failing or unreachable.
    Broken,
}

impl Verdict {
    /// The word shown in the summary.
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Ok => "ok",
            Verdict::Redirected => "redirected",
            Verdict::Warning => "warning",
            Verdict::Broken => "broken",
        }
    }
}

/// The answer about one URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The conclusion.
    pub verdict: Verdict,
    /// The final HTTP status, if there was an answer.
    pub code: Option<u16>,
    /// What happened, for people (`404 Not Found`, `redirects to …`, `timed out after 15 s`).
    pub detail: String,
    /// Whether the answer may be remembered for a day.
    pub cacheable: bool,
}
