//! Makes one API spec self-contained: every `common.yaml#/…` reference is rewritten to a local
//! one, and the referenced pieces of `common.yaml` (and what they refer to in turn) are copied in.
//!
//! Progenitor only resolves local references, and a module that carries its own copy of the
//! shared types stays independent of the others.

use std::collections::BTreeSet;

use anyhow::{Context, Result, bail};
use serde_json::Value;

const COMMON_PREFIXES: [&str; 2] = ["common.yaml#", "./common.yaml#"];

/// Returns `spec` with all references to `common` made local and the pieces they name copied in.
pub(crate) fn bundle(mut spec: Value, common: &Value) -> Result<Value> {
    let mut wanted = BTreeSet::new();
    localise_refs(&mut spec, true, &mut wanted);

    let mut copied = BTreeSet::new();
    while let Some(pointer) = wanted.pop_first() {
        if !copied.insert(pointer.clone()) {
            continue;
        }
        let mut piece = common
            .pointer(&pointer)
            .with_context(|| format!("common.yaml has nothing at #{pointer}"))?
            .clone();
        // Inside common.yaml, local refs point into common.yaml itself: follow them too.
        localise_refs(&mut piece, false, &mut wanted);
        insert_at(&mut spec, &pointer, piece)?;
    }

    // `security` requirements name schemes without a `$ref`; carry every shared scheme.
    if let Some(schemes) = common
        .pointer("/components/securitySchemes")
        .and_then(Value::as_object)
    {
        for (name, scheme) in schemes {
            insert_at(
                &mut spec,
                &format!("/components/securitySchemes/{name}"),
                scheme.clone(),
            )?;
        }
    }
    Ok(spec)
}

/// Rewrites `common.yaml#/x` refs to `#/x`, recording `/x` as wanted. With `in_api` false the
/// value comes from common.yaml, whose own local refs (`#/x`) are wanted as well.
fn localise_refs(value: &mut Value, in_api: bool, wanted: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(target)) = map.get_mut("$ref") {
                let pointer = COMMON_PREFIXES
                    .iter()
                    .find_map(|prefix| target.strip_prefix(prefix))
                    .map(str::to_owned);
                match pointer {
                    Some(pointer) => {
                        *target = format!("#{pointer}");
                        wanted.insert(pointer);
                    }
                    None if !in_api => {
                        if let Some(pointer) = target.strip_prefix('#') {
                            wanted.insert(pointer.to_owned());
                        }
                    }
                    None => {}
                }
            }
            map.values_mut()
                .for_each(|v| localise_refs(v, in_api, wanted));
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|v| localise_refs(v, in_api, wanted)),
        _ => {}
    }
}

/// Puts `piece` at a JSON pointer such as `/components/schemas/Name`, creating parents. An API
/// that defines the same name itself must define it identically.
fn insert_at(spec: &mut Value, pointer: &str, piece: Value) -> Result<()> {
    let mut parts: Vec<&str> = pointer.trim_start_matches('/').split('/').collect();
    let Some(last) = parts.pop() else {
        bail!("empty reference #{pointer}");
    };
    let mut node = spec;
    for part in parts {
        let map = node
            .as_object_mut()
            .with_context(|| format!("#{pointer}: `{part}` sits in something that is not a map"))?;
        node = map
            .entry(part)
            .or_insert_with(|| Value::Object(Default::default()));
    }
    let map = node
        .as_object_mut()
        .with_context(|| format!("#{pointer}: parent is not a map"))?;
    match map.get(last) {
        Some(existing) if existing != &piece => {
            bail!("#{pointer} is defined both in this API and in common.yaml, differently")
        }
        Some(_) => {}
        None => {
            map.insert(last.to_owned(), piece);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn copies_referenced_pieces_transitively_and_only_those() {
        let common = json!({"components": {
            "parameters": {"name": {"name": "name", "in": "path",
                "schema": {"$ref": "#/components/schemas/Identifier"}}},
            "schemas": {"Identifier": {"type": "string"}, "Unused": {"type": "integer"}}
        }});
        let spec = json!({"paths": {"/x/{name}": {"get": {
            "parameters": [{"$ref": "common.yaml#/components/parameters/name"}]}}}});
        let out = bundle(spec, &common).unwrap();
        assert_eq!(
            out.pointer("/paths/~1x~1{name}/get/parameters/0/$ref")
                .unwrap(),
            "#/components/parameters/name"
        );
        assert_eq!(
            out.pointer("/components/schemas/Identifier/type").unwrap(),
            "string"
        );
        assert!(out.pointer("/components/schemas/Unused").is_none());
    }

    #[test]
    fn a_conflicting_local_definition_is_an_error() {
        let common = json!({"components": {"schemas": {"A": {"type": "string"}}}});
        let spec = json!({
            "paths": {"/a": {"get": {"x": {"$ref": "./common.yaml#/components/schemas/A"}}}},
            "components": {"schemas": {"A": {"type": "integer"}}}
        });
        let err = bundle(spec, &common).unwrap_err().to_string();
        assert!(err.contains("#/components/schemas/A"), "{err}");
    }
}
