//! Record files as text: parsing YAML with size and encoding limits and
//! errors that point at a line, writing it back with the schema line editors
//! use, and spotting comments that a rewrite would lose.

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::{Result, StoreError};

/// Records larger than this are refused unread (a referral is a few KiB).
pub const MAX_RECORD_BYTES: usize = 1 << 20;

/// Deeper nesting than this is refused before parsing: records nest a few
/// levels, and the YAML parser slows down badly on pathological depth.
pub const MAX_NESTING: usize = 64;

/// Where `text` nests deeper than [`MAX_NESTING`] (flow brackets, or block
/// indentation and leading `- `), if anywhere.
fn too_deep(text: &str) -> Option<(usize, usize)> {
    let mut flow = 0usize;
    for (n, line) in text.lines().enumerate() {
        let bytes = line.as_bytes();
        let lead = bytes.iter().take_while(|b| matches!(b, b' ' | b'-' | b'?')).count();
        if lead > MAX_NESTING * 4 {
            return Some((n + 1, 1));
        }
        if !bytes.iter().any(|b| matches!(b, b'[' | b'{' | b']' | b'}')) {
            continue;
        }
        // A quote opens a scalar only where a scalar can start, as in YAML;
        // closers inside quotes do not count. Quotes end with the line.
        let mut quote: Option<u8> = None;
        let mut prev = b' ';
        for (col, &c) in bytes.iter().enumerate() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, b'\'' | b'"') if prev.is_ascii_whitespace() || matches!(prev, b'[' | b'{' | b',' | b':') => {
                    quote = Some(c)
                }
                (None, b'#') if prev.is_ascii_whitespace() => break,
                (None, b'[' | b'{') => {
                    flow += 1;
                    if flow > MAX_NESTING {
                        return Some((n + 1, col + 1));
                    }
                }
                (None, b']' | b'}') => flow = flow.saturating_sub(1),
                _ => {}
            }
            prev = c;
        }
    }
    None
}

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

/// Parse a record file, refusing oversized or non-UTF-8 input. Files in the
/// block style sprx writes take the fast reader; the rest, yaml_serde.
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
    if let Some(record) = super::block_yaml::read(text) {
        return Ok(record);
    }
    parse_general(path, text)
}

/// Parse YAML text with the general parser only, for what the fast block
/// reader declines (and for tests that compare the two).
pub fn parse_general<T: DeserializeOwned>(path: &str, text: &str) -> Result<T> {
    if let Some((line, column)) = too_deep(text) {
        return Err(parse_error(
            path,
            line,
            column,
            format!("nested more than {MAX_NESTING} levels deep"),
        ));
    }
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

/// One step of a field path: `plan.goals[1].status` is key, key, index, key.
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

fn steps(field: &str) -> Vec<Step<'_>> {
    let mut out = Vec::new();
    for part in field.split('.') {
        let (key, rest) = part.split_once('[').map_or((part, ""), |(k, r)| (k, r));
        if !key.is_empty() {
            out.push(Step::Key(key));
        }
        for index in rest.split('[') {
            if let Ok(i) = index.trim_end_matches(']').parse() {
                out.push(Step::Index(i));
            }
        }
    }
    out
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// Where the key of `field` (a dotted path such as `measures[0].items`)
/// starts in a YAML text written in block style: (line, column), 1-based.
/// Falls back to the nearest enclosing key found, or (1, 1).
pub fn locate(text: &str, field: &str) -> (usize, usize) {
    let lines: Vec<&str> = text.lines().collect();
    let blank = |l: &str| l.trim().is_empty() || l.trim_start().starts_with('#');
    let (mut start, mut end) = (0, lines.len());
    let mut found = (1, 1);
    for step in steps(field) {
        let Some(first) = (start..end).find(|&i| !blank(lines[i])) else {
            break;
        };
        match step {
            Step::Key(key) => {
                let key_col = |l: &str| {
                    if l.trim_start().starts_with("- ") {
                        indent(l) + 2
                    } else {
                        indent(l)
                    }
                };
                let col = key_col(lines[first]);
                let at = (start..end).find(|&i| {
                    let l = lines[i];
                    key_col(l) == col && l[col.min(l.len())..].starts_with(&format!("{key}:"))
                });
                let Some(i) = at else { break };
                found = (i + 1, col + 1);
                // The value's block: deeper lines, or a sequence at the same indent.
                let block_end = (i + 1..end)
                    .find(|&j| {
                        let l = lines[j];
                        !blank(l) && indent(l) <= col && !(indent(l) == col && l.trim_start().starts_with("- "))
                    })
                    .unwrap_or(end);
                (start, end) = (i + 1, block_end);
            }
            Step::Index(n) => {
                let dash = indent(lines[first]);
                let items: Vec<usize> = (start..end)
                    .filter(|&i| indent(lines[i]) == dash && lines[i].trim_start().starts_with('-'))
                    .collect();
                let Some(&i) = items.get(n) else { break };
                found = (i + 1, dash + 1);
                let next = items.get(n + 1).copied().unwrap_or(end);
                (start, end) = (i, next);
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_fields_by_path() {
        let text = "# yaml-language-server: $schema=x\nid: SP-2026-0001\nperson:\n  name: A\n  nhs_number: '1'\nreferral:\n  source: gp\n  needs:\n  - food\nplan:\n  goals:\n  - id: 1\n    text: Walk\n  - id: 2\n    text: Swim\ncontacts:\n- date: 2026-11-01\n  mode: phone\n- date: 2026-11-02\n  mode: video\nmeasures:\n- date: 2026-11-03\n  items:\n  - 1\n";
        assert_eq!(locate(text, "person.nhs_number"), (5, 3));
        assert_eq!(locate(text, "referral.source"), (7, 3));
        assert_eq!(locate(text, "referral.needs"), (8, 3));
        assert_eq!(locate(text, "plan.goals[1].text"), (15, 5));
        assert_eq!(locate(text, "contacts[1].date"), (19, 3));
        assert_eq!(locate(text, "contacts[1].mode"), (20, 3));
        assert_eq!(locate(text, "measures[0].items"), (23, 3));
        assert_eq!(locate(text, "id"), (2, 1));
        assert_eq!(locate(text, "closure.date"), (1, 1), "absent: the top");
        assert_eq!(locate(text, "person.phone"), (3, 1), "absent key: its parent");
    }

    #[test]
    fn pathological_nesting_is_refused_before_parsing() {
        let deep = format!("extra: {}{}", "[".repeat(100_000), "]".repeat(100_000));
        let err = parse::<serde_json::Value>("x.yaml", deep.as_bytes())
            .unwrap_err()
            .to_string();
        assert_eq!(err, "x.yaml:1:72: nested more than 64 levels deep");
        let hidden = format!("extra: {}", "[ ']' ".repeat(70));
        assert!(parse::<serde_json::Value>("x.yaml", hidden.as_bytes()).is_err());
        let block: String = (0..300).map(|i| format!("{}- a\n", " ".repeat(i * 2))).collect();
        assert!(
            parse::<serde_json::Value>("x.yaml", block.as_bytes())
                .unwrap_err()
                .to_string()
                .contains("nested more than")
        );
        let fine = "note: 'Ada''s [walk] {x}'\nextra: [[1, 2], {a: [3]}]\n";
        assert!(parse::<serde_json::Value>("x.yaml", fine.as_bytes()).is_ok());
    }

    #[test]
    fn alias_bombs_are_refused() {
        let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (prev, name) in ('a'..'j').zip('b'..='j') {
            text += &format!("{name}: &{name} [{}]\n", vec![format!("*{prev}"); 9].join(", "));
        }
        let err = parse::<serde_json::Value>("x.yaml", text.as_bytes())
            .unwrap_err()
            .to_string();
        assert!(err.contains("repetition limit exceeded"), "{err}");
    }

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
