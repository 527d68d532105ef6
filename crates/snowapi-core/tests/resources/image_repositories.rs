//! Image repositories: every verb of `schema.image_repositories()` and
//! `ImageRepositoryResource`.

use snowapi_core::{
    CoreError, CreateMode, TagAssignment, TagReference, image_repository::ImageRepository,
};

use crate::common::{column, names, run, start, streamed};

#[tokio::test]
async fn create_fetch_iter_list_images_tags_drop() {
    let env = start().await;
    run(&env.conn, "create database spcs").await;
    let schema = env.root.databases().get("spcs").schemas().get("public");
    let repos = schema.image_repositories();
    let repo = repos
        .create(&ImageRepository::new("images"), CreateMode::ErrorIfExists)
        .await
        .unwrap();
    assert_eq!(repo.name(), "images");
    assert_eq!(repo.fully_qualified_name(), "spcs.public.images");
    assert_eq!(repo.schema().name(), "public");
    assert_eq!(repo.database().name(), "spcs");
    assert_eq!(repos.schema().name(), "public");

    let fetched = repo.fetch().await.unwrap();
    assert_eq!(fetched.name, "IMAGES");
    assert_eq!(fetched.database_name.as_deref(), Some("SPCS"));
    assert_eq!(fetched.schema_name.as_deref(), Some("PUBLIC"));
    let url = fetched.repository_url.unwrap_or_default();
    assert!(
        url.to_ascii_lowercase().ends_with("spcs/public/images"),
        "{url}"
    );
    assert!(fetched.created_on.is_some());
    let shown = column(
        &env.conn,
        "show image repositories in schema spcs.public",
        1,
    )
    .await;
    assert_eq!(shown, ["IMAGES"]);

    let conflict = repos
        .create(&ImageRepository::new("images"), CreateMode::ErrorIfExists)
        .await
        .unwrap_err();
    assert!(matches!(conflict, CoreError::Conflict(_)), "{conflict:?}");
    repos
        .create(&ImageRepository::new("images"), CreateMode::IfNotExists)
        .await
        .unwrap();
    repos
        .create(&ImageRepository::new("images_2"), CreateMode::OrReplace)
        .await
        .unwrap();
    repos
        .create(&ImageRepository::new("other"), CreateMode::ErrorIfExists)
        .await
        .unwrap();
    assert_eq!(
        names(repos.iter().like("images%")).await,
        ["IMAGES", "IMAGES_2"]
    );
    assert_eq!(names(repos.iter().starts_with("OTH")).await, ["OTHER"]);
    let paged = streamed(repos.iter().page_size(2)).await;
    assert_eq!(paged, ["IMAGES", "IMAGES_2", "OTHER"]);

    assert!(repo.list_images().await.unwrap().is_empty());
    env.emulator
        .register_image("spcs.public.images", "echo", "1.0")
        .await
        .unwrap();
    let images = repo.list_images().await.unwrap();
    assert_eq!(images.len(), 1, "{images:?}");
    assert_eq!(images[0].image_name.as_deref(), Some("echo"));
    assert!(
        images[0]
            .tags
            .as_deref()
            .unwrap_or_default()
            .contains("1.0")
    );
    assert!(
        images[0]
            .digest
            .as_deref()
            .unwrap_or_default()
            .starts_with("sha256:")
    );
    assert!(
        images[0]
            .image_path
            .as_deref()
            .unwrap_or_default()
            .ends_with("images/echo:1.0"),
        "{images:?}"
    );

    run(&env.conn, "create tag spcs.public.team").await;
    repo.set_tags(&[TagAssignment::new(TagReference::new("team"), "platform")])
        .await
        .unwrap();
    let tags = repo.get_tags(false).await.unwrap();
    assert_eq!(tags.len(), 1, "{tags:?}");
    assert_eq!(tags[0].tag_value, "platform");
    repo.unset_tags(&[TagReference::new("team")]).await.unwrap();
    assert!(repo.get_tags(false).await.unwrap().is_empty());

    repo.drop().await.unwrap();
    assert!(repo.fetch().await.unwrap_err().is_not_found());
    repo.drop_if_exists().await.unwrap();
    assert!(repo.drop().await.unwrap_err().is_not_found());
    assert!(
        repos
            .get("missing")
            .list_images()
            .await
            .unwrap_err()
            .is_not_found()
    );
}
