//! The threads that sign messages: one per core, apart from the async threads. RSA signing is
//! most of a signed message's cost. On tokio's blocking pool every message in flight woke a
//! thread of its own, so sixteen signed at once on two cores, preempting one another and the
//! connections' tasks; a fixed pool of one thread per core queues them instead.
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::OnceLock;

static POOL: OnceLock<Result<rayon_core::ThreadPool, String>> = OnceLock::new();

/// Runs `job` on a signing thread and waits for its result without blocking the caller's
/// thread. A panic in `job` comes back as an error (rayon would abort the process).
pub async fn run<T: Send + 'static>(job: impl FnOnce() -> T + Send + 'static) -> Result<T, String> {
    let pool = POOL
        .get_or_init(|| {
            rayon_core::ThreadPoolBuilder::new()
                .thread_name(|index| format!("caravan-sign-{index}"))
                .build()
                .map_err(|e| format!("cannot start the signing threads: {e}"))
        })
        .as_ref()
        .map_err(Clone::clone)?;
    let (done, result) = tokio::sync::oneshot::channel();
    pool.spawn(move || {
        // The caller may have gone (shutdown): nobody is left to tell.
        let _ = done.send(catch_unwind(AssertUnwindSafe(job)));
    });
    match result.await {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(_)) => Err("signing the message failed unexpectedly (a panic)".to_owned()),
        Err(_) => Err("the signing threads stopped".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn runs_the_job_off_the_caller_and_reports_a_panic_as_an_error() {
        let caller = std::thread::current().id();
        let ran_on = run(|| std::thread::current().id()).await.unwrap();
        assert_ne!(ran_on, caller);
        let error = run(|| -> u8 { panic!("boom") }).await.unwrap_err();
        assert!(error.contains("panic"), "{error}");
        // The pool is still there after a panic.
        assert_eq!(run(|| 2 + 2).await.unwrap(), 4);
    }
}
