//! `sprx completions SHELL`: shell completion scripts, generated from the
//! same clap definitions that parse the command line (checked into
//! `completions/`, kept in step by a test), and the man page in `man/`.

use clap::CommandFactory;

use super::Out;
use crate::cli::{Cli, CompletionsArgs};
use crate::error::Result;

/// The completion script for `shell`.
pub fn script(shell: clap_complete::Shell) -> String {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "sprx", &mut buf);
    String::from_utf8(buf).expect("completion scripts are UTF-8")
}

/// The man page, sprx(1), in roff.
pub fn man_page() -> String {
    let mut buf = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut buf)
        .expect("rendering to memory");
    String::from_utf8(buf).expect("the man page is UTF-8")
}

pub fn run(a: CompletionsArgs, out: &mut Out) -> Result<()> {
    out.print(&script(a.shell))
}
