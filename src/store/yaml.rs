//! Record files as text: parsing YAML with size and encoding limits and
//! errors that point at a line, writing it back with the schema line editors
//! use, and spotting comments that a rewrite would lose.

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::{Result, StoreError};

/// Records larger than this are refused unread (a referral is a few KiB).
pub const MAX_RECORD_BYTES: usize = 1 << 20;

/// The first line of every referral file, so editors validate it.
pub const REFERRAL_HEADER: &str = "# yaml-language-server: $schema=../../schemas/referral.schema.json\n";

fn parse_error(path: &str, line: usize, column: usize, message: impl Into<String>) -> StoreError {
    StoreError::Parse {
        path: path.to_string(),
        line,
        column,
        message: message.into(),
    }
}

/// Parse a record file, refusing oversized or non-UTF-8 input.
pub fn parse<T: DeserializeOwned>(path: &str, bytes: &[u8]) -> Result<T> {
    if bytes.len() > MAX_RECORD_BYTES {
        return Err(parse_error(
            path,
            1,
            1,
            format!(
                "file is {} bytes; records are limited to {MAX_RECORD_BYTES}",
                bytes.len()
            ),
        ));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let before = &bytes[..e.valid_up_to()];
        let line = before.iter().filter(|b| **b == b'\n').count() + 1;
        let column = before.len() - before.iter().rposition(|b| *b == b'\n').map_or(0, |p| p + 1) + 1;
        parse_error(path, line, column, "not valid UTF-8 text")
    })?;
    serde_yaml::from_str(text).map_err(|e| {
        let (line, column) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
        // The location is already in our prefix; keep only the reason.
        let message = e.to_string();
        let message = message.split(" at line ").next().unwrap_or(&message).to_string();
        parse_error(path, line, column, message)
    })
}

/// Serialise a record with its schema header line.
pub fn to_yaml<T: Serialize>(header: &str, value: &T) -> String {
    let body = serde_yaml::to_string(value).expect("records always serialise");
    format!("{header}{body}")
}

/// The line number (1-based) of the first YAML comment other than the schema
/// header, if any. Quoted strings and block scalars are skipped.
pub fn first_comment(text: &str) -> Option<usize> {
    let mut block_indent: Option<usize> = None;
    for (n, line) in text.lines().enumerate() {
        if n == 0 && line.starts_with("# yaml-language-server:") {
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        if let Some(b) = block_indent {
            if line.trim().is_empty() || indent > b {
                continue;
            }
            block_indent = None;
        }
        let (comment, opens_block) = scan_line(line);
        if comment {
            return Some(n + 1);
        }
        if opens_block {
            block_indent = Some(indent);
        }
    }
    None
}

/// Whether a line holds a comment, and whether it opens a block scalar.
fn scan_line(line: &str) -> (bool, bool) {
    let mut quote: Option<char> = None;
    let mut prev = ' ';
    let mut code = String::new();
    for c in line.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '#' && prev.is_whitespace() => return (true, false),
            None if (c == '\'' || c == '"')
                && (prev.is_whitespace() || matches!(prev, ':' | '[' | '{' | ',' | '-')) =>
            {
                quote = Some(c)
            }
            None => code.push(c),
        }
        prev = c;
    }
    let end = code.trim_end();
    let opens = end.ends_with(['|', '>'])
        || end.ends_with("|-")
        || end.ends_with(">-")
        || end.ends_with("|+")
        || end.ends_with(">+");
    (false, opens)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_comments_but_not_hashes_in_text() {
        assert_eq!(first_comment("# yaml-language-server: $schema=x\na: 1\n"), None);
        assert_eq!(first_comment("a: 1\n# note\n"), Some(2));
        assert_eq!(first_comment("a: 1 # note\n"), Some(3 - 2));
        assert_eq!(first_comment("a: 'Room #3'\nb: \"x # y\"\nc: flat#3\n"), None);
        assert_eq!(
            first_comment("note: |-\n  line one\n  # not a comment\nnext: 2\n"),
            None
        );
        assert_eq!(first_comment("note: |-\n  line one\nnext: 2 # here\n"), Some(3));
    }
}
