//! Views in queries. A view's query is stored with its table names qualified the way its creator
//! resolved them ([`qualify_tables`]), so it means the same in every session; before a statement
//! is normalized and planned, every reference to a view becomes a derived table holding that
//! query ([`expand_views`]), views inside views included.

use std::{collections::BTreeSet, ops::ControlFlow};

use sqlparser::ast::{
    ObjectName, Query, Statement, TableAlias, TableAliasColumnDef, TableFactor, VisitMut,
    VisitorMut,
};

use crate::{
    catalog::{Catalog, Name, ObjectPath, View, object_name_parts},
    error::{EmulatorError, ErrorKind, Result},
    sql::{normalize::NameContext, normalize::qualify, parse},
};

/// How deeply views may be nested in one another.
const MAX_NESTING: usize = 64;

/// Rewrites every table name in `query` (CTE names aside) as the fully qualified, quoted name
/// it resolves to in `context`, as CREATE VIEW does with the creator's database and schema.
pub fn qualify_tables(query: &mut Query, context: &NameContext) -> Result<()> {
    let mut visitor = Qualifier {
        context,
        ctes: BTreeSet::new(),
    };
    match query.visit(&mut visitor) {
        ControlFlow::Break(error) => Err(error),
        ControlFlow::Continue(()) => Ok(()),
    }
}

/// Replaces every reference to a view of `catalog` in `statement` with the view's query, as a
/// derived table named like the view (or its alias) with the view's column names.
pub fn expand_views(
    statement: &mut Statement,
    catalog: &Catalog,
    context: &NameContext,
) -> Result<()> {
    let mut visitor = Expander {
        catalog,
        context,
        ctes: BTreeSet::new(),
        open: Vec::new(),
    };
    match statement.visit(&mut visitor) {
        ControlFlow::Break(error) => Err(error),
        ControlFlow::Continue(()) => Ok(()),
    }
}

/// The query of a view, parsed.
pub fn view_query(view: &View) -> Result<Query> {
    match parse(&view.query)?.into_iter().next() {
        Some(Statement::Query(query)) => Ok(*query),
        _ => Err(EmulatorError::internal(format!(
            "the stored query of view {} is not a query",
            view.name
        ))),
    }
}

/// Adds the names of the query's CTEs to `ctes`.
fn collect_ctes(query: &Query, ctes: &mut BTreeSet<Name>) {
    if let Some(with) = &query.with {
        ctes.extend(
            with.cte_tables
                .iter()
                .map(|cte| Name::from_ident(&cte.alias.name)),
        );
    }
}

/// Whether `name` is a single-part name of a CTE in scope.
fn is_cte(name: &ObjectName, ctes: &BTreeSet<Name>) -> bool {
    matches!(object_name_parts(name).as_deref(), Ok([single]) if ctes.contains(single))
}

struct Qualifier<'a> {
    context: &'a NameContext,
    ctes: BTreeSet<Name>,
}

impl VisitorMut for Qualifier<'_> {
    type Break = EmulatorError;

    fn pre_visit_query(&mut self, query: &mut Query) -> ControlFlow<Self::Break> {
        collect_ctes(query, &mut self.ctes);
        ControlFlow::Continue(())
    }

    fn pre_visit_table_factor(&mut self, factor: &mut TableFactor) -> ControlFlow<Self::Break> {
        // Table functions (`FROM f(...)`) are not tables.
        if let TableFactor::Table {
            name, args: None, ..
        } = factor
            && !is_cte(name, &self.ctes)
        {
            match qualify(name, self.context) {
                Ok([database, schema, table]) => {
                    *name = ObjectName::from(vec![
                        database.to_ident(),
                        schema.to_ident(),
                        table.to_ident(),
                    ]);
                }
                Err(error) => return ControlFlow::Break(error),
            }
        }
        ControlFlow::Continue(())
    }
}

struct Expander<'a> {
    catalog: &'a Catalog,
    context: &'a NameContext,
    ctes: BTreeSet<Name>,
    /// For each table factor being visited, outermost first: the view it expanded, if any.
    open: Vec<Option<ObjectPath>>,
}

impl<'a> Expander<'a> {
    /// The view a table factor names, if it names one.
    fn view_of(&self, name: &ObjectName) -> Option<(&'a View, ObjectPath)> {
        if is_cte(name, &self.ctes) {
            return None;
        }
        // Names that do not resolve are left for normalization to report.
        let [database, schema, view] = qualify(name, self.context).ok()?;
        let path = ObjectPath {
            database,
            schema,
            name: view,
        };
        let found = self.catalog.view(&path)?;
        Some((found.as_ref(), path))
    }

    /// Replaces `factor` with the query of the view it names, if it names one; returns the view.
    fn expand(&mut self, factor: &mut TableFactor) -> Result<Option<ObjectPath>> {
        let TableFactor::Table {
            name,
            alias,
            args: None,
            ..
        } = factor
        else {
            return Ok(None);
        };
        let Some((view, path)) = self.view_of(name) else {
            return Ok(None);
        };
        let inside = self.open.iter().flatten().count();
        if self.open.iter().flatten().any(|open| open == &path) || inside >= MAX_NESTING {
            return Err(EmulatorError::compilation(
                ErrorKind::InvalidArguments,
                format!("View definition of '{}' is recursive.", path.name),
            ));
        }
        let query = view_query(view)?;
        let mut alias = alias.take().unwrap_or_else(|| TableAlias {
            explicit: true,
            name: path.name.to_ident(),
            columns: Vec::new(),
            at: None,
        });
        if alias.columns.is_empty() {
            alias.columns = view
                .column_names
                .iter()
                .map(|column| TableAliasColumnDef {
                    name: column.to_ident(),
                    data_type: None,
                })
                .collect();
        }
        *factor = TableFactor::Derived {
            lateral: false,
            subquery: Box::new(query),
            alias: Some(alias),
            sample: None,
        };
        Ok(Some(path))
    }
}

impl VisitorMut for Expander<'_> {
    type Break = EmulatorError;

    fn pre_visit_query(&mut self, query: &mut Query) -> ControlFlow<Self::Break> {
        collect_ctes(query, &mut self.ctes);
        ControlFlow::Continue(())
    }

    // The visitor goes on into a derived table that replaced a view, expanding the views that
    // view uses; `open` holds the views being expanded around the current table factor.
    fn pre_visit_table_factor(&mut self, factor: &mut TableFactor) -> ControlFlow<Self::Break> {
        match self.expand(factor) {
            Ok(expanded) => {
                self.open.push(expanded);
                ControlFlow::Continue(())
            }
            Err(error) => ControlFlow::Break(error),
        }
    }

    fn post_visit_table_factor(&mut self, _factor: &mut TableFactor) -> ControlFlow<Self::Break> {
        self.open.pop();
        ControlFlow::Continue(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context(database: Option<&str>) -> NameContext {
        NameContext {
            database: database.map(Name::canonical),
            schema: Some(Name::canonical("PUBLIC")),
            ..Default::default()
        }
    }

    fn query(sql: &str) -> Query {
        match parse(sql).unwrap().remove(0) {
            Statement::Query(query) => *query,
            other => panic!("not a query: {other}"),
        }
    }

    /// A catalog with database DB, schema PUBLIC and these views (built from JSON, so objects
    /// gaining fields do not break the test).
    fn catalog_with(views: &[(&str, &str, &[&str])]) -> Catalog {
        let info =
            serde_json::json!({"created_on": "2024-01-01T00:00:00Z", "owner": "", "comment": null});
        let views: serde_json::Map<String, serde_json::Value> = views
            .iter()
            .map(|(name, sql, columns)| {
                let view = serde_json::json!({
                    "name": name, "info": info, "secure": false, "query": sql, "text": "",
                    "column_names": columns,
                });
                ((*name).to_owned(), view)
            })
            .collect();
        let schema = serde_json::json!({
            "name": "PUBLIC", "info": info, "transient": false, "managed_access": false,
            "retention_time": 1, "tables": {}, "views": views, "dropped_tables": [],
        });
        serde_json::from_value(serde_json::json!({
            "databases": {"DB": {
                "name": "DB", "info": info, "transient": false, "retention_time": 1,
                "schemas": {"PUBLIC": schema}, "dropped_schemas": [],
            }},
            "dropped_databases": [], "warehouses": {}, "roles": {}, "users": {},
        }))
        .expect("a catalog")
    }

    #[test]
    fn qualifies_tables_but_not_ctes_or_functions() {
        let mut q = query("with c as (select 1 as x) select * from c, t join s.u on true");
        qualify_tables(&mut q, &context(Some("DB"))).unwrap();
        assert_eq!(
            q.to_string(),
            "WITH c AS (SELECT 1 AS x) SELECT * FROM c, \"DB\".\"PUBLIC\".\"T\" JOIN \"DB\".\"S\".\"U\" ON true"
        );
        let e = qualify_tables(&mut query("select * from t"), &context(None)).unwrap_err();
        assert_eq!(e.code(), "090105");
    }

    #[test]
    fn expands_views_within_views() {
        let catalog = catalog_with(&[
            ("V1", "SELECT a FROM \"DB\".\"PUBLIC\".\"T\"", &["X"]),
            ("V2", "SELECT x FROM \"DB\".\"PUBLIC\".\"V1\"", &[]),
        ]);
        let mut statement = Statement::Query(Box::new(query("select * from v2 as w")));
        expand_views(&mut statement, &catalog, &context(Some("DB"))).unwrap();
        assert_eq!(
            statement.to_string(),
            "SELECT * FROM (SELECT x FROM (SELECT a FROM \"DB\".\"PUBLIC\".\"T\") AS \"V1\" (\"X\")) AS w"
        );
        // A CTE of the same name hides the view.
        let mut statement =
            Statement::Query(Box::new(query("with v1 as (select 1) select * from v1")));
        expand_views(&mut statement, &catalog, &context(Some("DB"))).unwrap();
        assert!(statement.to_string().ends_with("FROM v1"));
    }

    #[test]
    fn a_view_used_twice_is_not_recursion() {
        let catalog = catalog_with(&[
            ("V1", "SELECT 1 AS a", &[]),
            (
                "V2",
                "SELECT * FROM \"DB\".\"PUBLIC\".\"V1\" AS x, \"DB\".\"PUBLIC\".\"V1\" AS y",
                &[],
            ),
        ]);
        let mut statement = Statement::Query(Box::new(query("select * from v2, v2 as w")));
        expand_views(&mut statement, &catalog, &context(Some("DB"))).unwrap();
        assert_eq!(statement.to_string().matches("SELECT 1 AS a").count(), 4);
    }

    #[test]
    fn circular_views_are_an_error() {
        let catalog = catalog_with(&[("V", "SELECT * FROM \"DB\".\"PUBLIC\".\"V\"", &[])]);
        let mut statement = Statement::Query(Box::new(query("select * from v")));
        let e = expand_views(&mut statement, &catalog, &context(Some("DB"))).unwrap_err();
        assert!(e.to_string().contains("recursive"), "{e}");
    }
}
