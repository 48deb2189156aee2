//! Independent jobs shared out among the cores: one thread per core takes the next job not yet
//! taken, and the answers come back in the jobs' order whatever order they finished in.

use std::sync::atomic::{AtomicUsize, Ordering};

/// `job(n)` for every `n` of `order` (each a job's index below `order.len()`), on one thread
/// per core, taken in the order given (the longest jobs first spread the work best); the
/// answers in the order of the jobs' indices. A panic in a job is resumed here.
pub fn map_in_order<R: Send>(order: &[usize], job: impl Fn(usize) -> R + Sync) -> Vec<R> {
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        while let Some(&n) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
            done.push((n, job(n)));
        }
        done
    };
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut results = std::thread::scope(|scope| {
        let others: Vec<_> = (1..workers).map(|_| scope.spawn(work)).collect();
        let mut results = work();
        for other in others {
            results.extend(
                other
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            );
        }
        results
    });
    results.sort_unstable_by_key(|(n, _)| *n);
    results.into_iter().map(|(_, answer)| answer).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn answers_come_back_in_the_jobs_order() {
        let order = [3, 0, 2, 1, 4];
        assert_eq!(super::map_in_order(&order, |n| n * 10), [0, 10, 20, 30, 40]);
        assert!(super::map_in_order(&[], |n| n).is_empty());
    }
}
