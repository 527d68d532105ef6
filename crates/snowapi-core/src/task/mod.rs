//! Tasks: `schema.tasks()`, and task graphs ([`dagv1`]).

mod collection;
pub mod dagv1;
mod model;
mod resource;
mod schedule;

pub use collection::TaskCollection;
pub use model::{OverlapPolicy, Task, TaskRun, TaskRunState, TaskState};
pub use resource::TaskResource;
pub use schedule::{ProcedureArgument, StoredProcedureCall, TaskSchedule};
