//! What UPDATE, DELETE and MERGE share. The target table's rows are numbered (a hidden column
//! in a private copy of the snapshot), a DataFusion query over that copy says which rows change
//! and to what, the new contents are built from the answers, and they are published only if no
//! other statement changed the table meanwhile; otherwise the statement is computed again from
//! the newer rows, so concurrent changes serialise without losing any.

use std::sync::Arc;

use arrow::{
    array::{Array, ArrayRef, AsArray, BooleanArray, Int64Array},
    compute::{CastOptions, cast_with_options, concat_batches, filter_record_batch, interleave},
    datatypes::{DataType, Int64Type, SchemaRef},
    record_batch::RecordBatch,
    util::display::FormatOptions,
};
use sqlparser::ast::{Statement, TableAlias, TableFactor};

use super::{
    dataframe::map_arrow_error,
    insert::{conform, number_autoincrement},
    run_query,
};
use crate::{
    catalog::{Catalog, Column, Name, ObjectPath, Table, TableData},
    engine::{QueryResult, Session, StatementType},
    error::{EmulatorError, ErrorKind, Result},
    functions::implicit_cast::text_to_column,
    sql::parse,
    types::SfType,
};

/// Name of the hidden column numbering the target's rows (0, 1, ...) in the private snapshot.
pub(super) const ROW_ID: &str = "__SNOWAPI_ROW_ID";

/// How many times a statement is computed again after losing a race before giving up.
const MAX_ATTEMPTS: usize = 64;

/// The table a DML statement changes, as read at the start of one attempt.
pub(super) struct Target {
    /// Where it is.
    pub(super) path: ObjectPath,
    /// The table as read.
    pub(super) table: Arc<Table>,
    /// All its rows in one batch; row `i` has row id `i`.
    pub(super) rows: RecordBatch,
    /// The snapshot the statement reads, with the target's rows numbered in [`ROW_ID`].
    pub(super) numbered: Arc<Catalog>,
}

impl Target {
    /// Reads the table at `path` from the session's snapshot.
    pub(super) fn read(session: &Session, path: &ObjectPath) -> Result<Self> {
        let snapshot = session.snapshot();
        let table = snapshot.table(path)?.clone();
        let rows = concat_batches(&table.arrow_schema(), table.data.batches.iter())
            .map_err(EmulatorError::internal)?;
        let mut numbered = (*snapshot).clone();
        let copy = numbered.table_mut(path)?;
        copy.columns.push(Column {
            name: Name::canonical(ROW_ID),
            sf_type: SfType::INTEGER,
            nullable: false,
            default: None,
            comment: None,
            autoincrement: None,
        });
        let ids = Int64Array::from_iter_values(0..rows.num_rows() as i64);
        let mut columns = rows.columns().to_vec();
        columns.push(Arc::new(ids));
        let batch =
            RecordBatch::try_new(copy.arrow_schema(), columns).map_err(EmulatorError::internal)?;
        copy.data = TableData::new(vec![batch]);
        Ok(Self {
            path: path.clone(),
            table,
            rows,
            numbered: Arc::new(numbered),
        })
    }

    /// SQL naming the row id of the target as the statement writes it: through its alias, or
    /// its full name.
    pub(super) fn row_id(&self, alias: Option<&TableAlias>) -> String {
        match alias {
            Some(alias) => format!("{}.\"{ROW_ID}\"", alias.name),
            None => format!(
                "{}.{}.{}.\"{ROW_ID}\"",
                self.path.database.to_ident(),
                self.path.schema.to_ident(),
                self.path.name.to_ident()
            ),
        }
    }

    /// Runs `sql` (a query built by the statement) against the numbered snapshot; all answers
    /// in one batch.
    pub(super) async fn ask(&self, session: &Session, sql: &str) -> Result<RecordBatch> {
        let statement: Statement = parse(sql)?.remove(0);
        let (schema, batches): (SchemaRef, _) =
            run_query(session, self.numbered.clone(), statement).await?;
        concat_batches(&schema, &batches).map_err(EmulatorError::internal)
    }

    /// The index of the table column `name`, or Snowflake's invalid identifier error.
    pub(super) fn column_index(&self, name: &Name) -> Result<usize> {
        self.table
            .columns
            .iter()
            .position(|c| &c.name == name)
            .ok_or_else(|| EmulatorError::invalid_identifier(name))
    }

    /// `array` cast to the type of table column `index` (Snowflake's assignment casts).
    pub(super) fn cast_to_column(&self, index: usize, array: &ArrayRef) -> Result<ArrayRef> {
        let sf_type = &self.table.columns[index].sf_type;
        let options = CastOptions {
            safe: false,
            format_options: FormatOptions::default(),
        };
        let converted = text_to_column(array, sf_type)?;
        cast_with_options(
            converted.as_ref().unwrap_or(array),
            &sf_type.arrow_type(),
            &options,
        )
        .map_err(|e| map_arrow_error(&e))
    }

    /// The table's new rows after `changes`: kept rows with their new values (NOT NULL
    /// checked), then the inserted rows (AUTOINCREMENT numbered).
    pub(super) fn apply(&self, changes: Changes) -> Result<Vec<RecordBatch>> {
        let mut columns = Vec::with_capacity(self.table.columns.len());
        for (index, old) in self.rows.columns().iter().enumerate() {
            // Sources: the old values, then each update set's values of this column.
            let mut sources: Vec<&dyn Array> = vec![old.as_ref()];
            let mut source_of_set = vec![None; changes.sets.len()];
            for (set, assigned) in changes.sets.iter().enumerate() {
                if let Some((_, values)) = assigned.iter().find(|(c, _)| *c == index) {
                    source_of_set[set] = Some(sources.len());
                    sources.push(values.as_ref());
                }
            }
            if sources.len() == 1 {
                columns.push(old.clone());
                continue;
            }
            let picks: Vec<(usize, usize)> = changes
                .updates
                .iter()
                .enumerate()
                .map(|(row, update)| match update {
                    Some((set, answer)) => match source_of_set[*set] {
                        Some(source) => (source, *answer),
                        None => (0, row),
                    },
                    None => (0, row),
                })
                .collect();
            columns.push(interleave(&sources, &picks).map_err(EmulatorError::internal)?);
        }
        // NOT NULL is checked by `conform`, with Snowflake's error, so the fields allow NULL here.
        let fields: Vec<_> = self
            .table
            .arrow_schema()
            .fields()
            .iter()
            .map(|f| f.as_ref().clone().with_nullable(true))
            .collect();
        let schema = Arc::new(arrow::datatypes::Schema::new(fields));
        let batch = RecordBatch::try_new(schema, columns).map_err(EmulatorError::internal)?;
        let keep: BooleanArray = changes.deleted.iter().map(|d| Some(!d)).collect();
        let kept = filter_record_batch(&batch, &keep).map_err(EmulatorError::internal)?;
        let mut out = conform(&self.table, vec![kept])?;
        let inserted = conform(&self.table, changes.inserted)?;
        out.extend(number_autoincrement(&self.table, inserted)?);
        Ok(out)
    }
}

/// What a statement does to its target's rows.
pub(super) struct Changes {
    /// For each target row: the update set and answer row giving its new values.
    updates: Vec<Option<(usize, usize)>>,
    /// Update sets: (table column, new values already cast) for the columns each assigns.
    sets: Vec<Vec<(usize, ArrayRef)>>,
    /// For each target row: whether it is deleted.
    deleted: Vec<bool>,
    /// Rows to add, with every table column.
    inserted: Vec<RecordBatch>,
}

impl Changes {
    /// No changes to a table of `rows` rows.
    pub(super) fn new(rows: usize) -> Self {
        Self {
            updates: vec![None; rows],
            sets: Vec::new(),
            deleted: vec![false; rows],
            inserted: Vec::new(),
        }
    }

    /// Adds a set of new values (table column, values cast to its type); returns its number.
    pub(super) fn add_set(&mut self, columns: Vec<(usize, ArrayRef)>) -> usize {
        self.sets.push(columns);
        self.sets.len() - 1
    }

    /// Target row `row` takes the values of answer row `answer` of update set `set`.
    pub(super) fn update(&mut self, row: usize, set: usize, answer: usize) {
        self.updates[row] = Some((set, answer));
    }

    /// Target row `row` goes.
    pub(super) fn delete(&mut self, row: usize) {
        self.deleted[row] = true;
    }

    /// Adds rows (every table column present, in order).
    pub(super) fn insert(&mut self, rows: RecordBatch) {
        self.inserted.push(rows);
    }
}

/// The target row ids of an answer column (NULL where the answer has no target row).
pub(super) fn row_ids(answers: &RecordBatch, column: usize) -> Result<Vec<Option<usize>>> {
    let ids = answers.column(column);
    if ids.data_type() != &DataType::Int64 {
        return Err(EmulatorError::internal("row ids are not integers"));
    }
    Ok(ids
        .as_primitive::<Int64Type>()
        .iter()
        .map(|id| id.map(|id| id as usize))
        .collect())
}

/// The alias of a table factor that names a table (the statement's target), and its name.
pub(super) fn table_factor_parts(
    factor: &TableFactor,
) -> Result<(&sqlparser::ast::ObjectName, Option<&TableAlias>)> {
    match factor {
        TableFactor::Table {
            name, alias, args, ..
        } if args.is_none() => Ok((name, alias.as_ref())),
        other => Err(EmulatorError::compilation(
            ErrorKind::InvalidArguments,
            format!("'{other}' is not a table that can be changed"),
        )),
    }
}

/// Publishes `rows` as the target's contents unless its rows or columns changed since the
/// target was read; `false` means another statement got there first.
async fn publish(session: &Session, target: &Target, rows: Vec<RecordBatch>) -> Result<bool> {
    let path = target.path.clone();
    let expected = target.table.clone();
    session
        .write(move |catalog| {
            let table = catalog.table_mut(&path)?;
            if table.data != expected.data || table.columns != expected.columns {
                return Ok(false);
            }
            table.data = TableData::new(rows);
            Ok(true)
        })
        .await
}

/// What one attempt at a DML statement found: the changes (`None` when nothing changes) and
/// the counts to report.
pub(super) type Outcome = (Option<Changes>, Vec<(&'static str, u64)>);

/// Publishes an attempt's outcome: `Some(result)` when done, `None` when another statement
/// changed the table since `target` was read and the statement must be computed again.
pub(super) async fn finish(
    session: &Session,
    target: &Target,
    statement_type: StatementType,
    (changes, counts): Outcome,
) -> Result<Option<QueryResult>> {
    if let Some(changes) = changes {
        let rows = target.apply(changes)?;
        if !publish(session, target, rows).await? {
            return Ok(None);
        }
    }
    QueryResult::counts(statement_type, &counts).map(Some)
}

/// How many attempts a DML statement gets; each reads the table afresh.
pub(super) fn attempts() -> std::ops::Range<usize> {
    0..MAX_ATTEMPTS
}

/// The error of a statement that lost the race for its table every time.
pub(super) fn lost_races(path: &ObjectPath) -> EmulatorError {
    EmulatorError::new(
        ErrorKind::InvalidState,
        format!(
            "Table {path} was changed by other statements {MAX_ATTEMPTS} times while this statement ran; run it again."
        ),
    )
}
