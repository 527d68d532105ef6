//! What the REST API reports about a service's containers, endpoints and images, read from the
//! YAML of its inline specification. Only the few keys needed are read (`containers:` items'
//! `name` and `image`, `endpoints:` items' `name`, `port`, `portRange`, `protocol`, `public`),
//! line by line; anything else in the YAML is skipped. Service roles (`serviceRoles:`) are read
//! by [`crate::catalog::service_roles`].

use crate::catalog::{ServiceSpec, yaml_key_value as key_value};

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
        let web = endpoints(&spec);
        assert_eq!(web.len(), 1);
        assert_eq!(web[0].port, Some(8080));
        assert!(web[0].public);
    }
}
