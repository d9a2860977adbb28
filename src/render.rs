//! The one place that turns rows into output: a terminal table (comfy-table),
//! CSV (csv crate, RFC 4180 quoting) or JSON (an array of objects, values
//! keeping their types).
//!
//! Tables fit the width ([`width`]: the terminal's, else `COLUMNS`, else 80
//! when piped). No word is ever split — an ID, a date or a flag stays on one
//! line, and a `name` column is kept whole (up to 30 characters). When the
//! table would not fit so, its optional columns are left out, in the order
//! it gives, and the footer names them; what still does not fit wraps
//! between words, the rightmost columns first. `--wide` shows
//! everything at its natural width.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{ColumnConstraint, ContentArrangement, Table as Comfy, Width};
use serde_json::{Map, Value};

use crate::cli::TableFormat;

/// Rows with named columns; cells are JSON values so JSON keeps types.
#[derive(Debug, Clone, Default)]
pub struct Table {
    pub columns: Vec<&'static str>,
    pub rows: Vec<Vec<Value>>,
    /// A line under the table (not in CSV or JSON).
    pub footer: Option<String>,
    /// For JSON: fields to wrap the rows in, and the rows' key; without it
    /// the JSON is a bare array of rows.
    pub envelope: Option<(Map<String, Value>, &'static str)>,
    /// Columns the terminal table may leave out to fit the width, the first
    /// left out first (CSV and JSON always hold every column).
    pub optional: Vec<&'static str>,
}

/// A progress bar on stderr for long work, shown only when stderr is a
/// terminal and there is enough to do to take over about a second; a no-op
/// otherwise (and in pipes, scripts and tests).
pub struct Progress {
    bar: Option<indicatif::ProgressBar>,
    /// For work whose size is not known: when it started, until it has
    /// taken a second and the count is shown.
    hidden_since: Option<std::time::Instant>,
}

impl Progress {
    /// Work on `total` items, of which about `per_second` are done in a
    /// second; `what` names it ("reading records").
    pub fn new(total: usize, per_second: usize, what: &str) -> Progress {
        if total < per_second || !std::io::stderr().is_terminal() {
            return Progress {
                bar: None,
                hidden_since: None,
            };
        }
        let bar = indicatif::ProgressBar::with_draw_target(Some(total as u64), indicatif::ProgressDrawTarget::stderr());
        let style = indicatif::ProgressStyle::with_template("{msg} {bar:30} {pos}/{len} ({eta} left)")
            .expect("a valid template");
        bar.set_style(style);
        bar.set_message(what.to_string());
        Progress {
            bar: Some(bar),
            hidden_since: None,
        }
    }

    /// Work of a size not known ahead (`what` counts items: "commits
    /// read"): a running count, shown once it has taken a second.
    pub fn counting(what: &str) -> Progress {
        if !std::io::stderr().is_terminal() {
            return Progress {
                bar: None,
                hidden_since: None,
            };
        }
        let bar = indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::hidden());
        let style =
            indicatif::ProgressStyle::with_template("{spinner} {pos} {msg} ({per_sec})").expect("a valid template");
        bar.set_style(style);
        bar.set_message(what.to_string());
        Progress {
            bar: Some(bar),
            hidden_since: Some(std::time::Instant::now()),
        }
    }

    /// `n` more items done (from any thread).
    pub fn add(&self, n: usize) {
        if let Some(bar) = &self.bar {
            bar.inc(n as u64);
            if self.hidden_since.is_some_and(|t| t.elapsed().as_secs() >= 1) && bar.is_hidden() {
                bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
            }
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// `--wide`: tables at their natural width, however wide.
static WIDE: AtomicBool = AtomicBool::new(false);

/// Show tables at their natural width (`--wide`).
pub fn set_wide(wide: bool) {
    WIDE.store(wide, Ordering::Relaxed);
}

/// The width text is fitted to: the terminal's when stdout is one, else
/// `COLUMNS`, else 80.
pub fn width() -> usize {
    let terminal = std::io::stdout()
        .is_terminal()
        .then(|| Comfy::new().width())
        .flatten()
        .map(usize::from);
    let columns = || std::env::var("COLUMNS").ok()?.trim().parse::<usize>().ok();
    terminal.or_else(columns).filter(|w| *w >= 20).unwrap_or(80)
}

/// A message for stderr: wrapped between words to the terminal's width
/// when stderr is a terminal, else left whole (for scripts and logs).
pub fn for_stderr(text: &str) -> String {
    if !std::io::stderr().is_terminal() {
        return text.to_string();
    }
    let width = Comfy::new().width().map_or(80, usize::from).max(20);
    wrap(text, width)
}

/// `text` wrapped to `width` between words (a word longer than the width
/// keeps its own line); line breaks in `text` are kept.
pub fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    for (n, line) in text.split('\n').enumerate() {
        if n > 0 {
            out.push('\n');
        }
        let indent: String = line.chars().take_while(|c| *c == ' ').collect();
        let mut current = String::new();
        for word in line.split(' ').filter(|w| !w.is_empty()) {
            let len = current.chars().count();
            if len > 0 && len + 1 + word.chars().count() > width {
                out.push_str(&current);
                out.push('\n');
                current.clear();
            }
            if current.is_empty() {
                current.push_str(&indent);
            } else {
                current.push(' ');
            }
            current.push_str(word);
        }
        out.push_str(&current);
    }
    out
}

/// Lines of text (`show`, `service show`) fitted to the width: a line too
/// long wraps between words, its further lines indented two more than it.
pub fn fit(text: &str) -> String {
    let width = if WIDE.load(Ordering::Relaxed) {
        usize::MAX
    } else {
        width()
    };
    let mut out = String::new();
    for line in text.lines() {
        if line.chars().count() <= width {
            out.push_str(line);
        } else {
            let indent = line.chars().take_while(|c| *c == ' ').count() + 2;
            let pad = " ".repeat(indent);
            for (n, part) in wrap(line, width).lines().enumerate() {
                if n > 0 {
                    out.push('\n');
                    out.push_str(&pad);
                    out.push_str(part.trim_start());
                } else {
                    out.push_str(part);
                }
            }
        }
        out.push('\n');
    }
    out
}

/// The widest word of a cell (where it may be wrapped) and its whole width.
fn widths(cell: &str) -> (usize, usize) {
    let longest = cell.split_whitespace().map(|w| w.chars().count()).max().unwrap_or(0);
    let whole = cell.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    (longest, whole)
}

impl Table {
    pub fn new(columns: &[&'static str]) -> Table {
        Table {
            columns: columns.to_vec(),
            rows: Vec::new(),
            footer: None,
            envelope: None,
            optional: Vec::new(),
        }
    }

    /// Columns that may be left out to fit the width, the first first.
    pub fn optional(mut self, columns: &[&'static str]) -> Table {
        debug_assert!(columns.iter().all(|c| self.columns.contains(c)));
        self.optional = columns.to_vec();
        self
    }

    pub fn push(&mut self, row: Vec<Value>) {
        debug_assert_eq!(row.len(), self.columns.len());
        self.rows.push(row);
    }

    pub fn render(&self, format: TableFormat) -> String {
        match format {
            TableFormat::Table => self.to_table(),
            TableFormat::Csv => self.to_csv(),
            TableFormat::Json => self.to_json(),
        }
    }

    fn to_table(&self) -> String {
        let wide = WIDE.load(Ordering::Relaxed);
        self.fitted(if wide { None } else { Some(width()) })
    }

    /// The terminal table within `width` columns (`None`: unbounded).
    fn fitted(&self, width: Option<usize>) -> String {
        let cells: Vec<Vec<String>> = self.rows.iter().map(|r| r.iter().map(text).collect()).collect();
        // Each column's narrowest (its longest word) and natural width.
        let mut shown: Vec<(usize, usize, usize)> = (0..self.columns.len())
            .map(|c| {
                let (mut narrow, mut natural) = (self.columns[c].chars().count(), self.columns[c].chars().count());
                for row in &cells {
                    let (word, whole) = widths(&row[c]);
                    narrow = narrow.max(word);
                    natural = natural.max(whole);
                }
                (c, narrow, natural)
            })
            .collect();
        // A border before each column and one after the last, and a space
        // either side of each cell.
        let frame = |n: usize| 3 * n + 1;
        let mut hidden = Vec::new();
        if let Some(width) = width {
            // Optional columns go until the rest fits with its one-word
            // cells (IDs, dates, flags) whole and its text at its longest
            // word; text then wraps between words where it must.
            // A person's name is read whole (up to 30 characters).
            let comfortable = |c: usize, narrow: usize, natural: usize| {
                let words = cells.iter().any(|row| row[c].contains(char::is_whitespace));
                match self.columns[c] {
                    "name" => natural.min(30).max(narrow),
                    _ if words => narrow,
                    _ => natural,
                }
            };
            let needed = |shown: &[(usize, usize, usize)]| {
                shown.iter().map(|(c, n, w)| comfortable(*c, *n, *w)).sum::<usize>() + frame(shown.len())
            };
            let mut left_out = Vec::new();
            for column in &self.optional {
                if needed(&shown) <= width {
                    break;
                }
                if let Some(at) = shown.iter().position(|(c, _, _)| self.columns[*c] == *column) {
                    left_out.push(shown.remove(at));
                }
            }
            // A column left out early may fit again once later ones went.
            for column in left_out.into_iter().rev() {
                let mut with = shown.clone();
                with.push(column);
                with.sort_by_key(|(c, _, _)| *c);
                if needed(&with) <= width {
                    shown = with;
                } else {
                    hidden.insert(0, self.columns[column.0]);
                }
            }
            hidden.sort_by_key(|h| self.optional.iter().position(|o| o == h));
        }
        // Narrower than its words the table cannot be: it goes past the
        // width rather than split one.
        let narrowest = shown.iter().map(|(_, n, _)| n).sum::<usize>() + frame(shown.len());
        let asked = width;
        let width = width.map(|w| w.max(narrowest));
        let mut t = Comfy::new();
        t.load_style(UTF8_FULL_CONDENSED);
        match width {
            Some(w) => {
                t.set_content_arrangement(ContentArrangement::Dynamic)
                    .set_width(u16::try_from(w).unwrap_or(u16::MAX));
            }
            None => {
                t.set_content_arrangement(ContentArrangement::Disabled);
            }
        }
        t.set_header(shown.iter().map(|(c, _, _)| self.columns[*c]));
        for row in &cells {
            t.add_row(shown.iter().map(|(c, _, _)| row[*c].as_str()));
        }
        if let Some(width) = width {
            // Each column gets its longest word, then what room is left goes
            // to the columns left to right, each up to its natural width: an
            // ID and a name stay whole before a list of needs does.
            let mut spare = width - narrowest;
            let constraints = shown.iter().map(|(_, narrow, natural)| {
                let more = spare.min(natural - narrow);
                spare -= more;
                // comfy-table's widths include the space either side.
                let cells = u16::try_from(narrow + more + 2).unwrap_or(u16::MAX);
                ColumnConstraint::Absolute(Width::Fixed(cells))
            });
            t.set_constraints(constraints.collect::<Vec<_>>());
        }
        let mut out = t.to_string();
        out.push('\n');
        let mut footer: Vec<String> = self.footer.iter().cloned().collect();
        if !hidden.is_empty() {
            let asked = asked.unwrap_or_default();
            let past = match width.unwrap_or_default() {
                w if w > asked => format!(" (the rest needs {w}, to keep its words whole)"),
                _ => String::new(),
            };
            footer.push(format!(
                "Left out to fit {asked} columns: {}{past}; --wide shows them.",
                hidden.join(", ")
            ));
        }
        for line in footer {
            out.push_str(&match width {
                Some(w) => wrap(&line, w),
                None => line,
            });
            out.push('\n');
        }
        out
    }

    fn to_csv(&self) -> String {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(&self.columns).expect("writing to memory");
        for row in &self.rows {
            w.write_record(row.iter().map(text)).expect("writing to memory");
        }
        String::from_utf8(w.into_inner().expect("writing to memory")).expect("CSV of UTF-8 cells")
    }

    fn to_json(&self) -> String {
        match &self.envelope {
            Some((fields, key)) => json(&Enveloped {
                fields,
                key,
                rows: Rows(self),
            }),
            None => json(&Rows(self)),
        }
    }
}

/// Fields, then the rows under `key`, as one JSON object.
struct Enveloped<'a> {
    fields: &'a Map<String, Value>,
    key: &'static str,
    rows: Rows<'a>,
}

impl serde::Serialize for Enveloped<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.fields.len() + 1))?;
        for (k, v) in self.fields {
            map.serialize_entry(k, v)?;
        }
        map.serialize_entry(self.key, &self.rows)?;
        map.end()
    }
}

/// A table's rows as JSON objects in column order, serialised without
/// copying the cells.
struct Rows<'a>(&'a Table);

impl serde::Serialize for Rows<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        struct Row<'a>(&'a [&'static str], &'a [Value]);
        impl serde::Serialize for Row<'_> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut map = serializer.serialize_map(Some(self.0.len()))?;
                for (column, cell) in self.0.iter().zip(self.1) {
                    map.serialize_entry(column, cell)?;
                }
                map.end()
            }
        }
        let mut seq = serializer.serialize_seq(Some(self.0.rows.len()))?;
        for row in &self.0.rows {
            seq.serialize_element(&Row(&self.0.columns, row))?;
        }
        seq.end()
    }
}

/// A cell as text: strings bare, lists joined with spaces, null empty.
pub fn text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(text).collect::<Vec<_>>().join(" "),
        other => other.to_string(),
    }
}

/// Pretty JSON with a trailing newline.
pub fn json<T: serde::Serialize>(value: &T) -> String {
    let mut out = serde_json::to_string_pretty(value).expect("values serialise");
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A caseload-like table of IDs, dates and flags.
    fn wide_table() -> Table {
        let mut t = Table::new(&["id", "name", "received", "last_contact", "next_review", "flags"]).optional(&[
            "received",
            "next_review",
            "last_contact",
        ]);
        for n in 1..=3 {
            t.push(vec![
                json!(format!("SP-2026-00{n:02}")),
                json!("Margaret Anne Hill-Whitfield"),
                json!("2026-10-01"),
                json!("2026-11-02"),
                json!("2026-12-01"),
                json!(["no-recent-contact", "review-overdue", "no-plan"]),
            ]);
        }
        t.footer = Some("3 open on 2026-11-21. Computed from commit 0123456789 (2026-11-21 10:00 +00:00)".into());
        t
    }

    #[test]
    fn tables_fit_the_width_without_splitting_a_word() {
        let t = wide_table();
        for width in [40usize, 60, 80, 100] {
            let out = t.fitted(Some(width));
            for line in out.lines().filter(|_| width >= 60) {
                assert!(line.chars().count() <= width, "{width}: {line:?}\n{out}");
            }
            let words = [
                "SP-2026-0001",
                "2026-11-02",
                "2026-12-01",
                "no-recent-contact",
                "review-overdue",
            ];
            let tokens = out.split(|c: char| c.is_whitespace() || "│┆─┌┐└┘├┤┬┴┼╞╡╪═".contains(c));
            for token in tokens.filter(|t| !t.is_empty()) {
                for word in words {
                    let fragment = (word.starts_with(token) || word.ends_with(token)) && token != word;
                    assert!(
                        !fragment || token.len() < 3,
                        "{word} split as {token:?} at {width}:\n{out}"
                    );
                }
            }
        }
        let narrow = t.fitted(Some(60));
        assert!(narrow.contains("Left out to fit 60 columns: received"), "{narrow}");
        let wide = t.fitted(None);
        assert!(wide.contains("next_review") && !wide.contains("Left out"), "{wide}");
    }

    #[test]
    fn wrapping_keeps_words_whole() {
        assert_eq!(wrap("one two three four", 9), "one two\nthree\nfour");
        assert_eq!(wrap("  a b c", 4), "  a\n  b\n  c");
        assert_eq!(wrap("averyveryverylongword x", 5), "averyveryverylongword\nx");
    }

    #[test]
    fn csv_quotes_and_json_keeps_types() {
        let mut t = Table::new(&["id", "note", "n"]);
        t.push(vec![json!("SP-2026-0001"), json!("says \"hi\", then leaves"), json!(3)]);
        assert_eq!(
            t.render(TableFormat::Csv),
            "id,note,n\nSP-2026-0001,\"says \"\"hi\"\", then leaves\",3\n"
        );
        let parsed: Value = serde_json::from_str(&t.render(TableFormat::Json)).unwrap();
        assert_eq!(parsed[0]["n"], json!(3));
    }
}
