//! The model fields the `Database` and `Schema` resources share, read from a SHOW DATABASES
//! or SHOW SCHEMAS row (both report the same columns for them).

use serde_json::{Map, Value, json};

/// Typed reads of the text cells of one SHOW row.
#[derive(Debug, Clone, Copy)]
pub(super) struct ShowRow<'a>(pub(super) &'a Map<String, Value>);

impl ShowRow<'_> {
    /// The cell as text (empty when absent or not text).
    pub(super) fn text(&self, key: &str) -> &str {
        self.0.get(key).and_then(Value::as_str).unwrap_or_default()
    }

    /// The cell as a JSON string, `null` when empty.
    pub(super) fn non_empty(&self, key: &str) -> Value {
        let text = self.text(key);
        if text.is_empty() {
            Value::Null
        } else {
            json!(text)
        }
    }

    /// Whether the cell is `Y`.
    fn yes(&self, key: &str) -> bool {
        self.text(key).eq_ignore_ascii_case("Y")
    }
}

/// The fields a database and a schema model share (with `dropped_on` for history rows).
pub(super) fn container_model(row: &Map<String, Value>) -> Value {
    let cells = ShowRow(row);
    let options = cells.text("options");
    let retention = cells.text("retention_time").parse::<i64>().ok();
    let mut model = json!({
        "name": cells.text("name"),
        "kind": if options.contains("TRANSIENT") { "TRANSIENT" } else { "PERMANENT" },
        "comment": cells.non_empty("comment"),
        "data_retention_time_in_days": retention,
        "created_on": row.get("created_on").cloned().unwrap_or(Value::Null),
        "is_default": cells.yes("is_default"),
        "is_current": cells.yes("is_current"),
        "owner": cells.text("owner"),
        "owner_role_type": cells.non_empty("owner_role_type"),
        "options": cells.non_empty("options"),
        "retention_time": retention,
        "budget": cells.non_empty("budget"),
    });
    if let Some(dropped_on) = row.get("dropped_on") {
        model["dropped_on"] = dropped_on.clone();
    }
    model
}
