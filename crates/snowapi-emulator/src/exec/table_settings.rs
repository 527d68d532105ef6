//! The table settings of `CREATE TABLE … CHANGE_TRACKING = TRUE …` and `ALTER TABLE … SET |
//! UNSET`: checked as Snowflake checks them and kept in [`TableSettings`].

use sqlparser::ast::CreateTable;

use super::{
    alter_table::MAX_RETENTION_DAYS,
    ddl_parser::{PropertyValue, invalid_value},
};
use crate::{catalog::TableSettings, error::Result};

/// Applies the settings a CREATE TABLE names over `settings` (a clone's copy, or defaults).
pub(super) fn apply_create(settings: &mut TableSettings, create: &CreateTable) -> Result<()> {
    if let Some(on) = create.change_tracking {
        settings.change_tracking = on;
    }
    if let Some(on) = create.enable_schema_evolution {
        settings.enable_schema_evolution = on;
    }
    if let Some(collation) = &create.default_ddl_collation {
        settings.default_ddl_collation = Some(collation.clone());
    }
    if let Some(days) = create.max_data_extension_time_in_days {
        settings.max_data_extension_time_in_days = Some(extension_days(&days.to_string())?);
    }
    Ok(())
}

/// `ALTER TABLE … SET name = value` for a setting; `Ok(false)` when `name` is no setting.
pub(super) fn set(settings: &mut TableSettings, name: &str, value: &PropertyValue) -> Result<bool> {
    let flag = || match value {
        PropertyValue::Bool(on) => Ok(*on),
        other => Err(invalid_value(name, &other.to_string())),
    };
    match name {
        "CHANGE_TRACKING" => settings.change_tracking = flag()?,
        "ENABLE_SCHEMA_EVOLUTION" => settings.enable_schema_evolution = flag()?,
        "DEFAULT_DDL_COLLATION" => settings.default_ddl_collation = Some(value.as_text(name)?),
        "MAX_DATA_EXTENSION_TIME_IN_DAYS" => {
            let PropertyValue::Number(days) = value else {
                return Err(invalid_value(name, &value.to_string()));
            };
            settings.max_data_extension_time_in_days = Some(extension_days(days)?);
        }
        _ => return Ok(false),
    }
    Ok(true)
}

/// `ALTER TABLE … UNSET name` for a setting (back to its default); false when `name` is no
/// setting.
pub(super) fn unset(settings: &mut TableSettings, name: &str) -> bool {
    match name {
        "CHANGE_TRACKING" => settings.change_tracking = false,
        "ENABLE_SCHEMA_EVOLUTION" => settings.enable_schema_evolution = false,
        "DEFAULT_DDL_COLLATION" => settings.default_ddl_collation = None,
        "MAX_DATA_EXTENSION_TIME_IN_DAYS" => settings.max_data_extension_time_in_days = None,
        _ => return false,
    }
    true
}

/// A MAX_DATA_EXTENSION_TIME_IN_DAYS value: whole days, at most Time Travel's longest.
fn extension_days(text: &str) -> Result<u32> {
    const NAME: &str = "MAX_DATA_EXTENSION_TIME_IN_DAYS";
    text.parse::<u32>()
        .ok()
        .filter(|days| *days <= MAX_RETENTION_DAYS)
        .ok_or_else(|| invalid_value(NAME, text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_are_checked_set_and_unset() {
        let mut settings = TableSettings::default();
        assert!(set(&mut settings, "CHANGE_TRACKING", &PropertyValue::Bool(true)).unwrap());
        let days = PropertyValue::Number("7".into());
        assert!(set(&mut settings, "MAX_DATA_EXTENSION_TIME_IN_DAYS", &days).unwrap());
        let collation = PropertyValue::Text("en-ci".into());
        assert!(set(&mut settings, "DEFAULT_DDL_COLLATION", &collation).unwrap());
        assert!(settings.change_tracking);
        assert_eq!(settings.max_data_extension_time_in_days, Some(7));
        assert!(!set(&mut settings, "COMMENT", &collation).unwrap());
        let wrong = set(
            &mut settings,
            "CHANGE_TRACKING",
            &PropertyValue::Number("1".into()),
        );
        assert_eq!(wrong.unwrap_err().code(), "100037");
        let too_long = PropertyValue::Number("91".into());
        assert!(set(&mut settings, "MAX_DATA_EXTENSION_TIME_IN_DAYS", &too_long).is_err());
        assert!(unset(&mut settings, "CHANGE_TRACKING"));
        assert!(unset(&mut settings, "DEFAULT_DDL_COLLATION"));
        assert!(!settings.change_tracking);
        assert_eq!(settings.default_ddl_collation, None);
        assert!(!unset(&mut settings, "COLOUR"));
    }
}
