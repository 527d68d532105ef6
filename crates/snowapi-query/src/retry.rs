//! How failed HTTP attempts are retried: which failures, how many times, how long apart.

use std::time::{Duration, Instant};

/// When and how often a request is retried after a transient failure (HTTP 5xx, 429, 408, a
/// broken connection, a truncated body).
///
/// Waits grow exponentially from [`initial_backoff`](Self::initial_backoff) up to
/// [`max_backoff`](Self::max_backoff), each with random jitter, and retrying stops after
/// [`max_attempts`](Self::max_attempts) attempts or once [`max_elapsed`](Self::max_elapsed) has
/// passed since the first one.
///
/// ```
/// use std::time::Duration;
/// use snowapi_query::RetryPolicy;
/// let policy = RetryPolicy::default().max_attempts(3).initial_backoff(Duration::from_millis(10));
/// assert_eq!(policy.attempts(), 3);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_elapsed: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 7,
            initial_backoff: Duration::from_millis(250),
            max_backoff: Duration::from_secs(8),
            max_elapsed: Duration::from_secs(120),
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    pub fn none() -> Self {
        Self::default().max_attempts(1)
    }

    /// The most attempts of one request, the first included (at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The wait before the first retry.
    pub fn initial_backoff(mut self, wait: Duration) -> Self {
        self.initial_backoff = wait;
        self
    }

    /// The longest wait between two attempts.
    pub fn max_backoff(mut self, wait: Duration) -> Self {
        self.max_backoff = wait;
        self
    }

    /// No retry starts after this long since the first attempt.
    pub fn max_elapsed(mut self, limit: Duration) -> Self {
        self.max_elapsed = limit;
        self
    }

    /// The most attempts of one request.
    pub fn attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The wait before retry number `retry` (1 for the first retry), or `None` when the
    /// policy allows no more attempts.
    pub(crate) fn next_wait(&self, retry: u32, started: Instant) -> Option<Duration> {
        if retry >= self.max_attempts || started.elapsed() >= self.max_elapsed {
            return None;
        }
        Some(jittered(backoff(
            self.initial_backoff,
            self.max_backoff,
            retry.saturating_sub(1),
        )))
    }
}

/// `initial × 2^step`, capped at `max`.
pub(crate) fn backoff(initial: Duration, max: Duration, step: u32) -> Duration {
    let factor = 1u32.checked_shl(step.min(20)).unwrap_or(u32::MAX);
    initial.saturating_mul(factor).min(max)
}

/// `wait` scaled by a random factor in [0.5, 1.5), so clients retrying together spread out.
pub(crate) fn jittered(wait: Duration) -> Duration {
    let random = uuid::Uuid::new_v4().as_u128() as u64;
    // 0..1000 thousandths, from random bits (uniform enough for spreading retries).
    let thousandths = 500 + random % 1000;
    wait.saturating_mul(u32::try_from(thousandths).unwrap_or(1000)) / 1000
}

/// Whether an HTTP status is worth another attempt.
pub(crate) fn is_retryable_status(status: u16) -> bool {
    status == 408 || status == 429 || (500..600).contains(&status)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        let initial = Duration::from_millis(100);
        let max = Duration::from_secs(1);
        assert_eq!(backoff(initial, max, 0), Duration::from_millis(100));
        assert_eq!(backoff(initial, max, 2), Duration::from_millis(400));
        assert_eq!(backoff(initial, max, 10), max);
        assert_eq!(backoff(initial, max, 40), max);
    }

    #[test]
    fn jitter_stays_within_half_and_one_and_a_half() {
        for _ in 0..100 {
            let wait = jittered(Duration::from_millis(1000));
            assert!(wait >= Duration::from_millis(500) && wait < Duration::from_millis(1500));
        }
    }

    #[test]
    fn attempts_are_bounded() {
        let policy = RetryPolicy::default().max_attempts(3);
        let now = Instant::now();
        assert!(policy.next_wait(1, now).is_some());
        assert!(policy.next_wait(2, now).is_some());
        assert!(policy.next_wait(3, now).is_none());
        let expired = RetryPolicy::default().max_elapsed(Duration::ZERO);
        assert!(expired.next_wait(1, now).is_none());
        assert!(is_retryable_status(503) && is_retryable_status(429) && !is_retryable_status(404));
    }
}
