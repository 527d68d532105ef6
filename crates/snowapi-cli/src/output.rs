//! Printing results: text table, CSV, JSON or an Arrow IPC stream.

use std::io::Write;

use arrow::{datatypes::SchemaRef, record_batch::RecordBatch};

use crate::{CliError, cli::Format};

/// Writes one result (its schema and batches) to `out` in `format`.
pub fn write_result(
    out: &mut dyn Write,
    format: Format,
    schema: &SchemaRef,
    batches: &[RecordBatch],
) -> Result<(), CliError> {
    let failed = CliError::io("cannot write the result");
    match format {
        Format::Table => {
            let table = arrow::util::pretty::pretty_format_batches(batches)?;
            // A result without rows still shows its columns.
            let text = if batches.iter().all(|b| b.num_rows() == 0) {
                let empty = RecordBatch::new_empty(schema.clone());
                arrow::util::pretty::pretty_format_batches(&[empty])?.to_string()
            } else {
                table.to_string()
            };
            writeln!(out, "{text}").map_err(failed)
        }
        Format::Csv => {
            let mut writer = arrow::csv::WriterBuilder::new()
                .with_header(true)
                .build(&mut *out);
            if batches.is_empty() {
                writer.write(&RecordBatch::new_empty(schema.clone()))?;
            }
            for batch in batches {
                writer.write(batch)?;
            }
            Ok(())
        }
        Format::Json => {
            let mut writer = arrow::json::ArrayWriter::new(&mut *out);
            for batch in batches {
                writer.write(batch)?;
            }
            writer.finish()?;
            drop(writer);
            writeln!(out).map_err(failed)
        }
        Format::Arrow => {
            let mut writer = arrow::ipc::writer::StreamWriter::try_new(&mut *out, schema)?;
            for batch in batches {
                writer.write(batch)?;
            }
            writer.finish()?;
            Ok(())
        }
    }
}
