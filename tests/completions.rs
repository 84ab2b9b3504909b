//! `roadbook completions SHELL`: a script for each shell clap_complete knows, naming every
//! command; the bash one is loaded into a real bash and asked to complete.

use std::process::{Command, Output};

fn roadbook(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_roadbook"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run roadbook")
}

const COMMANDS: [&str; 7] = ["build", "serve", "check", "init", "graph", "new", "completions"];

#[test]
fn every_shell_gets_a_script_that_names_every_command() {
    for (shell, marker) in [
        ("bash", "complete -F _roadbook"),
        ("zsh", "#compdef roadbook"),
        ("fish", "complete -c roadbook"),
        (
            "powershell",
            "Register-ArgumentCompleter -Native -CommandName 'roadbook'",
        ),
        ("elvish", "edit:completion:arg-completer[roadbook]"),
    ] {
        let out = roadbook(&["completions", shell]);
        assert!(
            out.status.success(),
            "{shell}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let script = String::from_utf8(out.stdout).unwrap();
        assert!(script.contains(marker), "{shell}: no `{marker}` in\n{script}");
        for command in COMMANDS {
            assert!(script.contains(command), "{shell}: `{command}` missing");
        }
        // Options of subcommands too, e.g. `build --base-url`.
        assert!(script.contains("base-url"), "{shell}: `--base-url` missing");
    }
}

#[test]
fn the_bash_script_completes_commands_and_options() {
    let out = roadbook(&["completions", "bash"]);
    let script = String::from_utf8(out.stdout).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("roadbook.bash");
    std::fs::write(&file, script).unwrap();
    // What bash's programmable completion does on TAB after `roadbook <words>`.
    let complete = |words: &[&str]| -> Vec<String> {
        let cword = words.len() - 1;
        let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
        let program = format!(
            "source '{}'\nCOMP_WORDS=({})\nCOMP_CWORD={cword}\nCOMP_LINE=\"${{COMP_WORDS[*]}}\"\nCOMP_POINT=${{#COMP_LINE}}\n\
             _roadbook roadbook '{}' '{}'\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
            file.display(),
            quoted.join(" "),
            words[cword],
            words[cword.saturating_sub(1)],
        );
        let out = Command::new("bash")
            .args(["--norc", "--noprofile", "-c", &program])
            .output()
            .expect("run bash");
        assert!(out.status.success(), "bash: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(str::to_string)
            .collect()
    };
    let commands = complete(&["roadbook", ""]);
    for command in COMMANDS {
        assert!(
            commands.iter().any(|c| c == command),
            "`{command}` not offered: {commands:?}"
        );
    }
    assert_eq!(complete(&["roadbook", "se"]), vec!["serve"]);
    let options = complete(&["roadbook", "build", "--b"]);
    assert_eq!(options, vec!["--base-url"]);
    let shells = complete(&["roadbook", "completions", ""]);
    for shell in ["bash", "zsh", "fish", "powershell"] {
        assert!(shells.iter().any(|s| s == shell), "`{shell}` not offered: {shells:?}");
    }
}

#[test]
fn an_unknown_shell_is_refused_with_the_known_ones() {
    let out = roadbook(&["completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("invalid value 'tcsh'"), "{stderr}");
    assert!(stderr.contains("bash, elvish, fish, powershell, zsh"), "{stderr}");
    assert!(out.stdout.is_empty());
}
