//! The syntect engine: grammars from syntect and two-face, tokens resolved to [`Category`].

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::OnceLock;
use std::time::Instant;

use syntect::parsing::{ParseState, Scope, ScopeStack, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

use super::{BLOCK_BUDGET, Category, Engine, Fallback, escape_into};

/// syntect with two-face's extra grammars (TOML, TypeScript, Dockerfile, Terraform, Kotlin…).
/// The grammars load on first use, so a build whose blocks all come from the cache never pays
/// for them.
#[derive(Default)]
pub struct SyntectEngine {
    syntaxes: OnceLock<SyntaxSet>,
}

impl SyntectEngine {
    /// An engine whose grammars load lazily.
    pub fn new() -> Self {
        Self::default()
    }

    fn syntaxes(&self) -> &SyntaxSet {
        self.syntaxes.get_or_init(two_face::syntax::extra_newlines)
    }

    fn find(&self, lang: &str) -> Option<&SyntaxReference> {
        let set = self.syntaxes();
        let lower = lang.to_ascii_lowercase();
        let token = match lower.as_str() {
            "js" | "mjs" | "cjs" | "node" => "javascript",
            "ts" => "typescript",
            "sh" | "shell" | "zsh" | "console" | "shell-session" => "bash",
            "yml" => "yaml",
            "py" | "python3" => "python",
            "golang" => "go",
            "rs" => "rust",
            "kt" => "kotlin",
            "tf" | "terraform" | "hcl" => "tf",
            "docker" => "dockerfile",
            "proto" | "protobuf" => "proto",
            "jsonc" | "json5" => "json",
            "postgresql" | "postgres" | "mysql" | "psql" => "sql",
            other => other,
        };
        set.find_syntax_by_token(token)
    }
}

impl Engine for SyntectEngine {
    fn knows(&self, lang: &str) -> bool {
        self.find(lang).is_some()
    }

    fn highlight(&self, code: &str, lang: &str) -> Result<String, Fallback> {
        let syntax = self.find(lang).ok_or(Fallback::UnknownLanguage)?;
        let set = self.syntaxes();
        let started = Instant::now();
        let mut state = ParseState::new(syntax);
        let mut stack = ScopeStack::new();
        let mut out = Spans::with_capacity(code.len() * 2);
        for line in LinesWithEndings::from(code) {
            let ops = state
                .parse_line(line, set)
                .map_err(|e| Fallback::EngineError(e.to_string()))?;
            let mut pos = 0;
            for (at, op) in ops {
                if at > pos {
                    out.push(&line[pos..at], category_of(&stack));
                    pos = at;
                }
                stack.apply(&op).map_err(|e| Fallback::EngineError(format!("{e:?}")))?;
            }
            if pos < line.len() {
                out.push(&line[pos..], category_of(&stack));
            }
            if started.elapsed() > BLOCK_BUDGET {
                return Err(Fallback::TooSlow);
            }
        }
        Ok(out.finish())
    }
}

/// Builds `<span class="k">…</span>` runs, merging neighbours of one category and letting
/// whitespace join whatever run is open.
struct Spans {
    html: String,
    open: Option<Category>,
}

impl Spans {
    fn with_capacity(n: usize) -> Self {
        Spans {
            html: String::with_capacity(n),
            open: None,
        }
    }

    fn push(&mut self, text: &str, category: Option<Category>) {
        if text.is_empty() {
            return;
        }
        let whitespace = text.bytes().all(|b| b.is_ascii_whitespace());
        if category != self.open && !whitespace {
            if self.open.is_some() {
                self.html.push_str("</span>");
            }
            if let Some(c) = category {
                self.html.push_str("<span class=\"");
                self.html.push_str(c.class());
                self.html.push_str("\">");
            }
            self.open = category;
        }
        escape_into(&mut self.html, text);
    }

    fn finish(mut self) -> String {
        if self.open.is_some() {
            self.html.push_str("</span>");
        }
        self.html
    }
}

thread_local! {
    /// Scope → category, memoized per thread (scope strings are built only once each).
    static CATEGORIES: RefCell<HashMap<Scope, Option<Category>>> = RefCell::new(HashMap::new());
}

/// The category of the innermost scope on the stack that has one.
fn category_of(stack: &ScopeStack) -> Option<Category> {
    CATEGORIES.with(|memo| {
        let mut memo = memo.borrow_mut();
        stack
            .as_slice()
            .iter()
            .rev()
            .find_map(|scope| *memo.entry(*scope).or_insert_with(|| categorize(&scope.build_string())))
    })
}

/// Maps a TextMate scope name to a category, by prefix; the first rule that matches wins.
pub(crate) fn categorize(scope: &str) -> Option<Category> {
    const RULES: &[(&str, Category)] = &[
        ("comment", Category::Comment),
        ("punctuation.definition.comment", Category::Comment),
        ("markup.inserted", Category::Inserted),
        ("markup.deleted", Category::Deleted),
        ("string", Category::String),
        ("constant.character.escape", Category::String),
        ("constant.numeric", Category::Number),
        ("constant", Category::Constant),
        ("support.constant", Category::Constant),
        ("keyword.operator.word", Category::Keyword),
        ("keyword.operator", Category::Operator),
        ("keyword", Category::Keyword),
        ("storage.type.primitive", Category::Type),
        ("storage.type.builtin", Category::Type),
        ("storage", Category::Keyword),
        ("support.type.property-name", Category::Attribute),
        ("entity.name.function", Category::Function),
        ("support.function", Category::Function),
        ("variable.function", Category::Function),
        ("entity.name.tag", Category::Tag),
        ("entity.name.section", Category::Tag),
        ("entity.other.attribute-name", Category::Attribute),
        ("meta.annotation", Category::Attribute),
        ("entity.name.decorator", Category::Attribute),
        ("meta.mapping.key", Category::Attribute),
        ("entity.name", Category::Type),
        ("entity.other.inherited-class", Category::Type),
        ("support.type", Category::Type),
        ("support.class", Category::Type),
        ("variable.parameter", Category::Variable),
        ("variable.language", Category::Variable),
    ];
    RULES
        .iter()
        .find(|(prefix, _)| scope == *prefix || scope.strip_prefix(prefix).is_some_and(|r| r.starts_with('.')))
        .map(|&(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_map_to_categories_by_prefix() {
        assert_eq!(categorize("comment.line.double-slash.rust"), Some(Category::Comment));
        assert_eq!(categorize("keyword.operator.arithmetic"), Some(Category::Operator));
        assert_eq!(categorize("keyword.control.rust"), Some(Category::Keyword));
        assert_eq!(categorize("storage.type.function.python"), Some(Category::Keyword));
        assert_eq!(categorize("support.type.property-name.json"), Some(Category::Attribute));
        assert_eq!(categorize("entity.name.function.go"), Some(Category::Function));
        assert_eq!(categorize("source.rust"), None);
        assert_eq!(categorize("stringy"), None);
    }

    #[test]
    fn highlights_common_languages_compactly() {
        let engine = SyntectEngine::new();
        let html = engine
            .highlight("def f(x):\n    return \"<hi>\"  # done\n", "python")
            .unwrap();
        assert!(html.contains("<span class=\"k\">def </span>"), "{html}");
        assert!(html.contains("&lt;hi&gt;"), "{html}");
        assert!(html.contains("<span class=\"c\"># done"), "{html}");
        for lang in [
            "toml",
            "ts",
            "dockerfile",
            "hcl",
            "kotlin",
            "yaml",
            "sql",
            "go",
            "java",
            "bash",
            "json",
            "rust",
            "js",
        ] {
            assert!(engine.knows(lang), "{lang}");
        }
        assert!(!engine.knows("klingon"));
    }

    #[test]
    fn whitespace_joins_the_open_run() {
        let mut spans = Spans::with_capacity(16);
        spans.push("pub", Some(Category::Keyword));
        spans.push(" ", None);
        spans.push("fn", Some(Category::Keyword));
        assert_eq!(spans.finish(), "<span class=\"k\">pub fn</span>");
    }
}
