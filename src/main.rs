//! The `glossary-ls` binary: parses arguments and runs the server or a command.

use std::process::ExitCode;

use clap::Parser;
use glossary_ls::cli::{Cli, Command, GlobalArgs, LogArgs};
use glossary_ls::config::Overrides;

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
