//! The command line: argument definitions and one function per command. `main.rs` only calls
//! [`run`] and exits with its code.

// The doc comments of the arguments are their `--help` text, written for a terminal:
// `<root>` and bare URLs are meant as they read.
#![allow(rustdoc::invalid_html_tags, rustdoc::bare_urls)]

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

use crate::build::{self, BuildOptions};
use crate::diagnostics::Diagnostics;

/// roadbook: a static site generator for learning roadmaps and the study blog that goes with
/// them.
#[derive(Debug, Parser)]
// `ROADBOOK_VERSION` (build/version.rs): the version, the commit and its date when known.
#[command(name = "roadbook", version = env!("ROADBOOK_VERSION"), about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the site into the output folder (public/ by default).
    Build {
        /// The site folder (holds config.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site [default: <root>/public, or build.output_dir].
        #[arg(long)]
        output: Option<PathBuf>,
        /// Override base_url, e.g. https://user.github.io/repo/.
        #[arg(long)]
        base_url: Option<String>,
        /// Publish draft posts.
        #[arg(long)]
        drafts: bool,
    },
    /// Serve the site with live reload: build into memory, watch, rebuild what changed.
    Serve {
        /// The site folder (holds config.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Port to listen on [default: serve.port from config.toml, else 1111]; the next free
        /// one is used if it is taken.
        #[arg(long)]
        port: Option<u16>,
        /// Interface to bind.
        #[arg(long, default_value = "127.0.0.1")]
        interface: std::net::IpAddr,
        /// Open the site in a browser.
        #[arg(long)]
        open: bool,
        /// Publish draft posts (they carry a "draft" badge).
        #[arg(long)]
        drafts: bool,
        /// Serve the site under this path, like a GitHub Pages project site (e.g. /handbook/).
        #[arg(long, default_value = "/")]
        base_path: String,
    },
    /// Check everything build checks, without writing anything.
    Check {
        /// The site folder (holds config.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Check drafts too.
        #[arg(long)]
        drafts: bool,
        /// Also check that external links (in content, resources and books) still work.
        #[arg(long)]
        external: bool,
    },
    /// Create a new site in DIR (which must be new or empty).
    Init {
        /// The folder to create.
        dir: PathBuf,
        /// The site's title [default: the folder's name].
        #[arg(long)]
        title: Option<String>,
        /// UI language, and the language of the sample content.
        #[arg(long, default_value = "ko", value_parser = crate::init::LANGUAGES)]
        language: String,
    },
    /// Bring an existing Jekyll, Hugo, Zola or mdBook site across as a new roadbook site.
    ///
    /// DEST must be new or empty: import never overwrites. Everything that could not be
    /// converted is listed in DEST/IMPORT.md with its source file and line.
    Import {
        /// The folder of the site to import.
        source: PathBuf,
        /// The folder to create the roadbook site in.
        dest: PathBuf,
        /// The kind of site [default: detected from its files].
        #[arg(long, value_enum)]
        from: Option<ImportFrom>,
        /// What sections other than the blog become (Hugo, Zola): posts tagged with the
        /// section's name, or standalone pages.
        #[arg(long, value_enum, default_value_t = SectionsAs::Tags)]
        sections_as: SectionsAs,
    },
    /// Print the topic graph.
    Graph {
        /// The site folder (holds config.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = GraphFormat::Json)]
        format: GraphFormat,
        /// Every page and every kind of relation (by default: topics in their stages, and
        /// the relations between topics).
        #[arg(long)]
        all: bool,
    },
    /// Scaffold a new post or topic with valid front matter and print its path.
    New {
        #[command(subcommand)]
        what: NewCommand,
    },
    /// Print the shell completion script for SHELL
    ///
    /// Save it where the shell looks for completions:
    ///   bash        roadbook completions bash > ~/.local/share/bash-completion/completions/roadbook
    ///   zsh         roadbook completions zsh > ~/.zfunc/_roadbook
    ///               (and `fpath+=~/.zfunc` before `compinit` in ~/.zshrc)
    ///   fish        roadbook completions fish > ~/.config/fish/completions/roadbook.fish
    ///   PowerShell  roadbook completions powershell >> $PROFILE
    #[command(verbatim_doc_comment)]
    Completions {
        /// The shell to complete in.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

/// What `roadbook new` makes.
#[derive(Debug, Subcommand)]
enum NewCommand {
    /// A draft post dated today: content/blog/<slug of the title>.md.
    Post {
        /// The title; the file name is made from it (Korean kept).
        title: String,
        /// Topic ids the post is a study note for, comma-separated.
        #[arg(long, value_delimiter = ',')]
        topics: Vec<String>,
        /// Tags, comma-separated.
        #[arg(long, value_delimiter = ',')]
        tags: Vec<String>,
        /// The site folder (holds config.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// A topic with the handbook's sections: content/topics/<ID>.md.
    Topic {
        /// The topic id: lowercase ASCII letters, digits and `-`.
        id: String,
        /// The id of the stage it belongs to.
        #[arg(long)]
        stage: String,
        /// The title [default: the id].
        #[arg(long)]
        title: Option<String>,
        /// The site folder (holds config.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

/// The flavours `roadbook import --from` takes.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum ImportFrom {
    Jekyll,
    Hugo,
    Zola,
    Mdbook,
}

/// What `--sections-as` makes of a section other than the blog.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum SectionsAs {
    Tags,
    Pages,
}

/// Formats of `roadbook graph`.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum GraphFormat {
    Json,
    Dot,
    Mermaid,
}

/// Whether to colour output on stderr.
fn color() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stderr().is_terminal()
}

/// Prints diagnostics to stderr, then a count line.
fn report(diags: &Diagnostics) {
    let color = color();
    for d in diags {
        eprintln!("{}", d.render(color));
    }
    let (errors, warnings) = (diags.error_count(), diags.warning_count());
    if errors > 0 {
        eprintln!(
            "{errors} error{}, {warnings} warning{}",
            plural(errors),
            plural(warnings)
        );
    } else if warnings > 0 {
        eprintln!("{warnings} warning{}", plural(warnings));
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Runs the command line and returns the exit code: 0 on success, 1 on any error.
pub fn run() -> ExitCode {
    match Cli::parse().command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
        } => build_site(&BuildOptions {
            root,
            output,
            base_url,
            drafts,
        }),
        Command::Serve {
            root,
            port,
            interface,
            open,
            drafts,
            base_path,
        } => {
            let port = port.unwrap_or_else(|| crate::config::Config::load(&root).map(|c| c.serve.port).unwrap_or(1111));
            serve(&crate::serve::ServeOptions {
                root,
                interface,
                port,
                port_attempts: 20,
                base_path,
                drafts,
                open,
                color: color(),
                first_build_wait: crate::serve::FIRST_BUILD_WAIT,
            })
        }
        Command::Check { root, drafts, external } => {
            let opts = BuildOptions {
                root,
                drafts,
                ..BuildOptions::default()
            };
            if external { check_external(&opts) } else { check(&opts) }
        }
        Command::Init { dir, title, language } => init(crate::init::InitOptions { dir, title, language }),
        Command::Import {
            source,
            dest,
            from,
            sections_as,
        } => import(&source, &dest, from, sections_as),
        Command::Graph { root, format, all } => graph(root, format, all),
        Command::New { what } => new(what),
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut Cli::command(), "roadbook", &mut std::io::stdout());
            ExitCode::SUCCESS
        }
    }
}

/// `roadbook build`: the warnings and the summary line, or every problem.
fn build_site(opts: &BuildOptions) -> ExitCode {
    match build::build(opts) {
        Ok(built) => {
            report(&built.warnings);
            println!("{}", built.summary());
            ExitCode::SUCCESS
        }
        Err(diags) => {
            report(&diags);
            ExitCode::FAILURE
        }
    }
}

/// `roadbook serve`, until interrupted.
fn serve(opts: &crate::serve::ServeOptions) -> ExitCode {
    match crate::serve::serve(opts) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: cannot serve: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `roadbook check`: every problem `build` would report, writing nothing.
fn check(opts: &BuildOptions) -> ExitCode {
    let (_, diags) = build::check(opts);
    report(&diags);
    if diags.has_errors() {
        ExitCode::FAILURE
    } else {
        println!("no errors");
        ExitCode::SUCCESS
    }
}

/// `roadbook graph`: the topic graph in `format` on stdout.
fn graph(root: std::path::PathBuf, format: GraphFormat, all: bool) -> ExitCode {
    let opts = BuildOptions {
        root,
        ..BuildOptions::default()
    };
    let (assembled, diags) = build::check(&opts);
    let Some((site, _, _)) = assembled.filter(|_| !diags.has_errors()) else {
        report(&diags);
        return ExitCode::FAILURE;
    };
    let graph = &site.graph;
    let view = crate::graph::export::View::new(graph, &site.docs, all);
    let text = match format {
        GraphFormat::Json => crate::graph::export::view_json(&view, &site.docs, graph, &site.urls),
        GraphFormat::Dot => crate::graph::export::view_dot(&view, &site.docs, graph),
        GraphFormat::Mermaid => crate::graph::export::view_mermaid(&view, &site.docs, graph),
    };
    println!("{}", text.trim_end());
    ExitCode::SUCCESS
}

/// `roadbook new`: writes the file, prints its path on stdout (so `$EDITOR "$(roadbook new
/// post …)"` works) and any hint on stderr.
fn new(what: NewCommand) -> ExitCode {
    let (written, hint) = match what {
        NewCommand::Post {
            title,
            topics,
            tags,
            root,
        } => {
            let spec = crate::new::PostSpec { title, topics, tags };
            let hint = "a draft: `roadbook build --drafts` shows it; delete `draft = true` to publish";
            (crate::new::post(&root, &spec, crate::new::today()), hint)
        }
        NewCommand::Topic { id, stage, title, root } => {
            // Without --title the id stands in for it: say so, or the page reads `caching`.
            let hint = if title.is_none() {
                "the title is the id until you edit it (or pass --title \"제목\")"
            } else {
                ""
            };
            let spec = crate::new::TopicSpec { id, stage, title };
            (crate::new::topic(&root, &spec), hint)
        }
    };
    match written {
        Ok(path) => {
            println!("{}", path.display());
            if !hint.is_empty() {
                eprintln!("{hint}");
            }
            ExitCode::SUCCESS
        }
        Err(problems) => {
            report(&problems.into_iter().collect());
            ExitCode::FAILURE
        }
    }
}

/// `roadbook check --external`: the site checks, then every external link; exit 1 on any
/// error or broken link.
fn check_external(opts: &BuildOptions) -> ExitCode {
    let (assembled, mut diags) = build::check(opts);
    let Some((site, _, _)) = assembled else {
        report(&diags);
        return ExitCode::FAILURE;
    };
    let links = crate::linkcheck::check_site(&site, &crate::linkcheck::LinkOptions::from_env());
    diags.extend(links.diagnostics());
    report(&diags);
    print!("{}", links.table());
    if diags.has_errors() || links.has_broken() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// `roadbook import SOURCE DEST`: the new site, its warnings and a summary line.
fn import(
    source: &std::path::Path,
    dest: &std::path::Path,
    from: Option<ImportFrom>,
    sections_as: SectionsAs,
) -> ExitCode {
    use crate::import::{Flavour, ImportOptions};
    let options = ImportOptions {
        from: from.map(|f| match f {
            ImportFrom::Jekyll => Flavour::Jekyll,
            ImportFrom::Hugo => Flavour::Hugo,
            ImportFrom::Zola => Flavour::Zola,
            ImportFrom::Mdbook => Flavour::Mdbook,
        }),
        sections_as: match sections_as {
            SectionsAs::Tags => crate::import::SectionsAs::Tags,
            SectionsAs::Pages => crate::import::SectionsAs::Pages,
        },
    };
    match crate::import::import(source, dest, &options) {
        Ok(done) => {
            report(&done.warnings.into_iter().collect());
            println!(
                "imported {} site into {}: {}; {} construct{} not converted{} (see {})",
                done.flavour.a_name(),
                dest.display(),
                done.counts,
                done.reported,
                plural(done.reported),
                if done.skipped > 0 {
                    format!(", {} file{} skipped", done.skipped, plural(done.skipped))
                } else {
                    String::new()
                },
                dest.join("IMPORT.md").display()
            );
            println!("next: roadbook build --root {}", dest.display());
            ExitCode::SUCCESS
        }
        Err(problems) => {
            report(&problems.into_iter().collect());
            ExitCode::FAILURE
        }
    }
}

/// `roadbook init DIR`: scaffolds a site and says what to do next.
fn init(opts: crate::init::InitOptions) -> ExitCode {
    match crate::init::init(&opts) {
        Ok(files) => {
            println!("created a new roadbook site in {}:", opts.dir.display());
            for file in files {
                println!("  {}", file.display());
            }
            println!("\n{}", crate::init::next_steps(&opts.dir));
            ExitCode::SUCCESS
        }
        Err(d) => {
            report(&Diagnostics::from_iter([d]));
            ExitCode::FAILURE
        }
    }
}
