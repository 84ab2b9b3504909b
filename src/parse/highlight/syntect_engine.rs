//! The syntect engine: grammars from syntect and two-face, tokens resolved to [`Category`].

use std::cell::RefCell;
use std::fmt::Write as _;
use std::rc::Rc;
use std::sync::OnceLock;
use std::time::Instant;

use syntect::parsing::{ParseState, Scope, ScopeStack, ScopeStackOp, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

use super::category::Category;
use super::engine::{BLOCK_BUDGET, Engine, Fallback};
use crate::util::html::escape_into;
use rustc_hash::FxHashMap;

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
        let mut stack = ScopeStack::new();
        let mut out = Spans::with_capacity(code.len() * 2);
        MEMO.with(|memo| -> Result<(), Fallback> {
            let mut memo = memo.borrow_mut();
            let mut state = memo.intern(ParseState::new(syntax));
            for line in LinesWithEndings::from(code) {
                let ops;
                (ops, state) = memo.parse_line(&syntax.name, state, line, set)?;
                let mut pos = 0;
                for (at, op) in ops.iter() {
                    if *at > pos {
                        out.push(&line[pos..*at], category_of(&stack));
                        pos = *at;
                    }
                    stack.apply(op).map_err(|e| Fallback::EngineError(format!("{e:?}")))?;
                }
                if pos < line.len() {
                    out.push(&line[pos..], category_of(&stack));
                }
                if started.elapsed() > BLOCK_BUDGET {
                    return Err(Fallback::TooSlow);
                }
            }
            Ok(())
        })?;
        Ok(out.finish())
    }
}

/// Scope operations of one parsed line.
type Ops = Rc<[(usize, ScopeStackOp)]>;

/// Parsed lines, per thread. A line parsed in a given state always yields the same scope
/// operations and next state, and code repeats lines a lot (`}`, `import`, `return nil`,
/// blank lines): 30% of the lines in this handbook's code blocks, more on larger sites.
/// Answering them from memory skips syntect's regex search, the bulk of highlighting time.
/// Parse states are interned, so an entry is a few dozen bytes and a hit clones nothing.
#[derive(Default)]
struct LineMemo {
    /// Interned parse states by id.
    states: Vec<ParseState>,
    /// State ids by a hash of their `Debug` text (checked with `==` before reuse).
    ids: FxHashMap<u64, u32>,
    /// Where that text is written (kept to reuse its allocation).
    scratch: String,
    /// (hash of grammar and line, state id) → (operations, next state id).
    lines: FxHashMap<(u128, u32), (Ops, u32)>,
}

/// Entries a thread's memo holds before it starts over (~100 bytes each).
const MEMO_CAPACITY: usize = 400_000;
/// Longer lines are rarely repeated and not worth keeping.
const MEMO_MAX_LINE: usize = 240;

thread_local! {
    static MEMO: RefCell<LineMemo> = RefCell::new(LineMemo::default());
}

/// Frees the calling thread's line memo (after a build's highlighting is done).
pub fn release_memo() {
    MEMO.with(|m| *m.borrow_mut() = LineMemo::default());
}

impl LineMemo {
    /// The id of `state`, adding it if new.
    fn intern(&mut self, state: ParseState) -> u32 {
        // `ParseState` has no `Hash`; its `Debug` text stands in.
        self.scratch.clear();
        let key = match write!(self.scratch, "{state:?}") {
            Ok(()) => xxhash_rust::xxh3::xxh3_64(self.scratch.as_bytes()),
            Err(_) => 0,
        };
        if let Some(&id) = self.ids.get(&key)
            && self.states[id as usize] == state
        {
            return id;
        }
        let id = self.states.len() as u32;
        self.states.push(state);
        self.ids.insert(key, id);
        id
    }

    /// Parses `line` in state `state`, from memory when possible; returns the operations and
    /// the next state's id.
    fn parse_line(&mut self, grammar: &str, state: u32, line: &str, set: &SyntaxSet) -> Result<(Ops, u32), Fallback> {
        let memoize = line.len() <= MEMO_MAX_LINE;
        let key = if memoize {
            let mut hasher = xxhash_rust::xxh3::Xxh3::new();
            hasher.update(grammar.as_bytes());
            hasher.update(&[0]);
            hasher.update(line.as_bytes());
            let key = (hasher.digest128(), state);
            if let Some((ops, next)) = self.lines.get(&key) {
                return Ok((Rc::clone(ops), *next));
            }
            Some(key)
        } else {
            None
        };
        let mut parse = self.states[state as usize].clone();
        let ops: Ops = parse
            .parse_line(line, set)
            .map_err(|e| Fallback::EngineError(e.to_string()))?
            .into();
        if self.lines.len() >= MEMO_CAPACITY {
            // Start over, keeping states: the ids held by blocks in progress stay valid.
            self.lines.clear();
        }
        // Most lines end in the state they began in: no need to intern that one again.
        let next = if parse == self.states[state as usize] {
            state
        } else {
            self.intern(parse)
        };
        if let Some(key) = key {
            self.lines.insert(key, (Rc::clone(&ops), next));
        }
        Ok((ops, next))
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
    static CATEGORIES: RefCell<FxHashMap<Scope, Option<Category>>> = RefCell::new(FxHashMap::default());
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
    fn memoized_lines_give_the_same_html() {
        let engine = SyntectEngine::new();
        let code = "/* open\nstill comment */\nfn main() {}\nfn main() {}\n\"str\nfn main() {}\n\"\n";
        let first = engine.highlight(code, "rust").unwrap();
        MEMO.with(|m| assert!(!m.borrow().lines.is_empty()));
        let second = engine.highlight(code, "rust").unwrap();
        assert_eq!(first, second);
        // The same line in another state (inside a string) is not confused with the first.
        assert!(first.contains("<span class=\"k\">fn </span>"), "{first}");
        assert!(first.contains("<span class=\"s\">\"str\nfn main() {}\n\""), "{first}");
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
