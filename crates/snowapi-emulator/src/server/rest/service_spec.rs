//! What the REST API reports about a service's containers, endpoints and images, read from the
//! YAML of its inline specification. Only the few keys needed are read (`containers:` items'
//! `name` and `image`, `endpoints:` items' `name`, `port`, `portRange`, `protocol`, `public`,
//! `serviceRoles:` items' `name` and `endpoints`),
//! line by line; anything else in the YAML is skipped.

use crate::catalog::ServiceSpec;

/// One container of a specification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Container {
    /// `name`.
    pub(super) name: String,
    /// `image`, as written.
    pub(super) image: String,
}

/// One endpoint of a specification.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(super) struct Endpoint {
    /// `name`.
    pub(super) name: String,
    /// `port`.
    pub(super) port: Option<u32>,
    /// `portRange`.
    pub(super) port_range: Option<String>,
    /// `protocol` (HTTP when not given).
    pub(super) protocol: Option<String>,
    /// `public`.
    pub(super) public: bool,
}

/// A `key: value` line's parts, the value unquoted.
fn key_value(line: &str) -> Option<(&str, &str)> {
    let (key, value) = line.split_once(':')?;
    let value = value.trim();
    let value = value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
        .unwrap_or(value);
    Some((key.trim(), value))
}

/// The items of the list under `section:` as key/value maps (in the order written).
fn items(text: &str, section: &str) -> Vec<Vec<(String, String)>> {
    let mut out: Vec<Vec<(String, String)>> = Vec::new();
    let mut inside: Option<usize> = None;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indent = line.len() - trimmed.len();
        if let Some(level) = inside {
            // The section ends at the next key as far left as its own (list items may sit at
            // the same indentation as the key, as YAML allows).
            if indent < level || (indent == level && !trimmed.starts_with('-')) {
                inside = None;
            }
        }
        if inside.is_none() {
            if trimmed.trim_end() == format!("{section}:") {
                inside = Some(indent);
            }
            continue;
        }
        let entry = match trimmed.strip_prefix('-') {
            Some(rest) => {
                out.push(Vec::new());
                rest.trim_start()
            }
            None => trimmed,
        };
        if let (Some(item), Some((key, value))) = (out.last_mut(), key_value(entry))
            && !value.is_empty()
        {
            item.push((key.to_owned(), value.to_owned()));
        }
    }
    out
}

fn field<'a>(item: &'a [(String, String)], key: &str) -> Option<&'a str> {
    item.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

/// The containers of a specification; a file on a stage is not read, so it reports one
/// container named `main`.
pub(super) fn containers(spec: &ServiceSpec) -> Vec<Container> {
    let ServiceSpec::FromInline { spec_text } = spec else {
        return vec![Container {
            name: "main".into(),
            image: String::new(),
        }];
    };
    items(spec_text, "containers")
        .iter()
        .filter_map(|item| {
            Some(Container {
                name: field(item, "name")?.to_owned(),
                image: field(item, "image").unwrap_or_default().to_owned(),
            })
        })
        .collect()
}

/// The endpoints of an inline specification.
pub(super) fn endpoints(spec: &ServiceSpec) -> Vec<Endpoint> {
    let ServiceSpec::FromInline { spec_text } = spec else {
        return Vec::new();
    };
    items(spec_text, "endpoints")
        .iter()
        .filter_map(|item| {
            Some(Endpoint {
                name: field(item, "name")?.to_owned(),
                port: field(item, "port").and_then(|p| p.parse().ok()),
                port_range: field(item, "portRange").map(str::to_owned),
                protocol: field(item, "protocol").map(str::to_owned),
                public: field(item, "public").is_some_and(|p| p.eq_ignore_ascii_case("true")),
            })
        })
        .collect()
}

/// A service role of a specification's `serviceRoles:` section and the endpoints it may use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ServiceRole {
    /// `name`.
    pub(super) name: String,
    /// `endpoints` (a block list or `[a, b]`).
    pub(super) endpoints: Vec<String>,
}

/// The service roles an inline specification defines, in the order written.
pub(super) fn service_roles(spec: &ServiceSpec) -> Vec<ServiceRole> {
    let ServiceSpec::FromInline { spec_text } = spec else {
        return Vec::new();
    };
    let mut roles: Vec<ServiceRole> = Vec::new();
    // (indent of `serviceRoles:`, indent of its items' dashes, inside an `endpoints:` list)
    let mut section: Option<usize> = None;
    let mut item_indent: Option<usize> = None;
    let mut in_endpoints = false;
    for line in spec_text.lines() {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indent = line.len() - trimmed.len();
        let Some(level) = section else {
            if trimmed.trim_end() == "serviceRoles:" {
                section = Some(indent);
            }
            continue;
        };
        if indent < level || (indent == level && !trimmed.starts_with('-')) {
            break;
        }
        let starts_item = trimmed.starts_with('-') && item_indent.is_none_or(|i| indent <= i);
        let entry = if starts_item {
            item_indent = Some(indent);
            in_endpoints = false;
            roles.push(ServiceRole {
                name: String::new(),
                endpoints: Vec::new(),
            });
            trimmed[1..].trim_start()
        } else {
            trimmed
        };
        let Some(role) = roles.last_mut() else {
            continue;
        };
        if in_endpoints
            && !starts_item
            && let Some(endpoint) = entry.strip_prefix('-')
        {
            role.endpoints.push(unquote(endpoint.trim()).to_owned());
            continue;
        }
        match key_value(entry) {
            Some(("name", value)) => {
                role.name = value.to_owned();
                in_endpoints = false;
            }
            Some(("endpoints", "")) => in_endpoints = true,
            Some(("endpoints", list)) => {
                in_endpoints = false;
                role.endpoints = list
                    .trim_matches(|c| c == '[' || c == ']')
                    .split(',')
                    .map(|e| unquote(e.trim()).to_owned())
                    .filter(|e| !e.is_empty())
                    .collect();
            }
            _ => in_endpoints = false,
        }
    }
    roles.retain(|role| !role.name.is_empty());
    roles
}

fn unquote(text: &str) -> &str {
    text.trim_matches(|c| c == '"' || c == '\'')
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = "spec:\n  containers:\n  - name: echo\n    image: /db/public/images/echo:1.0\n    env:\n      A: b\n  - name: \"side\"\n    image: acct.registry.snowflakecomputing.com/db/public/images/side\n  endpoints:\n    - name: web\n      port: 8080\n      public: true\n";

    #[test]
    fn containers_endpoints_and_images() {
        let spec = ServiceSpec::FromInline {
            spec_text: SPEC.into(),
        };
        let found = containers(&spec);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].name, "echo");
        assert_eq!(found[0].image, "/db/public/images/echo:1.0");
        assert_eq!(found[1].name, "side");
        let roles = service_roles(&ServiceSpec::FromInline {
            spec_text: "spec:\n  containers: []\nserviceRoles:\n- name: ui_usage\n  endpoints:\n  - web\n  - \"api\"\n- name: api_only\n  endpoints: [api]\n".into(),
        });
        assert_eq!(roles.len(), 2, "{roles:?}");
        assert_eq!(roles[0].name, "ui_usage");
        assert_eq!(roles[0].endpoints, ["web", "api"]);
        assert_eq!(roles[1].endpoints, ["api"]);
        let web = endpoints(&spec);
        assert_eq!(web.len(), 1);
        assert_eq!(web[0].port, Some(8080));
        assert!(web[0].public);
    }
}
