//! The JSON Schemas derived from the same types serde reads and writes, as
//! checked into `schemas/` and written into every new casebook so editors
//! validate records as they are typed.

use schemars::{JsonSchema, schema_for};

use crate::model::referral::Referral;
use crate::model::service::Service;
use crate::settings::Settings;

fn pretty<T: JsonSchema>() -> String {
    let mut text = serde_json::to_string_pretty(&schema_for!(T)).expect("schemas serialise");
    text.push('\n');
    text
}

/// Every schema file: (file name under `schemas/`, contents).
pub fn all() -> Vec<(&'static str, String)> {
    vec![
        ("referral.schema.json", pretty::<Referral>()),
        ("service.schema.json", pretty::<Service>()),
        ("sprx.schema.json", pretty::<Settings>()),
    ]
}
