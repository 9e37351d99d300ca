//! The integration tests: one test binary, so that the crate and its
//! dependencies are linked once. `common` holds the shared helpers: the
//! in-process LSP client, the stdio client for the real binary, fixture
//! sites and a seeded random source.

mod common;

mod cli;
mod docs;
mod features_document;
mod format_kubernetes;
mod format_markdown_file;
mod format_mkdocs_abbreviations;
mod format_sphinx_myst;
mod fuzz_regressions;
mod layering;
mod loader;
mod matching;
mod properties;
mod real_sites;
mod robustness_properties;
mod robustness_protocol;
mod robustness_server;
mod server_editing;
mod server_harness;
mod server_reload;
mod server_startup;
mod server_stdio;
mod server_workspace;
mod taught_names;
mod terminology;
