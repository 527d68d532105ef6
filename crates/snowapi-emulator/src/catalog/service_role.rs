//! Service roles: the roles a service's specification defines (`serviceRoles:`), plus the
//! `ALL_ENDPOINTS_USAGE` role every service has. SQL (GRANT / REVOKE SERVICE ROLE, SHOW GRANTS)
//! and REST both name them `db.schema.service!role`.
//!
//! A grant of a service role is recorded like any grant, on a [`Securable`] of type
//! `SERVICE_ROLE` whose `name` holds `service!role` (the two canonical names joined by `!`),
//! so grants of roles of a dropped service disappear with it.

use super::{Catalog, Name, ObjectInfo, Securable, Service, ServiceSpec};

/// The role every service has: usage of all its endpoints.
pub const ALL_ENDPOINTS_USAGE: &str = "ALL_ENDPOINTS_USAGE";

/// The `granted_on` type of a service role in SHOW GRANTS.
pub const SERVICE_ROLE: &str = "SERVICE_ROLE";

/// A service role of a specification's `serviceRoles:` section and the endpoints it may use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceRole {
    /// `name`, as written.
    pub name: String,
    /// `endpoints` (a block list or `[a, b]`).
    pub endpoints: Vec<String>,
}

/// A YAML `key: value` line's parts, the value unquoted (the line-by-line reading of service
/// specifications shares it).
pub(crate) fn yaml_key_value(line: &str) -> Option<(&str, &str)> {
    let (key, value) = line.split_once(':')?;
    let value = value.trim();
    let value = value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
        .unwrap_or(value);
    Some((key.trim(), value))
}

fn unquote(text: &str) -> &str {
    text.trim_matches(|c| c == '"' || c == '\'')
}

/// The service roles an inline specification defines, in the order written (a file on a stage
/// is not read, so it defines none).
pub fn service_roles(spec: &ServiceSpec) -> Vec<ServiceRole> {
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
        match yaml_key_value(entry) {
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

impl Service {
    /// The canonical names of its service roles: `ALL_ENDPOINTS_USAGE`, then those of its
    /// specification (upper-cased, as Snowflake reports them).
    pub fn service_role_names(&self) -> Vec<Name> {
        std::iter::once(Name::canonical(ALL_ENDPOINTS_USAGE))
            .chain(
                service_roles(&self.spec)
                    .into_iter()
                    .map(|role| Name::canonical(role.name.to_ascii_uppercase())),
            )
            .collect()
    }

    /// Its service role called `wanted` (compared case-insensitively, as the specification's
    /// names are), in canonical form.
    pub fn service_role(&self, wanted: &Name) -> Option<Name> {
        self.service_role_names()
            .into_iter()
            .find(|role| role.as_str().eq_ignore_ascii_case(wanted.as_str()))
    }
}

impl Securable {
    /// The service role `role` of service `database.schema.service`.
    pub fn service_role(database: Name, schema: Name, service: &Name, role: &Name) -> Self {
        Self {
            securable_type: SERVICE_ROLE.to_owned(),
            database: Some(database),
            schema: Some(schema),
            name: Name::canonical(format!("{}!{}", service.as_str(), role.as_str())),
        }
    }

    /// The service and role names of a `SERVICE_ROLE` securable.
    pub fn service_role_parts(&self) -> Option<(Name, Name)> {
        if self.securable_type != SERVICE_ROLE {
            return None;
        }
        let (service, role) = self.name.as_str().split_once('!')?;
        Some((Name::canonical(service), Name::canonical(role)))
    }
}

impl Catalog {
    /// The service a `SERVICE_ROLE` securable belongs to, if the service exists and defines
    /// that role.
    pub fn service_of_role(&self, on: &Securable) -> Option<&Service> {
        let (service, role) = on.service_role_parts()?;
        let schema = self
            .schema(on.database.as_ref()?, on.schema.as_ref()?)
            .ok()?;
        let found = schema.services.get(&service)?;
        found.service_role(&role).is_some().then_some(&**found)
    }

    /// The properties of the service a service role belongs to (what grants of it depend on).
    pub(crate) fn service_role_info(&self, on: &Securable) -> Option<&ObjectInfo> {
        self.service_of_role(on).map(|service| &service.info)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_of_a_specification() {
        let roles = service_roles(&ServiceSpec::FromInline {
            spec_text: "spec:\n  containers: []\nserviceRoles:\n- name: ui_usage\n  endpoints:\n  - web\n  - \"api\"\n- name: api_only\n  endpoints: [api]\n".into(),
        });
        assert_eq!(roles.len(), 2, "{roles:?}");
        assert_eq!(roles[0].name, "ui_usage");
        assert_eq!(roles[0].endpoints, ["web", "api"]);
        assert_eq!(roles[1].endpoints, ["api"]);
    }

    #[test]
    fn service_role_securables() {
        let on = Securable::service_role(
            Name::canonical("DB"),
            Name::canonical("S"),
            &Name::canonical("SVC"),
            &Name::canonical("R"),
        );
        assert_eq!(on.qualified_name(), "DB.S.SVC!R");
        let (service, role) = on.service_role_parts().unwrap();
        assert_eq!((service.as_str(), role.as_str()), ("SVC", "R"));
        assert!(
            Securable::account_level("ROLE", Name::canonical("R"))
                .service_role_parts()
                .is_none()
        );
    }
}
