//! `sprx completions SHELL`: shell completion scripts, generated from the
//! same clap definitions that parse the command line (checked into
//! `completions/`, kept in step by a test), and the man page in `man/`.

use super::Out;
use crate::cli::CompletionsArgs;
use crate::error::Result;

/// The completion script for `shell`.
pub fn script(shell: clap_complete::Shell) -> String {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut crate::help::command(), "sprx", &mut buf);
    String::from_utf8(buf).expect("completion scripts are UTF-8")
}

/// The man page, sprx(1), in roff.
pub fn man_page() -> String {
    let mut buf = Vec::new();
    clap_mangen::Man::new(crate::help::command())
        .render(&mut buf)
        .expect("rendering to memory");
    let mut page = String::from_utf8(buf).expect("the man page is UTF-8");
    page.push_str(&crate::help::man_examples());
    page
}

pub fn run(a: CompletionsArgs, out: &mut Out) -> Result<()> {
    out.print(&script(a.shell))
}
