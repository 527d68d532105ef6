//! The large result streamed by the memory test and the throughput benchmark: `rows` rows of
//! four columns (NUMBER id, FLOAT, TEXT, BOOLEAN), checked row by row while it streams, and
//! the peak resident memory of this process.

// Shared by the test and the `stream_throughput` example, which each use a part.
#![allow(dead_code)]

use std::fmt::Write as _;

use arrow::array::{Array, AsArray as _, RecordBatch};
use arrow::datatypes::{Decimal128Type, Float64Type, Int64Type};

/// The statement: ids 0..rows (in any order), a float in [0, 1], `'text <id>'`, and whether
/// the id is a multiple of 7.
pub fn sql(rows: u64) -> String {
    format!(
        "select seq8() as id, uniform(0::float, 1::float, random()) as f, \
         'text ' || seq8() as s, seq8() % 7 = 0 as b \
         from table(generator(rowcount => {rows}))"
    )
}

/// Totals of the streamed rows, checked against what `rows` rows must give.
#[derive(Debug, Default)]
pub struct Tally {
    /// Rows seen.
    pub rows: u64,
    /// Sum of the ids.
    pub id_sum: u128,
    /// Rows whose flag is set.
    pub flagged: u64,
    /// Bytes of the Arrow buffers the batches hold (values, offsets, validity).
    pub arrow_bytes: u64,
    text: String,
}

impl Tally {
    /// Adds a batch, checking each row: its text is `text <id>`, its flag is `id % 7 = 0`,
    /// its float lies in [0, 1].
    pub fn add(&mut self, batch: &RecordBatch) -> Result<(), String> {
        if batch.num_columns() != 4 {
            return Err(format!("{} columns, expected 4", batch.num_columns()));
        }
        // seq8() is NUMBER(38, 0): Decimal128 in the standard schema (Int64 up to 18 digits).
        let id_column = batch.column(0);
        let id_at = |row: usize| -> Result<i64, String> {
            if id_column.is_null(row) {
                return Err("a null id".to_owned());
            }
            if let Some(ids) = id_column.as_primitive_opt::<Int64Type>() {
                return Ok(ids.value(row));
            }
            let ids = id_column
                .as_primitive_opt::<Decimal128Type>()
                .ok_or_else(|| format!("ID is {}", id_column.data_type()))?;
            i64::try_from(ids.value(row)).map_err(|_| format!("id {} is too big", ids.value(row)))
        };
        let floats = batch
            .column(1)
            .as_primitive_opt::<Float64Type>()
            .ok_or("F is not Float64")?;
        let texts = batch
            .column(2)
            .as_string_opt::<i32>()
            .ok_or("S is not Utf8")?;
        let flags = batch.column(3).as_boolean_opt().ok_or("B is not Boolean")?;
        for row in 0..batch.num_rows() {
            let id = id_at(row)?;
            let f = floats.value(row);
            if floats.is_null(row) || !(0.0..=1.0).contains(&f) {
                return Err(format!("id {id} has float {f}, outside [0, 1]"));
            }
            self.text.clear();
            let _ = write!(self.text, "text {id}");
            if texts.value(row) != self.text {
                return Err(format!("id {id} has text {:?}", texts.value(row)));
            }
            let flag = flags.value(row);
            if flag != (id % 7 == 0) {
                return Err(format!("id {id} has flag {flag}"));
            }
            self.flagged += u64::from(flag);
            self.id_sum += u128::try_from(id).map_err(|_| format!("negative id {id}"))?;
        }
        self.rows += batch.num_rows() as u64;
        self.arrow_bytes += batch
            .columns()
            .iter()
            .map(|c| c.to_data().get_slice_memory_size().unwrap_or(0) as u64)
            .sum::<u64>();
        Ok(())
    }

    /// Adds a batch with the least work a consumer can do (what the Python benchmark does with
    /// its table): counts the rows, sums the ids and counts the set flags, without looking at
    /// the other columns row by row.
    pub fn add_totals(&mut self, batch: &RecordBatch) -> Result<(), String> {
        let ids = batch.column(0);
        if let Some(ids) = ids.as_primitive_opt::<Int64Type>() {
            self.id_sum += ids.values().iter().map(|&id| id as u128).sum::<u128>();
        } else if let Some(ids) = ids.as_primitive_opt::<Decimal128Type>() {
            self.id_sum += ids.values().iter().map(|&id| id as u128).sum::<u128>();
        } else {
            return Err(format!("ID is {}", ids.data_type()));
        }
        let flags = batch.column(3).as_boolean_opt().ok_or("B is not Boolean")?;
        self.flagged += flags.true_count() as u64;
        self.rows += batch.num_rows() as u64;
        self.arrow_bytes += batch
            .columns()
            .iter()
            .map(|c| c.to_data().get_slice_memory_size().unwrap_or(0) as u64)
            .sum::<u64>();
        Ok(())
    }

    /// Whether the totals are those of ids `0..rows`, each seen once (the row count, the sum
    /// of the ids and the number of multiples of 7 all match).
    pub fn check(&self, rows: u64) -> Result<(), String> {
        let id_sum = u128::from(rows) * u128::from(rows.saturating_sub(1)) / 2;
        let flagged = rows.div_ceil(7);
        if self.rows != rows || self.id_sum != id_sum || self.flagged != flagged {
            return Err(format!(
                "got {} rows, id sum {}, {} multiples of 7; expected {rows}, {id_sum}, {flagged}",
                self.rows, self.id_sum, self.flagged
            ));
        }
        Ok(())
    }
}

/// A field of `/proc/self/status` in bytes (`VmHWM`: peak resident set; `VmRSS`: current).
pub fn proc_status_bytes(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kib: u64 = line
        .trim_start_matches(field)
        .trim_start_matches(':')
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kib * 1024)
}

/// Bytes as mebibytes, for messages.
pub fn mib(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}
