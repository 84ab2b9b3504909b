//! Output folder failures said once, with what to do: a full disk or a read-only output fails
//! every file of a build, so the report gives the first such error with the cause's fix and
//! counts the rest, instead of listing hundreds of identical lines.

use std::io;

use crate::diagnostics::{Cause, Diagnostic};

/// What to do about an I/O error of the output (the previous output is always kept).
pub fn help(e: &io::Error) -> String {
    let what = match e.kind() {
        io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded => {
            "the disk is full: free some space, or build elsewhere with --output"
        }
        io::ErrorKind::ReadOnlyFilesystem | io::ErrorKind::PermissionDenied => {
            "the output folder cannot be written (a read-only disk, or not yours): check where it is and its permissions, or build elsewhere with --output"
        }
        _ => "check the output folder's disk",
    };
    format!("{what}; the previous output is unchanged")
}

/// `cannot {verb} {rel}: {e}`, with the fix for its cause.
pub fn io_error(verb: &str, rel: &str, e: &io::Error) -> Diagnostic {
    Diagnostic::error(format!("cannot {verb} {rel}: {e}"))
        .with_help(help(e))
        .with_cause(Cause::Output)
}

/// Keeps the first output error (in message order) and folds the others into a note.
pub fn collapse(problems: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let (mut output, mut rest): (Vec<Diagnostic>, Vec<Diagnostic>) =
        problems.into_iter().partition(|d| d.cause == Cause::Output);
    if output.len() > 1 {
        output.sort_by(|a, b| a.message.cmp(&b.message));
        let others = output.len() - 1;
        output.truncate(1);
        output[0] = output[0].clone().with_note(format!(
            "{others} other file{} could not be written either",
            if others == 1 { "" } else { "s" }
        ));
    }
    rest.extend(output);
    rest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn many_output_errors_become_one_and_others_stay() {
        let full = io::Error::from(io::ErrorKind::StorageFull);
        let problems = vec![
            io_error("write", "b.html", &full),
            Diagnostic::error("template error"),
            io_error("write", "a.html", &full),
            io_error("copy", "c.css", &full),
        ];
        let out = collapse(problems);
        assert_eq!(out.len(), 2);
        assert_eq!(out[0].message, "template error");
        assert!(out[1].message.starts_with("cannot copy c.css"), "{}", out[1].message);
        assert_eq!(out[1].notes, ["2 other files could not be written either"]);
        assert!(out[1].help.as_deref().unwrap().starts_with("the disk is full"));
        let ro = help(&io::Error::from(io::ErrorKind::ReadOnlyFilesystem));
        assert!(ro.contains("cannot be written") && ro.ends_with("the previous output is unchanged"));
    }
}
