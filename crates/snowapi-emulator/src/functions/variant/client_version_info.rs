//! `SYSTEM$CLIENT_VERSION_INFO()`: the client versions the server asks drivers for, as a JSON
//! array. `snowflake.core` runs it while connecting; empty versions mean "no requirement".

use std::sync::Arc;

use arrow::datatypes::{DataType, FieldRef};
use datafusion::{
    common::{Result, ScalarValue},
    logical_expr::{
        ColumnarValue, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
    },
};

use crate::types::SfType;

/// The clients listed, each with no version requirement.
const CLIENTS: &[&str] = &[
    "DOTNETDriver",
    "GO",
    "JDBC",
    "JSDriver",
    "ODBC",
    "PHP_PDO",
    "PyCore",
    "PythonConnector",
    "SnowSQL",
    "SQLAPI",
];

/// `SYSTEM$CLIENT_VERSION_INFO()`.
#[derive(Debug, PartialEq, Eq, Hash)]
pub(crate) struct ClientVersionInfo {
    signature: Signature,
}

impl ClientVersionInfo {
    pub(crate) fn new() -> Self {
        Self {
            signature: Signature::nullary(Volatility::Stable),
        }
    }
}

/// The function's value: one entry per client, every version empty.
fn info() -> String {
    let entries: Vec<serde_json::Value> = CLIENTS
        .iter()
        .map(|client| {
            serde_json::json!({
                "clientId": client,
                "minimumSupportedVersion": "",
                "minimumNearingEndOfSupportVersion": "",
                "recommendedVersion": "",
            })
        })
        .collect();
    serde_json::Value::Array(entries).to_string()
}

impl ScalarUDFImpl for ClientVersionInfo {
    fn name(&self) -> &str {
        "system$client_version_info"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Utf8)
    }

    fn return_field_from_args(&self, _args: ReturnFieldArgs) -> Result<FieldRef> {
        Ok(Arc::new(SfType::TEXT.field(self.name(), false)))
    }

    fn invoke_with_args(&self, _args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        Ok(ColumnarValue::Scalar(ScalarValue::Utf8(Some(info()))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_empty_or_dotted() {
        let parsed: serde_json::Value = serde_json::from_str(&info()).unwrap();
        let entries = parsed.as_array().unwrap();
        assert!(entries.iter().any(|e| e["clientId"] == "PyCore"));
        for entry in entries {
            for key in [
                "minimumSupportedVersion",
                "minimumNearingEndOfSupportVersion",
                "recommendedVersion",
            ] {
                assert_eq!(entry[key], "", "{entry}");
            }
        }
    }
}
