//! Work spread over threads, with results that do not depend on the number of threads.

/// `f` applied to every item, on up to `threads` threads (the calling thread included);
/// the results in the order of the items.
pub(super) fn in_parallel<T: Send, R: Send>(
    items: Vec<T>,
    threads: usize,
    f: impl Fn(T) -> R + Sync,
) -> Vec<R> {
    let threads = threads.clamp(1, items.len().max(1));
    if threads == 1 {
        return items.into_iter().map(f).collect();
    }
    // Item `i` goes to worker `i % threads`.
    let mut queues: Vec<Vec<(usize, T)>> = (0..threads).map(|_| Vec::new()).collect();
    for (i, item) in items.into_iter().enumerate() {
        queues[i % threads].push((i, item));
    }
    let f = &f;
    let work = move |queue: Vec<(usize, T)>| -> Vec<(usize, R)> {
        queue.into_iter().map(|(i, item)| (i, f(item))).collect()
    };
    let mut done: Vec<(usize, R)> = std::thread::scope(|scope| {
        let mut queues = queues.into_iter();
        let mine = queues.next().unwrap_or_default();
        let handles: Vec<_> = queues.map(|q| scope.spawn(move || work(q))).collect();
        let mut done = work(mine);
        for handle in handles {
            match handle.join() {
                Ok(part) => done.extend(part),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        done
    });
    done.sort_unstable_by_key(|&(i, _)| i);
    done.into_iter().map(|(_, r)| r).collect()
}

/// `f(i)` for every `i` in `0..len`, in order, computed in up to `threads` contiguous
/// ranges on as many threads; `f` receives its own `scratch` per range.
pub(super) fn map_range<S: Default, R: Send + Default + Clone>(
    len: usize,
    threads: usize,
    f: impl Fn(usize, &mut S) -> R + Sync,
) -> Vec<R> {
    let threads = threads.clamp(1, len.max(1));
    let mut out = vec![R::default(); len];
    let mut slices = Vec::with_capacity(threads);
    let mut rest: &mut [R] = &mut out;
    let mut start = 0;
    for k in 0..threads {
        let end = len * (k + 1) / threads;
        let (mine, after) = rest.split_at_mut(end - start);
        slices.push((start, mine));
        rest = after;
        start = end;
    }
    in_parallel(slices, threads, |(start, slice)| {
        let mut scratch = S::default();
        for (i, r) in slice.iter_mut().enumerate() {
            *r = f(start + i, &mut scratch);
        }
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_order_whatever_the_threads() {
        for threads in [1, 2, 3, 8] {
            let squares = in_parallel((0..10u32).collect(), threads, |x| x * x);
            assert_eq!(squares, [0, 1, 4, 9, 16, 25, 36, 49, 64, 81]);
            let doubled = map_range(7, threads, |i, calls: &mut usize| {
                *calls += 1;
                2 * i
            });
            assert_eq!(doubled, [0, 2, 4, 6, 8, 10, 12]);
        }
        assert!(in_parallel(Vec::<u8>::new(), 2, |x| x).is_empty());
        assert!(map_range(0, 2, |i, _: &mut ()| i).is_empty());
    }
}
