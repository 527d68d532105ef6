//! Services: long-running containers of Snowpark Container Services, on a compute pool.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{Name, ObjectInfo};

/// Where a service's specification comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "spec_type", rename_all = "snake_case")]
pub enum ServiceSpec {
    /// `FROM SPECIFICATION $$...$$`: the YAML text.
    FromInline {
        /// The specification.
        spec_text: String,
    },
    /// `FROM @stage SPECIFICATION_FILE = 'file'`.
    FromFile {
        /// The stage, as written after `@`.
        stage: String,
        /// Path of the file on the stage.
        spec_file: String,
    },
}

impl ServiceSpec {
    /// SHA-256 of the specification (text, or stage and path), in hex.
    pub fn digest(&self) -> String {
        let mut hasher = Sha256::new();
        match self {
            Self::FromInline { spec_text } => hasher.update(spec_text.as_bytes()),
            Self::FromFile { stage, spec_file } => {
                hasher.update(stage.as_bytes());
                hasher.update(b"/");
                hasher.update(spec_file.as_bytes());
            }
        }
        hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

/// Where a service stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ServiceStatus {
    /// Waiting for its compute pool to run.
    Pending,
    /// Running.
    Running,
    /// Suspended.
    Suspended,
    /// A job service whose containers ran to completion.
    Done,
    /// A job service whose containers failed.
    Failed,
}

impl ServiceStatus {
    /// Snowflake's spelling (`PENDING`, `RUNNING`, `SUSPENDED`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "PENDING",
            Self::Running => "RUNNING",
            Self::Suspended => "SUSPENDED",
            Self::Done => "DONE",
            Self::Failed => "FAILED",
        }
    }
}

/// A service (schema-level).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Service {
    /// Name.
    pub name: Name,
    /// Common properties.
    pub info: ObjectInfo,
    /// Compute pool it runs on.
    pub compute_pool: Name,
    /// Its specification.
    pub spec: ServiceSpec,
    /// PENDING, RUNNING or SUSPENDED (a job: DONE or FAILED).
    pub status: ServiceStatus,
    /// Instances kept running at least.
    pub min_instances: u32,
    /// Instances at most.
    pub max_instances: u32,
    /// Instances that must be ready for the service to be ready.
    pub min_ready_instances: u32,
    /// Whether a call to the service resumes it.
    pub auto_resume: bool,
    /// Idle seconds before it suspends itself (0: never).
    pub auto_suspend_secs: u64,
    /// Warehouse its containers' queries use by default.
    pub query_warehouse: Option<Name>,
    /// External access integrations it may use.
    pub external_access_integrations: Vec<Name>,
    /// Whether it is a job service (runs to completion).
    pub is_job: bool,
    /// Whether that job was started with ASYNC = TRUE.
    #[serde(default)]
    pub is_async_job: bool,
    /// When it last changed.
    pub updated_on: Option<DateTime<Utc>>,
    /// When it last resumed.
    pub resumed_on: Option<DateTime<Utc>>,
    /// When it was last suspended.
    pub suspended_on: Option<DateTime<Utc>>,
}

impl Service {
    /// The DNS name its endpoints answer on inside the account.
    pub fn dns_name(&self, database: &Name, schema: &Name) -> String {
        let label = |name: &Name| name.as_str().to_lowercase().replace('_', "-");
        format!(
            "{}.{}.{}.snowflakecomputing.internal",
            label(&self.name),
            label(schema),
            label(database)
        )
    }

    /// Instances running now: the minimum while running, none otherwise.
    pub fn current_instances(&self) -> u32 {
        match self.status {
            ServiceStatus::Running => self.min_instances,
            ServiceStatus::Pending
            | ServiceStatus::Suspended
            | ServiceStatus::Done
            | ServiceStatus::Failed => 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digest_and_dns() {
        let spec = ServiceSpec::FromInline {
            spec_text: "spec: {}".into(),
        };
        assert_eq!(spec.digest().len(), 64);
        assert_ne!(
            spec.digest(),
            ServiceSpec::FromInline {
                spec_text: "spec: []".into()
            }
            .digest()
        );
        let service = Service {
            name: Name::canonical("ECHO_SVC"),
            info: ObjectInfo::new("SYSADMIN", None),
            compute_pool: Name::canonical("POOL"),
            spec,
            status: ServiceStatus::Running,
            min_instances: 2,
            max_instances: 3,
            min_ready_instances: 2,
            auto_resume: true,
            auto_suspend_secs: 0,
            query_warehouse: None,
            external_access_integrations: Vec::new(),
            is_job: false,
            is_async_job: false,
            updated_on: None,
            resumed_on: None,
            suspended_on: None,
        };
        assert_eq!(
            service.dns_name(&Name::canonical("DB"), &Name::canonical("PUBLIC")),
            "echo-svc.public.db.snowflakecomputing.internal"
        );
        assert_eq!(service.current_instances(), 2);
    }
}
