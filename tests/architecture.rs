//! The shape of `src/`: modules import each other one way only.
//!
//! Each source file is a module (a folder is its `mod.rs`). A file depends on another when it
//! names a path into it: `crate::…`, `super::…`, `self::…`, or a child module it declares.
//! Paths resolve to the longest prefix that is a module, so `crate::parse::links::OutLink` is
//! `parse/links.rs` and `crate::parse::Rendered` is `parse/mod.rs`. Test code (`#[cfg(test)]`
//! items and the files they declare) and comments do not count; declaring `mod child;` is
//! not an import.
//!
//! Two rules: no cycle among files, and no cycle among the top-level modules (a folder with
//! everything in it). The second is what `docs/architecture.md` draws as the data flow, and
//! its module table must say exactly what each top-level module imports.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// A module path (`["parse", "links"]`); the crate root is empty.
type ModPath = Vec<String>;

struct Module {
    file: PathBuf,
    /// Code with comments, strings and test items removed.
    code: String,
    /// Child modules declared here (outside test code).
    children: Vec<String>,
}

#[test]
fn files_import_each_other_one_way() {
    let graph = file_graph();
    let knots: Vec<String> = knots(&graph).iter().map(|k| k.join(", ")).collect();
    assert!(
        knots.is_empty(),
        "modules that import each other (each line one knot):\n{}\n\
         Move what they share into a module below them (see docs/architecture.md).",
        knots.join("\n")
    );
}

#[test]
fn top_level_modules_form_a_pipeline() {
    let top = top_level_graph();
    if let Some(cycle) = find_cycle(&top) {
        let report: Vec<String> = top.iter().map(|(m, d)| format!("{m} → {d:?}")).collect();
        panic!(
            "top-level modules import each other in a cycle: {}\nall edges:\n{}",
            cycle.join(" → "),
            report.join("\n")
        );
    }
}

#[test]
fn docs_architecture_says_what_each_module_imports() {
    let doc = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/architecture.md")).unwrap();
    // Rows of the module table: | `module` | its job | `a`, `b` (or —) |
    let mut documented: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for line in doc.lines().filter(|l| l.starts_with("| `")) {
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        let (Some(module), Some(imports)) = (cells.first(), cells.last()) else {
            continue;
        };
        let names =
            |cell: &str| -> BTreeSet<String> { cell.split('`').skip(1).step_by(2).map(str::to_string).collect() };
        if let Some(name) = names(module).into_iter().next() {
            documented.insert(name, names(imports));
        }
    }
    let mut actual = top_level_graph();
    actual.remove("crate");
    let mismatched: Vec<String> = actual
        .keys()
        .chain(documented.keys())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .filter(|m| actual.get(*m) != documented.get(*m))
        .map(|m| {
            format!(
                "`{m}`: imports {:?}, the table says {:?}",
                actual.get(m),
                documented.get(m)
            )
        })
        .collect();
    assert!(
        mismatched.is_empty(),
        "docs/architecture.md's module table is out of date:\n{}",
        mismatched.join("\n")
    );
}

#[test]
fn the_checker_sees_paths_groups_and_children() {
    let (code, children) = split_tests(&strip(
        "mod links;\nuse crate::{a::b, c::{d, e::F}};\n// crate::zz\nlet s = \"crate::yy\";\n\
         #[cfg(test)]\nmod tests { use crate::xx; }\n#[cfg(test)]\nmod more;\n\
         fn f() { super::g::h(); links::x(); }",
    ));
    assert_eq!(children, ["links"]);
    let refs = references(&code, &children);
    let refs: Vec<String> = refs.iter().map(|p| p.join("::")).collect();
    assert!(refs.contains(&"crate::a::b".to_string()), "{refs:?}");
    assert!(refs.contains(&"crate::c::e::F".to_string()), "{refs:?}");
    assert!(refs.contains(&"super::g::h".to_string()), "{refs:?}");
    assert!(refs.contains(&"self::links::x".to_string()), "{refs:?}");
    assert!(
        !refs
            .iter()
            .any(|r| r.contains("zz") || r.contains("yy") || r.contains("xx")),
        "{refs:?}"
    );

    let graph: BTreeMap<String, BTreeSet<String>> = [
        ("a".to_string(), BTreeSet::from(["b".to_string()])),
        ("b".to_string(), BTreeSet::from(["c".to_string()])),
        ("c".to_string(), BTreeSet::from(["a".to_string()])),
    ]
    .into();
    assert_eq!(find_cycle(&graph).map(|c| c.len()), Some(4));
}

/// Every top-level module → the top-level modules its files import.
fn top_level_graph() -> BTreeMap<String, BTreeSet<String>> {
    let mut top: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (from, tos) in &file_graph() {
        let from = top_of(from);
        let entry = top.entry(from.clone()).or_default();
        entry.extend(tos.iter().map(|t| top_of(t)).filter(|t| *t != from));
    }
    top
}

/// Every file's module path → the module paths it imports.
fn file_graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut modules = BTreeMap::new();
    collect(&src, &src, &mut modules);
    // Files declared only under `#[cfg(test)]` are test code.
    let declared: BTreeSet<ModPath> = modules
        .iter()
        .flat_map(|(path, m): (&ModPath, &Module)| {
            m.children.iter().map(move |c| {
                let mut p = path.clone();
                p.push(c.clone());
                p
            })
        })
        .collect();
    modules.retain(|path, _| path.is_empty() || declared.contains(path));

    let known: BTreeSet<ModPath> = modules.keys().cloned().collect();
    let mut graph = BTreeMap::new();
    for (path, module) in &modules {
        let mut deps = BTreeSet::new();
        for reference in references(&module.code, &module.children) {
            let Some(absolute) = absolute(path, &reference) else {
                panic!("{}: cannot resolve `{}`", module.file.display(), reference.join("::"));
            };
            let target = (0..=absolute.len())
                .rev()
                .map(|n| absolute[..n].to_vec())
                .find(|p| known.contains(p))
                .unwrap_or_default();
            if target != *path && !target.is_empty() {
                deps.insert(name(&target));
            }
        }
        graph.insert(name(path), deps);
    }
    graph
}

fn name(path: &[String]) -> String {
    if path.is_empty() {
        "crate".to_string()
    } else {
        path.join("::")
    }
}

fn top_of(module: &str) -> String {
    module.split("::").next().unwrap_or(module).to_string()
}

fn collect(src: &Path, dir: &Path, out: &mut BTreeMap<ModPath, Module>) {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect(src, &path, out);
            continue;
        }
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = path.strip_prefix(src).unwrap();
        let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
        let last = parts.pop().unwrap();
        match last.as_str() {
            "main.rs" => continue, // the binary: it may use anything
            "lib.rs" | "mod.rs" => {}
            other => parts.push(other.trim_end_matches(".rs").to_string()),
        }
        let raw = fs::read_to_string(&path).unwrap();
        let (code, children) = split_tests(&strip(&raw));
        out.insert(
            parts,
            Module {
                file: path,
                code,
                children,
            },
        );
    }
}

/// Removes comments and the contents of string and char literals.
fn strip(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        if b[i..].starts_with(b"//") {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if b[i..].starts_with(b"/*") {
            let mut depth = 0;
            while i < b.len() {
                if b[i..].starts_with(b"/*") {
                    depth += 1;
                    i += 2;
                } else if b[i..].starts_with(b"*/") {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
        } else if b[i] == b'r' && (b.get(i + 1) == Some(&b'"') || b.get(i + 1) == Some(&b'#')) && !ident_before(b, i) {
            // Raw string: r"…" or r#"…"#.
            let mut j = i + 1;
            let mut hashes = 0;
            while b.get(j) == Some(&b'#') {
                hashes += 1;
                j += 1;
            }
            if b.get(j) != Some(&b'"') {
                out.push('r');
                i += 1;
                continue;
            }
            let close: Vec<u8> = std::iter::once(b'"').chain(std::iter::repeat_n(b'#', hashes)).collect();
            j += 1;
            while j < b.len() && !b[j..].starts_with(&close) {
                j += 1;
            }
            out.push_str("\"\"");
            i = j + close.len();
        } else if b[i] == b'"' {
            i += 1;
            while i < b.len() && b[i] != b'"' {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            out.push_str("\"\"");
            i += 1;
        } else if b[i] == b'\'' && is_char_literal(b, i) {
            i += 1;
            while i < b.len() && b[i] != b'\'' {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            out.push_str("' '");
            i += 1;
        } else {
            let c = text[i..].chars().next().unwrap();
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

fn ident_before(b: &[u8], i: usize) -> bool {
    i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_')
}

/// Whether the `'` at `i` opens a char literal (not a lifetime or a loop label).
fn is_char_literal(b: &[u8], i: usize) -> bool {
    match b.get(i + 1) {
        Some(b'\\') => true,
        Some(_) => {
            // 'x' (one char, possibly multi-byte) closes within 5 bytes.
            let rest = &b[i + 1..b.len().min(i + 6)];
            rest.iter()
                .skip(1)
                .position(|&c| c == b'\'')
                .is_some_and(|p| std::str::from_utf8(&rest[..p + 1]).is_ok_and(|s| s.chars().count() == 1))
        }
        None => false,
    }
}

/// Removes `#[cfg(test)]` items from stripped code, and lists the child modules the rest
/// declares.
fn split_tests(code: &str) -> (String, Vec<String>) {
    let mut out = String::with_capacity(code.len());
    let mut rest = code;
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        let after = &rest[at + "#[cfg(test)]".len()..];
        rest = &after[item_len(after)..];
    }
    out.push_str(rest);
    let mut children = Vec::new();
    let words: Vec<&str> = out
        .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ';' || c == '{'))
        .collect();
    for w in words.windows(2) {
        if w[0] == "mod" && w[1].ends_with(';') {
            children.push(w[1].trim_end_matches(';').to_string());
        }
    }
    (out, children)
}

/// The length of the item at the start of `code`: up to its `;` or its matching `}`.
fn item_len(code: &str) -> usize {
    let mut depth = 0;
    for (i, c) in code.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            ';' if depth == 0 => return i + 1,
            _ => {}
        }
    }
    code.len()
}

/// Every path in `code` that names a module of this crate, `use` groups expanded. Paths that
/// start at a child module are given a leading `self`.
fn references(code: &str, children: &[String]) -> Vec<ModPath> {
    let mut refs = Vec::new();
    let mut rest = code;
    // `use` declarations, with their brace groups.
    let mut plain = String::new();
    while let Some(at) = find_word(rest, "use") {
        plain.push_str(&rest[..at]);
        let decl = &rest[at + 3..];
        let end = decl.find(';').unwrap_or(decl.len());
        expand(&decl[..end], Vec::new(), &mut refs);
        rest = &decl[(end + 1).min(decl.len())..];
    }
    plain.push_str(rest);
    // Every other path.
    let chars: Vec<char> = plain.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_alphabetic() || chars[i] == '_' {
            let start = i;
            let mut path = Vec::new();
            loop {
                let s = i;
                while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                    i += 1;
                }
                path.push(chars[s..i].iter().collect::<String>());
                if i + 2 < chars.len()
                    && chars[i] == ':'
                    && chars[i + 1] == ':'
                    && (chars[i + 2].is_alphabetic() || chars[i + 2] == '_')
                {
                    i += 2;
                } else {
                    break;
                }
            }
            let preceded_by_path = start >= 2 && chars[start - 1] == ':' && chars[start - 2] == ':';
            if path.len() > 1 && !preceded_by_path {
                refs.push(path);
            }
        } else {
            i += 1;
        }
    }
    refs.into_iter()
        .filter_map(|mut p| match p[0].as_str() {
            "crate" | "super" | "self" => Some(p),
            first if children.iter().any(|c| c == first) => {
                p.insert(0, "self".to_string());
                Some(p)
            }
            _ => None,
        })
        .collect()
}

/// Position of `word` as a whole word in `text`.
fn find_word(text: &str, word: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(at) = text[from..].find(word) {
        let at = from + at;
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        let boundary = |c: Option<char>| c.is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
        if boundary(before) && boundary(after) {
            return Some(at);
        }
        from = at + word.len();
    }
    None
}

/// Expands a `use` tree (`crate::{a::b, c::{d, e}}`) below `prefix` into paths.
fn expand(tree: &str, prefix: ModPath, out: &mut Vec<ModPath>) {
    let tree = tree.trim();
    if let Some(open) = tree.find('{') {
        let mut base = prefix.clone();
        base.extend(segments(&tree[..open]));
        let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
        let mut depth = 0;
        let mut start = 0;
        for (i, c) in inner.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    expand(&inner[start..i], base.clone(), out);
                    start = i + 1;
                }
                _ => {}
            }
        }
        expand(&inner[start..], base, out);
    } else {
        let mut path = prefix;
        let tree = tree.split(" as ").next().unwrap_or(tree);
        path.extend(segments(tree));
        if !path.is_empty() {
            out.push(path);
        }
    }
}

fn segments(path: &str) -> Vec<String> {
    path.split("::")
        .map(|s| s.trim().trim_start_matches("pub").trim())
        .filter(|s| !s.is_empty() && *s != "*")
        .map(str::to_string)
        .collect()
}

/// `reference` (starting at `crate`, `super` or `self`) as a path from the crate root, seen
/// from the module `from`.
fn absolute(from: &[String], reference: &[String]) -> Option<ModPath> {
    let mut base: ModPath = from.to_vec();
    let mut rest = reference;
    match rest.first()?.as_str() {
        "crate" => {
            base.clear();
            rest = &rest[1..];
        }
        "self" => rest = &rest[1..],
        _ => {
            while rest.first().is_some_and(|s| s == "super") {
                base.pop()?;
                rest = &rest[1..];
            }
        }
    }
    base.extend(rest.iter().filter(|s| *s != "self").cloned());
    Some(base)
}

/// The strongly connected parts of `graph` with more than one node: modules that reach each
/// other through their imports.
fn knots(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    let reach = |from: &str| -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut todo = vec![from.to_string()];
        while let Some(n) = todo.pop() {
            for next in graph.get(&n).into_iter().flatten() {
                if seen.insert(next.clone()) {
                    todo.push(next.clone());
                }
            }
        }
        seen
    };
    let reachable: BTreeMap<&String, BTreeSet<String>> = graph.keys().map(|k| (k, reach(k))).collect();
    let mut done = BTreeSet::new();
    let mut out = Vec::new();
    for node in graph.keys() {
        if done.contains(node) || !reachable[node].contains(node) {
            continue;
        }
        let knot: Vec<String> = graph
            .keys()
            .filter(|other| reachable[node].contains(*other) && reachable[*other].contains(node))
            .cloned()
            .collect();
        done.extend(knot.iter().cloned());
        out.push(knot);
    }
    out
}

/// A cycle in `graph` as its nodes, the first repeated at the end; `None` when acyclic.
fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        Open,
        Done,
    }
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, State>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        match state.get(node) {
            Some(State::Done) => return None,
            Some(State::Open) => {
                let from = stack.iter().position(|n| n == node)?;
                let mut cycle = stack[from..].to_vec();
                cycle.push(node.to_string());
                return Some(cycle);
            }
            None => {}
        }
        state.insert(node.to_string(), State::Open);
        stack.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, state, stack) {
                return Some(cycle);
            }
        }
        stack.pop();
        state.insert(node.to_string(), State::Done);
        None
    }
    let mut state = BTreeMap::new();
    for node in graph.keys() {
        if let Some(cycle) = visit(node, graph, &mut state, &mut Vec::new()) {
            return Some(cycle);
        }
    }
    None
}
