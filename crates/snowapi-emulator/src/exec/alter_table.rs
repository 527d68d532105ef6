//! ALTER TABLE, read with the hand-written DDL parser (sqlparser lacks Snowflake's SET/UNSET,
//! DROP UNIQUE (…), multi-column ADD, …): renames, SWAP WITH, properties, clustering keys and
//! key constraints here; column changes, which rewrite the rows, in `alter_table_columns`.

use std::sync::Arc;

use sqlparser::{
    ast::{Expr, ObjectName},
    parser::Parser,
    tokenizer::Token,
};

use super::{
    alter_table_columns::{ColumnChange, NewColumn, add_columns, alter_columns, new_column},
    ddl_parser::{DdlParser, PropertyValue, invalid_value},
    table::{table_constraint, table_path},
    table_settings,
};
use crate::{
    catalog::{Catalog, Constraint, Name, ObjectPath, Table},
    engine::{QueryResult, Session, StatementType},
    error::{EmulatorError, ErrorKind, Result},
};

/// Longest Time Travel Snowflake allows, in days.
pub(super) const MAX_RETENTION_DAYS: u32 = 90;

/// One ALTER TABLE action.
enum Action {
    AddColumns(Vec<NewColumn>),
    DropColumns {
        names: Vec<Name>,
        if_exists: bool,
    },
    RenameColumn {
        from: Name,
        to: Name,
    },
    AlterColumns(Vec<(Name, ColumnChange)>),
    Rename(ObjectName),
    SwapWith(ObjectName),
    Set(Vec<(String, PropertyValue)>),
    Unset(Vec<String>),
    ClusterBy(Vec<String>),
    DropClusteringKey,
    /// SUSPEND RECLUSTER (true) or RESUME RECLUSTER (false).
    SuspendRecluster(bool),
    AddConstraint(Constraint),
    DropConstraint(ConstraintRef),
    RenameConstraint {
        from: Name,
        to: Name,
    },
}

/// Which constraint DROP names.
enum ConstraintRef {
    Named(Name),
    PrimaryKey,
    Unique(Vec<Name>),
    ForeignKey(Vec<Name>),
}

/// Runs `ALTER TABLE [IF EXISTS] t <action>`.
pub(super) async fn alter_table(session: &Session, sql: &str) -> Result<QueryResult> {
    let (if_exists, name, action) = parse(sql)?;
    let path = table_path(session, &name)?;
    if if_exists && session.snapshot().table(&path).is_err() {
        return done();
    }
    let other = match &action {
        Action::Rename(to) | Action::SwapWith(to) => Some(table_path(session, to)?),
        _ => None,
    };
    match action {
        Action::AddColumns(columns) => add_columns(session, &path, columns).await?,
        action => {
            session
                .write(move |catalog| apply(catalog, &path, other.as_ref(), action))
                .await?
        }
    }
    done()
}

/// `IF EXISTS`, the table's name and the action.
fn parse(sql: &str) -> Result<(bool, ObjectName, Action)> {
    let mut p = DdlParser::new(sql)?;
    p.expect(&["ALTER", "TABLE"])?;
    let if_exists = p.accept_all(&["IF", "EXISTS"]);
    let name = p.object_name()?;
    let action = action(&mut p)?;
    p.finish()?;
    Ok((if_exists, name, action))
}

fn done() -> Result<QueryResult> {
    QueryResult::status(StatementType::Ddl, "Statement executed successfully.")
}

/// Reads the action after the table name.
fn action(p: &mut DdlParser<'_>) -> Result<Action> {
    if p.accept("ADD") {
        if ["CONSTRAINT", "PRIMARY", "UNIQUE", "FOREIGN"]
            .iter()
            .any(|k| p.peek(k))
        {
            let constraint = p
                .with_parser(Parser::parse_optional_table_constraint)?
                .ok_or_else(|| p.unexpected())?;
            return Ok(Action::AddConstraint(table_constraint(&constraint)?));
        }
        let mut columns = Vec::new();
        loop {
            p.accept("COLUMN");
            let if_not_exists = p.accept_all(&["IF", "NOT", "EXISTS"]);
            let definition = p.with_parser(Parser::parse_column_def)?;
            columns.push(new_column(&definition, if_not_exists)?);
            if !p.accept_token(&Token::Comma) {
                return Ok(Action::AddColumns(columns));
            }
        }
    }
    if p.accept("DROP") {
        if p.accept_all(&["CLUSTERING", "KEY"]) {
            return Ok(Action::DropClusteringKey);
        }
        if p.accept("CONSTRAINT") {
            let name = Name::from_ident(&p.ident()?);
            drop_behavior(p);
            return Ok(Action::DropConstraint(ConstraintRef::Named(name)));
        }
        if p.accept_all(&["PRIMARY", "KEY"]) {
            if p.accept_token(&Token::LParen) {
                while !p.accept_token(&Token::RParen) {
                    p.ident()?;
                    p.accept_token(&Token::Comma);
                }
            }
            drop_behavior(p);
            return Ok(Action::DropConstraint(ConstraintRef::PrimaryKey));
        }
        if p.accept("UNIQUE") {
            let columns = names(p.ident_list()?);
            drop_behavior(p);
            return Ok(Action::DropConstraint(ConstraintRef::Unique(columns)));
        }
        if p.accept_all(&["FOREIGN", "KEY"]) {
            let columns = names(p.ident_list()?);
            drop_behavior(p);
            return Ok(Action::DropConstraint(ConstraintRef::ForeignKey(columns)));
        }
        p.accept("COLUMN");
        let if_exists = p.accept_all(&["IF", "EXISTS"]);
        let mut columns = vec![Name::from_ident(&p.ident()?)];
        while p.accept_token(&Token::Comma) {
            p.accept("COLUMN");
            columns.push(Name::from_ident(&p.ident()?));
        }
        return Ok(Action::DropColumns {
            names: columns,
            if_exists,
        });
    }
    if p.accept("RENAME") {
        if p.accept("TO") {
            return Ok(Action::Rename(p.object_name()?));
        }
        let constraint = p.accept("CONSTRAINT");
        if !constraint {
            p.expect(&["COLUMN"])?;
        }
        let from = Name::from_ident(&p.ident()?);
        p.expect(&["TO"])?;
        let to = Name::from_ident(&p.ident()?);
        return Ok(if constraint {
            Action::RenameConstraint { from, to }
        } else {
            Action::RenameColumn { from, to }
        });
    }
    if p.accept_all(&["SWAP", "WITH"]) {
        return Ok(Action::SwapWith(p.object_name()?));
    }
    if p.accept("ALTER") || p.accept("MODIFY") {
        let parenthesized = p.accept_token(&Token::LParen);
        let mut changes = vec![column_change(p)?];
        while p.accept_token(&Token::Comma) {
            changes.push(column_change(p)?);
        }
        if parenthesized {
            p.expect_token(&Token::RParen)?;
        }
        return Ok(Action::AlterColumns(changes));
    }
    if p.accept("SET") {
        let properties = p.properties()?;
        if properties.is_empty() {
            return Err(p.unexpected());
        }
        return Ok(Action::Set(properties));
    }
    if p.accept("UNSET") {
        return Ok(Action::Unset(p.property_names()?));
    }
    if p.accept_all(&["CLUSTER", "BY"]) {
        p.expect_token(&Token::LParen)?;
        let exprs: Vec<Expr> =
            p.with_parser(|parser| parser.parse_comma_separated(Parser::parse_expr))?;
        p.expect_token(&Token::RParen)?;
        return Ok(Action::ClusterBy(
            exprs.iter().map(ToString::to_string).collect(),
        ));
    }
    if p.accept_all(&["SUSPEND", "RECLUSTER"]) {
        return Ok(Action::SuspendRecluster(true));
    }
    if p.accept_all(&["RESUME", "RECLUSTER"]) {
        return Ok(Action::SuspendRecluster(false));
    }
    if p.peek("RECLUSTER") {
        // Manual reclustering is deprecated in Snowflake and has nothing to do here.
        return Err(EmulatorError::unsupported("ALTER TABLE ... RECLUSTER"));
    }
    Err(p.unexpected())
}

/// `[CASCADE | RESTRICT]` after DROP of a constraint: accepted, nothing depends on keys here.
fn drop_behavior(p: &mut DdlParser<'_>) {
    let _ = p.accept("CASCADE") || p.accept("RESTRICT");
}

fn names(idents: Vec<sqlparser::ast::Ident>) -> Vec<Name> {
    idents.iter().map(Name::from_ident).collect()
}

/// `[COLUMN] c <change>` inside ALTER | MODIFY.
fn column_change(p: &mut DdlParser<'_>) -> Result<(Name, ColumnChange)> {
    p.accept("COLUMN");
    let name = Name::from_ident(&p.ident()?);
    let change = if p.accept_all(&["DROP", "DEFAULT"]) {
        ColumnChange::DropDefault
    } else if p.accept_all(&["SET", "DEFAULT"]) {
        return Err(EmulatorError::unsupported("ALTER COLUMN ... SET DEFAULT"));
    } else if p.accept_all(&["SET", "NOT", "NULL"]) || p.accept_all(&["NOT", "NULL"]) {
        ColumnChange::SetNotNull
    } else if p.accept_all(&["DROP", "NOT", "NULL"]) {
        ColumnChange::DropNotNull
    } else if p.accept("COMMENT") {
        ColumnChange::Comment(Some(p.string()?))
    } else if p.accept_all(&["UNSET", "COMMENT"]) {
        ColumnChange::Comment(None)
    } else if p.peek("SET") && !p.accept_all(&["SET", "DATA", "TYPE"]) {
        return Err(EmulatorError::unsupported("ALTER COLUMN ... SET"));
    } else {
        p.accept("TYPE");
        let data_type = p.with_parser(Parser::parse_data_type)?;
        ColumnChange::SetType(crate::types::SfType::parse(&data_type.to_string())?)
    };
    Ok((name, change))
}

/// Applies an action other than ADD COLUMN to the latest catalog.
fn apply(
    catalog: &mut Catalog,
    path: &ObjectPath,
    other: Option<&ObjectPath>,
    action: Action,
) -> Result<()> {
    match action {
        Action::Rename(_) => rename(catalog, path, other.unwrap_or(path)),
        Action::SwapWith(_) => swap(catalog, path, other.unwrap_or(path)),
        Action::Set(properties) => {
            let table = catalog.table_mut(path)?;
            for (name, value) in properties {
                set_property(table, &name, &value)?;
            }
            Ok(())
        }
        Action::Unset(names) => {
            let inherited = catalog.schema(&path.database, &path.schema)?.retention_time;
            let table = catalog.table_mut(path)?;
            for name in names {
                match name.as_str() {
                    "COMMENT" => table.info.comment = None,
                    "DATA_RETENTION_TIME_IN_DAYS" => table.retention_time = inherited,
                    other if table_settings::unset(&mut table.settings, other) => {}
                    other => return Err(EmulatorError::unsupported(format!("UNSET {other}"))),
                }
            }
            Ok(())
        }
        Action::ClusterBy(exprs) => {
            catalog.table_mut(path)?.cluster_by = exprs;
            Ok(())
        }
        Action::DropClusteringKey => {
            catalog.table_mut(path)?.cluster_by.clear();
            Ok(())
        }
        Action::SuspendRecluster(suspended) => {
            catalog.table_mut(path)?.settings.recluster_suspended = suspended;
            Ok(())
        }
        Action::AddConstraint(constraint) => add_constraint(catalog.table_mut(path)?, constraint),
        Action::DropConstraint(which) => drop_constraint(catalog.table_mut(path)?, &which),
        Action::RenameConstraint { from, to } => {
            let table = catalog.table_mut(path)?;
            let name = table
                .constraints
                .iter_mut()
                .map(constraint_name)
                .find(|n| n.as_ref() == Some(&from))
                .ok_or_else(|| EmulatorError::not_found("Constraint", &from))?;
            *name = Some(to);
            Ok(())
        }
        Action::AddColumns(_) => Err(EmulatorError::internal("ADD COLUMN outside its path")),
        Action::DropColumns { .. } | Action::RenameColumn { .. } | Action::AlterColumns(_) => {
            alter_columns(catalog.table_mut(path)?, column_action(action))
        }
    }
}

/// The column actions, as the columns module takes them.
fn column_action(action: Action) -> super::alter_table_columns::ColumnAction {
    use super::alter_table_columns::ColumnAction;
    match action {
        Action::DropColumns { names, if_exists } => ColumnAction::Drop { names, if_exists },
        Action::RenameColumn { from, to } => ColumnAction::Rename { from, to },
        Action::AlterColumns(changes) => ColumnAction::Alter(changes),
        _ => ColumnAction::Alter(Vec::new()),
    }
}

fn set_property(table: &mut Table, name: &str, value: &PropertyValue) -> Result<()> {
    match name {
        "COMMENT" => table.info.comment = Some(value.as_text(name)?),
        "DATA_RETENTION_TIME_IN_DAYS" => table.retention_time = retention(value)?,
        other if table_settings::set(&mut table.settings, other, value)? => {}
        other => {
            return Err(EmulatorError::unsupported(format!(
                "ALTER TABLE SET {other}"
            )));
        }
    }
    Ok(())
}

/// A DATA_RETENTION_TIME_IN_DAYS value, checked.
pub(super) fn retention(value: &PropertyValue) -> Result<u32> {
    const NAME: &str = "DATA_RETENTION_TIME_IN_DAYS";
    let days = value.as_u32(NAME)?;
    if days > MAX_RETENTION_DAYS {
        return Err(invalid_value(NAME, &days.to_string()));
    }
    Ok(days)
}

/// `RENAME TO`: the table moves (possibly to another schema) under its new name.
fn rename(catalog: &mut Catalog, from: &ObjectPath, to: &ObjectPath) -> Result<()> {
    if from == to {
        return Ok(());
    }
    let target = catalog.schema(&to.database, &to.schema)?;
    if target.tables.contains_key(&to.name) || target.views.contains_key(&to.name) {
        return Err(EmulatorError::already_exists("Object", &to.name));
    }
    let table = catalog
        .schema_mut(&from.database, &from.schema)?
        .tables
        .remove(&from.name)
        .ok_or_else(|| EmulatorError::not_found("Table", from))?;
    let mut table = Arc::unwrap_or_clone(table);
    table.name = to.name.clone();
    catalog
        .schema_mut(&to.database, &to.schema)?
        .tables
        .insert(to.name.clone(), Arc::new(table));
    Ok(())
}

/// `SWAP WITH`: the two tables exchange contents and properties; names stay.
fn swap(catalog: &mut Catalog, one: &ObjectPath, other: &ObjectPath) -> Result<()> {
    let mut first = (**catalog.table(one)?).clone();
    let mut second = (**catalog.table(other)?).clone();
    std::mem::swap(&mut first.name, &mut second.name);
    *catalog.table_mut(one)? = second;
    *catalog.table_mut(other)? = first;
    Ok(())
}

fn name_of(constraint: &Constraint) -> Option<&Name> {
    match constraint {
        Constraint::PrimaryKey { name, .. }
        | Constraint::Unique { name, .. }
        | Constraint::ForeignKey { name, .. } => name.as_ref(),
    }
}

fn constraint_name(constraint: &mut Constraint) -> &mut Option<Name> {
    match constraint {
        Constraint::PrimaryKey { name, .. }
        | Constraint::Unique { name, .. }
        | Constraint::ForeignKey { name, .. } => name,
    }
}

/// The columns a constraint is on.
pub(super) fn constraint_columns(constraint: &mut Constraint) -> &mut Vec<Name> {
    match constraint {
        Constraint::PrimaryKey { columns, .. }
        | Constraint::Unique { columns, .. }
        | Constraint::ForeignKey { columns, .. } => columns,
    }
}

/// Records a key constraint. Its columns must exist; a primary key makes them NOT NULL.
fn add_constraint(table: &mut Table, mut constraint: Constraint) -> Result<()> {
    for column in constraint_columns(&mut constraint).iter() {
        if table.column(column).is_none() {
            return Err(EmulatorError::invalid_identifier(column));
        }
    }
    if let Constraint::PrimaryKey { columns, .. } = &constraint {
        if table
            .constraints
            .iter()
            .any(|c| matches!(c, Constraint::PrimaryKey { .. }))
        {
            return Err(EmulatorError::compilation(
                ErrorKind::AlreadyExists,
                format!("Primary key already exists for table '{}'.", table.name),
            ));
        }
        let changes = columns
            .iter()
            .map(|c| (c.clone(), ColumnChange::SetNotNull))
            .collect();
        alter_columns(
            table,
            super::alter_table_columns::ColumnAction::Alter(changes),
        )?;
    }
    table.constraints.push(constraint);
    Ok(())
}

fn drop_constraint(table: &mut Table, which: &ConstraintRef) -> Result<()> {
    let position = table.constraints.iter().position(|c| match (which, c) {
        (ConstraintRef::Named(wanted), c) => name_of(c) == Some(wanted),
        (ConstraintRef::PrimaryKey, Constraint::PrimaryKey { .. }) => true,
        (ConstraintRef::Unique(wanted), Constraint::Unique { columns, .. })
        | (ConstraintRef::ForeignKey(wanted), Constraint::ForeignKey { columns, .. }) => {
            columns == wanted
        }
        _ => false,
    });
    let Some(position) = position else {
        let shown = match which {
            ConstraintRef::Named(name) => name.to_string(),
            ConstraintRef::PrimaryKey => "PRIMARY KEY".to_owned(),
            ConstraintRef::Unique(columns) => format!("UNIQUE ({})", join(columns)),
            ConstraintRef::ForeignKey(columns) => format!("FOREIGN KEY ({})", join(columns)),
        };
        return Err(EmulatorError::not_found("Constraint", shown));
    };
    table.constraints.remove(position);
    Ok(())
}

fn join(names: &[Name]) -> String {
    names
        .iter()
        .map(Name::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(sql: &str) -> Result<Action> {
        let mut p = DdlParser::new(sql)?;
        p.expect(&["ALTER", "TABLE"])?;
        p.object_name()?;
        let action = action(&mut p)?;
        p.finish()?;
        Ok(action)
    }

    #[test]
    fn reads_snowflakes_alter_table_forms() {
        assert!(matches!(
            parsed("alter table t add column a int, b varchar default 'x' not null").unwrap(),
            Action::AddColumns(c) if c.len() == 2
        ));
        assert!(matches!(
            parsed("alter table t drop column a, b").unwrap(),
            Action::DropColumns { names, if_exists: false } if names.len() == 2
        ));
        assert!(matches!(
            parsed("alter table t drop unique (a, b)").unwrap(),
            Action::DropConstraint(ConstraintRef::Unique(c)) if c.len() == 2
        ));
        assert!(matches!(
            parsed("alter table t modify column a set data type varchar(20), column b drop not null").unwrap(),
            Action::AlterColumns(c) if c.len() == 2
        ));
        assert!(matches!(
            parsed("alter table t set comment = 'x' data_retention_time_in_days = 2").unwrap(),
            Action::Set(p) if p.len() == 2
        ));
        assert!(matches!(
            parsed("alter table t cluster by (a, lower(b))").unwrap(),
            Action::ClusterBy(e) if e == ["a", "lower(b)"]
        ));
        assert!(matches!(
            parsed("alter table t suspend recluster").unwrap(),
            Action::SuspendRecluster(true)
        ));
        assert!(matches!(
            parsed("alter table t resume recluster").unwrap(),
            Action::SuspendRecluster(false)
        ));
        assert_eq!(
            parsed("alter table t frob").err().map(|e| e.code()),
            Some("001003")
        );
        assert_eq!(
            retention(&PropertyValue::Number("91".into()))
                .unwrap_err()
                .code(),
            "100037"
        );
    }
}
