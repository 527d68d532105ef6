//! The clauses SHOW commands over objects share: `LIKE '<pattern>'`, `IN ACCOUNT | DATABASE [d] |
//! [SCHEMA] [s]`, `STARTS WITH '<prefix>'` and `LIMIT n [FROM '<name>']`.

use std::{collections::BTreeMap, sync::Arc};

use super::syntax::Syntax;
use crate::{
    catalog::{Catalog, Name, ObjectPath, Schema},
    error::{EmulatorError, ErrorKind, Result},
    sql::normalize::NameContext,
};

/// Where a SHOW command looks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Scope {
    /// The whole account.
    Account,
    /// One database.
    Database(Name),
    /// One schema.
    Schema(Name, Name),
}

impl Scope {
    /// Whether an object in `database.schema` is in scope.
    pub(super) fn contains(&self, database: &Name, schema: &Name) -> bool {
        match self {
            Self::Account => true,
            Self::Database(d) => d == database,
            Self::Schema(d, s) => d == database && s == schema,
        }
    }

    /// Fails like Snowflake when the scope's database or schema does not exist.
    pub(super) fn check(&self, catalog: &Catalog) -> Result<()> {
        match self {
            Self::Account => Ok(()),
            Self::Database(database) => catalog.database(database).map(|_| ()),
            Self::Schema(database, schema) => catalog.schema(database, schema).map(|_| ()),
        }
    }
}

/// The filters of one SHOW command.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct ShowFilter {
    /// `LIKE` pattern (case-insensitive).
    pub(super) like: Option<String>,
    /// `STARTS WITH` prefix (case-sensitive).
    pub(super) starts_with: Option<String>,
    /// `LIMIT n`.
    pub(super) limit: Option<u64>,
    /// `LIMIT n FROM 'name'`: only names after this one.
    pub(super) from: Option<String>,
    /// The scope, for schema-level objects: the IN clause, or the current database (the
    /// account when there is none).
    pub(super) scope: Option<Scope>,
    /// `ROOT ONLY` (SHOW TASKS): only graph roots and standalone tasks — no children and no
    /// finalizers, so dagv1's `iter_dags` names each graph once.
    pub(super) root_only: bool,
}

impl ShowFilter {
    /// Reads the clauses up to the end of the statement. `command` names the statement in
    /// errors (`SHOW TASKS`); `scoped` allows the IN clause.
    pub(super) fn parse(
        syntax: &mut Syntax<'_>,
        context: &NameContext,
        command: &str,
        scoped: bool,
    ) -> Result<Self> {
        let mut filter = Self::default();
        if syntax.accept("LIKE") {
            filter.like = Some(syntax.string()?);
        }
        if scoped {
            let scope = if syntax.accept("IN") {
                read_scope(syntax, context, command)?
            } else {
                match &context.database {
                    Some(database) => Scope::Database(database.clone()),
                    None => Scope::Account,
                }
            };
            filter.scope = Some(scope);
        }
        if syntax.accept_all(&["STARTS", "WITH"]) {
            filter.starts_with = Some(syntax.string()?);
        }
        if command == "SHOW TASKS" && syntax.accept_all(&["ROOT", "ONLY"]) {
            filter.root_only = true;
        }
        if syntax.accept("LIMIT") {
            filter.limit = Some(syntax.number()?);
            if syntax.accept("FROM") {
                filter.from = Some(syntax.string()?);
            }
        }
        syntax.finish()?;
        Ok(filter)
    }

    /// Whether a name passes LIKE, STARTS WITH and FROM.
    pub(super) fn matches(&self, name: &str) -> bool {
        self.like.as_deref().is_none_or(|p| like(p, name))
            && self
                .starts_with
                .as_deref()
                .is_none_or(|prefix| name.starts_with(prefix))
            && self.from.as_deref().is_none_or(|from| name > from)
    }

    /// The rows whose names pass, at most LIMIT of them.
    pub(super) fn apply<T>(&self, rows: Vec<T>, name: impl Fn(&T) -> &str) -> Vec<T> {
        let limit = self
            .limit
            .map_or(usize::MAX, |n| usize::try_from(n).unwrap_or(usize::MAX));
        rows.into_iter()
            .filter(|row| self.matches(name(row)))
            .take(limit)
            .collect()
    }

    /// Every object in scope of the kind `objects` picks from a schema, with its path, in
    /// name order (LIKE and LIMIT are for [`Self::apply`]).
    pub(super) fn schema_objects<'c, T>(
        &self,
        catalog: &'c Catalog,
        objects: fn(&Schema) -> &BTreeMap<Name, Arc<T>>,
    ) -> Vec<(ObjectPath, &'c Arc<T>)> {
        let mut found = Vec::new();
        for (db_name, database) in &catalog.databases {
            for (schema_name, schema) in &database.schemas {
                if !self.in_scope(db_name, schema_name) {
                    continue;
                }
                for (name, object) in objects(schema) {
                    let path = ObjectPath {
                        database: db_name.clone(),
                        schema: schema_name.clone(),
                        name: name.clone(),
                    };
                    found.push((path, object));
                }
            }
        }
        found
    }

    /// Whether an object in `database.schema` is in scope (always, without a scope).
    pub(super) fn in_scope(&self, database: &Name, schema: &Name) -> bool {
        self.scope
            .as_ref()
            .is_none_or(|scope| scope.contains(database, schema))
    }
}

fn no_current(command: &str, what: &str) -> EmulatorError {
    EmulatorError::new(
        ErrorKind::NoCurrentDatabase,
        format!(
            "Cannot perform {command}. This session does not have a current {what}. Call 'USE {}', or use a qualified name.",
            what.to_uppercase()
        ),
    )
}

fn read_scope(syntax: &mut Syntax<'_>, context: &NameContext, command: &str) -> Result<Scope> {
    if syntax.accept("ACCOUNT") {
        return Ok(Scope::Account);
    }
    let named = |syntax: &Syntax<'_>| {
        !syntax.is_done() && !syntax.peek(&["STARTS"]) && !syntax.peek(&["LIMIT"])
    };
    if syntax.accept("DATABASE") {
        if named(syntax) {
            let parts = syntax.name()?;
            let [database] = <[Name; 1]>::try_from(parts).map_err(|_| syntax.unexpected())?;
            return Ok(Scope::Database(database));
        }
        let database = context
            .database
            .clone()
            .ok_or_else(|| no_current(command, "database"))?;
        return Ok(Scope::Database(database));
    }
    let keyword = syntax.accept("SCHEMA");
    if keyword && !named(syntax) {
        let database = context
            .database
            .clone()
            .ok_or_else(|| no_current(command, "database"))?;
        let schema = context
            .schema
            .clone()
            .ok_or_else(|| no_current(command, "schema"))?;
        return Ok(Scope::Schema(database, schema));
    }
    let mut parts = syntax.name()?;
    match parts.len() {
        1 => {
            let database = context
                .database
                .clone()
                .ok_or_else(|| no_current(command, "database"))?;
            Ok(Scope::Schema(database, parts.remove(0)))
        }
        2 => {
            let schema = parts.remove(1);
            Ok(Scope::Schema(parts.remove(0), schema))
        }
        _ => Err(syntax.unexpected()),
    }
}

/// SQL LIKE on names, ignoring case: `%` any run, `_` one character, `\` escapes.
pub(super) fn like(pattern: &str, text: &str) -> bool {
    let pattern: Vec<char> = pattern.to_lowercase().chars().collect();
    let text: Vec<char> = text.to_lowercase().chars().collect();
    like_from(&pattern, &text)
}

fn like_from(pattern: &[char], text: &[char]) -> bool {
    match pattern.split_first() {
        None => text.is_empty(),
        Some(('%', rest)) => (0..=text.len()).any(|skip| like_from(rest, &text[skip..])),
        Some(('_', rest)) => !text.is_empty() && like_from(rest, &text[1..]),
        Some(('\\', rest)) if !rest.is_empty() => {
            text.first() == Some(&rest[0]) && like_from(&rest[1..], &text[1..])
        }
        Some((c, rest)) => text.first() == Some(c) && like_from(rest, &text[1..]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context() -> NameContext {
        NameContext {
            database: Some(Name::canonical("DB")),
            schema: Some(Name::canonical("S")),
            ..Default::default()
        }
    }

    #[test]
    fn like_patterns() {
        assert!(like("%wh", "MY_WH"));
        assert!(like("my\\_wh", "MY_WH"));
        assert!(!like("my\\_wh", "MYXWH"));
        assert!(like("m_\\_%", "MY_WH"));
        assert!(!like("wh%", "MY_WH"));
        assert!(like("%", ""));
    }

    #[test]
    fn clauses_and_scopes() {
        let mut s =
            Syntax::new("x like 'T%' in schema db2.s2 starts with 'T' limit 2 from 'T1'").unwrap();
        s.skip();
        let f = ShowFilter::parse(&mut s, &context(), "SHOW TASKS", true).unwrap();
        assert_eq!(
            f.scope,
            Some(Scope::Schema(Name::canonical("DB2"), Name::canonical("S2")))
        );
        let rows = f.apply(vec!["T1", "T2", "T3", "T4", "X"], |r| r);
        assert_eq!(rows, ["T2", "T3"]);

        let mut s = Syntax::new("x").unwrap();
        s.skip();
        let f = ShowFilter::parse(&mut s, &NameContext::default(), "SHOW TASKS", true).unwrap();
        assert_eq!(f.scope, Some(Scope::Account));

        let mut s = Syntax::new("x in database").unwrap();
        s.skip();
        let e = ShowFilter::parse(&mut s, &NameContext::default(), "SHOW TASKS", true).unwrap_err();
        assert_eq!(e.code(), "090105");

        let mut s = Syntax::new("x in account").unwrap();
        s.skip();
        assert!(ShowFilter::parse(&mut s, &context(), "SHOW WAREHOUSES", false).is_err());
    }
}
