use serde_json::json;

use super::*;
use crate::{Column, SnowflakeType, StatementType};

#[test]
fn success_answer_with_arrow_rowset() {
    let body = br#"{"success": true, "code": null, "message": null, "data": {
        "queryId": "01b2c3d4-0000-1234-0000-000000000001", "sqlState": "00000",
        "statementTypeId": 4096,
        "rowtype": [{"name":"X","database":"DB1","schema":"PUBLIC","table":"T","nullable":true,
                     "type":"fixed","byteLength":null,"length":null,"precision":38,"scale":0,
                     "collation":null, "someFutureField": [1, 2]}],
        "queryResultFormat": "arrow", "rowsetBase64": "", "total": 1, "returned": 1,
        "parameters": [{"name":"TIMEZONE","value":"UTC"}, {"name":"N","value":4}],
        "finalDatabaseName": "DB1", "finalSchemaName": "PUBLIC", "finalWarehouseName": "WH1",
        "finalRoleName": "SYSADMIN", "queryContext": {"entries": []}, "version": 1,
        "numberOfBinds": 0, "arrayBindSupported": false, "unknownTopLevel": {"x": 1}}}"#;
    let answer: Envelope<QueryResponseData> = serde_json::from_slice(body).unwrap();
    assert_eq!(answer.success, Some(true));
    assert_eq!(answer.code, None);
    let data = answer.data.unwrap();
    assert_eq!(
        data.query_id.as_deref(),
        Some("01b2c3d4-0000-1234-0000-000000000001")
    );
    assert_eq!(
        data.statement_type_id.map(StatementType::from_id),
        Some(StatementType::Select)
    );
    assert_eq!(data.query_result_format.as_deref(), Some("arrow"));
    assert_eq!(data.total, Some(1));
    assert_eq!(data.final_role_name.as_deref(), Some("SYSADMIN"));
    assert_eq!(data.parameters.as_ref().map(Vec::len), Some(2));
    assert_eq!(data.array_bind_supported, Some(false));
    assert!(data.has_result());
    let columns = Column::from_rowtype(data.rowtype.as_deref().unwrap_or_default());
    assert_eq!(columns.len(), 1);
    assert_eq!(columns[0].name, "X");
    assert_eq!(
        columns[0].sf_type,
        SnowflakeType::Fixed {
            precision: 38,
            scale: 0
        }
    );
    assert_eq!(columns[0].table.as_deref(), Some("T"));
}

#[test]
fn json_rowset_is_kept_raw_for_the_fast_decoder() {
    let body = r#"{"success": true, "data": {"queryResultFormat": "json",
        "rowtype": [{"name": "A", "type": "text", "nullable": true}],
        "rowset": [["x"], [null]]}}"#;
    let answer: Envelope<QueryResponseData> = serde_json::from_str(body).unwrap();
    let data = answer.data.unwrap();
    let raw = data.rowset.as_ref().unwrap().get();
    assert_eq!(raw, r#"[["x"], [null]]"#);
    let decoder = crate::JsonRowsetDecoder::new(Column::from_rowtype(&data.rowtype.unwrap()));
    assert_eq!(decoder.decode_str(raw).unwrap().num_rows(), 2);
}

#[test]
fn numbers_and_flags_sent_as_strings_are_accepted() {
    let body = br#"{"success": "true", "code": 2003, "data": {
        "statementTypeId": "12544", "total": "10", "returned": 7.0,
        "rowtype": [{"name": "N", "type": "FIXED", "precision": "10", "scale": "2",
                     "nullable": "false", "length": ""}],
        "chunks": [{"url": "https://example.invalid/c1?sig=secret", "rowCount": "3",
                    "uncompressedSize": 100, "compressedSize": "50"}],
        "numberOfBinds": "2", "arrayBindSupported": 1, "errorCode": "002003"}}"#;
    let answer: Envelope<QueryResponseData> = serde_json::from_slice(body).unwrap();
    assert_eq!(answer.success, Some(true));
    assert_eq!(answer.code.as_deref(), Some("2003"));
    let data = answer.data.unwrap();
    assert_eq!(data.statement_type_id, Some(0x3100));
    assert_eq!(data.total, Some(10));
    assert_eq!(data.returned, Some(7));
    assert_eq!(data.number_of_binds, Some(2));
    assert_eq!(data.array_bind_supported, Some(true));
    let row = &data.rowtype.as_ref().unwrap()[0];
    assert_eq!(
        (row.precision, row.scale, row.nullable, row.length),
        (Some(10), Some(2), Some(false), None)
    );
    let chunk = &data.chunks.as_ref().unwrap()[0];
    assert_eq!(chunk.row_count, Some(3));
    assert_eq!(chunk.compressed_size, Some(50));
    assert_eq!(chunk.url.expose(), "https://example.invalid/c1?sig=secret");
}

#[test]
fn bad_numbers_are_errors() {
    let body = br#"{"success": true, "data": {"total": "ten"}}"#;
    let error = serde_json::from_slice::<Envelope<QueryResponseData>>(body).unwrap_err();
    assert!(error.to_string().contains("expected an integer"), "{error}");
}

#[test]
fn error_answer_with_null_or_missing_data() {
    let answer: Envelope<QueryResponseData> = serde_json::from_str(
        r#"{"success": false, "code": "390112", "message": "expired", "data": null}"#,
    )
    .unwrap();
    assert!(answer.data.is_none());
    assert_eq!(answer.message.as_deref(), Some("expired"));
    let answer: Envelope<QueryResponseData> =
        serde_json::from_str(r#"{"success": false, "code": "000612"}"#).unwrap();
    assert!(answer.data.is_none());
}

#[test]
fn in_progress_answer_has_no_result() {
    let body =
        br#"{"success": true, "code": "333334", "message": "Asynchronous execution in progress.",
        "data": {"queryId": "01b2", "getResultUrl": "/queries/01b2/result",
                 "queryAbortsAfterSecs": 300, "progressDesc": null}}"#;
    let answer: Envelope<QueryResponseData> = serde_json::from_slice(body).unwrap();
    let data = answer.data.unwrap();
    assert_eq!(data.get_result_url.as_deref(), Some("/queries/01b2/result"));
    assert_eq!(data.query_aborts_after_secs, Some(300));
    assert!(!data.has_result());
}

#[test]
fn chunk_secrets_are_redacted_in_debug() {
    let body = br#"{"success": true, "data": {"qrmk": "KEY-123",
        "chunkHeaders": {"x-amz-server-side-encryption-customer-key": "KEY-123"},
        "chunks": [{"url": "https://bucket/c?X-Amz-Signature=SIG-456", "rowCount": 1,
                    "uncompressedSize": 1, "compressedSize": 1}]}}"#;
    let answer: Envelope<QueryResponseData> = serde_json::from_slice(body).unwrap();
    let debug = format!("{answer:?}");
    assert!(
        !debug.contains("KEY-123") && !debug.contains("SIG-456"),
        "{debug}"
    );
    let data = answer.data.unwrap();
    assert_eq!(data.qrmk.as_ref().map(Redacted::expose), Some("KEY-123"));
}

#[test]
fn multi_statement_and_dml_fields() {
    let body = br#"{"success": true, "data": {"statementTypeId": 40960,
        "resultIds": "01a,01b", "resultTypes": "4096,12544",
        "stats": {"numRowsInserted": 3, "numRowsUpdated": "0"}}}"#;
    let data = serde_json::from_slice::<Envelope<QueryResponseData>>(body)
        .unwrap()
        .data
        .unwrap();
    assert_eq!(
        data.statement_type_id.map(StatementType::from_id),
        Some(StatementType::Multi)
    );
    assert_eq!(data.result_ids.as_deref(), Some("01a,01b"));
    let stats = data.stats.unwrap();
    assert_eq!(
        (stats.num_rows_inserted, stats.num_rows_updated),
        (Some(3), Some(0))
    );
}

#[test]
fn request_body_round_trips_with_bindings() {
    let mut binds = crate::Binds::new();
    binds.push(1).push(Option::<String>::None);
    let mut parameters = serde_json::Map::new();
    parameters.insert("MULTI_STATEMENT_COUNT".to_owned(), json!(2));
    let request = QueryRequest {
        sql_text: "select ?, ?".to_owned(),
        async_exec: true,
        sequence_id: 3,
        query_submission_time: 1_704_164_645_000,
        describe_only: Some(false),
        parameters: Some(parameters),
        bindings: Some(binds.to_wire().unwrap()),
        query_context_dto: Some(QueryContextDto {
            entries: Some(vec![QueryContextEntry {
                id: Some(0),
                timestamp: Some(5),
                priority: Some(0),
                context: Some(json!({"base64Data": "AA=="})),
            }]),
        }),
        ..QueryRequest::default()
    };
    let value = serde_json::to_value(&request).unwrap();
    assert_eq!(
        value,
        json!({
            "sqlText": "select ?, ?", "asyncExec": true, "sequenceId": 3,
            "querySubmissionTime": 1_704_164_645_000_i64, "describeOnly": false,
            "parameters": {"MULTI_STATEMENT_COUNT": 2},
            "bindings": {"1": {"type": "FIXED", "value": "1"}, "2": {"type": "TEXT", "value": null}},
            "queryContextDTO": {"entries": [{"id": 0, "timestamp": 5, "priority": 0,
                                             "context": {"base64Data": "AA=="}}]}
        })
    );
    let back: QueryRequest = serde_json::from_value(value).unwrap();
    assert_eq!(back, request);
}

#[test]
fn array_bindings_deserialize() {
    let wire: WireBindings = serde_json::from_str(
        r#"{"1": {"type": "FIXED", "value": ["1", null]}, "2": {"type": "ANY", "value": null},
            "3": {"type": "OBJECT", "value": "{}", "fmt": "json"}}"#,
    )
    .unwrap();
    assert_eq!(wire.len(), 3);
    assert_eq!(
        wire.get("1").unwrap().value,
        WireBindValue::Array(vec![Some("1".into()), None])
    );
    assert_eq!(wire.get("2").unwrap().value, WireBindValue::Scalar(None));
    assert_eq!(wire.get("3").unwrap().fmt.as_deref(), Some("json"));
}

#[test]
fn rowtype_defaults_and_type_names() {
    let rowtype: Vec<RowTypeDto> = serde_json::from_value(json!([
        {"name": "A", "type": "timestamp_tz", "nullable": true, "scale": 3, "byteLength": 8},
        {"name": "B", "type": "time", "nullable": false},
        {"name": "C", "type": "text", "nullable": true},
        {"name": "D", "type": "binary", "nullable": true, "length": 16, "byteLength": 16},
        {"name": "E", "type": "variant", "nullable": true},
        {"name": "F", "type": "fixed", "nullable": true, "precision": null, "scale": null},
        {"name": "G", "type": "text", "extTypeName": "GEOGRAPHY", "nullable": true},
        {"name": "H", "type": "vector", "vectorDimension": 3, "nullable": true},
        {"name": "I", "type": "interval_year_month", "nullable": true},
    ]))
    .unwrap();
    let types: Vec<SnowflakeType> = Column::from_rowtype(&rowtype)
        .into_iter()
        .map(|c| c.sf_type)
        .collect();
    assert_eq!(
        types,
        [
            SnowflakeType::TimestampTz { scale: 3 },
            SnowflakeType::Time { scale: 9 },
            SnowflakeType::Text { length: 16_777_216 },
            SnowflakeType::Binary { length: 16 },
            SnowflakeType::Variant,
            SnowflakeType::Fixed {
                precision: 38,
                scale: 0
            },
            SnowflakeType::Geography,
            SnowflakeType::Vector { dimension: Some(3) },
            SnowflakeType::Other("INTERVAL_YEAR_MONTH".into()),
        ]
    );
    assert!(!Column::from_wire(&rowtype[1]).nullable);
    assert_eq!(types[0].to_string(), "TIMESTAMP_TZ(3)");
}

#[test]
fn statement_type_families() {
    let cases = [
        (0x2000, StatementType::Explain),
        (0x3300, StatementType::Delete),
        (0x3400, StatementType::Merge),
        (0x3600, StatementType::Copy),
        (0x3700, StatementType::Dml),
        (0x4100, StatementType::Set),
        (0x4300, StatementType::Use),
        (0x4400, StatementType::Show),
        (0x4500, StatementType::Describe),
        (0x4200, StatementType::SystemCommand),
        (0x5100, StatementType::Commit),
        (0x5200, StatementType::Transaction),
        (24576, StatementType::Ddl),
        (0x7101, StatementType::Get),
        (0x7102, StatementType::Put),
        (0x7200, StatementType::FileOperation),
        (0x9000, StatementType::Call),
        (0xA000, StatementType::Multi),
        (0xB123, StatementType::Other(0xB123)),
    ];
    for (id, expected) in cases {
        assert_eq!(StatementType::from_id(id), expected, "{id:#x}");
    }
    assert!(StatementType::Copy.is_dml());
    assert!(!StatementType::Select.is_dml());
}

#[test]
fn failure_envelopes_become_snowflake_errors() {
    let answer: Envelope<QueryResponseData> = serde_json::from_str(
        r#"{"success": false, "code": null, "message": "SQL compilation error",
            "data": {"errorCode": 1003, "errorMessage": "syntax error line 1", "queryId": "q1"}}"#,
    )
    .unwrap();
    let error = crate::QueryError::from_envelope(&answer);
    assert_eq!(error.code(), Some("1003"));
    assert_eq!(error.query_id(), Some("q1"));
    assert_eq!(error.sql_state(), None);
    assert!(
        error
            .to_string()
            .contains("SQL compilation error: syntax error line 1"),
        "{error}"
    );

    let bare: Envelope<QueryResponseData> = serde_json::from_str(r#"{"success": false}"#).unwrap();
    let error = crate::QueryError::from_envelope(&bare);
    assert_eq!(error.code(), Some("unknown"));
    assert!(error.to_string().contains("no message"));
}
