//! The output folder, written atomically: everything goes into a temporary sibling folder that
//! replaces the old output only when the whole build succeeded. A failed build leaves the
//! previous `public/` exactly as it was.

use std::io;
use std::path::{Component, Path, PathBuf};

use crate::diagnostics::Diagnostic;

/// A build's output in progress.
pub struct Output {
    temp: PathBuf,
    target: PathBuf,
    committed: bool,
}

impl Output {
    /// Starts an output that will replace `target`.
    pub fn begin(target: &Path) -> io::Result<Output> {
        let parent = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent)?;
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let temp = parent.join(format!(".{name}.roadbook-new-{}", std::process::id()));
        if temp.exists() {
            std::fs::remove_dir_all(&temp)?;
        }
        std::fs::create_dir_all(&temp)?;
        Ok(Output {
            temp,
            target: target.to_path_buf(),
            committed: false,
        })
    }

    /// The folder being written.
    pub fn dir(&self) -> &Path {
        &self.temp
    }

    /// Writes a file at `rel` (a `/`-separated path under the output).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let path = self.path_of(rel)?;
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(path, bytes)
    }

    /// Copies a file to `rel`.
    pub fn copy(&self, from: &Path, rel: &str) -> io::Result<()> {
        let path = self.path_of(rel)?;
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::copy(from, path).map(|_| ())
    }

    fn path_of(&self, rel: &str) -> io::Result<PathBuf> {
        let rel = Path::new(rel.trim_start_matches('/'));
        if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("refusing to write outside the output: {}", rel.display()),
            ));
        }
        Ok(self.temp.join(rel))
    }

    /// Replaces the target with the new output.
    pub fn commit(mut self) -> io::Result<()> {
        if self.target.exists() {
            let old = self.temp.with_file_name(format!(
                ".{}.roadbook-old-{}",
                self.target
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                std::process::id()
            ));
            if old.exists() {
                std::fs::remove_dir_all(&old)?;
            }
            std::fs::rename(&self.target, &old)?;
            if let Err(err) = std::fs::rename(&self.temp, &self.target) {
                // Put the old output back rather than leave nothing.
                let _ = std::fs::rename(&old, &self.target);
                return Err(err);
            }
            let _ = std::fs::remove_dir_all(&old);
        } else {
            std::fs::rename(&self.temp, &self.target)?;
        }
        self.committed = true;
        Ok(())
    }
}

impl Drop for Output {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.temp);
        }
    }
}

/// Refuses an output folder that holds what the user wrote: the site root itself, `content/`,
/// `static/`, `templates/`, `themes/`, `config.toml`, or any folder containing one of them.
pub fn check_safe(root: &Path, output: &Path) -> Result<(), Diagnostic> {
    let output = absolute(output);
    let root = absolute(root);
    let protected = ["content", "static", "templates", "themes", "config.toml", ".git"];
    let refuse = |what: &Path| {
        Diagnostic::error(format!(
            "refusing to build into {}: it would replace {}",
            output.display(),
            what.display()
        ))
        .with_help("choose an output folder of its own, e.g. --output public")
    };
    if root.starts_with(&output) {
        return Err(refuse(&root));
    }
    for name in protected {
        let p = root.join(name);
        if p.starts_with(&output) || output.starts_with(&p) {
            return Err(refuse(&p));
        }
    }
    Ok(())
}

/// An absolute, normalized path, following symlinks for the part that exists.
fn absolute(path: &Path) -> PathBuf {
    let path = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut existing = path.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_os_string());
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut out = existing.canonicalize().unwrap_or(existing);
    for name in rest.into_iter().rev() {
        if name == ".." {
            out.pop();
        } else if name != "." {
            out.push(name);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn protected_folders_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content")).unwrap();
        assert!(check_safe(root, &root.join("public")).is_ok());
        for bad in [".", "content", "content/x", "static", "templates", "themes", ".."] {
            assert!(check_safe(root, &root.join(bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn dropped_output_leaves_the_target_alone() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        std::fs::create_dir_all(&target).unwrap();
        std::fs::write(target.join("old.html"), "old").unwrap();
        {
            let out = Output::begin(&target).unwrap();
            out.write("new.html", b"new").unwrap();
        }
        assert!(target.join("old.html").exists());
        assert!(!target.join("new.html").exists());
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "temporary folder removed"
        );
        let out = Output::begin(&target).unwrap();
        out.write("a/new.html", b"new").unwrap();
        assert!(out.write("../escape", b"x").is_err());
        out.commit().unwrap();
        assert!(target.join("a/new.html").exists());
        assert!(!target.join("old.html").exists());
    }
}
