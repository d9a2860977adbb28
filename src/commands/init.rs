//! `sprx init [DIR] [--name N] [--prefix P]`: a new casebook — git init if
//! needed, `sprx.toml` with every default written out, the JSON Schemas
//! editors use, and one first commit.

use std::path::Path;

use super::{Ctx, Out};
use crate::cli::InitArgs;
use crate::error::{Error, Result};
use crate::model::referral::{PREFIX_RULE, valid_prefix};
use crate::settings::{SETTINGS_FILE, Worker};
use crate::store::{Casebook, StoreError};

pub fn run(a: InitArgs, ctx: &Ctx, out: &mut Out) -> Result<()> {
    make(a, None, ctx, out)
}

/// Make the casebook; `worker`, when given, is written into `sprx.toml`.
pub fn make(a: InitArgs, worker: Option<&Worker>, ctx: &Ctx, out: &mut Out) -> Result<()> {
    let dir = ctx.cwd.join(a.dir.as_deref().unwrap_or(Path::new(".")));
    let prefix = a.prefix.unwrap_or_else(|| "SP".into());
    if !valid_prefix(&prefix) {
        return Err(Error::usage(format!("--prefix `{prefix}` must be {PREFIX_RULE}")).with_hint("e.g. --prefix SP"));
    }
    if dir.join(SETTINGS_FILE).exists() {
        return Err(StoreError::AlreadyCasebook(dir).into());
    }
    let name = a.name.unwrap_or_else(|| "Social prescribing casebook".into());
    let made_dir = !dir.exists();
    let had_git = dir.join(".git").exists();
    std::fs::create_dir_all(&dir).map_err(|source| StoreError::Io {
        path: dir.clone(),
        source,
    })?;
    let mut files = vec![(SETTINGS_FILE.to_string(), settings_template(&name, &prefix, worker))];
    files.extend(
        crate::schemas::all()
            .into_iter()
            .map(|(file, text)| (format!("schemas/{file}"), text)),
    );
    let committed = Casebook::init(&dir, &files, worker, ctx.now).inspect_err(|_| {
        // A casebook that could not be made leaves nothing behind: not the
        // git repository it began (one that was there before stays), not
        // the folder.
        if !had_git {
            let _ = std::fs::remove_dir_all(dir.join(".git"));
        }
        if made_dir {
            let _ = std::fs::remove_dir(&dir);
        }
    });
    let committed = committed.map_err(|e| match e {
        StoreError::NoAuthor => {
            Error::failed("no commit author: git has no user.name and user.email, so nothing was made").with_hint(
                "tell git who you are, then run sprx init again:\n  git config --global user.name \"Sam Link\"\n  git config --global user.email \"sam@example.org\"\n(or set GIT_AUTHOR_NAME and GIT_AUTHOR_EMAIL)",
            )
        }
        e => e.into(),
    })?;
    if let Some(unfinished) = committed.unfinished {
        out.warn(&unfinished);
    }
    out.note(&format!("made casebook {} in {}", toml_escape(&name), dir.display()));
    Ok(())
}

fn toml_escape(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// `sprx.toml` for a new casebook, every default written out.
fn settings_template(name: &str, prefix: &str, worker: Option<&Worker>) -> String {
    let worker = match worker {
        Some(w) => format!("[worker]                       # commit author\nname = {}\nemail = {}\n", toml_escape(&w.name), toml_escape(&w.email)),
        None => "# [worker]                     # commit author; falls back to git config user.name/email\n# name = \"Sam Link\"\n# email = \"sam@example.org\"\n".into(),
    };
    format!(
        r#"# sprx casebook settings. Every setting is optional; the defaults are shown.

[casebook]
name = {name}
id_prefix = "{prefix}"          # IDs are PREFIX-YEAR-NNNN, NNNN counting up per year

{worker}
[policy]
min_age = 18                   # referrals for younger people cannot be accepted
review_interval_days = 28      # review due this long after a plan or review
contact_gap_days = 14          # flag open referrals with no contact for this long
triage_target_days = 5         # flag untriaged referrals older than this

[measures]                     # what counts as a meaningful individual improvement
wemwbs = 3.0
swemwbs = 1.0                  # metric points
ons4 = 1.0                     # per item; anxiety improves when it falls
ucla3 = 1.0                    # loneliness improves when it falls
follow_up_days = 90            # a follow-up measure is due this long after closure

[taxonomy]                     # local additions to the built-in lists
needs = []
sources = []

[report]
suppress_below = 5             # report --by withholds counts from 1 to this less one

[retention]
years_after_closure = 8        # your policy; 8 is the NHS Records Management Code's for adult records
"#,
        name = toml_escape(name)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::Settings;

    #[test]
    fn template_holds_the_defaults() {
        let text = settings_template("Riverside \"PCN\"", "RV", None);
        let parsed = Settings::parse(Path::new("sprx.toml"), &text).unwrap();
        assert_eq!(parsed.casebook.name, "Riverside \"PCN\"");
        assert_eq!(parsed.casebook.id_prefix, "RV");
        let defaults = Settings::default();
        assert_eq!(
            (
                parsed.policy,
                parsed.measures,
                parsed.taxonomy,
                parsed.report,
                parsed.retention
            ),
            (
                defaults.policy,
                defaults.measures,
                defaults.taxonomy,
                defaults.report,
                defaults.retention
            )
        );
    }
}
