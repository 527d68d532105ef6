//! Stages: every verb of `schema.stages()` and `StageResource`.

use snowapi_core::{
    CoreError, CreateMode,
    stage::{
        AwsCredentials, Stage, StageDirectoryTable, StageEncryption, StageEncryptionType, StageKind,
    },
};

use crate::common::{column, names, run, streamed, with_public_schema};

#[tokio::test]
async fn internal_and_external_stages_round_trip() {
    let (env, public) = with_public_schema("st_db").await;
    let stages = public.stages();
    let uploads = stages
        .create(
            &Stage::new("uploads")
                .encryption(StageEncryption::new(StageEncryptionType::SnowflakeSse))
                .directory_table(StageDirectoryTable::enabled(true).refresh_on_create(false))
                .comment("partner files"),
            CreateMode::ErrorIfExists,
        )
        .await
        .unwrap();
    assert_eq!(uploads.fully_qualified_name(), "st_db.public.uploads");
    let fetched = uploads.fetch().await.unwrap();
    assert_eq!(fetched.name, "UPLOADS");
    assert_eq!(fetched.kind, Some(StageKind::Permanent));
    assert_eq!(fetched.comment.as_deref(), Some("partner files"));
    assert_eq!(fetched.url, None);
    assert_eq!(fetched.has_credentials, Some(false));
    let directory = fetched.directory_table.unwrap();
    assert_eq!(directory.enable, Some(true));
    assert!(fetched.credentials.is_none() && fetched.encryption.is_none());
    assert!(fetched.created_on.is_some());
    let shown = column(
        &env.conn,
        "show stages like 'UPLOADS' in schema st_db.public",
        1,
    )
    .await;
    assert_eq!(shown, ["UPLOADS"]);

    let external = stages
        .create(
            &Stage::new("landing")
                .url("s3://bucket/landing/")
                .credentials(AwsCredentials::keys("AKIAEXAMPLE", "secret-key"))
                .comment("from S3"),
            CreateMode::ErrorIfExists,
        )
        .await
        .unwrap();
    let fetched = external.fetch().await.unwrap();
    assert_eq!(fetched.url.as_deref(), Some("s3://bucket/landing/"));
    assert_eq!(fetched.has_credentials, Some(true));
    assert!(fetched.credentials.is_none(), "secrets are never returned");

    let conflict = stages
        .create(&Stage::new("uploads"), CreateMode::ErrorIfExists)
        .await
        .unwrap_err();
    assert!(matches!(conflict, CoreError::Conflict(_)), "{conflict:?}");
    stages
        .create(
            &Stage::new("uploads").comment("kept?"),
            CreateMode::IfNotExists,
        )
        .await
        .unwrap();
    assert_eq!(
        uploads.fetch().await.unwrap().comment.as_deref(),
        Some("partner files")
    );
    stages
        .create(
            &Stage::new("uploads").comment("replaced"),
            CreateMode::OrReplace,
        )
        .await
        .unwrap();
    assert_eq!(
        uploads.fetch().await.unwrap().comment.as_deref(),
        Some("replaced")
    );

    // No files yet; a missing stage is a 404.
    assert!(uploads.list_files(None).await.unwrap().is_empty());
    assert!(
        uploads
            .list_files(Some(r".*\.csv"))
            .await
            .unwrap()
            .is_empty()
    );
    let missing = stages.get("nope");
    assert!(missing.list_files(None).await.unwrap_err().is_not_found());
    assert!(missing.fetch().await.unwrap_err().is_not_found());

    uploads.drop().await.unwrap();
    assert!(uploads.fetch().await.unwrap_err().is_not_found());
    assert!(uploads.drop().await.unwrap_err().is_not_found());
    uploads.drop_if_exists().await.unwrap();
    let bad = stages
        .create(
            &Stage::new("bad")
                .kind(StageKind::Temporary)
                .url("not a url"),
            CreateMode::ErrorIfExists,
        )
        .await;
    if let Err(error) = bad {
        assert!(error.status().is_some(), "{error:?}");
    }
}

#[tokio::test]
async fn iter_filters_locally_what_the_api_does_not() {
    let (_env, public) = with_public_schema("sti_db").await;
    let stages = public.stages();
    for name in ["s_a", "s_b", "s_c", "s_d", "zz"] {
        stages
            .create(&Stage::new(name), CreateMode::ErrorIfExists)
            .await
            .unwrap();
    }
    assert_eq!(
        names(stages.iter().like("s\\_%")).await,
        ["S_A", "S_B", "S_C", "S_D"]
    );
    assert_eq!(names(stages.iter().starts_with("Z")).await, ["ZZ"]);
    assert_eq!(
        names(stages.iter().like("s\\_%").from_name("S_A").limit(2)).await,
        ["S_B", "S_C"]
    );
    let paged = streamed(stages.iter().page_size(2)).await;
    assert_eq!(paged, ["S_A", "S_B", "S_C", "S_D", "ZZ"]);
}

#[tokio::test]
async fn presigned_url_of_a_staged_file() {
    let (env, public) = with_public_schema("stp_db").await;
    let stage = public
        .stages()
        .create(
            &Stage::new("s").encryption(StageEncryption::new(StageEncryptionType::SnowflakeSse)),
            CreateMode::ErrorIfExists,
        )
        .await
        .unwrap();
    run(
        &env.conn,
        "copy into @stp_db.public.s/data.csv from (select 1) \
             file_format = (type = csv compression = none) single = true",
    )
    .await;
    let files = stage.list_files(None).await.unwrap();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].name.as_deref(), Some("s/data.csv"));
    assert_eq!(files[0].size.as_deref(), Some("2"));
    assert!(
        stage
            .list_files(Some(r".*\.json"))
            .await
            .unwrap()
            .is_empty()
    );
    let link = stage
        .get_presigned_url("data.csv", Some(600))
        .await
        .unwrap();
    let url = link.presigned_url.expect("a presigned URL");
    assert!(url.starts_with("http"), "{url}");
    let body = reqwest::get(&url).await.unwrap().bytes().await.unwrap();
    assert_eq!(&body[..], b"1\n");
    let missing = stage.get_presigned_url("nope.csv", None).await;
    assert!(missing.is_err());
}
