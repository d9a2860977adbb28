//! The one place that turns rows into output: a terminal table (comfy-table,
//! fitted to the terminal width), CSV (csv crate, RFC 4180 quoting) or JSON
//! (an array of objects, values keeping their types).

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{ContentArrangement, Table as Comfy};
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
}

impl Table {
    pub fn new(columns: &[&'static str]) -> Table {
        Table {
            columns: columns.to_vec(),
            rows: Vec::new(),
            footer: None,
            envelope: None,
        }
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
        let mut t = Comfy::new();
        t.load_style(UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Dynamic);
        t.set_header(self.columns.iter().copied());
        for row in &self.rows {
            t.add_row(row.iter().map(text));
        }
        let mut out = t.to_string();
        out.push('\n');
        if let Some(f) = &self.footer {
            out.push_str(f);
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
