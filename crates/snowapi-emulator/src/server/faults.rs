//! Fault injection for client retry tests: rules that make matching requests fail (an HTTP
//! status, a delay, a dropped connection, a truncated body) for a budget of requests.
//!
//! Rules come from [`EmulatorBuilder::fault`](super::EmulatorBuilder::fault), from
//! [`RunningEmulator::inject`](super::RunningEmulator::inject) and from the loopback-only admin
//! endpoint `POST /__emulator/faults`. The middleware in [`inject`] applies them to every route
//! except the admin endpoints, so faults can always be cleared.

pub(crate) mod inject;

use std::{
    sync::atomic::{AtomicU64, Ordering},
    time::Duration,
};

use parking_lot::Mutex;

/// What a fault does to a request it matches.
#[derive(Debug, Clone, PartialEq)]
pub enum FaultAction {
    /// Answer this HTTP status (503, 429, 500, …) with a small JSON body; the handler does not
    /// run. A number outside 100–999 answers 500.
    Status(u16),
    /// Wait this long, then handle the request normally.
    Delay(Duration),
    /// Break the connection without answering; the handler does not run.
    DropConnection,
    /// Handle the request, send the status, headers (with the full `Content-Length`) and the first
    /// half of the body, then break the connection: the client sees a short read.
    TruncateBody,
}

/// How many matching requests a rule applies to.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Budget {
    /// Every matching request, until the faults are cleared.
    Always,
    /// The next `n` matching requests.
    Times(u64),
    /// A share `p` of the matching requests, spread evenly and deterministically.
    Fraction(f64),
}

/// One fault-injection rule: which requests (a path prefix, optionally a method), what happens to
/// them, and for how many.
///
/// ```
/// use std::time::Duration;
/// use snowapi_emulator::server::FaultRule;
///
/// // The next two query requests answer HTTP 503.
/// let rule = FaultRule::path("/queries/v1/query-request").status(503).times(2);
/// // Every second chunk download is 1 s late.
/// let slow = FaultRule::path("/chunks/").method("GET").delay(Duration::from_secs(1)).fraction(0.5);
/// # let _ = (rule, slow);
/// ```
///
/// A rule built with only [`path`](Self::path) answers 503 to every matching request until the
/// faults are cleared. Paths are compared after repeated slashes are collapsed, without the query
/// string.
#[derive(Debug, Clone, PartialEq)]
pub struct FaultRule {
    path: String,
    method: Option<String>,
    action: FaultAction,
    budget: Budget,
}

impl FaultRule {
    /// A rule for requests whose path starts with `prefix` (for example
    /// `"/queries/v1/query-request"` or `"/chunks/"`).
    pub fn path(prefix: impl Into<String>) -> Self {
        Self {
            path: prefix.into(),
            method: None,
            action: FaultAction::Status(503),
            budget: Budget::Always,
        }
    }

    /// Only requests with this HTTP method (compared case-insensitively).
    pub fn method(mut self, method: impl AsRef<str>) -> Self {
        self.method = Some(method.as_ref().to_ascii_uppercase());
        self
    }

    /// What happens to matching requests.
    pub fn action(mut self, action: FaultAction) -> Self {
        self.action = action;
        self
    }

    /// Answer HTTP `status` ([`FaultAction::Status`]).
    pub fn status(self, status: u16) -> Self {
        self.action(FaultAction::Status(status))
    }

    /// Wait before handling ([`FaultAction::Delay`]).
    pub fn delay(self, delay: Duration) -> Self {
        self.action(FaultAction::Delay(delay))
    }

    /// Break the connection without answering ([`FaultAction::DropConnection`]).
    pub fn drop_connection(self) -> Self {
        self.action(FaultAction::DropConnection)
    }

    /// Send only half of the real answer ([`FaultAction::TruncateBody`]).
    pub fn truncate_body(self) -> Self {
        self.action(FaultAction::TruncateBody)
    }

    /// Apply to the next `n` matching requests only.
    pub fn times(mut self, n: u64) -> Self {
        self.budget = Budget::Times(n);
        self
    }

    /// Apply to a share `p` (0.0–1.0) of the matching requests. Deterministic, so tests repeat:
    /// the rule fires whenever the running sum of `p` over matching requests passes a whole
    /// number (0.5 fires on the 2nd, 4th, … request; 1.0 on every one).
    pub fn fraction(mut self, p: f64) -> Self {
        let p = if p.is_nan() { 0.0 } else { p.clamp(0.0, 1.0) };
        self.budget = Budget::Fraction(p);
        self
    }

    /// Whether the rule concerns a request.
    fn matches(&self, method: &str, path: &str) -> bool {
        path.starts_with(&self.path)
            && self
                .method
                .as_deref()
                .is_none_or(|m| m.eq_ignore_ascii_case(method))
    }
}

/// A rule with what is left of its budget.
#[derive(Debug)]
struct Armed {
    rule: FaultRule,
    /// For [`Budget::Fraction`]: the share accumulated since it last fired.
    credit: f64,
}

impl Armed {
    /// Whether the rule fires for this matching request; spends budget.
    fn fire(&mut self) -> bool {
        match &mut self.rule.budget {
            Budget::Always => true,
            Budget::Times(0) => false,
            Budget::Times(n) => {
                *n -= 1;
                true
            }
            Budget::Fraction(p) => {
                self.credit += *p;
                // The epsilon keeps shares like 0.1 from missing a beat through rounding.
                if self.credit >= 1.0 - 1e-9 {
                    self.credit -= 1.0;
                    true
                } else {
                    false
                }
            }
        }
    }

    fn spent(&self) -> bool {
        self.rule.budget == Budget::Times(0)
    }
}

/// The active rules of a server and how many faults they injected.
#[derive(Debug, Default)]
pub(crate) struct FaultSet {
    rules: Mutex<Vec<Armed>>,
    injected: AtomicU64,
}

impl FaultSet {
    /// A set holding `rules`.
    pub(crate) fn new(rules: impl IntoIterator<Item = FaultRule>) -> Self {
        let set = Self::default();
        for rule in rules {
            set.add(rule);
        }
        set
    }

    /// Adds a rule after the existing ones (earlier rules are tried first).
    pub(crate) fn add(&self, rule: FaultRule) {
        self.rules.lock().push(Armed { rule, credit: 0.0 });
    }

    /// Removes every rule; the injected count stays.
    pub(crate) fn clear(&self) {
        self.rules.lock().clear();
    }

    /// How many rules are active.
    pub(crate) fn len(&self) -> usize {
        self.rules.lock().len()
    }

    /// How many faults were injected since start.
    pub(crate) fn injected(&self) -> u64 {
        self.injected.load(Ordering::Relaxed)
    }

    /// The fault for a request, if a rule fires for it: the first matching rule whose budget
    /// allows spends it and is counted; rules whose `times` budget is used up are dropped.
    pub(crate) fn take(&self, method: &str, path: &str) -> Option<FaultAction> {
        let mut rules = self.rules.lock();
        let action = rules
            .iter_mut()
            .filter(|armed| armed.rule.matches(method, path))
            .find_map(|armed| armed.fire().then(|| armed.rule.action.clone()));
        rules.retain(|armed| !armed.spent());
        if action.is_some() {
            self.injected.fetch_add(1, Ordering::Relaxed);
        }
        action
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_budget_is_spent_then_the_rule_is_gone() {
        let set = FaultSet::new([FaultRule::path("/queries/").status(503).times(2)]);
        assert_eq!(set.take("GET", "/session"), None);
        assert_eq!(
            set.take("POST", "/queries/v1/query-request"),
            Some(FaultAction::Status(503))
        );
        assert_eq!(
            set.take("POST", "/queries/v1/query-request"),
            Some(FaultAction::Status(503))
        );
        assert_eq!(set.take("POST", "/queries/v1/query-request"), None);
        assert_eq!(set.len(), 0);
        assert_eq!(set.injected(), 2);
    }

    #[test]
    fn fraction_is_deterministic_and_method_filters() {
        let set = FaultSet::new([FaultRule::path("/chunks/")
            .method("get")
            .drop_connection()
            .fraction(0.5)]);
        let fired: Vec<bool> = (0..6)
            .map(|_| set.take("GET", "/chunks/q/0").is_some())
            .collect();
        assert_eq!(fired, [false, true, false, true, false, true]);
        assert_eq!(set.take("POST", "/chunks/q/0"), None);
        let tenth = FaultSet::new([FaultRule::path("/").fraction(0.1)]);
        let count = (0..100)
            .filter(|_| tenth.take("GET", "/x").is_some())
            .count();
        assert_eq!(count, 10);
        let never = FaultSet::new([FaultRule::path("/").fraction(f64::NAN)]);
        assert_eq!(never.take("GET", "/x"), None);
    }

    #[test]
    fn first_firing_rule_wins_and_clear_keeps_the_count() {
        let set = FaultSet::new([
            FaultRule::path("/session").status(429).times(1),
            FaultRule::path("/").delay(Duration::from_millis(5)),
        ]);
        assert_eq!(set.take("POST", "/session"), Some(FaultAction::Status(429)));
        assert_eq!(
            set.take("POST", "/session"),
            Some(FaultAction::Delay(Duration::from_millis(5)))
        );
        set.clear();
        assert_eq!(set.take("POST", "/session"), None);
        assert_eq!(set.injected(), 2);
    }
}
