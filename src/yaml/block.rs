//! A fast reader for the plain block YAML that sprx itself writes: nested
//! `key: value` mappings, `- ` sequences, one-line plain or quoted scalars,
//! and `[]` or `{}` for empty ones. Parsing records is most of a cold report, and the general YAML
//! parser spends most of that on machinery these files never use.
//!
//! Anything outside that subset — flow collections, anchors, aliases, tags,
//! block or multi-line scalars, escapes, comments after a value, tabs, CRLF,
//! documents markers — is declined (`None`), and the caller parses the text
//! with yaml_serde instead. So is every input the target type refuses, so
//! that errors keep yaml_serde's wording and position. What this reader does
//! accept, it reads exactly as yaml_serde does (a plain `~` or `null` is no
//! value, numbers are plain decimal digits, strings are taken as written);
//! tests compare the two on generated and damaged records.

use std::borrow::Cow;
use std::fmt;

use serde::de::value::StrDeserializer;
use serde::de::{self, DeserializeOwned, DeserializeSeed, IntoDeserializer, Visitor};

/// Deeper nesting than this is declined (records nest four levels).
const MAX_DEPTH: usize = 16;

/// `text` read as `T`, or `None` when it is outside the subset this reader
/// handles or `T` refuses it.
pub fn read<T: DeserializeOwned>(text: &str) -> Option<T> {
    if !printable(text) {
        return None;
    }
    let mut parser = Parser {
        lines: content_lines(text),
        pos: 0,
    };
    let first = parser.peek()?;
    if first.indent != 0 {
        return None;
    }
    let root = parser.mapping(0, None, 0)?;
    if parser.pos != parser.lines.len() {
        return None;
    }
    T::deserialize(&root).ok()
}

/// Whether every character is one YAML reads plainly: no tabs, carriage
/// returns or other controls, and none of the characters libyaml treats as
/// line breaks or byte-order marks.
fn printable(text: &str) -> bool {
    let plain_ascii = |b: u8| b == b'\n' || (0x20..0x7f).contains(&b);
    if text.bytes().all(plain_ascii) {
        return true;
    }
    text.chars().all(|c| {
        if c.is_ascii() {
            plain_ascii(c as u8)
        } else {
            c >= '\u{a0}' && !matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}')
        }
    })
}

/// One line that holds something: its indentation and its text without
/// the indentation or trailing spaces.
struct Line<'a> {
    indent: usize,
    text: &'a str,
}

/// Lines with content; blank lines and whole-line comments carry nothing.
fn content_lines(text: &str) -> Vec<Line<'_>> {
    text.split('\n')
        .filter_map(|line| {
            let unindented = line.trim_start_matches(' ');
            let body = unindented.trim_end_matches(' ');
            if body.is_empty() || body.starts_with('#') {
                return None;
            }
            Some(Line {
                indent: line.len() - unindented.len(),
                text: body,
            })
        })
        .collect()
}

/// A parsed value, borrowing from the text where it can.
enum Node<'a> {
    Scalar { text: Cow<'a, str>, plain: bool },
    Mapping(Vec<(&'a str, Node<'a>)>),
    Sequence(Vec<Node<'a>>),
}

impl Node<'_> {
    fn empty() -> Self {
        Node::Scalar {
            text: Cow::Borrowed(""),
            plain: true,
        }
    }

    /// The text of a plain scalar.
    fn plain(&self) -> Option<&str> {
        match self {
            Node::Scalar { text, plain: true } => Some(text),
            _ => None,
        }
    }
}

struct Parser<'a> {
    lines: Vec<Line<'a>>,
    pos: usize,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<&Line<'a>> {
        self.lines.get(self.pos)
    }

    /// A mapping whose keys sit at column `indent`. `first` is an entry
    /// already read from the line that opened it (`- key: value`).
    fn mapping(&mut self, indent: usize, first: Option<(&'a str, Node<'a>)>, depth: usize) -> Option<Node<'a>> {
        if depth > MAX_DEPTH {
            return None;
        }
        let mut entries: Vec<(&'a str, Node<'a>)> = first.into_iter().collect();
        while let Some(line) = self.peek() {
            if line.indent < indent {
                break;
            }
            if line.indent > indent {
                // A continuation line or a misplaced key: not ours.
                return None;
            }
            let text = line.text;
            let (key, rest) = split_key(text)?;
            self.pos += 1;
            entries.push((key, self.value(indent, rest, depth)?));
        }
        Some(Node::Mapping(entries))
    }

    /// The value of a key at column `indent` whose line continued with `rest`.
    fn value(&mut self, indent: usize, rest: &'a str, depth: usize) -> Option<Node<'a>> {
        if !rest.is_empty() {
            return scalar(rest);
        }
        let Some(next) = self.peek() else {
            return Some(Node::empty());
        };
        let item = next.text.starts_with("- ") || next.text == "-";
        if next.indent > indent || (next.indent == indent && item) {
            let at = next.indent;
            if item {
                self.sequence(at, depth + 1)
            } else if split_key(next.text).is_some() {
                self.mapping(at, None, depth + 1)
            } else {
                None
            }
        } else {
            Some(Node::empty())
        }
    }

    /// A sequence whose `- ` marks sit at column `indent`.
    fn sequence(&mut self, indent: usize, depth: usize) -> Option<Node<'a>> {
        if depth > MAX_DEPTH {
            return None;
        }
        let mut items = Vec::new();
        while let Some(line) = self.peek() {
            if line.indent < indent {
                break;
            }
            if line.indent > indent {
                return None;
            }
            let Some(rest) = line.text.strip_prefix("- ") else {
                // The end of a sequence that shares its key's column; a lone
                // `-` (item on the next lines) is declined by the mapping.
                break;
            };
            self.pos += 1;
            if rest.starts_with(' ') || rest.starts_with("- ") {
                return None;
            }
            items.push(match split_key(rest) {
                Some((key, value)) => {
                    let first = (key, self.value(indent + 2, value, depth + 1)?);
                    self.mapping(indent + 2, Some(first), depth + 1)?
                }
                None => scalar(rest)?,
            });
        }
        Some(Node::Sequence(items))
    }
}

/// `key: rest` or `key:` with a simple key, else `None`.
fn split_key(text: &str) -> Option<(&str, &str)> {
    let colon = text.find(':')?;
    let (key, after) = (&text[..colon], &text[colon + 1..]);
    let simple = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    if key.is_empty() || key.starts_with('-') || !key.chars().all(simple) {
        return None;
    }
    if after.is_empty() {
        Some((key, after))
    } else if after.starts_with(' ') {
        Some((key, after.trim_start_matches(' ')))
    } else {
        None
    }
}

/// A value on one line: a plain, single-quoted, or double-quoted scalar
/// without escapes, or `[]` or `{}` (how empty lists and maps are written).
fn scalar(text: &str) -> Option<Node<'_>> {
    match text {
        "[]" => return Some(Node::Sequence(Vec::new())),
        "{}" => return Some(Node::Mapping(Vec::new())),
        _ => {}
    }
    if let Some(inner) = text.strip_prefix('\'') {
        let inner = inner.strip_suffix('\'')?;
        let mut value = String::with_capacity(inner.len());
        let mut quotes = inner.split('\'');
        value.push_str(quotes.next()?);
        // Inside, quotes come in pairs: `''` is one quote.
        while let Some(empty) = quotes.next() {
            if !empty.is_empty() {
                return None;
            }
            value.push('\'');
            value.push_str(quotes.next()?);
        }
        let text = if value.len() == inner.len() {
            Cow::Borrowed(inner)
        } else {
            Cow::Owned(value)
        };
        return Some(Node::Scalar { text, plain: false });
    }
    if let Some(inner) = text.strip_prefix('"') {
        let inner = inner.strip_suffix('"')?;
        if inner.contains(['"', '\\']) {
            return None;
        }
        return Some(Node::Scalar {
            text: Cow::Borrowed(inner),
            plain: false,
        });
    }
    // `-`, `?` and `:` start a plain scalar when a non-space follows (`-a`).
    let mut chars = text.chars();
    let starts_oddly = match (chars.next(), chars.next()) {
        (Some('-' | '?' | ':'), next) => next.is_none_or(|c| c == ' '),
        (Some(c), _) => matches!(
            c,
            ',' | '[' | ']' | '{' | '}' | '#' | '&' | '*' | '!' | '|' | '>' | '%' | '@' | '`'
        ),
        (None, _) => false,
    };
    if starts_oddly || text.ends_with(':') || text.contains(": ") || text.contains(" #") {
        return None;
    }
    Some(Node::Scalar {
        text: Cow::Borrowed(text),
        plain: true,
    })
}

/// Why a read was declined; the caller parses again with yaml_serde, whose
/// message is the one people see.
#[derive(Debug)]
struct Declined;

impl fmt::Display for Declined {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("outside sprx's block YAML")
    }
}

impl std::error::Error for Declined {}

impl de::Error for Declined {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Declined
    }
}

/// yaml_serde's reading of `null`: these plain scalars, or nothing at all.
fn is_null(plain: &str) -> bool {
    matches!(plain, "" | "~" | "null" | "Null" | "NULL")
}

/// Whether yaml_serde reads the plain scalar as text: not null, not a
/// boolean, not a number. Its rules, step for step: integers in decimal
/// (but not with leading zeros), `0x`, `0o` or `0b`, with a sign; floats
/// as Rust reads them, finite, or `.inf` and `.nan`.
pub(super) fn reads_as_text(plain: &str) -> bool {
    if is_null(plain) || matches!(plain, "true" | "True" | "TRUE" | "false" | "False" | "FALSE") {
        return false;
    }
    // Dates, names and most text: no digit, sign or point up front.
    if !plain.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '+' | '-' | '.')) {
        return true;
    }
    let leading_zeros = {
        let unsigned = plain.strip_prefix(['-', '+']).unwrap_or(plain);
        unsigned.len() > 1 && unsigned.starts_with('0') && unsigned[1..].bytes().all(|b| b.is_ascii_digit())
    };
    let based = |rest: &str, negative: bool| {
        [("0x", 16), ("0o", 8), ("0b", 2)].iter().any(|(prefix, radix)| {
            rest.strip_prefix(prefix).is_some_and(|digits| {
                !digits.starts_with(['+', '-'])
                    && match negative {
                        true => i128::from_str_radix(&format!("-{digits}"), *radix).is_ok(),
                        false => u128::from_str_radix(digits, *radix).is_ok(),
                    }
            })
        })
    };
    let unpositive = plain.strip_prefix('+').unwrap_or(plain);
    let unsigned_int = based(unpositive, false)
        || (!unpositive.starts_with(['+', '-']) && !leading_zeros && unpositive.parse::<u128>().is_ok());
    let negative_int = plain.strip_prefix('-').is_some_and(|rest| based(rest, true))
        || (!leading_zeros && plain.parse::<i128>().is_ok());
    if unsigned_int || negative_int {
        return false;
    }
    let doubly_signed = plain.starts_with('+') && unpositive.starts_with(['+', '-']);
    let float = !doubly_signed
        && (matches!(unpositive, ".inf" | ".Inf" | ".INF")
            || matches!(plain, "-.inf" | "-.Inf" | "-.INF" | ".nan" | ".NaN" | ".NAN")
            || unpositive.parse::<f64>().is_ok_and(f64::is_finite));
    leading_zeros || !float
}

macro_rules! decline {
    ($($method:ident)*) => {
        $(fn $method<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Declined> {
            Err(Declined)
        })*
    };
}

/// Methods that read as another does, as in yaml_serde.
macro_rules! read_as {
    ($target:ident: $($method:ident)*) => {
        $(fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Declined> {
            self.$target(visitor)
        })*
    };
}

impl<'de> de::Deserializer<'de> for &Node<'de> {
    type Error = Declined;

    decline! {
        deserialize_any deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_i128
        deserialize_u128 deserialize_f32 deserialize_f64 deserialize_char deserialize_bytes
        deserialize_byte_buf deserialize_unit deserialize_map deserialize_ignored_any
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Declined> {
        match self.plain() {
            Some("true" | "True" | "TRUE") => visitor.visit_bool(true),
            Some("false" | "False" | "FALSE") => visitor.visit_bool(false),
            _ => Err(Declined),
        }
    }

    read_as! { deserialize_u64: deserialize_u8 deserialize_u16 deserialize_u32 }
    read_as! { deserialize_str: deserialize_string deserialize_identifier }

    /// Plain decimal digits without a leading zero (which YAML reads as a
    /// string); signs, bases and underscores are left to yaml_serde.
    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Declined> {
        let digits = self.plain().ok_or(Declined)?;
        let decimal = !digits.is_empty()
            && digits.bytes().all(|b| b.is_ascii_digit())
            && (digits == "0" || !digits.starts_with('0'));
        if !decimal {
            return Err(Declined);
        }
        visitor.visit_u64(digits.parse().map_err(|_| Declined)?)
    }

    /// Text, unless yaml_serde reads the plain scalar as something else
    /// (`null`, `true`, `12`): that is an error, which yaml_serde's side
    /// reports with its place.
    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Declined> {
        match self {
            Node::Scalar { text, plain: false } => visitor.visit_str(text),
            Node::Scalar { text, plain: true } if reads_as_text(text) => visitor.visit_str(text),
            _ => Err(Declined),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Declined> {
        match self.plain() {
            Some(plain) if is_null(plain) => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(self, _: &'static str, _: V) -> Result<V::Value, Declined> {
        Err(Declined)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _: &'static str, _: V) -> Result<V::Value, Declined> {
        Err(Declined)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Declined> {
        match self {
            Node::Sequence(items) => visitor.visit_seq(Items(items.iter())),
            _ => Err(Declined),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, _: V) -> Result<V::Value, Declined> {
        Err(Declined)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(self, _: &'static str, _: usize, _: V) -> Result<V::Value, Declined> {
        Err(Declined)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Declined> {
        match self {
            Node::Mapping(entries) => visitor.visit_map(Entries {
                entries: entries.iter(),
                value: None,
            }),
            _ => Err(Declined),
        }
    }

    /// Unit variants named by a scalar, as yaml_serde reads them.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Declined> {
        match self {
            Node::Scalar { text, .. } => visitor.visit_enum(UnitVariant(text)),
            _ => Err(Declined),
        }
    }
}

struct Items<'n, 'de>(std::slice::Iter<'n, Node<'de>>);

impl<'de> de::SeqAccess<'de> for Items<'_, 'de> {
    type Error = Declined;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, Declined> {
        self.0.next().map(|item| seed.deserialize(item)).transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

struct Entries<'n, 'de> {
    entries: std::slice::Iter<'n, (&'de str, Node<'de>)>,
    value: Option<&'n Node<'de>>,
}

impl<'de> de::MapAccess<'de> for Entries<'_, 'de> {
    type Error = Declined;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Declined> {
        let Some((key, value)) = self.entries.next() else {
            return Ok(None);
        };
        self.value = Some(value);
        let key: StrDeserializer<'_, Declined> = key.into_deserializer();
        seed.deserialize(key).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Declined> {
        seed.deserialize(self.value.take().ok_or(Declined)?)
    }
}

struct UnitVariant<'n>(&'n str);

impl<'de, 'n> de::EnumAccess<'de> for UnitVariant<'n> {
    type Error = Declined;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self), Declined> {
        let name: StrDeserializer<'_, Declined> = self.0.into_deserializer();
        Ok((seed.deserialize(name)?, self))
    }
}

impl<'de> de::VariantAccess<'de> for UnitVariant<'_> {
    type Error = Declined;

    fn unit_variant(self) -> Result<(), Declined> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, _: T) -> Result<T::Value, Declined> {
        Err(Declined)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _: usize, _: V) -> Result<V::Value, Declined> {
        Err(Declined)
    }

    fn struct_variant<V: Visitor<'de>>(self, _: &'static [&'static str], _: V) -> Result<V::Value, Declined> {
        Err(Declined)
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::read;

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Visit {
        date: String,
        #[serde(default)]
        minutes: Option<u32>,
        #[serde(default = "yes")]
        attended: bool,
    }

    fn yes() -> bool {
        true
    }

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(rename_all = "kebab-case")]
    enum Mode {
        Phone,
        HomeVisit,
    }

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Record {
        name: String,
        #[serde(default)]
        note: Option<String>,
        #[serde(default)]
        mode: Option<Mode>,
        #[serde(default)]
        needs: Vec<String>,
        #[serde(default)]
        visits: Vec<Visit>,
        #[serde(default)]
        items: Vec<u8>,
        #[serde(default)]
        nested: Option<Box<Record>>,
    }

    fn general(text: &str) -> Option<Record> {
        serde_yaml::from_str(text).ok()
    }

    /// Texts the block reader reads, each exactly as yaml_serde does.
    #[test]
    fn reads_the_block_subset_as_yaml_serde_does() {
        let texts = [
            "name: Ada\n",
            "# header\nname: Ada Example\n\n# between\nnote: Lives alone, since 2020 (widowed)\n",
            "name: 'O''Brien: #1'\nnote: ''\n",
            "name: \"quoted: # fine\"\nnote: O'Brien\n",
            "name: Ann\nnote: null\n",
            "name: Ann\nnote: ~\nmode:\n",
            "name: yes\nnote: '0123'\nmode: home-visit\n",
            "name: 'yes'\nnote: 0123 4567\n",
            "name: -a\nnote: ?b\nneeds:\n- :c\n- -x\n",
            "name:   spaced  out   \nnote: http://example.org/a#b\n",
            "name: José Ñúñez 🌱\nnote: a\u{a0}#b\n",
            "name: x\nneeds:\n- loneliness\n- food\nnote: after\n",
            "name: x\nneeds:\n  - loneliness\n  - food\n",
            "name: x\nvisits:\n- date: 2026-10-01\n  minutes: 30\n- date: 2026-10-02\n  attended: false\n",
            "name: x\nitems:\n- 0\n- 4\n- 10\n",
            "name: x\nnested:\n  name: y\n  needs:\n  - a\n  nested:\n    name: z\n",
            "name: x\nvisits:\n- date: d\n  minutes: 5\nneeds:\n- a\n",
            "name: x\nneeds: []\nvisits: []\n",
        ];
        for text in texts {
            let fast = read::<Record>(text);
            assert!(fast.is_some(), "declined:\n{text}");
            assert_eq!(fast, general(text), "{text}");
        }
    }

    /// Texts outside the subset, or that the type refuses, are declined
    /// (yaml_serde then reads them, or explains what is wrong).
    #[test]
    fn declines_everything_else() {
        let texts = [
            "name: a\n  continued\n",
            "name: a # comment\n",
            "name: |\n  block\n",
            "name: >\n  folded\n",
            "name: &a x\nnote: *a\n",
            "name: !tag x\n",
            "name: {x: 1}\n",
            "needs: [a, b]\nname: x\n",
            "name: \"esc\\n\"\n",
            "name: 'multi\n  line'\n",
            "name: x\r\n",
            "name:\tx\n",
            "---\nname: x\n",
            "name: x\n...\n",
            "\u{feff}name: x\n",
            "name: a: b\n",
            "name: a:\n",
            "name: - x\n",
            "name: x\nnote: -\n",
            "name: ? x\n",
            "  name: x\n",
            "name: x\n  note: y\n",
            "name: x\nvisits:\n-\n  date: d\n",
            "name: x\nvisits:\n-   date: d\n",
            "name: x\nneeds:\n- - a\n",
            "name: x\nitems:\n- 012\n",
            "name: x\nitems:\n- +1\n",
            "name: x\nitems:\n- 0x1\n",
            "name: x\nitems:\n- '1'\n",
            "name: x\nitems:\n- 300\n",
            "name: x\nvisits:\n- date: d\n  attended: yes\n",
            "name: x\nunknown: 1\n",
            "name: x\nname: y\n",
            "note: missing name\n",
            "name: x\nneeds:\n",
            "name: x\nmode: bicycle\n",
            "- name: x\n",
            "name: x\n\u{85}\n",
            // Not text: yaml_serde's side reports these with their place.
            "name: null\n",
            "name: ~\n",
            "name: true\n",
            "name: x\nneeds:\n- -1\n",
            "name: 12\n",
            "name: 0x10\n",
            "name: 1.5e3\n",
            "name: .inf\n",
        ];
        for text in texts {
            assert_eq!(read::<Record>(text), None, "read:\n{text}");
        }
    }

    /// What the block reader takes for text is what yaml_serde does, on
    /// every short plain scalar made of the characters numbers, booleans
    /// and nulls are spelled with.
    #[test]
    fn takes_for_text_what_yaml_serde_does() {
        let alphabet: Vec<char> = "019+-._xobeEinfaNtrulsTUL~".chars().collect();
        let mut scalars = vec![String::new()];
        let mut last = vec![String::new()];
        for _ in 0..4 {
            last = last
                .iter()
                .flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}")))
                .collect();
            scalars.extend(last.iter().cloned());
        }
        scalars.extend(
            [
                "true",
                "False",
                "NULL",
                "null",
                ".NaN",
                "-.INF",
                "1_000",
                "2026-01-01",
                "0o17",
                "+0x1F",
            ]
            .map(String::from),
        );
        let mut checked = 0;
        for plain in scalars {
            let Ok(value) = serde_yaml::from_str::<serde_yaml::Value>(&format!("k: {plain}\n")) else {
                continue;
            };
            let Some(value) = value.get("k") else { continue };
            if super::scalar(&plain).is_some_and(|n| n.plain().is_some()) {
                assert_eq!(super::reads_as_text(&plain), value.is_string(), "`{plain}`: {value:?}");
                checked += 1;
            }
        }
        assert!(checked > 10_000, "{checked}");
    }

    #[test]
    fn declines_deep_nesting() {
        let mut text = String::new();
        for depth in 0..40 {
            text += &format!("{}name: x\n{}nested:\n", "  ".repeat(depth), "  ".repeat(depth));
        }
        assert_eq!(read::<Record>(&text), None);
    }
}
