//! The rules of `openapi/README.md` that progenitor would otherwise break on, or get silently
//! wrong, checked on a bundled spec. Each finding names the operation or schema at fault.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

const METHODS: [&str; 7] = ["get", "put", "post", "delete", "patch", "head", "options"];

/// Every rule violation in a bundled spec, as readable lines.
pub(crate) fn lint(spec: &Value) -> Vec<String> {
    let mut findings = Vec::new();
    let mut operation_ids = BTreeMap::new();

    let paths = spec.get("paths").and_then(Value::as_object);
    for (path, item) in paths.into_iter().flatten() {
        for method in METHODS {
            let Some(operation) = item.get(method) else {
                continue;
            };
            let label = format!("{} {path}", method.to_uppercase());
            let id = operation.get("operationId").and_then(Value::as_str);
            let Some(id) = id else {
                findings.push(format!("{label}: no operationId"));
                continue;
            };
            if let Some(other) = operation_ids.insert(id.to_owned(), label.clone()) {
                findings.push(format!(
                    "operation {id}: operationId used twice ({other}, {label})"
                ));
            }
            check_responses(spec, id, operation, &mut findings);
            for (i, parameter) in array(operation.get("parameters")).iter().enumerate() {
                let parameter = resolve(spec, parameter);
                let name = parameter.get("name").and_then(Value::as_str).unwrap_or("?");
                if parameter.get("in").and_then(Value::as_str) == Some("header") {
                    findings.push(format!(
                        "operation {id}: header parameter `{name}` (headers are set by hooks)"
                    ));
                }
                if let Some(schema) = parameter.get("schema") {
                    let at = format!("operation {id}, parameter {i} `{name}`");
                    check_schema(schema, &at, &mut findings);
                }
            }
            let bodies = operation
                .pointer("/requestBody/content")
                .and_then(Value::as_object);
            for media in bodies.into_iter().flat_map(|m| m.values()) {
                if let Some(schema) = media.get("schema") {
                    check_schema(
                        schema,
                        &format!("operation {id}, request body"),
                        &mut findings,
                    );
                }
            }
        }
    }

    let schemas = spec
        .pointer("/components/schemas")
        .and_then(Value::as_object);
    for (name, schema) in schemas.into_iter().flatten() {
        check_schema(schema, &format!("schema {name}"), &mut findings);
    }
    findings
}

/// One success body type, one error body type, and no response that would swallow a 202.
fn check_responses(spec: &Value, id: &str, operation: &Value, findings: &mut Vec<String>) {
    let Some(responses) = operation.get("responses").and_then(Value::as_object) else {
        findings.push(format!("operation {id}: no responses"));
        return;
    };
    let mut success = BTreeSet::new();
    let mut error = BTreeSet::new();
    for (status, response) in responses {
        match status.as_str() {
            "default" | "2XX" | "202" => findings.push(format!(
                "operation {id}: declares `{status}`, which would swallow Snowflake's 202 Accepted"
            )),
            s if s.starts_with('2') => {
                success.insert(body_type(spec, response));
            }
            s if s.starts_with('4') || s.starts_with('5') => {
                error.insert(body_type(spec, response));
            }
            other => findings.push(format!("operation {id}: unexpected status `{other}`")),
        }
    }
    if success.is_empty() {
        findings.push(format!("operation {id}: no success response"));
    }
    if success.len() > 1 {
        findings.push(format!(
            "operation {id}: {} different success body types ({})",
            success.len(),
            success.into_iter().collect::<Vec<_>>().join(" | ")
        ));
    }
    if error.len() > 1 {
        findings.push(format!(
            "operation {id}: {} different error body types ({})",
            error.len(),
            error.into_iter().collect::<Vec<_>>().join(" | ")
        ));
    }
}

/// A comparable description of what a response carries.
fn body_type(spec: &Value, response: &Value) -> String {
    let response = resolve(spec, response);
    match response.get("content").and_then(Value::as_object) {
        None => "no body".to_owned(),
        Some(content) => {
            let mut kinds: Vec<String> = content
                .iter()
                .map(|(media, m)| format!("{media}: {}", m.get("schema").unwrap_or(&Value::Null)))
                .collect();
            kinds.sort();
            kinds.join(", ")
        }
    }
}

/// Follows a local `$ref`, one level (responses and parameters are never chained here).
fn resolve<'a>(spec: &'a Value, value: &'a Value) -> &'a Value {
    match value
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix('#'))
    {
        Some(pointer) => spec.pointer(pointer).unwrap_or(value),
        None => value,
    }
}

fn array(value: Option<&Value>) -> &[Value] {
    value
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default()
}

/// Walks a schema and its sub-schemas (not property names, which may be any word).
fn check_schema(schema: &Value, at: &str, findings: &mut Vec<String>) {
    let Some(map) = schema.as_object() else {
        return;
    };
    if map.contains_key("pattern") {
        findings.push(format!(
            "{at}: `pattern` (one odd value would fail a whole listing)"
        ));
    }
    if map.contains_key("discriminator") {
        findings.push(format!(
            "{at}: `discriminator` (use a oneOf of tagged complete schemas)"
        ));
    }
    if let Some(values) = map.get("enum").and_then(Value::as_array) {
        check_enum(
            map.get("type").and_then(Value::as_str),
            values,
            at,
            findings,
        );
    }
    if let Some(properties) = map.get("properties").and_then(Value::as_object) {
        let required: BTreeSet<&str> = array(map.get("required"))
            .iter()
            .filter_map(Value::as_str)
            .collect();
        for (name, property) in properties {
            let write_only = property.get("writeOnly").and_then(Value::as_bool) == Some(true);
            if write_only && required.contains(name.as_str()) {
                findings.push(format!("{at}: writeOnly property `{name}` is required"));
            }
            if property.get("default").is_some() {
                findings.push(format!(
                    "{at}: property `{name}` has a `default` (typify then sends it on every write \
                     and fails on null: say the default in the description)"
                ));
            }
            check_schema(property, &format!("{at}.{name}"), findings);
        }
    }
    for key in ["items", "additionalProperties", "not"] {
        if let Some(sub) = map.get(key) {
            check_schema(sub, &format!("{at}[{key}]"), findings);
        }
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        for (i, sub) in array(map.get(key)).iter().enumerate() {
            check_schema(sub, &format!("{at}.{key}[{i}]"), findings);
        }
    }
}

fn check_enum(kind: Option<&str>, values: &[Value], at: &str, findings: &mut Vec<String>) {
    let mut folded = BTreeMap::new();
    for value in values {
        match value {
            Value::String(text) => {
                if let Some(other) = folded.insert(text.to_lowercase(), text.clone()) {
                    findings.push(format!(
                        "{at}: enum values `{other}` and `{text}` differ only by case"
                    ));
                }
            }
            other if kind == Some("string") => findings.push(format!(
                "{at}: enum value {other} is not a string (quote it in the YAML)"
            )),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn op(responses: Value) -> Value {
        json!({"paths": {"/a": {"post": {"operationId": "doIt", "responses": responses}}}})
    }

    #[test]
    fn a_clean_operation_passes() {
        let spec = op(json!({"200": {"description": "ok"},
            "4XX": {"description": "e", "content": {"application/json": {"schema": {"type": "object"}}}},
            "5XX": {"description": "e", "content": {"application/json": {"schema": {"type": "object"}}}}}));
        assert_eq!(lint(&spec), Vec::<String>::new());
    }

    #[test]
    fn responses_that_hide_a_202_or_mix_types_are_named() {
        let spec = op(json!({
            "200": {"content": {"application/json": {"schema": {"type": "object"}}}},
            "201": {"content": {"application/json": {"schema": {"type": "array"}}}},
            "default": {"description": "x"}}));
        let findings = lint(&spec).join("\n");
        assert!(
            findings.contains("operation doIt: declares `default`"),
            "{findings}"
        );
        assert!(
            findings.contains("operation doIt: 2 different success body types"),
            "{findings}"
        );
    }

    #[test]
    fn schema_rules_name_the_schema_and_property() {
        let spec = json!({"paths": {}, "components": {"schemas": {"Thing": {
        "type": "object",
        "required": ["secret"],
        "properties": {
            "secret": {"type": "string", "writeOnly": true},
            "pattern": {"type": "string", "pattern": "^a$"},
            "state": {"type": "string", "enum": ["ON", "on", true]},
            "size": {"type": "integer", "default": 1}
        }}}}});
        let findings = lint(&spec).join("\n");
        assert!(findings.contains("schema Thing: writeOnly property `secret` is required"));
        assert!(
            findings.contains("schema Thing.pattern: `pattern`"),
            "{findings}"
        );
        assert!(
            findings.contains("`ON` and `on` differ only by case"),
            "{findings}"
        );
        assert!(
            findings.contains("enum value true is not a string"),
            "{findings}"
        );
        assert!(
            findings.contains("property `size` has a `default`"),
            "{findings}"
        );
    }
}
