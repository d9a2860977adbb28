//! Reading a spreadsheet of referrals (CSV, XLSX, XLS or ODS) for `sprx import`: one row per
//! referral, columns named as sprx's fields (or renamed by a map file),
//! optional history columns that bring last year's triage, closure and
//! measures along. Every row is read and checked before anything is
//! written; a problem names the file, row and column.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Deserialize;

use crate::model::lifecycle::{self, Decide, DomainError, Intake};
use crate::model::measures::Tool;
use crate::model::monitoring::{EthnicCategory, Gender, normalise_postcode, normalise_practice};
use crate::model::person::normalise_nhs_number;
use crate::model::policy::Rules;
use crate::model::referral::{Measure, Person, Priority, Referral, ReferralDetails, ReferralId};
use crate::model::spelling::did_you_mean;
use crate::model::taxonomy::{DeclineReason, Outcome};

/// The columns sprx reads, by their names.
pub const COLUMNS: &[&str] = &[
    "name",
    "date_of_birth",
    "nhs_number",
    "phone",
    "email",
    "source",
    "referrer",
    "needs",
    "received",
    "notes",
    "gender",
    "ethnic_category",
    "postcode",
    "gp_practice",
    "triage_date",
    "decision",
    "priority",
    "decline_reason",
    "closure_date",
    "outcome",
    "first_measure_date",
    "first_measure_tool",
    "first_measure_items",
    "last_measure_date",
    "last_measure_tool",
    "last_measure_items",
];

const REQUIRED: &[&str] = &["name", "date_of_birth", "source", "needs", "received"];

/// A map file (`--map MAP.toml`): column renames and value translations.
///
/// ```toml
/// [columns]
/// "Client name" = "name"
/// [values.source]
/// "GP surgery" = "gp"
/// [values.needs]
/// "Isolation" = "loneliness"
/// ```
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Map {
    pub columns: BTreeMap<String, String>,
    pub values: BTreeMap<String, BTreeMap<String, String>>,
}

/// A problem with one cell (or row) of the file.
#[derive(Debug, Clone, PartialEq)]
pub struct RowError {
    pub row: usize,
    pub column: usize,
    pub message: String,
}

/// One row read: what it says about the person and the referral, and its
/// history.
#[derive(Debug, Clone)]
pub struct Row {
    /// The row's line in the file (the header is 1).
    pub row: usize,
    pub intake: Intake,
    pub triage: Option<(NaiveDate, Decide)>,
    pub closure: Option<(NaiveDate, Outcome)>,
    pub measures: Vec<Measure>,
}

/// Every row of the spreadsheet `bytes` — CSV, or the first worksheet of
/// an XLSX, XLS or ODS workbook — or every problem found in it.
pub fn read(bytes: &[u8], map: &Map, rules: &Rules) -> Result<Vec<Row>, Vec<RowError>> {
    let whole = |message: String| {
        vec![RowError {
            row: 1,
            column: 1,
            message,
        }]
    };
    if !is_workbook(bytes) {
        let (header, records) = csv_records(bytes).map_err(whole)?;
        return read_records(header, records, map, rules);
    }
    let (header, records, (top, left)) = sheet(bytes, map).map_err(whole)?;
    // Problems named by the sheet's own row and column.
    read_records(header, records, map, rules).map_err(|errors| {
        errors
            .into_iter()
            .map(|mut e| {
                if e.row == 1 {
                    e.row += top;
                }
                e.column += left;
                e
            })
            .collect()
    })
}

/// Workbooks are zip files (XLSX, ODS) or OLE compound files (XLS).
fn is_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
}

/// A header and its rows, each with the line (or sheet row) it starts on;
/// a row that cannot be read is its problem instead.
type RecordList = Vec<Result<(usize, csv::StringRecord), RowError>>;
/// The rows above and columns left of a sheet's table.
type Corner = (usize, usize);
type Records = (Vec<String>, RecordList);

fn csv_records(bytes: &[u8]) -> Result<Records, String> {
    let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(bytes);
    let header = reader.headers().map_err(|e| format!("not CSV: {e}"))?;
    let header = header.iter().map(|c| c.trim().to_string()).collect();
    let records = reader
        .records()
        .enumerate()
        .map(|(n, record)| match record {
            // The line the row starts on (a quoted cell may span lines).
            Ok(r) => Ok((r.position().map_or(n + 2, |p| p.line() as usize), r)),
            Err(e) => Err(RowError {
                row: e.position().map_or(n + 2, |p| p.line() as usize),
                column: 1,
                message: format!("not CSV: {e}"),
            }),
        })
        .collect();
    Ok((header, records))
}

/// The first worksheet, its first row the header, read by calamine, with
/// where its cells start (rows and columns above and left of them). Cells
/// become the text a CSV export would hold: dates as `YYYY-MM-DD`, whole
/// numbers (an NHS number typed as one) without a decimal point. A cell
/// holding a spreadsheet error, or a phone number held as a number (its
/// leading 0 gone), is a problem of its row.
fn sheet(bytes: &[u8], map: &Map) -> Result<(Vec<String>, RecordList, Corner), String> {
    use calamine::{Data, Reader};
    let unreadable = |e: String| format!("not a workbook sprx can read: {e}");
    let mut book =
        calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).map_err(|e| unreadable(e.to_string()))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| unreadable("it has no worksheet".into()))?
        .map_err(|e| unreadable(e.to_string()))?;
    // Row and column numbers as the spreadsheet shows them.
    let (top, left) = range.start().map_or((0, 0), |(r, c)| (r as usize, c as usize));
    let text = |cell: &Data| match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.trim().to_string(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => d.as_datetime().map_or_else(
            || d.as_f64().to_string(),
            |t| match t.time() == chrono::NaiveTime::MIN {
                true => t.date().to_string(),
                false => t.to_string(),
            },
        ),
        Data::Error(e) => e.to_string(),
    };
    let mut rows = range.rows();
    let header: Vec<String> = rows.next().map(|r| r.iter().map(text).collect()).unwrap_or_default();
    let phone = header
        .iter()
        .position(|h| map.columns.get(h).map_or(h.as_str(), String::as_str) == "phone");
    let records = rows
        .enumerate()
        .map(|(n, r)| {
            let row = top + n + 2;
            for (i, cell) in r.iter().enumerate() {
                let message = match cell {
                    Data::Error(e) => format!("the cell holds a spreadsheet error ({e}), not a value"),
                    Data::Int(_) | Data::Float(_) if Some(i) == phone => {
                        "phone: the sheet holds this as a number, which drops a leading 0; format the column as text and save it again".into()
                    }
                    _ => continue,
                };
                return Err(RowError {
                    row,
                    column: i + 1,
                    message,
                });
            }
            Ok((row, csv::StringRecord::from(r.iter().map(text).collect::<Vec<_>>())))
        })
        .collect();
    Ok((header, records, (top, left)))
}

fn read_records(header: Vec<String>, records: RecordList, map: &Map, rules: &Rules) -> Result<Vec<Row>, Vec<RowError>> {
    let mut errors = Vec::new();
    // Column name → its place, after the map's renames.
    let mut place: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, name) in header.iter().enumerate() {
        let field = map.columns.get(name).map_or(name.as_str(), String::as_str);
        match COLUMNS.iter().find(|c| **c == field) {
            Some(c) => {
                place.insert(c, i);
            }
            None => errors.push(RowError {
                row: 1,
                column: i + 1,
                message: format!(
                    "column `{name}` is not one sprx reads{}; rename it in a map file (--map), or leave it out",
                    did_you_mean(field, COLUMNS.iter().copied())
                ),
            }),
        }
    }
    for required in REQUIRED {
        if !place.contains_key(required) {
            errors.push(RowError {
                row: 1,
                column: 1,
                message: format!("there is no `{required}` column"),
            });
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut rows = Vec::new();
    for record in records {
        let (row, record) = match record {
            Ok(r) => r,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        let mut cell = Cells {
            row,
            record: &record,
            place: &place,
            map,
            errors: &mut errors,
        };
        if let Some(r) = cell.row(rules) {
            rows.push(r);
        }
    }
    if errors.is_empty() { Ok(rows) } else { Err(errors) }
}

/// Reading one row's cells, noting each problem.
struct Cells<'a> {
    row: usize,
    record: &'a csv::StringRecord,
    place: &'a BTreeMap<&'a str, usize>,
    map: &'a Map,
    errors: &'a mut Vec<RowError>,
}

impl Cells<'_> {
    /// The cell of `column`, translated by the map, if not empty.
    fn text(&self, column: &str) -> Option<String> {
        let at = *self.place.get(column)?;
        let raw = self.record.get(at)?.trim();
        if raw.is_empty() {
            return None;
        }
        // Needs are translated one by one (a cell lists several).
        let values = self.map.values.get(column).filter(|_| column != "needs");
        let translated = values.and_then(|v| v.get(raw)).map_or(raw, String::as_str);
        Some(translated.to_string())
    }

    fn fail(&mut self, column: &str, message: String) {
        let at = self.place.get(column).map_or(1, |i| i + 1);
        self.errors.push(RowError {
            row: self.row,
            column: at,
            message: format!("{column}: {message}"),
        });
    }

    /// The cell parsed by `parse`, noting a problem.
    fn parsed<T>(&mut self, column: &str, parse: impl FnOnce(&str) -> Result<T, String>) -> Option<T> {
        let text = self.text(column)?;
        match parse(&text) {
            Ok(v) => Some(v),
            Err(message) => {
                self.fail(column, message);
                None
            }
        }
    }

    fn required(&mut self, column: &str) -> Option<String> {
        let value = self.text(column);
        if value.is_none() {
            self.fail(column, "is empty; every referral needs one".into());
        }
        value
    }

    fn date(&mut self, column: &str) -> Option<NaiveDate> {
        self.parsed(column, date)
    }

    fn row(&mut self, rules: &Rules) -> Option<Row> {
        let before = self.errors.len();
        let name = self.required("name");
        let date_of_birth = self.date("date_of_birth");
        if self.text("date_of_birth").is_none() {
            self.fail("date_of_birth", "is empty; every referral needs one".into());
        }
        let received = self.date("received");
        if self.text("received").is_none() {
            self.fail("received", "is empty; every referral needs one".into());
        }
        let source = self.required("source");
        if let Some(s) = &source
            && !rules.taxonomy.is_source(s)
        {
            let likely = did_you_mean(s, rules.taxonomy.sources());
            self.fail(
                "source",
                format!("`{s}` is not a known source{likely} (a map file can translate it)"),
            );
        }
        let needs: Vec<String> = self
            .required("needs")
            .map(|n| {
                n.split(';')
                    .map(str::trim)
                    .filter(|n| !n.is_empty())
                    .map(|n| {
                        self.map
                            .values
                            .get("needs")
                            .and_then(|v| v.get(n))
                            .map_or(n, String::as_str)
                            .to_string()
                    })
                    .collect()
            })
            .unwrap_or_default();
        for need in &needs {
            if !rules.taxonomy.is_need(need) {
                let likely = did_you_mean(need, rules.taxonomy.needs());
                self.fail(
                    "needs",
                    format!("`{need}` is not a known need{likely} (a map file can translate it)"),
                );
            }
        }
        let nhs_number = self.parsed("nhs_number", |n| {
            normalise_nhs_number(n).map_err(|e| format!("NHS number {e}"))
        });
        let mut person = Person {
            name: name.unwrap_or_default(),
            date_of_birth: date_of_birth.unwrap_or_default(),
            nhs_number,
            phone: self.text("phone"),
            email: self.text("email"),
            preferred_contact: None,
            monitoring: Default::default(),
            consent_to_share_with_gp: None,
        };
        person.monitoring.gender = self.parsed("gender", |g| parse_value::<Gender>(g, "a gender"));
        person.monitoring.ethnic_category = self.parsed("ethnic_category", |c| c.parse::<EthnicCategory>());
        person.monitoring.postcode = self.parsed("postcode", normalise_postcode);
        person.monitoring.gp_practice = self.parsed("gp_practice", normalise_practice);
        let decision = self.text("decision").map(|d| d.to_lowercase());
        let triage = match (self.date("triage_date"), decision.as_deref()) {
            (None, None) => None,
            (Some(day), Some("accepted")) => {
                let p = self.parsed("priority", |p| parse_value::<Priority>(p, "a priority"));
                Some((day, Decide::Accept(p.unwrap_or(Priority::Routine))))
            }
            (Some(day), Some("declined")) => {
                let reason = self.parsed("decline_reason", |r| {
                    parse_value::<DeclineReason>(r, "a decline reason")
                });
                Some((day, Decide::Decline(reason.unwrap_or(DeclineReason::Other))))
            }
            (_, Some(d)) if d != "accepted" && d != "declined" => {
                self.fail("decision", format!("`{d}` is not accepted or declined"));
                None
            }
            _ => {
                self.fail("triage_date", "a triage needs both triage_date and decision".into());
                None
            }
        };
        let closure = match (
            self.date("closure_date"),
            self.parsed("outcome", |o| parse_value::<Outcome>(o, "an outcome")),
        ) {
            (None, None) => None,
            (Some(day), Some(outcome)) => Some((day, outcome)),
            _ => {
                self.fail("closure_date", "a closure needs both closure_date and outcome".into());
                None
            }
        };
        let mut measures = Vec::new();
        for which in ["first", "last"] {
            let (d, t, i) = (
                format!("{which}_measure_date"),
                format!("{which}_measure_tool"),
                format!("{which}_measure_items"),
            );
            let date = self.date(&d);
            let tool = self.parsed(&t, |t| parse_value::<Tool>(t, "a tool (ons4, swemwbs, wemwbs, ucla3)"));
            let items = self.parsed(&i, |i| crate::cli::parse_items(&i.replace(';', ",")).map(|i| i.0));
            match (date, tool, items) {
                (None, None, None) => {}
                (Some(date), Some(tool), Some(items)) => match lifecycle::new_measure(tool, items, date) {
                    Ok(m) => measures.push(m),
                    Err(e) => self.fail(&i, e.to_string()),
                },
                _ => self.fail(&d, format!("a {which} measure needs its date, tool and items")),
            }
        }
        if self.errors.len() > before {
            return None;
        }
        Some(Row {
            row: self.row,
            intake: Intake {
                schema_version: None,
                person,
                referral: ReferralDetails {
                    received: received.unwrap_or_default(),
                    source: source.unwrap_or_default(),
                    referrer: self.text("referrer"),
                    needs,
                    notes: self.text("notes"),
                },
                extra: Default::default(),
            },
            triage,
            closure,
            measures,
        })
    }
}

/// A date as spreadsheets write it: 2026-10-03, or 03/10/2026 (day first).
fn date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(text, "%d/%m/%Y"))
        .map_err(|_| format!("`{text}` is not a date (2026-10-03, or 03/10/2026)"))
}

/// A value of one of sprx's closed lists, by its name.
fn parse_value<T: serde::de::DeserializeOwned>(text: &str, what: &str) -> Result<T, String> {
    let name = text.trim().to_lowercase().replace([' ', '_'], "-");
    serde_json::from_value(serde_json::Value::String(name)).map_err(|_| format!("`{text}` is not {what}"))
}

/// The referral a row makes under `id`, with its history applied by the
/// same rules as the commands: triage, the measures, then the closure.
pub fn build(id: ReferralId, row: &Row, rules: &Rules, today: NaiveDate) -> Result<Referral, DomainError> {
    let mut r = lifecycle::create(id, row.intake.clone(), rules, today)?;
    if let Some((day, decide)) = &row.triage {
        r = lifecycle::triage(r, decide.clone(), None, *day, rules, today)?;
    }
    for m in &row.measures {
        r = lifecycle::measure(r, m.clone(), rules, today)?;
    }
    if let Some((day, outcome)) = row.closure {
        r = lifecycle::close(r, outcome, None, day, rules, today)?;
    }
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_either_spreadsheet_form() {
        assert_eq!(date("2026-10-03"), Ok(NaiveDate::from_ymd_opt(2026, 10, 3).unwrap()));
        assert_eq!(date("03/10/2026"), Ok(NaiveDate::from_ymd_opt(2026, 10, 3).unwrap()));
        assert!(date("10/33/2026").is_err());
    }
}
