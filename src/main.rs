//! The `glossary-ls` binary: parses arguments and runs the server or a command.

use std::process::ExitCode;

use clap::Parser;
use glossary_ls::cli::{Cli, Command, ServeArgs};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        None => serve(cli.global, ServeArgs::default()),
        Some(Command::Serve(args)) => serve(cli.global, args),
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

fn serve(_global: glossary_ls::cli::GlobalArgs, _args: ServeArgs) -> anyhow::Result<i32> {
    anyhow::bail!(
        "the language server is not available in this build yet; use `scan`, `check`, `list` or `lookup`"
    )
}
