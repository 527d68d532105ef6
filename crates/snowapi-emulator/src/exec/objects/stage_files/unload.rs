//! `COPY INTO @stage[/path] FROM <table> | (<query>) [FILE_FORMAT = (TYPE = CSV | JSON ...)]
//! [HEADER = TRUE] [OVERWRITE = TRUE] [SINGLE = TRUE] [INCLUDE_QUERY_ID = TRUE]
//! [MAX_FILE_SIZE = n]`: runs the query and writes its rows as one file on the stage, named as
//! Snowflake names the first file of an unload (`data_0_0_0.csv.gz`). The answer is Snowflake's
//! one row of rows_unloaded, input_bytes and output_bytes.

use std::io::Write;

use arrow::{
    array::{Array, ArrayRef},
    datatypes::DataType,
    record_batch::RecordBatch,
    util::display::{ArrayFormatter, FormatOptions},
};
use flate2::{Compression, write::GzEncoder};

use super::{Location, Syntax, syntax_error};
use crate::{
    catalog::{StagedFile, stage_file_path},
    engine::{
        QueryResult, Session,
        rowset::{Cell, RowSet},
    },
    error::{EmulatorError, ErrorKind, Result},
    exec::objects::syntax::{Value, invalid_value},
    types::SfType,
};

/// Copy options that end the FROM source.
const OPTION_KEYWORDS: &[&str] = &[
    "FILE_FORMAT",
    "HEADER",
    "OVERWRITE",
    "SINGLE",
    "MAX_FILE_SIZE",
    "INCLUDE_QUERY_ID",
    "DETAILED_OUTPUT",
    "PARTITION",
    "VALIDATION_MODE",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Csv,
    Json,
}

/// What the unload writes and how it names it.
#[derive(Debug, Clone)]
struct Options {
    kind: Kind,
    gzip: bool,
    field_delimiter: String,
    record_delimiter: String,
    enclosed_by: Option<char>,
    null_text: String,
    header: bool,
    overwrite: bool,
    single: bool,
    include_query_id: bool,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            kind: Kind::Csv,
            gzip: true,
            field_delimiter: ",".into(),
            record_delimiter: "\n".into(),
            enclosed_by: None,
            null_text: "\\N".into(),
            header: false,
            overwrite: false,
            single: false,
            include_query_id: false,
        }
    }
}

fn flag(key: &str, value: &Value) -> Result<bool> {
    value.boolean().ok_or_else(|| invalid_value(key, value))
}

fn text<'v>(key: &str, value: &'v Value) -> Result<&'v str> {
    value.text().ok_or_else(|| invalid_value(key, value))
}

impl Options {
    fn file_format(&mut self, value: &Value) -> Result<()> {
        let Value::Group(pairs) = value else {
            return Err(invalid_value("FILE_FORMAT", value));
        };
        for (key, item) in pairs {
            match key.as_str() {
                "TYPE" => {
                    self.kind = match text(key, item)?.to_ascii_uppercase().as_str() {
                        "CSV" => Kind::Csv,
                        "JSON" => Kind::Json,
                        other => {
                            return Err(EmulatorError::unsupported(format!(
                                "unloading to {other} files"
                            )));
                        }
                    }
                }
                "COMPRESSION" => {
                    self.gzip = match text(key, item)?.to_ascii_uppercase().as_str() {
                        "AUTO" | "GZIP" => true,
                        "NONE" => false,
                        other => {
                            return Err(EmulatorError::unsupported(format!(
                                "COMPRESSION = {other}"
                            )));
                        }
                    }
                }
                "FIELD_DELIMITER" => self.field_delimiter = delimiter(key, item)?,
                "RECORD_DELIMITER" => self.record_delimiter = delimiter(key, item)?,
                "FIELD_OPTIONALLY_ENCLOSED_BY" => {
                    let quote = text(key, item)?;
                    self.enclosed_by = match quote.to_ascii_uppercase().as_str() {
                        "NONE" => None,
                        _ => Some(
                            quote
                                .chars()
                                .next()
                                .ok_or_else(|| invalid_value(key, item))?,
                        ),
                    };
                }
                "NULL_IF" => {
                    self.null_text = match item {
                        Value::List(values) => values
                            .first()
                            .map(|v| text(key, v).map(str::to_owned))
                            .transpose()?
                            .unwrap_or_default(),
                        other => text(key, other)?.to_owned(),
                    }
                }
                "FORMAT_NAME" => return Err(EmulatorError::unsupported("named file formats")),
                // Options that only matter when loading.
                "SKIP_HEADER"
                | "EMPTY_FIELD_AS_NULL"
                | "TRIM_SPACE"
                | "ERROR_ON_COLUMN_COUNT_MISMATCH"
                | "DATE_FORMAT"
                | "TIME_FORMAT"
                | "TIMESTAMP_FORMAT"
                | "ENCODING" => {}
                _ => return Err(invalid_value(key, item)),
            }
        }
        Ok(())
    }

    fn read(syntax: &mut Syntax<'_>) -> Result<Self> {
        let mut options = Self::default();
        while !syntax.is_done() {
            let at = syntax.position();
            let (key, value) = syntax.property()?;
            match key.as_str() {
                "FILE_FORMAT" => options.file_format(&value)?,
                "HEADER" => options.header = flag(&key, &value)?,
                "OVERWRITE" => options.overwrite = flag(&key, &value)?,
                "SINGLE" => options.single = flag(&key, &value)?,
                "INCLUDE_QUERY_ID" => options.include_query_id = flag(&key, &value)?,
                "MAX_FILE_SIZE" => {
                    value
                        .unsigned()
                        .ok_or_else(|| invalid_value(&key, &value))?;
                }
                "DETAILED_OUTPUT" if !flag(&key, &value)? => {}
                "DETAILED_OUTPUT" => return Err(EmulatorError::unsupported("DETAILED_OUTPUT")),
                _ => {
                    syntax.rewind(at);
                    return Err(syntax.unexpected());
                }
            }
        }
        Ok(options)
    }

    /// The name of the one file written under the location's path.
    fn file_name(&self, location: &Location, query_id: &str) -> Result<String> {
        let path = location.path.as_str();
        let directory = path.is_empty() || path.ends_with('/');
        let prefix = if directory {
            format!("{path}data")
        } else {
            path.to_owned()
        };
        let name = if self.single {
            prefix
        } else {
            let id = if self.include_query_id {
                format!("_{query_id}")
            } else {
                String::new()
            };
            let extension = match self.kind {
                Kind::Csv => "csv",
                Kind::Json => "json",
            };
            let gz = if self.gzip { ".gz" } else { "" };
            format!("{prefix}{id}_0_0_0.{extension}{gz}")
        };
        stage_file_path(&name)
    }
}

fn delimiter(key: &str, value: &Value) -> Result<String> {
    let text = text(key, value)?;
    Ok(if text.eq_ignore_ascii_case("NONE") {
        String::new()
    } else {
        text.to_owned()
    })
}

/// The source as a query: `(<query>)` without its parentheses, or every row of a table.
fn source_query(source: &str) -> Result<String> {
    let source = source.trim();
    if source.is_empty() {
        return Err(syntax_error(
            "COPY INTO <location> needs FROM <table> or (<query>).",
        ));
    }
    Ok(
        match source.strip_prefix('(').and_then(|s| s.strip_suffix(')')) {
            Some(query) => query.to_owned(),
            None => format!("SELECT * FROM {source}"),
        },
    )
}

/// Runs the unload.
pub(super) async fn unload(
    session: &Session,
    location: Location,
    mut syntax: Syntax<'_>,
) -> Result<QueryResult> {
    syntax.expect(&["FROM"])?;
    let from = syntax.position();
    let end = OPTION_KEYWORDS
        .iter()
        .filter_map(|k| syntax.find_keyword(k))
        .min();
    let source = match end {
        Some(end) => {
            let text = syntax.text_between(from, end);
            syntax.rewind(end);
            text
        }
        None => syntax.rest(),
    };
    if syntax.peek(&["PARTITION"]) {
        return Err(EmulatorError::unsupported(
            "COPY INTO <location> PARTITION BY",
        ));
    }
    let options = Options::read(&mut syntax)?;
    let query = source_query(source)?;
    let mut statements = crate::sql::parse(&query)?;
    if statements.len() != 1 {
        return Err(syntax_error("COPY INTO <location> takes one query."));
    }
    let statement = statements.remove(0);
    if !matches!(statement, sqlparser::ast::Statement::Query(_)) {
        return Err(syntax_error("COPY INTO <location> takes a query."));
    }
    let (schema, batches) = crate::exec::run_query(session, session.snapshot(), statement).await?;
    let rows: usize = batches.iter().map(RecordBatch::num_rows).sum();
    let mut input_bytes = 0;
    let mut output_bytes = 0;
    if rows > 0 {
        let plain = match options.kind {
            Kind::Csv => csv(&schema, &batches, &options)?,
            Kind::Json => json(&batches)?,
        };
        input_bytes = plain.len();
        let bytes = if options.gzip { gzip(&plain)? } else { plain };
        output_bytes = bytes.len();
        let name = options.file_name(&location, &uuid::Uuid::new_v4().to_string())?;
        let overwrite = options.overwrite;
        let (stage, shown) = (location.stage.clone(), location.shown());
        session
            .write(move |catalog| {
                let files = catalog.files_mut(&stage)?;
                if !overwrite && files.contains_key(&name) {
                    return Err(EmulatorError::new(
                        ErrorKind::InvalidValue,
                        format!(
                            "Files already existing at the unload destination: {shown}/{name}. Use overwrite option to force unloading."
                        ),
                    ));
                }
                files.insert(name, StagedFile::new(bytes));
                Ok(())
            })
            .await?;
    }
    let number = SfType::Number {
        precision: 38,
        scale: 0,
    };
    let mut result = RowSet::new(&[
        ("rows_unloaded", number),
        ("input_bytes", number),
        ("output_bytes", number),
    ]);
    result.push(vec![
        Cell::number(rows),
        Cell::number(input_bytes),
        Cell::number(output_bytes),
    ])?;
    result.into_result()
}

fn formatters<'a>(
    batch: &'a RecordBatch,
    options: &'a FormatOptions<'a>,
) -> Result<Vec<ArrayFormatter<'a>>> {
    batch
        .columns()
        .iter()
        .map(|column| ArrayFormatter::try_new(column.as_ref(), options))
        .collect::<std::result::Result<_, _>>()
        .map_err(EmulatorError::internal)
}

/// Rows as delimited text: no enclosing quotes unless FIELD_OPTIONALLY_ENCLOSED_BY asks for
/// them, otherwise the delimiters, line breaks and `\` in a value escaped with `\`, as
/// Snowflake's default ESCAPE_UNENCLOSED_FIELD does.
fn csv(
    schema: &arrow::datatypes::SchemaRef,
    batches: &[RecordBatch],
    options: &Options,
) -> Result<Vec<u8>> {
    let mut out = String::new();
    let separator = options.field_delimiter.as_str();
    if options.header {
        let names: Vec<String> = schema
            .fields()
            .iter()
            .map(|f| field_text(f.name(), options))
            .collect();
        out.push_str(&names.join(separator));
        out.push_str(&options.record_delimiter);
    }
    let format = FormatOptions::new()
        .with_timestamp_format(Some("%Y-%m-%d %H:%M:%S%.3f"))
        .with_timestamp_tz_format(Some("%Y-%m-%d %H:%M:%S%.3f %z"));
    for batch in batches {
        let columns = formatters(batch, &format)?;
        for row in 0..batch.num_rows() {
            for (index, column) in columns.iter().enumerate() {
                if index > 0 {
                    out.push_str(separator);
                }
                if batch.column(index).is_null(row) {
                    out.push_str(&options.null_text);
                } else {
                    out.push_str(&field_text(&column.value(row).to_string(), options));
                }
            }
            out.push_str(&options.record_delimiter);
        }
    }
    Ok(out.into_bytes())
}

fn field_text(value: &str, options: &Options) -> String {
    if let Some(quote) = options.enclosed_by {
        let doubled = value.replace(quote, &format!("{quote}{quote}"));
        return format!("{quote}{doubled}{quote}");
    }
    let special = |c: char| {
        c == '\\'
            || c == '\n'
            || c == '\r'
            || options.field_delimiter.contains(c)
            || options.record_delimiter.contains(c)
    };
    if !value.contains(special) {
        return value.to_owned();
    }
    let mut escaped = String::with_capacity(value.len() + 2);
    for c in value.chars() {
        match c {
            '\n' => escaped.push_str("\\n"),
            '\r' => escaped.push_str("\\r"),
            c if special(c) => {
                escaped.push('\\');
                escaped.push(c);
            }
            c => escaped.push(c),
        }
    }
    escaped
}

/// Rows as JSON lines: one column only, as in Snowflake; NULLs are left out.
fn json(batches: &[RecordBatch]) -> Result<Vec<u8>> {
    let mut out = String::new();
    let format = FormatOptions::new();
    for batch in batches {
        if batch.num_columns() != 1 {
            return Err(EmulatorError::new(
                ErrorKind::InvalidValue,
                "JSON file format can produce one and only one column of type variant, object, or array. Use CSV file format if you want to unload more than one column.",
            ));
        }
        let column: &ArrayRef = batch.column(0);
        let formatter =
            ArrayFormatter::try_new(column.as_ref(), &format).map_err(EmulatorError::internal)?;
        for row in 0..batch.num_rows() {
            if column.is_null(row) {
                continue;
            }
            let text = formatter.value(row).to_string();
            let is_text = matches!(
                column.data_type(),
                DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View
            );
            let line = match serde_json::from_str::<serde_json::Value>(&text) {
                Ok(value) if is_text => value.to_string(),
                _ if is_text => serde_json::Value::String(text).to_string(),
                _ => text,
            };
            out.push_str(&line);
            out.push('\n');
        }
    }
    Ok(out.into_bytes())
}

fn gzip(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(bytes).map_err(EmulatorError::internal)?;
    encoder.finish().map_err(EmulatorError::internal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_escaped_or_enclosed() {
        let options = Options::default();
        assert_eq!(field_text("plain", &options), "plain");
        assert_eq!(field_text("a,b\nc", &options), "a\\,b\\nc");
        let quoted = Options {
            enclosed_by: Some('"'),
            ..Options::default()
        };
        assert_eq!(field_text("say \"hi\"", &quoted), "\"say \"\"hi\"\"\"");
        assert_eq!(source_query(" (select 1) ").unwrap(), "select 1");
        assert_eq!(source_query("t").unwrap(), "SELECT * FROM t");
    }
}
