//! Record files as text: parsing YAML with size and encoding limits and
//! errors that point at a line, writing it back with the schema line editors
//! use, and spotting comments that a rewrite would lose.
//!
//! Writing quotes every text a YAML 1.1 or 1.2 reader could take for
//! something else — `No`, `on`, `~`, `2026-01-01`, `1_000`, `0x10`, `.nan`,
//! `1:20` — so a commissioner's PyYAML script reads back exactly the text
//! that was written. Reading refuses, with its line and column, a bare
//! `null`, `true` or number where text belongs.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_yaml::Value;

mod block;

pub use block::read as read_block;

/// Why a record file could not be read: where, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}:{line}:{column}: {message}")]
pub struct ParseError {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

pub type Result<T, E = ParseError> = std::result::Result<T, E>;

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
pub const REFERRAL_HEADER: &str = "# yaml-language-server: $schema=../../../schemas/referral.schema.json\n";

fn parse_error(path: &str, line: usize, column: usize, message: impl Into<String>) -> ParseError {
    ParseError {
        path: path.to_string(),
        line,
        column,
        message: message.into(),
    }
}

/// Parse a record file, refusing oversized or non-UTF-8 input. Files in the
/// block style sprx writes take the fast reader; the rest, yaml_serde.
pub fn parse<T: DeserializeOwned + Serialize>(path: &str, bytes: &[u8]) -> Result<T> {
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
    if let Some(record) = block::read(text) {
        return Ok(record);
    }
    parse_general(path, text)
}

/// Parse YAML text with the general parser only, for what the fast block
/// reader declines (and for tests that compare the two).
pub fn parse_general<T: DeserializeOwned + Serialize>(path: &str, text: &str) -> Result<T> {
    if let Some((line, column)) = too_deep(text) {
        return Err(parse_error(
            path,
            line,
            column,
            format!("nested more than {MAX_NESTING} levels deep"),
        ));
    }
    let located = |e: serde_yaml::Error| {
        let (line, column) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
        // The location is already in our prefix; keep only the reason, in
        // words, not the name of a type inside sprx.
        let message = e.to_string();
        let message = message.split(" at line ").next().unwrap_or(&message);
        let message = match message.split_once("expected struct ") {
            Some((before, _)) => format!("{before}expected a mapping of fields (key: value lines)"),
            None => message.to_string(),
        };
        parse_error(path, line, column, message)
    };
    let value: T = serde_yaml::from_str(text).map_err(located)?;
    // yaml_serde reads a bare `null` or number into text as that text:
    // compare what was read with how YAML itself reads each value.
    let read = serde_yaml::to_value(&value).map_err(located)?;
    let written: Value = serde_yaml::from_str(text).map_err(located)?;
    if let Some((field, found)) = not_text(&read, &written, String::new()) {
        let (line, column) = locate(text, &field);
        let example = as_written(text, line, column).unwrap_or_else(|| plain_text(&field, &written));
        let message = format!(
            "{field}: expected text, found {found}; put it in quotes if it is meant as text (e.g. '{example}')"
        );
        return Err(parse_error(path, line, column, message));
    }
    Ok(value)
}

/// Where `read` (a record as serde read it) holds text but `written` (the
/// YAML as YAML reads it) holds null, a boolean or a number: the field's
/// path and what it holds. Only text keys are followed (a record's own
/// fields; anything may sit under `extra`).
fn not_text(read: &Value, written: &Value, at: String) -> Option<(String, &'static str)> {
    match (read, written) {
        (Value::String(_), Value::Null) => Some((at, "nothing (null)")),
        (Value::String(_), Value::Bool(_)) => Some((at, "true or false")),
        (Value::String(_), Value::Number(_)) => Some((at, "a number")),
        (Value::Mapping(fields), Value::Mapping(entries)) => fields.iter().find_map(|(key, value)| {
            let key = key.as_str()?;
            let inner = entries.get(key)?;
            let at = if at.is_empty() {
                key.to_string()
            } else {
                format!("{at}.{key}")
            };
            not_text(value, inner, at)
        }),
        (Value::Sequence(items), Value::Sequence(written)) => items
            .iter()
            .zip(written)
            .enumerate()
            .find_map(|(i, (item, inner))| not_text(item, inner, format!("{at}[{i}]"))),
        _ => None,
    }
}

/// The plain scalar on `line` from `column` on, as the person typed it
/// (`key: 012  # note` gives `012`), if it is a simple one.
fn as_written(text: &str, line: usize, column: usize) -> Option<String> {
    let rest = text.lines().nth(line.checked_sub(1)?)?.get(column.checked_sub(1)?..)?;
    plain_value(rest).map(str::to_string)
}

/// The plain scalar a block-YAML line holds (`key: 012  # note` and
/// `- 012` give `012`), if it holds a simple one: not quoted, and no
/// collection, alias, tag or block scalar.
fn plain_value(line: &str) -> Option<&str> {
    let mut rest = line.trim_start();
    if rest.starts_with('#') {
        return None;
    }
    while let Some(item) = rest.strip_prefix("- ") {
        rest = item.trim_start();
    }
    let value = match rest.split_once(": ") {
        Some((key, _)) if key.starts_with(['\'', '"']) => return None,
        Some((_, value)) => value,
        None if rest.ends_with(':') => return None,
        None => rest,
    };
    let value = value.split(" #").next().unwrap_or(value).trim();
    let simple = !value.is_empty() && !value.contains(['\'', '"', '[', '{', '&', '*', '!', '|', '>']);
    simple.then_some(value)
}

/// The scalar at `field` as YAML read it, for the message's example.
fn plain_text(field: &str, written: &Value) -> String {
    let mut at = written;
    for step in steps(field) {
        at = match step {
            Step::Key(key) => at.get(key),
            Step::Index(i) => at.get(i),
        }
        .unwrap_or(&Value::Null);
    }
    match at {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        _ => String::new(),
    }
}

/// Serialise a record with its schema header line, in block style, quoting
/// every text any YAML reader could take for something else.
pub fn to_yaml<T: Serialize>(header: &str, value: &T) -> String {
    let value = serde_yaml::to_value(value).expect("records always serialise");
    let mut out = String::from(header);
    match &value {
        Value::Mapping(m) if !m.is_empty() => mapping(&mut out, m, 0, false),
        Value::Sequence(s) if !s.is_empty() => sequence(&mut out, s, 0, false),
        other => {
            scalar(&mut out, other);
            out.push('\n');
        }
    }
    out
}

/// Entries at column `indent`; with `inline`, the first follows a `- `
/// already written.
fn mapping(out: &mut String, entries: &serde_yaml::Mapping, indent: usize, inline: bool) {
    for (i, (key, value)) in entries.iter().enumerate() {
        if i > 0 || !inline {
            out.extend(std::iter::repeat_n(' ', indent));
        }
        scalar(out, key);
        out.push(':');
        match value {
            Value::Mapping(m) if !m.is_empty() => {
                out.push('\n');
                mapping(out, m, indent + 2, false);
            }
            Value::Sequence(s) if !s.is_empty() => {
                out.push('\n');
                sequence(out, s, indent, false);
            }
            other => {
                out.push(' ');
                scalar(out, other);
                out.push('\n');
            }
        }
    }
}

/// Items with their `- ` at column `indent`.
fn sequence(out: &mut String, items: &[Value], indent: usize, inline: bool) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 || !inline {
            out.extend(std::iter::repeat_n(' ', indent));
        }
        out.push_str("- ");
        match item {
            Value::Mapping(m) if !m.is_empty() => mapping(out, m, indent + 2, true),
            Value::Sequence(s) if !s.is_empty() => sequence(out, s, indent + 2, true),
            other => {
                scalar(out, other);
                out.push('\n');
            }
        }
    }
}

/// One scalar (or an empty collection) as it goes on a line.
fn scalar(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => text(out, s),
        Value::Sequence(_) => out.push_str("[]"),
        Value::Mapping(_) => out.push_str("{}"),
        Value::Tagged(tagged) => {
            out.push_str(&format!("{} ", tagged.tag));
            scalar(out, &tagged.value);
        }
    }
}

/// How a text must be written.
#[derive(Debug, PartialEq)]
enum Style {
    Plain,
    /// `'…'`, with `''` for a quote.
    Single,
    /// `"…"`, with escapes: for line breaks and other control characters.
    Double,
}

fn text(out: &mut String, s: &str) {
    match style(s) {
        Style::Plain => out.push_str(s),
        Style::Single => {
            out.push('\'');
            out.push_str(&s.replace('\'', "''"));
            out.push('\'');
        }
        Style::Double => {
            out.push('"');
            for c in s.chars() {
                match c {
                    '"' => out.push_str("\\\""),
                    '\\' => out.push_str("\\\\"),
                    '\n' => out.push_str("\\n"),
                    '\t' => out.push_str("\\t"),
                    '\r' => out.push_str("\\r"),
                    c if needs_escape(c) => out.push_str(&format!("\\u{:04x}", c as u32)),
                    c => out.push(c),
                }
            }
            out.push('"');
        }
    }
}

/// Characters that may not appear as they are in a YAML text.
fn needs_escape(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}')
}

/// The style `s` needs so that every YAML 1.1 and 1.2 reader reads it back
/// as this same text.
fn style(s: &str) -> Style {
    if s.chars().any(needs_escape) {
        return Style::Double;
    }
    let first = s.chars().next();
    let indicator = |c: char| "-?:,[]{}#&*!|>'\"%@`".contains(c);
    let spaced = s.starts_with(' ') || s.ends_with(' ');
    let syntax = first.is_none_or(indicator) || spaced || s.ends_with(':') || s.contains(": ") || s.contains(" #");
    if syntax || reads_as_other_than_text(s) {
        Style::Single
    } else {
        Style::Plain
    }
}

/// Whether a YAML 1.1 or 1.2 reader takes the plain scalar `s` for null,
/// a boolean, a number, a date or time, or a merge or value key. Wider
/// than any one reader, on purpose: quoting more than needed is harmless.
pub fn reads_as_other_than_text(s: &str) -> bool {
    const WORDS: [&str; 10] = ["y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"];
    if WORDS.iter().any(|w| s.eq_ignore_ascii_case(w)) || s == "<<" || s == "=" {
        return true;
    }
    // Numbers in any base or spelling, dates, times and sexagesimals all
    // start with a digit, a sign or a point, and hold no space; but for a
    // YAML 1.1 timestamp, which starts with a date and may have spaces.
    let unsigned = s.strip_prefix(['+', '-']).unwrap_or(s);
    let numeric_start = unsigned.starts_with(|c: char| c.is_ascii_digit() || c == '.');
    starts_with_date(s) || (numeric_start && !s.contains(char::is_whitespace))
}

/// Whether `s` starts like a date: four digits and a hyphen.
fn starts_with_date(s: &str) -> bool {
    s.len() > 4 && s.as_bytes()[..4].iter().all(u8::is_ascii_digit) && s.as_bytes()[4] == b'-'
}

/// Plain scalars in hand-written `text` that sprx (and yaml_serde, a
/// YAML 1.2 reader) reads as text but a YAML 1.1 reader such as PyYAML
/// takes for a boolean or a number — `No`, `on`, `012`, `1:20`, `1_000` —
/// each with its line and column, the scalar, and what PyYAML makes of it.
/// Text sprx writes never has one: it quotes them all.
pub fn read_differently(text: &str) -> Vec<(usize, usize, String, &'static str)> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let Some(value) = plain_value(line) else {
            continue;
        };
        if !block::reads_as_text(value) || !reads_as_other_than_text(value) {
            continue;
        }
        // YAML 1.1's booleans, in the three spellings it knows.
        const WORDS: [&str; 6] = ["y", "n", "yes", "no", "on", "off"];
        let title = |w: &str| w[..1].to_uppercase() + &w[1..];
        let boolean = WORDS
            .iter()
            .any(|w| value == *w || value == w.to_uppercase() || value == title(w));
        let unsigned = value.trim_start_matches(['+', '-']);
        // A date stays the same date to PyYAML, only of another type: not
        // worth a warning on every hand-written one.
        let what = if boolean {
            "true or false"
        } else if !starts_with_date(value) && unsigned.starts_with(|c: char| c.is_ascii_digit() || c == '.') {
            "a number"
        } else {
            continue;
        };
        // `value` is a slice of `line`: its column is where it starts.
        let column = value.as_ptr() as usize - line.as_ptr() as usize + 1;
        out.push((n + 1, column, value.to_string(), what));
    }
    out
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
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match quote {
            // `''` inside single quotes and `\x` inside double quotes are
            // escapes, not the end of the text.
            Some('\'') if c == '\'' && chars.peek() == Some(&'\'') => {
                chars.next();
            }
            Some('"') if c == '\\' => {
                chars.next();
            }
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

    /// Texts YAML 1.1 or 1.2 readers take for something else, in the
    /// spellings each has.
    const NOT_TEXT: &[&str] = &[
        "y",
        "Y",
        "n",
        "N",
        "yes",
        "Yes",
        "YES",
        "no",
        "No",
        "NO",
        "on",
        "On",
        "ON",
        "off",
        "Off",
        "OFF",
        "true",
        "True",
        "TRUE",
        "false",
        "False",
        "FALSE",
        "tRuE",
        "nO",
        "null",
        "Null",
        "NULL",
        "~",
        "",
        "0",
        "12",
        "-3",
        "+4",
        "012",
        "007",
        "1_000",
        "0x10",
        "0X10",
        "0o7",
        "0b101",
        "1.5",
        ".5",
        "1.",
        "1e3",
        "1E3",
        "6.8523015e+5",
        ".inf",
        "-.inf",
        "+.INF",
        ".nan",
        ".NaN",
        "1:20",
        "190:20:30",
        "1:20.5",
        "2026-01-01",
        "2001-12-14t21:59:43.10-05:00",
        "2001-12-14 21:59:43.10 -5",
        "<<",
        "=",
    ];

    #[test]
    fn text_any_reader_would_take_for_something_else_is_quoted() {
        for s in NOT_TEXT {
            assert_ne!(style(s), Style::Plain, "`{s}` is written bare");
        }
        for s in [
            "Ada Example",
            "SP-2026-0001",
            "walking-for-health",
            "07700 900123",
            "O'Brien",
            "x: y",
        ] {
            let written = to_yaml("", &serde_json::json!({ "name": s }));
            assert_eq!(
                parse::<serde_json::Value>("x", written.as_bytes()).unwrap()["name"],
                *s,
                "{written}"
            );
        }
        assert_eq!(style("Ada Example"), Style::Plain);
        assert_eq!(style("line\nbreak"), Style::Double);
    }

    #[test]
    fn every_text_reads_back_as_written() {
        let texts: Vec<String> = NOT_TEXT
            .iter()
            .map(|s| s.to_string())
            .chain(
                [
                    "- item",
                    "? key",
                    ": x",
                    "#hash",
                    "a #b",
                    "a: b",
                    "trailing:",
                    " lead",
                    "trail ",
                    "'quoted'",
                    "\"dq\"",
                    "back\\slash",
                    "tab\there",
                    "new\nline",
                    "cr\rhere",
                    "nel\u{85}x",
                    "ls\u{2028}x",
                    "bom\u{feff}x",
                    "[flow]",
                    "{flow}",
                    "*alias",
                    "&anchor",
                    "!tag",
                    "|block",
                    ">folded",
                    "%directive",
                    "@at",
                    "`tick",
                    "---",
                    "...",
                    "Zoë 🌱",
                    "a\u{7f}b",
                ]
                .map(String::from),
            )
            .collect();
        for s in &texts {
            let value = serde_json::json!({ "name": s, "list": [s], "nested": { "deeper": [{ "k": s }] } });
            let written = to_yaml("", &value);
            let read: serde_json::Value =
                parse("x.yaml", written.as_bytes()).unwrap_or_else(|e| panic!("{s:?}: {e}\n{written}"));
            assert_eq!(read, value, "{written}");
            let general: serde_json::Value = parse_general("x.yaml", &written).unwrap();
            assert_eq!(general, value, "{written}");
        }
    }

    #[test]
    fn a_bare_null_or_number_where_text_belongs_is_refused_where_it_is() {
        #[derive(Debug, serde::Serialize, serde::Deserialize)]
        struct Person {
            name: String,
            note: Option<String>,
            age: Option<u32>,
        }
        let cases = [
            ("name: null\n", "x.yaml:1:1: name: expected text, found nothing (null)"),
            (
                "note: hi\nname: 12\n",
                "x.yaml:2:1: name: expected text, found a number",
            ),
            (
                "name: Ann\nnote: true\n",
                "x.yaml:2:1: note: expected text, found true or false",
            ),
        ];
        for (text, error) in cases {
            let e = parse::<Person>("x.yaml", text.as_bytes()).unwrap_err().to_string();
            assert!(e.starts_with(error), "{text}: {e}");
        }
        let fine: Person = parse("x.yaml", b"name: 'null'\nnote: null\nage: 12\n").unwrap();
        assert_eq!((fine.name.as_str(), fine.note, fine.age), ("null", None, Some(12)));
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
        // A quote doubled inside single quotes, or escaped inside double
        // quotes, does not end the text (found by the round-trip property).
        assert_eq!(first_comment("- service: ''' #'\n"), None);
        assert_eq!(first_comment("a: 'it''s #3'\nb: \"say \\\" #3\"\n"), None);
        assert_eq!(first_comment("a: 'it''s' # note\n"), Some(1));
    }
}

#[cfg(test)]
mod extra_tests {
    use super::*;

    #[derive(Debug, serde::Serialize, serde::Deserialize)]
    struct Note {
        name: String,
        #[serde(default)]
        extra: serde_yaml::Mapping,
    }

    #[test]
    fn any_yaml_under_extra_reads_without_panicking() {
        for extra in [
            "{? [a, b] : c}",
            "{1: x}",
            "{a: .nan}",
            "{a: [null, ~]}",
            "{a: {b: null}}",
        ] {
            let text = format!("name: Ann\nextra: {extra}\n");
            let note: Note = parse_general("x.yaml", &text).unwrap_or_else(|e| panic!("{extra}: {e}"));
            assert_eq!(note.name, "Ann");
            assert!(!note.extra.is_empty(), "{extra}");
        }
    }

    #[test]
    fn the_quoting_example_is_the_text_as_written() {
        let err = parse_general::<Note>("x.yaml", "name: 1e3\n").unwrap_err().to_string();
        assert!(err.contains("(e.g. '1e3')"), "{err}");
        let err = parse_general::<Note>("x.yaml", "name: 0.10\n").unwrap_err().to_string();
        assert!(err.contains("(e.g. '0.10')"), "{err}");
        let err = parse_general::<Note>("x.yaml", "name:   True   # a comment\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("(e.g. 'True')"), "{err}");
    }
}
