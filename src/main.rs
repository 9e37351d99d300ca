//! The `glossary-ls` binary: parses arguments and runs the server or a command.

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;
use glossary_ls::cli::{Cli, Command, GlobalArgs, LogArgs};
use glossary_ls::config::Overrides;

const TERMINAL_HINT: &str = "glossary-ls: the language server is waiting for an editor to talk to it \
     on stdin (Ctrl-C quits); for a terminal, try `glossary-ls scan --builtin .` or `glossary-ls --help`";

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        None | Some(Command::Serve(_)) => serve(cli.global, cli.log),
        Some(command) => glossary_ls::cli::run(command, &cli.global),
    };
    match result {
        Ok(code) => ExitCode::from(code as u8),
        Err(error) => {
            eprintln!("glossary-ls: error: {error:#}");
            ExitCode::from(2)
        }
    }
}

fn serve(global: GlobalArgs, log: LogArgs) -> anyhow::Result<i32> {
    // Someone who typed `glossary-ls` in a terminal would otherwise see nothing
    // happen: say what it is waiting for. Editors give it a pipe, not a terminal.
    if std::io::stdin().is_terminal() {
        eprintln!("{TERMINAL_HINT}");
    }
    glossary_ls::server::init_logging(&log.log_level, log.log_file.as_deref())?;
    let overrides = Overrides {
        builtin: global.builtin,
        glossary: global.glossary,
        link_url: global.link_url,
        ..Default::default()
    };
    glossary_ls::server::serve_stdio(glossary_ls::server::ServerOptions {
        overrides,
        cache_root: None,
    })
}
