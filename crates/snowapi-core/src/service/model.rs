//! The service and job service models, and where their specification comes from.

use serde::{Deserialize, Serialize};
use snowapi_rest::Timestamp;

use crate::{CoreError, Named, setters::setters, text_enum::text_enum};

text_enum!(
    /// Where a service (or job service) stands.
    ServiceStatus {
        /// Waiting for its containers to start.
        Pending = "PENDING",
        /// Running.
        Running = "RUNNING",
        /// Its containers failed.
        Failed = "FAILED",
        /// A job that ran to its end.
        Done = "DONE",
        /// Being suspended.
        Suspending = "SUSPENDING",
        /// Suspended: no instances run.
        Suspended = "SUSPENDED",
        /// Being dropped.
        Deleting = "DELETING",
        /// Dropped.
        Deleted = "DELETED",
        /// Snowflake failed to run it.
        InternalError = "INTERNAL_ERROR",
    }
);

/// Where a service's YAML specification comes from (snowflake.core's `ServiceSpecInlineText`
/// / `ServiceSpecStageFile`, told apart by the API's `spec_type`).
///
/// ```
/// use snowapi_core::service::ServiceSpec;
/// let file = ServiceSpec::parse("@specs/app/service.yaml").unwrap();
/// assert_eq!(file, ServiceSpec::stage_file("specs", "app/service.yaml"));
/// let inline = ServiceSpec::parse("spec:\n  containers: []").unwrap();
/// assert!(matches!(inline, ServiceSpec::InlineText { .. }));
/// assert_eq!(serde_json::to_value(&file).unwrap()["spec_type"], "from_file");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "spec_type")]
#[non_exhaustive]
pub enum ServiceSpec {
    /// A specification read from a file on a stage.
    #[serde(rename = "from_file")]
    StageFile {
        /// Stage holding the file, such as `my_stage` or `@my_stage`.
        stage: String,
        /// Path of the file within the stage, such as `specs/app.yaml`.
        spec_file: String,
    },
    /// A specification given as text.
    #[serde(rename = "from_inline")]
    InlineText {
        /// The YAML specification itself.
        spec_text: String,
    },
}

impl ServiceSpec {
    /// A specification given as YAML text.
    ///
    /// ```
    /// use snowapi_core::service::ServiceSpec;
    /// let spec = ServiceSpec::inline("spec:\n  containers:\n  - name: echo\n    image: /db/s/repo/echo:latest\n");
    /// assert!(matches!(spec, ServiceSpec::InlineText { .. }));
    /// ```
    pub fn inline(spec_text: impl Into<String>) -> Self {
        Self::InlineText {
            spec_text: spec_text.into(),
        }
    }

    /// A specification in file `spec_file` of stage `stage`.
    ///
    /// ```
    /// use snowapi_core::service::ServiceSpec;
    /// let spec = ServiceSpec::stage_file("@specs", "echo.yaml");
    /// assert!(matches!(spec, ServiceSpec::StageFile { .. }));
    /// ```
    pub fn stage_file(stage: impl Into<String>, spec_file: impl Into<String>) -> Self {
        Self::StageFile {
            stage: stage.into(),
            spec_file: spec_file.into(),
        }
    }

    /// snowflake.core's `ServiceSpec(text)`: `@stage/path/file.yaml` is a stage file, anything
    /// else inline text (which must then be a YAML mapping with a `spec` key).
    ///
    /// ```
    /// use snowapi_core::service::ServiceSpec;
    /// let from_stage = ServiceSpec::parse("@specs/echo.yaml")?;
    /// assert_eq!(from_stage, ServiceSpec::stage_file("specs", "echo.yaml"));
    /// assert!(ServiceSpec::parse("containers: []").is_err());
    /// # Ok::<(), snowapi_core::CoreError>(())
    /// ```
    pub fn parse(spec: &str) -> Result<Self, CoreError> {
        let spec = spec.trim();
        if let Some(path) = spec.strip_prefix('@') {
            let invalid = || CoreError::InvalidInput(format!("`{spec}` is not a stage file path"));
            let (stage, file) = path.split_once('/').ok_or_else(invalid)?;
            let bad =
                |part: &str| part.is_empty() || part.chars().any(|c| "<>:\"|?*\n".contains(c));
            if bad(stage) || file.split('/').any(bad) {
                return Err(invalid());
            }
            return Ok(Self::stage_file(stage, file));
        }
        if !spec.lines().any(|line| line.starts_with("spec:")) {
            return Err(CoreError::InvalidInput(
                "an inline service specification needs a top-level `spec:` key".into(),
            ));
        }
        Ok(Self::inline(spec))
    }
}

/// Declares a service model (a service or a job service): the fields both have (name, compute
/// pool, specification, external access integrations, query warehouse, comment), then `$rest`;
/// and its `new(name, compute_pool, spec)`.
macro_rules! service_model {
    ($(#[$meta:meta])* pub struct $model:ident { $($rest:tt)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
        #[non_exhaustive]
        pub struct $model {
            /// Name of the service.
            pub name: String,
            /// Compute pool it runs on.
            pub compute_pool: String,
            /// Where its specification comes from (sent on writes).
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub spec: Option<ServiceSpec>,
            /// External access integrations letting its containers reach outside hosts.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub external_access_integrations: Option<Vec<String>>,
            /// Warehouse its containers' queries run on by default.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub query_warehouse: Option<String>,
            /// Free text about it.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub comment: Option<String>,
            $($rest)*
        }

        impl $model {
            #[doc = concat!("A `", stringify!($model), "` named `name` running `spec` on `compute_pool`.")]
            pub fn new(
                name: impl Into<String>,
                compute_pool: impl Into<String>,
                spec: ServiceSpec,
            ) -> Self {
                Self {
                    name: name.into(),
                    compute_pool: compute_pool.into(),
                    spec: Some(spec),
                    ..Self::default()
                }
            }
        }
    };
}

service_model! {
/// A long-running service (snowflake.core's `Service`). The specification is sent on writes;
/// read-only fields are filled by `fetch` and `iter` and ignored on writes.
///
/// ```
/// use snowapi_core::service::{Service, ServiceSpec};
/// let service = Service::new("echo", "pool_s", ServiceSpec::stage_file("specs", "echo.yaml"))
///     .min_instances(1)
///     .max_instances(2)
///     .query_warehouse("etl_wh");
/// assert_eq!(service.compute_pool, "pool_s");
/// ```
pub struct Service {
    /// Whether it is a job run asynchronously.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_async_job: Option<bool>,
    /// Whether calling a service function or endpoint wakes it when suspended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_resume: Option<bool>,
    /// Ready instances needed before it counts as ready.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_ready_instances: Option<i64>,
    /// Fewest instances to run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_instances: Option<i64>,
    /// Most instances to run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_instances: Option<i64>,
    /// Idle seconds after which it suspends itself (0: never).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_suspend_secs: Option<i64>,
    /// Where it stands (read-only).
    #[serde(default, skip_serializing)]
    pub status: Option<ServiceStatus>,
    /// Instances running now (read-only).
    #[serde(default, skip_serializing)]
    pub current_instances: Option<i64>,
    /// Instance count it is heading for (read-only).
    #[serde(default, skip_serializing)]
    pub target_instances: Option<i64>,
    /// Database holding it (read-only).
    #[serde(default, skip_serializing)]
    pub database_name: Option<String>,
    /// Schema holding it (read-only).
    #[serde(default, skip_serializing)]
    pub schema_name: Option<String>,
    /// Role that owns it (read-only).
    #[serde(default, skip_serializing)]
    pub owner: Option<String>,
    /// Internal DNS name other services reach it by (read-only).
    #[serde(default, skip_serializing)]
    pub dns_name: Option<String>,
    /// When it was created (read-only).
    #[serde(default, skip_serializing)]
    pub created_on: Option<Timestamp>,
    /// When it was last changed (read-only).
    #[serde(default, skip_serializing)]
    pub updated_on: Option<Timestamp>,
    /// When it was last resumed (read-only).
    #[serde(default, skip_serializing)]
    pub resumed_on: Option<Timestamp>,
    /// When it was last suspended (read-only).
    #[serde(default, skip_serializing)]
    pub suspended_on: Option<Timestamp>,
    /// Kind of the owning role (read-only).
    #[serde(default, skip_serializing)]
    pub owner_role_type: Option<String>,
    /// Whether it is a job service (read-only).
    #[serde(default, skip_serializing)]
    pub is_job: Option<bool>,
    /// Digest of the specification in use (read-only).
    #[serde(default, skip_serializing)]
    pub spec_digest: Option<String>,
    /// Whether Snowflake is rolling it onto a new specification or image (read-only).
    #[serde(default, skip_serializing)]
    pub is_upgrading: Option<bool>,
    /// Kind of Snowflake object managing it, if any (read-only).
    #[serde(default, skip_serializing)]
    pub managing_object_domain: Option<String>,
    /// Name of the Snowflake object managing it, if any (read-only).
    #[serde(default, skip_serializing)]
    pub managing_object_name: Option<String>,
}
}

setters!(Service {
    spec: ServiceSpec,
    external_access_integrations: Vec<String>,
    query_warehouse: String,
    comment: String,
    is_async_job: bool,
    auto_resume: bool,
    min_ready_instances: i64,
    min_instances: i64,
    max_instances: i64,
    auto_suspend_secs: i64,
});

impl Named for Service {
    fn name(&self) -> &str {
        &self.name
    }
}

service_model! {
/// A job service: containers that run once on a compute pool and stop (snowflake.core's
/// `JobService`), as [`execute_job`](super::ServiceCollection::execute_job) runs it.
///
/// ```
/// use snowapi_core::service::{JobService, ServiceSpec};
/// let job = JobService::new("nightly", "pool_s", ServiceSpec::stage_file("specs", "job.yaml"))
///     .is_async_job(true);
/// assert_eq!(job.is_async_job, Some(true));
/// ```
pub struct JobService {
    /// Whether the call returns at once instead of waiting for the job to end.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_async_job: Option<bool>,
    /// Where it stands (read-only).
    #[serde(default, skip_serializing)]
    pub status: Option<ServiceStatus>,
}
}

setters!(JobService {
    spec: ServiceSpec,
    external_access_integrations: Vec<String>,
    query_warehouse: String,
    comment: String,
    is_async_job: bool,
});
