//! Connection configuration: every source and their precedence, connection URLs, validation,
//! and secrets kept out of every formatted form.

use std::{
    collections::BTreeMap,
    fs,
    io::Write,
    path::{Path, PathBuf},
    sync::{Arc, Mutex},
    time::Duration,
};

use secrecy::ExposeSecret;
use snowapi_auth::{
    AccountIdentifier, AuthError, AuthenticatorKind, ConfigSources, ConnectionConfig,
    ConnectionConfigBuilder,
};
use tempfile::TempDir;

// ---------------------------------------------------------------------------------------------
// Helpers

/// A fake home directory with an empty `.snowflake`.
struct Home {
    dir: TempDir,
}

impl Home {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join(".snowflake")).unwrap();
        Self { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn snowflake(&self) -> PathBuf {
        self.path().join(".snowflake")
    }

    /// Writes `.snowflake/<name>` with mode 0600.
    fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.snowflake().join(name);
        write_file(&path, text, 0o600);
        path
    }

    fn sources(&self) -> ConfigSources {
        ConfigSources::new(self.path())
    }
}

fn write_file(path: &Path, text: &str, mode: u32) {
    fs::write(path, text).unwrap();
    set_mode(path, mode);
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
}

#[cfg(not(unix))]
fn set_mode(_path: &Path, _mode: u32) {}

fn load(sources: &ConfigSources, name: Option<&str>) -> ConnectionConfig {
    ConnectionConfig::load_from(sources, name).unwrap()
}

fn exposed(secret: &Option<secrecy::SecretString>) -> Option<&str> {
    secret.as_ref().map(|secret| secret.expose_secret())
}

/// Everything a config holds, secrets included, as one string to compare configs by.
fn everything(config: &ConnectionConfig) -> String {
    format!(
        "{config:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?}",
        exposed(&config.password),
        exposed(&config.passcode),
        exposed(&config.private_key),
        exposed(&config.private_key_passphrase),
        exposed(&config.token),
        exposed(&config.oauth_client_secret),
        exposed(&config.oauth_refresh_token),
    )
}

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Runs `f` with every tracing event, down to TRACE, written to a string.
fn with_logs<T>(f: impl FnOnce() -> T) -> (T, String) {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .finish();
    let result = tracing::subscriber::with_default(subscriber, f);
    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    (result, logs)
}

const PROD: &str = r#"
[prod]
account = "org-prod"
user = "prod_user"
password = "prod-password"
warehouse = "prod_wh"
port = 8443
login_timeout = 30
network_timeout = 2.5
client_session_keep_alive = true

[prod.session_parameters]
QUERY_TAG = "nightly"
statement_timeout_in_seconds = 600
"#;

// ---------------------------------------------------------------------------------------------
// Sources

#[test]
fn connections_toml_with_native_toml_types() {
    let home = Home::new();
    home.write("connections.toml", PROD);
    let config = load(&home.sources(), Some("prod"));
    assert_eq!(config.account.as_deref(), Some("org-prod"));
    assert_eq!(config.user.as_deref(), Some("prod_user"));
    assert_eq!(exposed(&config.password), Some("prod-password"));
    assert_eq!(config.warehouse.as_deref(), Some("prod_wh"));
    assert_eq!(config.port, Some(8443));
    assert_eq!(config.login_timeout, Some(Duration::from_secs(30)));
    assert_eq!(config.network_timeout, Some(Duration::from_millis(2500)));
    assert!(config.client_session_keep_alive);
    let expected: BTreeMap<String, String> = [
        ("QUERY_TAG".to_owned(), "nightly".to_owned()),
        ("STATEMENT_TIMEOUT_IN_SECONDS".to_owned(), "600".to_owned()),
    ]
    .into();
    assert_eq!(config.session_parameters, expected);
    assert_eq!(
        config.base_url().unwrap(),
        "https://org-prod.snowflakecomputing.com:8443"
    );
}

#[test]
fn the_connection_named_default_is_used_when_none_is_named() {
    let home = Home::new();
    home.write(
        "connections.toml",
        "[default]\naccount = \"org-default\"\nuser = \"u\"\npassword = \"p\"\n",
    );
    assert_eq!(
        load(&home.sources(), None).account.as_deref(),
        Some("org-default")
    );
}

#[test]
fn config_toml_connections_and_default_connection_name() {
    let home = Home::new();
    home.write(
        "config.toml",
        r#"
default_connection_name = "dev"

[connections.dev]
account = "org-dev"
user = "dev_user"
password = "dev-password"

[connections.prod]
account = "org-prod-from-config"
user = "u"
password = "p"
"#,
    );
    let config = load(&home.sources(), None);
    assert_eq!(config.account.as_deref(), Some("org-dev"));
    assert_eq!(
        load(&home.sources(), Some("prod")).account.as_deref(),
        Some("org-prod-from-config")
    );

    // SNOWFLAKE_DEFAULT_CONNECTION_NAME beats config.toml's default_connection_name.
    let sources = home
        .sources()
        .var("SNOWFLAKE_DEFAULT_CONNECTION_NAME", "prod");
    assert_eq!(
        load(&sources, None).account.as_deref(),
        Some("org-prod-from-config")
    );
    // An explicit name beats both.
    assert_eq!(
        load(&sources, Some("dev")).account.as_deref(),
        Some("org-dev")
    );
}

#[test]
fn connections_toml_replaces_a_config_toml_connection_whole() {
    let home = Home::new();
    home.write(
        "config.toml",
        "[connections.prod]\naccount = \"org-old\"\nuser = \"u\"\npassword = \"p\"\nrole = \"old_role\"\n",
    );
    home.write("connections.toml", PROD);
    let config = load(&home.sources(), Some("prod"));
    assert_eq!(config.account.as_deref(), Some("org-prod"));
    assert_eq!(
        config.role, None,
        "no key of config.toml's prod is mixed in"
    );
}

#[test]
fn snowflake_home_moves_the_files() {
    let home = Home::new();
    let elsewhere = tempfile::tempdir().unwrap();
    write_file(
        &elsewhere.path().join("connections.toml"),
        "[default]\naccount = \"org-elsewhere\"\nuser = \"u\"\npassword = \"p\"\n",
        0o600,
    );
    home.write(
        "connections.toml",
        "[default]\naccount = \"org-home\"\nuser = \"u\"\npassword = \"p\"\n",
    );
    assert_eq!(
        load(&home.sources(), None).account.as_deref(),
        Some("org-home")
    );
    let sources = home
        .sources()
        .var("SNOWFLAKE_HOME", elsewhere.path().to_str().unwrap());
    assert_eq!(sources.snowflake_home().as_deref(), Some(elsewhere.path()));
    assert_eq!(
        load(&sources, None).account.as_deref(),
        Some("org-elsewhere")
    );
}

#[test]
fn generic_variables_override_the_file() {
    let home = Home::new();
    home.write("connections.toml", PROD);
    let sources = home
        .sources()
        .var("SNOWFLAKE_WAREHOUSE", "env_wh")
        .var("SNOWFLAKE_PORT", "9443")
        .var("SNOWFLAKE_CLIENT_SESSION_KEEP_ALIVE", "false")
        .var(
            "SNOWFLAKE_SESSION_PARAMETERS",
            "{QUERY_TAG = \"from-env\", TIMEZONE = \"UTC\"}",
        );
    let config = load(&sources, Some("prod"));
    assert_eq!(config.warehouse.as_deref(), Some("env_wh"));
    assert_eq!(config.port, Some(9443));
    assert!(!config.client_session_keep_alive);
    assert_eq!(
        config.user.as_deref(),
        Some("prod_user"),
        "keys not overridden stay"
    );
    // Session parameters merge parameter by parameter.
    assert_eq!(config.session_parameters["QUERY_TAG"], "from-env");
    assert_eq!(config.session_parameters["TIMEZONE"], "UTC");
    assert_eq!(
        config.session_parameters["STATEMENT_TIMEOUT_IN_SECONDS"],
        "600"
    );
}

#[test]
fn connection_variables_override_generic_variables_and_the_file() {
    let home = Home::new();
    home.write("connections.toml", PROD);
    let sources = home
        .sources()
        .var("SNOWFLAKE_WAREHOUSE", "generic_wh")
        .var("SNOWFLAKE_CONNECTIONS_PROD_WAREHOUSE", "prod_env_wh")
        .var("SNOWFLAKE_CONNECTIONS_PROD_PASSWORD", "password-from-env")
        .var("SNOWFLAKE_CONNECTIONS_DEV_WAREHOUSE", "dev_wh");
    let config = load(&sources, Some("prod"));
    assert_eq!(config.warehouse.as_deref(), Some("prod_env_wh"));
    assert_eq!(exposed(&config.password), Some("password-from-env"));
}

#[test]
fn a_connection_may_live_in_variables_only() {
    let home = Home::new();
    let sources = home
        .sources()
        .var("SNOWFLAKE_CONNECTIONS_CI_ACCOUNT", "org-ci")
        .var("SNOWFLAKE_CONNECTIONS_CI_USER", "ci")
        .var(
            "SNOWFLAKE_CONNECTIONS_CI_AUTHENTICATOR",
            "programmatic_access_token",
        )
        .var("SNOWFLAKE_CONNECTIONS_CI_TOKEN", "pat-value");
    let config = load(&sources, Some("ci"));
    assert_eq!(config.account.as_deref(), Some("org-ci"));
    assert_eq!(
        config.authenticator_kind().unwrap(),
        AuthenticatorKind::ProgrammaticAccessToken
    );
    // Without any file or connection, the generic variables alone make a configuration.
    let sources = home
        .sources()
        .var("SNOWFLAKE_ACCOUNT", "org-env")
        .var("SNOWFLAKE_USER", "u")
        .var("SNOWFLAKE_PASSWORD", "p");
    assert_eq!(load(&sources, None).account.as_deref(), Some("org-env"));
}

#[test]
fn explicit_settings_beat_the_url_the_environment_and_the_files() {
    let home = Home::new();
    home.write("connections.toml", PROD);
    let sources = home
        .sources()
        .var("SNOWFLAKE_WAREHOUSE", "env_wh")
        .var("SNOWFLAKE_ROLE", "env_role")
        .var("SNOWFLAKE_DATABASE", "env_db")
        .var("SNOWFLAKE_QUERY_TAG", "env_tag");
    let config = ConnectionConfig::builder()
        .sources(sources)
        .connection_name("prod")
        .url("snowflake://org-prod/url_db?role=url_role&query_tag=url_tag")
        .warehouse("explicit_wh")
        .query_tag("explicit_tag")
        .client_session_keep_alive(false)
        .session_parameter("query_tag", "explicit")
        .build()
        .unwrap();
    assert_eq!(
        config.warehouse.as_deref(),
        Some("explicit_wh"),
        "explicit > env"
    );
    assert_eq!(
        config.query_tag.as_deref(),
        Some("explicit_tag"),
        "explicit > url > env"
    );
    assert_eq!(config.role.as_deref(), Some("url_role"), "url > env");
    assert_eq!(config.database.as_deref(), Some("url_db"), "url > env");
    assert_eq!(
        config.user.as_deref(),
        Some("prod_user"),
        "file fills the rest"
    );
    assert!(
        !config.client_session_keep_alive,
        "an explicit false beats the file's true"
    );
    assert_eq!(config.session_parameters["QUERY_TAG"], "explicit");
}

#[test]
fn without_sources_the_builder_reads_nothing_else() {
    let config = ConnectionConfig::builder()
        .account("org-acct.snowflakecomputing.com")
        .user("me")
        .password("pw")
        .build()
        .unwrap();
    assert_eq!(
        config.account.as_deref(),
        Some("org-acct"),
        "pasted host is cut back"
    );
    assert_eq!(config.warehouse, None);
}

#[test]
fn paths_in_files_expand_the_home_directory() {
    let home = Home::new();
    let key = home.path().join("rsa_key.p8");
    write_file(&key, "not really a key", 0o600);
    home.write(
        "connections.toml",
        "[jwt]\naccount = \"org\"\nuser = \"u\"\nauthenticator = \"SNOWFLAKE_JWT\"\nprivate_key_file = \"~/rsa_key.p8\"\nprivate_key_file_pwd = \"pp\"\n",
    );
    let config = load(&home.sources(), Some("jwt"));
    assert_eq!(config.private_key_file.as_deref(), Some(key.as_path()));
    assert_eq!(exposed(&config.private_key_passphrase), Some("pp"));
    assert_eq!(
        config.authenticator_kind().unwrap(),
        AuthenticatorKind::SnowflakeJwt
    );
}

#[test]
fn loading_errors_name_what_to_fix() {
    let home = Home::new();
    let error = ConnectionConfig::load_from(&home.sources(), Some("nope")).unwrap_err();
    assert!(matches!(&error, AuthError::UnknownConnection { name, .. } if name == "nope"));
    assert!(
        error.to_string().contains("SNOWFLAKE_CONNECTIONS_NOPE_"),
        "{error}"
    );

    let sources = home
        .sources()
        .var("SNOWFLAKE_DEFAULT_CONNECTION_NAME", "gone");
    let error = ConnectionConfig::load_from(&sources, None).unwrap_err();
    assert!(matches!(error, AuthError::UnknownConnection { .. }));

    home.write("connections.toml", "[prod]\nport = \"eighty\"\n");
    let error = ConnectionConfig::load_from(&home.sources(), Some("prod")).unwrap_err();
    assert!(
        matches!(&error, AuthError::InvalidConfigValue { key: "port", origin, .. }
        if origin.contains("connections.toml") && origin.contains("prod"))
    );

    home.write(
        "connections.toml",
        "[prod]\naccount = \"org\"\npassword = \"s3cr3t-in-broken-line\n",
    );
    let error = ConnectionConfig::load_from(&home.sources(), Some("prod")).unwrap_err();
    let AuthError::ConfigFile { reason, .. } = &error else {
        panic!("{error:?}");
    };
    assert!(reason.contains("line 3"), "{reason}");
    assert!(!format!("{error} {error:?}").contains("s3cr3t"));

    home.write("connections.toml", "account = \"org\"\n");
    let error = ConnectionConfig::load_from(&home.sources(), None).unwrap_err();
    assert!(matches!(error, AuthError::ConfigFile { .. }), "{error:?}");
}

// ---------------------------------------------------------------------------------------------
// File permissions

#[cfg(unix)]
#[test]
fn private_files_load_without_warning() {
    let home = Home::new();
    home.write("connections.toml", PROD);
    let (config, logs) = with_logs(|| ConnectionConfig::load_from(&home.sources(), Some("prod")));
    config.unwrap();
    assert!(!logs.contains("WARN"), "{logs}");
}

#[cfg(unix)]
#[test]
fn files_readable_by_others_load_with_a_warning() {
    for mode in [0o644, 0o640, 0o604] {
        let home = Home::new();
        let path = home.write("connections.toml", PROD);
        set_mode(&path, mode);
        let (config, logs) =
            with_logs(|| ConnectionConfig::load_from(&home.sources(), Some("prod")));
        assert_eq!(config.unwrap().account.as_deref(), Some("org-prod"));
        assert!(logs.contains("WARN"), "{mode:o}: {logs}");
        assert!(logs.contains("chmod 0600"), "{logs}");
        assert!(logs.contains(&path.display().to_string()), "{logs}");
    }
}

#[cfg(unix)]
#[test]
fn files_writable_by_others_are_refused() {
    for (file, mode) in [("connections.toml", 0o666), ("config.toml", 0o602)] {
        let home = Home::new();
        let path = home.write(file, "[connections.prod]\naccount = \"a\"\n");
        set_mode(&path, mode);
        let error = ConnectionConfig::load_from(&home.sources(), None).unwrap_err();
        assert!(
            matches!(&error, AuthError::InsecureConfigFile { path: p, mode: m } if *p == path && *m == mode),
            "{error:?}"
        );
        assert!(error.to_string().contains("chmod 0600"), "{error}");
    }
}

// ---------------------------------------------------------------------------------------------
// Connection URLs

#[test]
fn urls_parse_into_settings() {
    let config = ConnectionConfig::from_url(
        "snowflake://j%C3%BCrgen%40corp:p%40ss%3Aw%2Frd@xy12345.us-east-2.aws/My%20DB/sch%2Fema\
         ?warehouse=wh+1&role=ANALYST&authenticator=oauth&token=tok%26en\
         &private_key_file=%2Ftmp%2Fk.p8&port=8443&login_timeout=1.5&client_session_keep_alive=true",
    )
    .unwrap();
    assert_eq!(config.user.as_deref(), Some("jürgen@corp"));
    assert_eq!(exposed(&config.password), Some("p@ss:w/rd"));
    assert_eq!(config.account.as_deref(), Some("xy12345.us-east-2.aws"));
    assert_eq!(config.database.as_deref(), Some("My DB"));
    assert_eq!(config.schema.as_deref(), Some("sch/ema"));
    assert_eq!(config.warehouse.as_deref(), Some("wh 1"));
    assert_eq!(config.role.as_deref(), Some("ANALYST"));
    assert_eq!(config.authenticator.as_deref(), Some("oauth"));
    assert_eq!(exposed(&config.token), Some("tok&en"));
    assert_eq!(
        config.private_key_file.as_deref(),
        Some(Path::new("/tmp/k.p8"))
    );
    assert_eq!(config.port, Some(8443));
    assert_eq!(config.login_timeout, Some(Duration::from_millis(1500)));
    assert!(config.client_session_keep_alive);

    let config: ConnectionConfig = "snowflake://org-acct".parse().unwrap();
    assert_eq!(config.account.as_deref(), Some("org-acct"));
    assert_eq!(config.user, None);
    assert_eq!(config.database, None);
    let config =
        ConnectionConfig::from_url("snowflake://u@org-acct:8080/db/?protocol=http&host=127.0.0.1")
            .unwrap();
    assert_eq!(config.port, Some(8080));
    assert_eq!(config.database.as_deref(), Some("db"));
    assert_eq!(config.schema, None);
    assert_eq!(config.base_url().unwrap(), "http://127.0.0.1:8080");
}

#[test]
fn urls_round_trip() {
    let urls = [
        "snowflake://org-acct",
        "snowflake://me@org-acct",
        "snowflake://me:pw@org-acct/db",
        "snowflake://me:pw@org-acct/db/sch",
        "snowflake://j%C3%BCrgen%40corp:p%40ss%3Aw%2Frd%20x@xy12345.us-east-2.aws/My%20DB/sch%2Fema",
        "snowflake://me@org-acct/db?warehouse=wh&role=analyst",
        "snowflake://me@org-acct?authenticator=oauth&token=a%2Bb%3D%3D",
        "snowflake://me@org-acct?authenticator=snowflake_jwt&private_key_file=%2Fkeys%2Fk+1.p8\
         &private_key_file_pwd=pp",
        "snowflake://me@test?host=127.0.0.1&port=8080&protocol=http",
        "snowflake://org-acct?schema=only_schema",
        "snowflake://me@org-acct?query_tag=a%26b&session_parameters=%7B+QUERY_TAG+%3D+%22x%22+%7D\
         &login_timeout=30&network_timeout=2.5&client_session_keep_alive=true",
        "snowflake://org-acct?authenticator=oauth_client_credentials&oauth_client_id=id\
         &oauth_client_secret=cs&oauth_token_request_url=https%3A%2F%2Fidp%2Ftoken&oauth_scope=s+t",
    ];
    for url in urls {
        let config = ConnectionConfig::from_url(url).unwrap();
        let formatted = config.to_url_with_secrets().unwrap();
        assert_eq!(formatted.expose_secret(), url, "formatting {url}");
        let again = ConnectionConfig::from_url(formatted.expose_secret()).unwrap();
        assert_eq!(everything(&again), everything(&config), "{url}");
    }

    // Config → URL → config, from a built config holding every kind of value.
    let config = ConnectionConfig::builder()
        .account("org-acct")
        .user("user with space")
        .password("p@ss/w:rd%")
        .database("DB/1")
        .schema("S?2")
        .warehouse("W#3")
        .role("R&4")
        .host("127.0.0.1")
        .port(8080)
        .protocol("http")
        .session_parameter("QUERY_TAG", "a=b, c")
        .session_parameter("TIMEZONE", "UTC")
        .login_timeout(Duration::from_millis(1250))
        .build()
        .unwrap();
    let url = config.to_url_with_secrets().unwrap();
    let again = ConnectionConfig::from_url(url.expose_secret()).unwrap();
    assert_eq!(everything(&again), everything(&config));
}

#[test]
fn plain_urls_leave_secrets_out() {
    let config = ConnectionConfig::from_url(
        "snowflake://me:hunter2@org-acct/db?authenticator=oauth&token=tok-secret\
         &passcode=123456&private_key_file_pwd=pp-secret&oauth_client_secret=cs-secret\
         &oauth_refresh_token=rt-secret&private_key=pem-secret&warehouse=wh",
    )
    .unwrap();
    let plain = config.to_url().unwrap();
    assert_eq!(
        plain,
        "snowflake://me@org-acct/db?warehouse=wh&authenticator=oauth"
    );
    let with_secrets = config.to_url_with_secrets().unwrap();
    for secret in [
        "hunter2",
        "tok-secret",
        "123456",
        "pp-secret",
        "cs-secret",
        "rt-secret",
        "pem-secret",
    ] {
        assert!(with_secrets.expose_secret().contains(secret), "{secret}");
    }
    assert!(matches!(
        ConnectionConfig::default().to_url(),
        Err(AuthError::UnsetAccount)
    ));
}

#[test]
fn bad_urls_are_refused_without_repeating_them() {
    let cases = [
        "https://me:hunter2@org-acct",
        "snowflake://me:hunter2@org-acct/db/schema/extra",
        "snowflake://me:hunter2@org-acct//schema",
        "snowflake://me:hunter2@org-acct?warehuose=wh",
        "snowflake://me:hunter2@org-acct?role=a&role=b",
        "snowflake://me:hunter2@org-acct#frag",
        "snowflake://me:hunter2@org-acct:99999",
        "not a url hunter2",
        "snowflake://me:hunter2%FF@org-acct",
    ];
    for url in cases {
        let error = ConnectionConfig::from_url(url).unwrap_err();
        assert!(
            matches!(error, AuthError::InvalidUrl { .. }),
            "{url}: {error:?}"
        );
        assert!(!format!("{error} {error:?}").contains("hunter2"), "{url}");
    }
    let error =
        ConnectionConfig::from_url("snowflake://me:hunter2@org-acct?port=http").unwrap_err();
    assert!(matches!(
        error,
        AuthError::InvalidConfigValue { key: "port", .. }
    ));
    let error = ConnectionConfig::builder()
        .url("snowflake://x?bogus=1")
        .build()
        .unwrap_err();
    assert!(matches!(error, AuthError::InvalidUrl { .. }));
}

// ---------------------------------------------------------------------------------------------
// Validation

fn password_builder() -> ConnectionConfigBuilder {
    ConnectionConfig::builder()
        .account("org-acct")
        .user("me")
        .password("pw")
}

#[test]
fn each_validation_error() {
    let error = ConnectionConfig::builder()
        .user("me")
        .password("pw")
        .build()
        .unwrap_err();
    assert!(matches!(error, AuthError::UnsetAccount));

    let error = ConnectionConfig::builder()
        .account("org-acct")
        .password("pw")
        .build()
        .unwrap_err();
    assert!(matches!(
        error,
        AuthError::UnsetUser {
            authenticator: "snowflake"
        }
    ));
    let error = ConnectionConfig::builder()
        .account("org-acct")
        .private_key("pem")
        .build()
        .unwrap_err();
    assert!(matches!(
        error,
        AuthError::UnsetUser {
            authenticator: "snowflake_jwt"
        }
    ));

    let error = password_builder()
        .account("https://org-acct.snowflakecomputing.com")
        .build()
        .unwrap_err();
    assert!(matches!(error, AuthError::InvalidAccount { .. }));

    let error = password_builder()
        .authenticator("externalbrowser")
        .build()
        .unwrap_err();
    assert!(
        matches!(&error, AuthError::UnknownAuthenticator { name } if name == "externalbrowser")
    );

    let error = password_builder()
        .private_key_file("/keys/k.p8")
        .build()
        .unwrap_err();
    assert!(
        matches!(&error, AuthError::ConflictingCredentials { first, second, .. }
        if first == "`password`" && second == "`private_key_file`")
    );

    let error = ConnectionConfig::builder()
        .account("org-acct")
        .authenticator("oauth")
        .token("t")
        .oauth_client_id("id")
        .oauth_client_secret("cs")
        .build()
        .unwrap_err();
    assert!(
        matches!(&error, AuthError::ConflictingCredentials { first, second, .. }
        if first == "`token`" && second == "`oauth_client_secret`")
    );
    assert!(
        error.to_string().contains("oauth_client_credentials"),
        "{error}"
    );

    let error = ConnectionConfig::builder()
        .account("org-acct")
        .user("me")
        .private_key("pem")
        .private_key_file("/keys/k.p8")
        .build()
        .unwrap_err();
    assert!(matches!(error, AuthError::ConflictingCredentials { .. }));

    let error = ConnectionConfig::builder()
        .account("org-acct")
        .authenticator("oauth")
        .token("t")
        .token_file_path("/run/token")
        .build()
        .unwrap_err();
    assert!(matches!(error, AuthError::ConflictingCredentials { .. }));

    let error = ConnectionConfig::builder()
        .account("org-acct")
        .user("me")
        .build()
        .unwrap_err();
    assert!(matches!(
        error,
        AuthError::MissingCredential {
            authenticator: "snowflake",
            ..
        }
    ));
    let error = ConnectionConfig::builder()
        .account("org-acct")
        .authenticator("programmatic_access_token")
        .build()
        .unwrap_err();
    assert!(matches!(
        error,
        AuthError::MissingCredential {
            authenticator: "programmatic_access_token",
            ..
        }
    ));

    let missing = std::env::temp_dir().join("snowapi-no-such-key.p8");
    let error = ConnectionConfig::builder()
        .account("org-acct")
        .user("me")
        .private_key_file(&missing)
        .build()
        .unwrap_err();
    assert!(matches!(&error, AuthError::UnreadableKeyFile { path, .. } if *path == missing));
    let dir = tempfile::tempdir().unwrap();
    let error = ConnectionConfig::builder()
        .account("org-acct")
        .user("me")
        .private_key_file(dir.path())
        .build()
        .unwrap_err();
    assert!(matches!(error, AuthError::UnreadableKeyFile { .. }));

    let error = password_builder().protocol("ftp").build().unwrap_err();
    assert!(matches!(
        error,
        AuthError::InvalidConfigValue {
            key: "protocol",
            ..
        }
    ));
    let error = password_builder()
        .host("http://127.0.0.1:8080")
        .build()
        .unwrap_err();
    assert!(matches!(
        error,
        AuthError::InvalidConfigValue { key: "host", .. }
    ));
}

#[test]
fn a_named_profile_and_explicit_credentials_conflict() {
    let home = Home::new();
    home.write("connections.toml", PROD);
    let error = ConnectionConfig::builder()
        .sources(home.sources())
        .connection_name("prod")
        .token("explicit-token")
        .authenticator("programmatic_access_token")
        .build()
        .unwrap_err();
    let AuthError::ConflictingCredentials { first, second, .. } = &error else {
        panic!("{error:?}");
    };
    assert!(
        first.contains("prod") && first.contains("password"),
        "{first}"
    );
    assert!(second.contains("token"), "{second}");
    assert!(!format!("{error} {error:?}").contains("explicit-token"));
    assert!(!format!("{error} {error:?}").contains("prod-password"));

    // Credentials in a URL count as explicit too.
    let error = ConnectionConfig::builder()
        .sources(home.sources())
        .connection_name("prod")
        .url("snowflake://prod_user:other@org-prod")
        .build()
        .unwrap_err();
    assert!(matches!(error, AuthError::ConflictingCredentials { .. }));

    // A profile without credentials takes explicit ones.
    home.write(
        "connections.toml",
        "[prod]\naccount = \"org-prod\"\nuser = \"u\"\n",
    );
    let config = ConnectionConfig::builder()
        .sources(home.sources())
        .connection_name("prod")
        .password("explicit")
        .build()
        .unwrap();
    assert_eq!(exposed(&config.password), Some("explicit"));
}

#[test]
fn valid_configurations_of_each_authenticator() {
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("k.p8");
    write_file(&key, "-----BEGIN PRIVATE KEY-----\n", 0o600);
    let builders = [
        password_builder(),
        ConnectionConfig::builder()
            .account("a")
            .user("u")
            .private_key_file(&key),
        ConnectionConfig::builder()
            .account("a")
            .authenticator("OAUTH")
            .token("t"),
        ConnectionConfig::builder()
            .account("a")
            .authenticator("oauth_client_credentials")
            .oauth_client_id("id")
            .oauth_client_secret("cs")
            .oauth_token_request_url("https://idp/token"),
        ConnectionConfig::builder()
            .account("a")
            .authenticator("programmatic_access_token")
            .token_file_path("/run/pat"),
        password_builder()
            .authenticator("username_password_mfa")
            .passcode("123456"),
    ];
    let kinds: Vec<_> = builders
        .into_iter()
        .map(|builder| builder.build().unwrap().authenticator_kind().unwrap())
        .collect();
    assert_eq!(kinds, AuthenticatorKind::ALL);
}

// ---------------------------------------------------------------------------------------------
// Accounts and base URLs

#[test]
fn account_forms_and_base_urls() {
    let cases = [
        (
            "org-account",
            "ORG-ACCOUNT",
            "https://org-account.snowflakecomputing.com",
        ),
        (
            "xy12345.us-east-2.aws",
            "XY12345",
            "https://xy12345.us-east-2.aws.snowflakecomputing.com",
        ),
        (
            "myorg-my_acct",
            "MYORG-MY_ACCT",
            "https://myorg-my_acct.snowflakecomputing.com",
        ),
        (
            "xy12345",
            "XY12345",
            "https://xy12345.snowflakecomputing.com",
        ),
    ];
    for (account, jwt, base_url) in cases {
        let config = password_builder().account(account).build().unwrap();
        assert_eq!(config.account_for_jwt().unwrap(), jwt);
        assert_eq!(config.account_name_for_login().unwrap(), account);
        assert_eq!(config.base_url().unwrap(), base_url);
        let identifier: AccountIdentifier = account.parse().unwrap();
        assert_eq!(identifier.as_str(), account);
    }
    let emulator = password_builder()
        .account("test")
        .host("127.0.0.1")
        .port(8080)
        .protocol("http")
        .build()
        .unwrap();
    assert_eq!(emulator.base_url().unwrap(), "http://127.0.0.1:8080");
    assert_eq!(emulator.account_for_jwt().unwrap(), "TEST");
    let private_link = password_builder()
        .host("org-acct.privatelink.snowflakecomputing.com")
        .build()
        .unwrap();
    assert_eq!(
        private_link.base_url().unwrap(),
        "https://org-acct.privatelink.snowflakecomputing.com"
    );
}

// ---------------------------------------------------------------------------------------------
// Secrets

const SECRET: &str = "Sup3rS3cr3t-value";

#[test]
fn secrets_never_show_when_formatting_configs_errors_or_logs() {
    let home = Home::new();
    let connections = format!(
        "[prod]\naccount = \"org-prod\"\nuser = \"u\"\npassword = \"{SECRET}\"\n\
         passcode = \"{SECRET}\"\noauth_client_secret = \"{SECRET}\"\n"
    );
    home.write("connections.toml", &connections);

    let full = ConnectionConfig::from_url(&format!(
        "snowflake://u:{SECRET}@org-acct?passcode={SECRET}&private_key={SECRET}\
         &private_key_file_pwd={SECRET}&token={SECRET}&oauth_client_secret={SECRET}\
         &oauth_refresh_token={SECRET}"
    ))
    .unwrap();
    assert!(
        everything(&full).matches(SECRET).count() == 7,
        "the test config holds the secret"
    );

    let sources = home.sources().var("SNOWFLAKE_PASSWORD", SECRET);
    let builder = ConnectionConfig::builder()
        .account("a")
        .password(SECRET)
        .token(SECRET)
        .oauth_client_secret(SECRET)
        .private_key(SECRET)
        .private_key_passphrase(SECRET)
        .oauth_refresh_token(SECRET)
        .passcode(SECRET)
        .url(format!("snowflake://u:{SECRET}@a"))
        .sources(sources.clone());
    let mut formatted = vec![
        format!("{full:?}"),
        format!("{full:#?}"),
        full.to_url().unwrap(),
        format!("{builder:?}"),
        format!("{sources:?}"),
        format!("{:?}", AccountIdentifier::parse("org-acct").unwrap()),
        AccountIdentifier::parse("org-acct").unwrap().to_string(),
        format!(
            "{:?} {}",
            AuthenticatorKind::OAuth,
            AuthenticatorKind::OAuth
        ),
    ];

    // Every error variant of the configuration, each built from a configuration holding the
    // secret.
    let mut errors = Vec::new();
    let (results, logs) = with_logs(|| {
        vec![
            // UnsetAccount
            ConnectionConfig::builder().password(SECRET).build(),
            // UnsetUser
            ConnectionConfig::builder()
                .account("a")
                .password(SECRET)
                .build(),
            // InvalidAccount
            ConnectionConfig::builder()
                .account(format!("https://u:{SECRET}@a"))
                .password(SECRET)
                .build(),
            // UnknownAuthenticator
            password_secret().authenticator("okta").build(),
            // ConflictingCredentials, three ways
            password_secret().private_key(SECRET).build(),
            ConnectionConfig::builder()
                .account("a")
                .authenticator("oauth")
                .token(SECRET)
                .oauth_client_secret(SECRET)
                .build(),
            ConnectionConfig::builder()
                .sources(home.sources())
                .connection_name("prod")
                .password(SECRET)
                .build(),
            // MissingCredential
            ConnectionConfig::builder()
                .account("a")
                .authenticator("oauth_client_credentials")
                .oauth_client_id("id")
                .token_file_path("/nonexistent")
                .passcode(SECRET)
                .build(),
            // UnreadableKeyFile
            ConnectionConfig::builder()
                .account("a")
                .user("u")
                .private_key_file("/nonexistent/k.p8")
                .private_key_passphrase(SECRET)
                .build(),
            // InvalidConfigValue
            password_secret().protocol("ftp").build(),
            ConnectionConfig::load_from(
                &sources.clone().var("SNOWFLAKE_PORT", SECRET),
                Some("prod"),
            ),
            // InvalidUrl
            ConnectionConfig::builder()
                .url(format!("snowflake://u:{SECRET}@a/b/c/d"))
                .build(),
            ConnectionConfig::builder()
                .url(format!("snowflake://u:{SECRET}@a?{SECRET}=1"))
                .build(),
            // UnknownConnection
            ConnectionConfig::load_from(&sources, Some("missing")),
            // A successful load, for its logs.
            ConnectionConfig::load_from(&home.sources(), Some("prod")),
        ]
    });
    for result in results {
        if let Err(error) = result {
            errors.push(error);
        }
    }

    // ConfigFile and InsecureConfigFile, from files holding the secret.
    let broken = Home::new();
    broken.write(
        "connections.toml",
        &format!("[prod]\npassword = \"{SECRET}\n"),
    );
    errors.push(ConnectionConfig::load_from(&broken.sources(), None).unwrap_err());
    #[cfg(unix)]
    {
        let open = Home::new();
        let path = open.write("connections.toml", &connections);
        set_mode(&path, 0o666);
        errors.push(ConnectionConfig::load_from(&open.sources(), None).unwrap_err());
    }

    let names: std::collections::BTreeSet<String> = errors
        .iter()
        .map(|error| {
            format!("{error:?}")
                .split([' ', '{', '('])
                .next()
                .unwrap()
                .to_owned()
        })
        .collect();
    let expected = [
        "ConfigFile",
        "ConflictingCredentials",
        "InsecureConfigFile",
        "InvalidAccount",
        "InvalidConfigValue",
        "InvalidUrl",
        "MissingCredential",
        "UnknownAuthenticator",
        "UnknownConnection",
        "UnreadableKeyFile",
        "UnsetAccount",
        "UnsetUser",
    ];
    #[cfg(unix)]
    assert_eq!(names, expected.map(str::to_owned).into_iter().collect());
    #[cfg(not(unix))]
    let _ = (names, expected);

    for error in &errors {
        formatted.push(format!("{error}"));
        formatted.push(format!("{error:?}"));
    }
    formatted.push(logs);
    for text in formatted {
        assert!(!text.contains(SECRET), "the secret shows in: {text}");
    }
}

fn password_secret() -> ConnectionConfigBuilder {
    ConnectionConfig::builder()
        .account("a")
        .user("u")
        .password(SECRET)
}
