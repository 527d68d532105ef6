//! The grant verbs of a database role: sending a [`PrivilegeGrant`](crate::grant::PrivilegeGrant)
//! (`grant`, `revoke`, their future twins), snowflake.core's shortcuts building one
//! (`grant_role`, `grant_privileges`, …) and the listings of what the role holds.

use snowapi_rest::database_role::{Client, types};

use super::DatabaseRoleResource;
use crate::grant::{grant_shortcuts, role_grant_verbs};

role_grant_verbs!(
    DatabaseRoleResource,
    "database role",
    "root.databases().get(\"sales\").database_roles().get(\"reader\")",
    (database, name) = ids,
    grant: grant_privileges_to_database_role,
    revoke: revoke_grants_from_database_role,
    grant_future: grant_future_privileges_to_database_role,
    revoke_future: revoke_future_grants_from_database_role,
    list: list_database_role_grants,
    list_future: list_database_role_future_grants,
);

grant_shortcuts!(
    DatabaseRoleResource,
    "database role",
    "root.databases().get(\"sales\").database_roles().get(\"reader\")",
    "DATABASE ROLE",
    "SecurableRef::database_object(\"sales\", \"auditor\")"
);
