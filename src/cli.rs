//! The command line as clap sees it. Derive parses it; what `--help`, the
//! completions and the man page say comes from the interface catalog
//! (`help-…` messages in cmd.ftl), put in by `localized_command` in the
//! staff's language. What each command does lives in `cmd/`.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Arg, ArgAction, Args, CommandFactory, FromArgMatches, Parser, Subcommand};
use rundbrief::config::BadRate;
use rundbrief::locale::{Catalog, Lang, UnknownLang, ui};
use rundbrief::store::{Status, UnknownValue};

#[derive(Debug, Parser)]
#[command(
    name = "rundbrief",
    bin_name = "rundbrief",
    version,
    propagate_version = true
)]
pub(crate) struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

// Options of every command.
#[derive(Debug, Args)]
pub(crate) struct Global {
    #[arg(
        short = 'C',
        long,
        global = true,
        default_value = ".",
        env = "RUNDBRIEF_WORKSPACE"
    )]
    pub workspace: PathBuf,
    #[arg(short, long, global = true)]
    pub quiet: bool,
    #[arg(short, long, global = true, conflicts_with = "quiet")]
    pub verbose: bool,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    Init {
        dir: PathBuf,
    },
    #[command(group(clap::ArgGroup::new("what").required(true).args(["issue", "mailing"])))]
    New {
        issue: Option<String>,
        #[arg(long, value_name = "SLUG", conflicts_with_all = ["issue", "entry"])]
        mailing: Option<String>,
        #[arg(long, value_name = "TITLE")]
        entry: Option<String>,
    },
    Build {
        issue: Option<String>,
        #[arg(long)]
        mjml: bool,
    },
    Check {
        issue: Option<String>,
        #[arg(long)]
        strict: bool,
        #[arg(long)]
        dns: bool,
        #[arg(long)]
        links: bool,
    },
    Preview {
        issue: Option<String>,
        #[arg(long, default_value = "127.0.0.1:8000")]
        bind: SocketAddr,
    },
    #[command(subcommand)]
    Subscribers(Subscribers),
    #[command(subcommand)]
    Templates(Templates),
    Send {
        issue: Option<String>,
        #[arg(long, value_name = "ADDRESS", num_args = 1..)]
        test: Vec<String>,
        #[arg(long, conflicts_with = "test")]
        dry_run: bool,
        #[arg(long, short = 'y')]
        yes: bool,
        #[arg(long)]
        connections: Option<usize>,
        #[arg(long, value_parser = parse_rate)]
        rate: Option<rundbrief::config::Rate>,
        #[arg(long, value_name = "TIME", conflicts_with_all = ["test", "dry_run"])]
        at: Option<String>,
        #[arg(long, conflicts_with_all = ["test", "dry_run", "at", "yes"])]
        cancel: bool,
    },
    Status {
        issue: Option<String>,
    },
    Inbox {
        #[arg(long, value_name = "DIR")]
        maildir: Option<PathBuf>,
        #[arg(long)]
        dry_run: bool,
    },
    Archive {
        #[arg(long)]
        out: Option<PathBuf>,
        #[arg(long)]
        drafts: bool,
        #[arg(long)]
        serve: bool,
        #[arg(long, requires = "serve", default_value = "127.0.0.1:8000")]
        bind: SocketAddr,
    },
    Backup {
        file: PathBuf,
    },
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    Man,
    Serve {
        #[arg(long)]
        bind: Option<SocketAddr>,
        #[arg(long)]
        print_form: bool,
        #[arg(long, requires = "print_form", value_parser = parse_lang)]
        lang: Option<Lang>,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum Templates {
    List,
    Copy {
        name: String,
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum Subscribers {
    Add {
        address: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long, value_parser = parse_lang)]
        lang: Option<Lang>,
        #[arg(long)]
        no_mail: bool,
    },
    Import {
        file: PathBuf,
        #[arg(long)]
        strict: bool,
        #[arg(long, value_name = "TEXT")]
        consent: Option<String>,
        #[arg(long)]
        no_mail: bool,
    },
    Export {
        #[arg(long, value_parser = parse_status)]
        status: Option<Status>,
        #[arg(long)]
        out: Option<PathBuf>,
        #[arg(long)]
        excel: bool,
    },
    List {
        #[arg(long, value_parser = parse_status)]
        status: Option<Status>,
        #[arg(long, value_name = "INTEREST")]
        interest: Option<String>,
        #[arg(long)]
        json: bool,
    },
    Show {
        address: String,
        #[arg(long)]
        new_link: bool,
    },
    Stats,
    Remove {
        address: String,
    },
    Forget {
        address: String,
        #[arg(long, short = 'y')]
        yes: bool,
    },
    Resume,
    Prune {
        #[arg(long)]
        dry_run: bool,
    },
}

/// Parses the command line, with help and errors in the staff's language.
pub(crate) fn parse() -> Cli {
    let mut command = localized_command();
    let matches = command.get_matches_mut();
    Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.format(&mut command).exit())
}

/// The command line with its texts in the staff's language: for each
/// command the `help-…` messages of cmd.ftl give what it is for, more about
/// it, its examples (after the options, one a line) and each argument's
/// help; headings and clap's own `--help`/`--version`/`help` too.
pub(crate) fn localized_command() -> clap::Command {
    let ui = ui();
    let headings = Headings {
        arguments: leak(ui.text("help-heading-arguments")),
        options: leak(ui.text("help-heading-options")),
        commands: leak(ui.text("help-heading-commands")),
        usage: ui.text("help-heading-usage"),
    };
    let mut command = localize(Cli::command(), &[], ui, &headings)
        .about(ui.text("help-rundbrief"))
        .after_help(ui.text("help-rundbrief-after"));
    // clap makes its `help` subcommand when it builds the command; only
    // then can it be told what to say.
    command.build();
    localize_help_subcommand(&mut command, ui);
    command
}

/// The headings of `--help`, in the staff's language.
struct Headings {
    arguments: &'static str,
    options: &'static str,
    commands: &'static str,
    usage: String,
}

/// clap takes headings as static text (without its `string` feature); a
/// run makes the command line once (twice for `completions` and `man`).
fn leak(text: String) -> &'static str {
    Box::leak(text.into_boxed_str())
}

/// The catalog's text for `id`, when it has one.
fn text(ui: &Catalog, id: &str) -> Option<String> {
    ui.has(id).then(|| ui.text(id))
}

/// The part of the message ids that names a command: `subscribers-add`.
fn key(path: &[&str]) -> String {
    path.join("-")
}

/// The message with an argument's help: `help-send-arg-dry-run`; for the
/// options of every command `help-arg-quiet`.
fn arg_message(path: &[&str], arg: &str) -> String {
    let arg = arg.replace('_', "-");
    if path.is_empty() {
        format!("help-arg-{arg}")
    } else {
        format!("help-{}-arg-{arg}", key(path))
    }
}

/// Puts the catalog's texts into `command` (at `path` below the top) and
/// its subcommands, before clap builds them.
fn localize(
    mut command: clap::Command,
    path: &[&str],
    ui: &Catalog,
    headings: &Headings,
) -> clap::Command {
    let key = key(path);
    if !path.is_empty() {
        if let Some(about) = text(ui, &format!("help-{key}")) {
            // As clap itself does with doc comments: the list of commands
            // shows the first sentence without its full stop, --help all.
            let short = about.strip_suffix('.').unwrap_or(&about).to_string();
            let long = match text(ui, &format!("help-{key}-details")) {
                Some(details) => format!("{about}\n\n{details}"),
                None => about,
            };
            command = command.about(short).long_about(long);
        }
        if let Some(examples) = text(ui, &format!("help-examples-{key}")) {
            command = command.after_help(examples);
        }
    }
    command = command.mut_args(|arg| {
        let id = arg_message(path, arg.get_id().as_str());
        let heading = if arg.is_positional() {
            headings.arguments
        } else {
            headings.options
        };
        let arg = arg.help_heading(heading);
        match text(ui, &id) {
            Some(help) => arg.help(help),
            None => arg,
        }
    });
    let usage = command.get_styles().get_usage();
    let template = format!(
        "{{before-help}}{{about-with-newline}}\n{usage}{}:{usage:#} {{usage}}\n\n{{all-args}}{{after-help}}",
        headings.usage
    );
    // Long help: what clap decides by (its `--help` differs from `-h`).
    let long = command.get_long_about().is_some()
        || command.get_after_long_help().is_some()
        || command
            .get_arguments()
            .any(|arg| arg.get_long_help().is_some());
    let help = Arg::new("help")
        .short('h')
        .long("help")
        .action(ArgAction::Help)
        .help_heading(headings.options)
        .display_order(usize::MAX - 1);
    let help = if long {
        help.help(ui.text("help-flag-help-short"))
            .long_help(ui.text("help-flag-help-long"))
    } else {
        help.help(ui.text("help-flag-help"))
    };
    let version = Arg::new("version")
        .short('V')
        .long("version")
        .action(ArgAction::Version)
        .help(ui.text("help-flag-version"))
        .help_heading(headings.options)
        .display_order(usize::MAX);
    command = command
        .help_template(template)
        .subcommand_help_heading(headings.commands)
        .disable_help_flag(true)
        .arg(help)
        .disable_version_flag(true)
        .arg(version);
    let names: Vec<String> = command
        .get_subcommands()
        .map(|sub| sub.get_name().to_string())
        .collect();
    for name in names {
        let mut sub_path = path.to_vec();
        sub_path.push(&name);
        command = command.mut_subcommand(&name, |sub| localize(sub, &sub_path, ui, headings));
    }
    command
}

/// The `help` subcommand clap adds while building, at every level.
fn localize_help_subcommand(command: &mut clap::Command, ui: &Catalog) {
    for sub in command.get_subcommands_mut() {
        if sub.get_name() == "help" {
            *sub = std::mem::take(sub).about(ui.text("help-command-help"));
        }
        localize_help_subcommand(sub, ui);
    }
}

fn parse_lang(text: &str) -> Result<Lang, UnknownLang> {
    text.parse()
}

fn parse_rate(text: &str) -> Result<rundbrief::config::Rate, BadRate> {
    text.parse()
}

fn parse_status(text: &str) -> Result<Status, UnknownValue> {
    text.parse()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The help messages are looked up by the commands' and arguments'
    /// names, so no test of the library sees them: this one does.
    #[test]
    fn every_command_and_argument_has_its_help_and_every_command_examples() {
        fn walk(command: &clap::Command, path: &[&str], ui: &Catalog, missing: &mut Vec<String>) {
            let mut ids: Vec<String> = command
                .get_arguments()
                .map(|arg| arg_message(path, arg.get_id().as_str()))
                .collect();
            if !path.is_empty() {
                ids.push(format!("help-{}", key(path)));
                ids.push(format!("help-examples-{}", key(path)));
            }
            missing.extend(ids.into_iter().filter(|id| !ui.has(id)));
            for sub in command.get_subcommands() {
                let mut sub_path = path.to_vec();
                sub_path.push(sub.get_name());
                walk(sub, &sub_path, ui, missing);
            }
        }
        let mut missing = Vec::new();
        walk(&Cli::command(), &[], ui(), &mut missing);
        assert!(missing.is_empty(), "missing from cmd.ftl: {missing:#?}");
    }

    #[test]
    fn the_localized_command_line_is_consistent() {
        // Building runs clap's own checks (debug builds).
        let command = localized_command();
        assert!(command.get_about().is_some());
        assert!(
            command
                .find_subcommand("send")
                .and_then(|send| send.get_after_help())
                .is_some_and(|examples| examples.to_string().lines().count() >= 4)
        );
    }
}
