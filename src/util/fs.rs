//! File-system helpers shared by the steps that walk folders: which names are never content,
//! and how a path is shown in diagnostics.

use std::path::{Path, PathBuf};

/// The path shown in diagnostics: relative to the site root when possible.
pub fn display_path(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

/// Editor droppings and hidden files are never content: `.#x.md`, `x.md~`, `.x.swp`, `#x#`, `4913`.
pub fn is_hidden_or_temp(name: &std::ffi::OsStr) -> bool {
    let Some(name) = name.to_str() else {
        return false;
    };
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || (name.starts_with('#') && name.ends_with('#'))
        || name == "4913"
        // JetBrains' safe write: the new text, then the old file, beside the original.
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
}

/// Every file under `dir` (hidden and editor files skipped, in name order) with its path
/// relative to `dir`, `/`-separated; nothing when `dir` is missing.
pub fn files_under(dir: &Path) -> Vec<(String, PathBuf)> {
    if !dir.is_dir() {
        return Vec::new();
    }
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        // The folder itself may be hidden (`~/.old-blog`, a `/tmp/.tmpXXXX` folder): only what
        // is under it is filtered.
        .filter_entry(|e| e.depth() == 0 || !is_hidden_or_temp(e.file_name()))
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e.path().strip_prefix(dir).ok()?.to_string_lossy().replace('\\', "/");
            Some((rel, e.path().to_path_buf()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hidden_folder_still_lists_its_files() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join(".old-blog");
        std::fs::create_dir_all(root.join(".git")).unwrap();
        std::fs::write(root.join("a.md"), "a").unwrap();
        std::fs::write(root.join(".git/config"), "x").unwrap();
        let found: Vec<String> = files_under(&root).into_iter().map(|(rel, _)| rel).collect();
        assert_eq!(found, ["a.md"]);
    }

    #[test]
    fn editor_temp_files_are_ignored() {
        for name in [".x.md.swp", "x.md~", "#x.md#", ".#x.md", "4913", ".git"] {
            assert!(is_hidden_or_temp(std::ffi::OsStr::new(name)), "{name}");
        }
        assert!(!is_hidden_or_temp(std::ffi::OsStr::new("caching.md")));
    }
}
