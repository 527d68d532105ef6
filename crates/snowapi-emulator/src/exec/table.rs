//! CREATE TABLE (columns, constraints, AS SELECT, CLONE) and DROP TABLE.

use std::sync::Arc;

use chrono::Utc;
use sqlparser::ast::{
    ColumnDef, ColumnOption, CommentDef, CreateTable, CreateTableOptions, Expr,
    IdentityPropertyFormatKind, IdentityPropertyKind, ObjectName, SqlOption, Statement,
    TableConstraint,
};

use super::{insert::conform, run_query};
use crate::{
    catalog::{
        Column, Constraint, Dropped, Name, ObjectInfo, ObjectPath, Table, TableData, TableKind,
        TableSettings, object_name_parts,
    },
    engine::{QueryResult, Session, StatementType},
    error::{EmulatorError, ErrorKind, Result},
    sql::normalize::{NameContext, qualify},
    types::SfType,
};

/// The full path of a table named in a statement.
pub(super) fn table_path(session: &Session, name: &ObjectName) -> Result<ObjectPath> {
    let context: NameContext = session.name_context();
    let [database, schema, name] = qualify(name, &context)?;
    Ok(ObjectPath {
        database,
        schema,
        name,
    })
}

/// `CREATE [OR REPLACE] [TRANSIENT|TEMPORARY] TABLE [IF NOT EXISTS] t (...) | AS SELECT | CLONE`.
pub(super) async fn create(session: &Session, create: CreateTable) -> Result<QueryResult> {
    if create.version.is_some() {
        // No table history is kept, so there is nothing to clone from the past.
        return Err(EmulatorError::unsupported("CLONE … AT"));
    }
    let path = table_path(session, &create.name)?;
    let owner = session.state().role;
    let kind = if create.temporary {
        TableKind::Temporary
    } else if create.transient {
        TableKind::Transient
    } else {
        TableKind::Permanent
    };
    let comment = table_comment(&create);
    let mut columns = create
        .columns
        .iter()
        .map(column)
        .collect::<Result<Vec<_>>>()?;
    let mut constraints = column_constraints(&create.columns)?;
    for constraint in &create.constraints {
        constraints.push(table_constraint(constraint)?);
    }
    let mut data = TableData::default();
    if let Some(query) = &create.query {
        let snapshot = session.snapshot();
        let (schema, batches) =
            run_query(session, snapshot, Statement::Query(query.clone())).await?;
        if columns.is_empty() {
            columns = schema
                .fields()
                .iter()
                .map(|field| Column {
                    name: Name::canonical(field.name().clone()),
                    sf_type: SfType::of_field(field),
                    nullable: true,
                    default: None,
                    comment: None,
                    autoincrement: None,
                })
                .collect();
        } else if columns.len() != schema.fields().len() {
            return Err(EmulatorError::compilation(
                ErrorKind::InvalidArguments,
                format!(
                    "Invalid column definition list: {} columns named, the query returns {}.",
                    columns.len(),
                    schema.fields().len()
                ),
            ));
        }
        let shell = table_shell(&path, &owner, kind, columns.clone(), Vec::new(), None);
        data = TableData::new(conform(&shell, batches)?);
    }
    let clone_source = create
        .clone
        .as_ref()
        .map(|source| table_path(session, source))
        .transpose()?;
    if columns.is_empty() && clone_source.is_none() {
        return Err(EmulatorError::compilation(
            ErrorKind::SyntaxError,
            "a table needs at least one column",
        ));
    }
    let cluster_by: Vec<String> = create
        .cluster_by
        .as_ref()
        .map(|c| {
            c.to_string()
                .trim_matches(['(', ')'])
                .split(',')
                .map(|s| s.trim().to_owned())
                .collect()
        })
        .unwrap_or_default();
    let (or_replace, if_not_exists) = (create.or_replace, create.if_not_exists);
    let retention = create
        .data_retention_time_in_days
        .map(|d| u32::try_from(d).unwrap_or(u32::MAX));
    // Checked before the write so a bad value fails the statement whatever it clones.
    super::table_settings::apply_create(&mut TableSettings::default(), &create)?;
    let created = {
        let path = path.clone();
        session
            .write(move |catalog| {
                let mut table = match &clone_source {
                    Some(source) => {
                        let mut copy = (**catalog.table(source)?).clone();
                        copy.info = ObjectInfo::new(&owner, comment.clone());
                        copy
                    }
                    None => table_shell(&path, &owner, kind, columns, constraints, comment),
                };
                table.name = path.name.clone();
                // A clone keeps its source's settings unless the statement names others.
                super::table_settings::apply_create(&mut table.settings, &create)?;
                if clone_source.is_none() || !cluster_by.is_empty() {
                    table.cluster_by = cluster_by;
                }
                // Snowflake starts a clone with Automatic Clustering suspended.
                table.settings.recluster_suspended =
                    clone_source.is_some() && !table.cluster_by.is_empty();
                if let Some(days) = retention {
                    table.retention_time = days;
                }
                if clone_source.is_none() {
                    table.data = data;
                }
                let schema = catalog.schema_mut(&path.database, &path.schema)?;
                if schema.tables.contains_key(&path.name) || schema.views.contains_key(&path.name) {
                    if if_not_exists {
                        return Ok(false);
                    }
                    if !or_replace {
                        return Err(EmulatorError::already_exists("Object", &path.name));
                    }
                }
                if let Some(old) = schema.tables.insert(path.name.clone(), Arc::new(table)) {
                    schema.dropped_tables.push(Dropped {
                        dropped_on: Utc::now(),
                        object: old,
                    });
                }
                Ok(true)
            })
            .await?
    };
    let message = if created {
        format!("Table {} successfully created.", path.name)
    } else {
        format!("{} already exists, statement succeeded.", path.name)
    };
    QueryResult::status(StatementType::Ddl, message)
}

/// The table's `COMMENT = '…'`: sqlparser keeps it among the table options for Snowflake.
pub(super) fn table_comment(create: &CreateTable) -> Option<String> {
    let text = |c: &CommentDef| match c {
        CommentDef::WithEq(text) | CommentDef::WithoutEq(text) => text.clone(),
    };
    let from_options = match &create.table_options {
        CreateTableOptions::Plain(options)
        | CreateTableOptions::With(options)
        | CreateTableOptions::Options(options)
        | CreateTableOptions::TableProperties(options) => options.iter().find_map(|o| match o {
            SqlOption::Comment(c) => Some(text(c)),
            _ => None,
        }),
        CreateTableOptions::None => None,
    };
    create.comment.as_ref().map(text).or(from_options)
}

fn table_shell(
    path: &ObjectPath,
    owner: &str,
    kind: TableKind,
    columns: Vec<Column>,
    constraints: Vec<Constraint>,
    comment: Option<String>,
) -> Table {
    Table {
        name: path.name.clone(),
        info: ObjectInfo::new(owner, comment),
        kind,
        columns,
        constraints,
        cluster_by: Vec::new(),
        retention_time: super::database::DEFAULT_RETENTION,
        settings: TableSettings::default(),
        data: TableData::default(),
        data_id: None,
    }
}

/// `DROP TABLE [IF EXISTS] t`: kept for UNDROP.
pub(super) async fn drop(
    session: &Session,
    names: Vec<ObjectName>,
    if_exists: bool,
) -> Result<QueryResult> {
    let [name] = <[ObjectName; 1]>::try_from(names)
        .map_err(|_| EmulatorError::unsupported("DROP of several tables"))?;
    let path = table_path(session, &name)?;
    let dropped = {
        let path = path.clone();
        session
            .write(move |catalog| {
                let missing = || EmulatorError::not_found("Table", &path);
                let schema = match catalog.schema_mut(&path.database, &path.schema) {
                    Ok(schema) => schema,
                    Err(_) if if_exists => return Ok(false),
                    Err(_) => return Err(missing()),
                };
                match schema.tables.remove(&path.name) {
                    Some(old) => {
                        schema.dropped_tables.push(Dropped {
                            dropped_on: Utc::now(),
                            object: old,
                        });
                        Ok(true)
                    }
                    None if if_exists => Ok(false),
                    None => Err(missing()),
                }
            })
            .await?
    };
    let message = if dropped {
        format!("{} successfully dropped.", path.name)
    } else {
        "Drop statement executed successfully (object does not exist).".to_owned()
    };
    QueryResult::status(StatementType::Ddl, message)
}

pub(super) fn column(definition: &ColumnDef) -> Result<Column> {
    let mut column = Column {
        name: Name::from_ident(&definition.name),
        sf_type: SfType::parse(&definition.data_type.to_string())?,
        nullable: true,
        default: None,
        comment: None,
        autoincrement: None,
    };
    for option in &definition.options {
        match &option.option {
            ColumnOption::Null => column.nullable = true,
            ColumnOption::NotNull => column.nullable = false,
            ColumnOption::Default(expr) => column.default = Some(expr.to_string()),
            ColumnOption::Comment(text) => column.comment = Some(text.clone()),
            ColumnOption::Identity(
                IdentityPropertyKind::Autoincrement(identity)
                | IdentityPropertyKind::Identity(identity),
            ) => {
                let (start, step) = match &identity.parameters {
                    Some(IdentityPropertyFormatKind::FunctionCall(p))
                    | Some(IdentityPropertyFormatKind::StartAndIncrement(p)) => {
                        (integer(&p.seed)?, integer(&p.increment)?)
                    }
                    None => (1, 1),
                };
                column.autoincrement = Some((start, step));
            }
            // Keys are collected by `column_constraints`; the rest changes nothing we keep.
            ColumnOption::PrimaryKey(_) => column.nullable = false,
            _ => {}
        }
    }
    Ok(column)
}

fn integer(expr: &Expr) -> Result<i64> {
    expr.to_string().parse().map_err(|_| {
        EmulatorError::compilation(
            ErrorKind::InvalidArguments,
            format!("'{expr}' is not an integer"),
        )
    })
}

/// Keys written on single columns (`id INT PRIMARY KEY`).
pub(super) fn column_constraints(columns: &[ColumnDef]) -> Result<Vec<Constraint>> {
    let mut out = Vec::new();
    for definition in columns {
        let column = vec![Name::from_ident(&definition.name)];
        for option in &definition.options {
            let name = option.name.as_ref().map(Name::from_ident);
            match &option.option {
                ColumnOption::PrimaryKey(_) => out.push(Constraint::PrimaryKey {
                    name,
                    columns: column.clone(),
                }),
                ColumnOption::Unique(_) => out.push(Constraint::Unique {
                    name,
                    columns: column.clone(),
                }),
                ColumnOption::ForeignKey(fk) => out.push(Constraint::ForeignKey {
                    name,
                    columns: column.clone(),
                    referenced_table: object_name_parts(&fk.foreign_table)?,
                    referenced_columns: fk.referred_columns.iter().map(Name::from_ident).collect(),
                }),
                _ => {}
            }
        }
    }
    Ok(out)
}

pub(super) fn table_constraint(constraint: &TableConstraint) -> Result<Constraint> {
    let index_columns = |columns: &[sqlparser::ast::IndexColumn]| -> Vec<Name> {
        columns
            .iter()
            .map(|c| match &c.column.expr {
                Expr::Identifier(ident) => Name::from_ident(ident),
                other => Name::canonical(other.to_string()),
            })
            .collect()
    };
    Ok(match constraint {
        TableConstraint::PrimaryKey(pk) => Constraint::PrimaryKey {
            name: pk.name.as_ref().map(Name::from_ident),
            columns: index_columns(&pk.columns),
        },
        TableConstraint::Unique(unique) => Constraint::Unique {
            name: unique.name.as_ref().map(Name::from_ident),
            columns: index_columns(&unique.columns),
        },
        TableConstraint::ForeignKey(fk) => Constraint::ForeignKey {
            name: fk.name.as_ref().map(Name::from_ident),
            columns: fk.columns.iter().map(Name::from_ident).collect(),
            referenced_table: object_name_parts(&fk.foreign_table)?,
            referenced_columns: fk.referred_columns.iter().map(Name::from_ident).collect(),
        },
        other => return Err(EmulatorError::unsupported(format!("constraint {other}"))),
    })
}
