//! Streams of items across pages, in constant memory (one page at a time), that end exactly.
//!
//! A stream ends at the first of:
//! - an empty page;
//! - the reported total (with a start at a later page or offset counted in);
//! - a page shorter than the requested limit, when that limit is within the documented
//!   maximum (so a server-side cap on the page size cannot cut the stream short);
//! - an error of any page (yielded, then the stream ends).
//!
//! A guard ends it with [`Error::Paging`] when the server sends the same page twice in a row
//! (it ignored the offset) or more than [`MAX_PAGES`] pages: a stream never loops forever.

use std::collections::VecDeque;
use std::future::Future;
use std::hash::Hasher;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;
use serde::Serialize;

use crate::error::{Error, ErrorCode, PagingError};
use crate::operation::OperationSpec;

/// The most pages one stream fetches before its guard stops it.
pub const MAX_PAGES: u64 = 100_000;

/// How a list operation counts its pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageStyle {
    /// `offset` is a record offset, starting at 0 (v2 operations).
    RecordOffset,
    /// `offset` (or `page_index`) is a page number, starting at 1 (v1.0 operations).
    PageNumber,
}

/// Where a stream starts and how big its pages are asked to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    /// Record offset or page number.
    pub style: PageStyle,
    /// The first offset (record offset or page number).
    pub start: i64,
    /// The page size the request asks for, if it asks for one within the documented maximum:
    /// a shorter page is then the last one.
    pub limit: Option<i64>,
}

impl Paging {
    /// `limit` counts as a page size only when the docs say the server honours it
    /// (`1 ..= documented_max`; without a documented maximum, any positive limit).
    pub fn new(style: PageStyle, start: i64, limit: Option<i64>, documented_max: Option<i64>) -> Self {
        let limit = limit.filter(|&l| l > 0 && documented_max.is_none_or(|max| l <= max));
        Paging { style, start, limit }
    }
}

/// One fetched page: its items and the total the server reports, if any.
#[derive(Debug)]
pub struct Page<T> {
    /// The page's items.
    pub items: Vec<T>,
    /// The total number of records the server reports, if it does.
    pub total: Option<i64>,
}

/// A cheap fingerprint of a page's items, to notice a server that repeats a page.
fn fingerprint<T: Serialize>(items: &[T]) -> u64 {
    struct HashWriter(std::collections::hash_map::DefaultHasher);
    impl std::io::Write for HashWriter {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.write(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut w = HashWriter(Default::default());
    // A value that does not serialize just weakens the guard; the page cap still holds.
    let _ = serde_json::to_writer(&mut w, items);
    w.0.finish()
}

struct State<F> {
    next: Option<i64>,
    fetched: u64,
    /// Page size for page-number totals: the requested limit, else the first page's length.
    page_size: Option<i64>,
    last_fingerprint: Option<u64>,
    fetch: F,
}

/// A stream of the pages of a list operation, each with the total the server reports.
/// `Unpin`, so `while let Some(page) = pages.next().await` works without pinning
/// ([`StreamExt`](crate::StreamExt) is re-exported).
#[must_use = "a stream does nothing until polled"]
pub struct Pages<T, E> {
    inner: Pin<Box<dyn Stream<Item = Result<Page<T>, E>> + Send>>,
}

impl<T: Send + 'static, E: Send + 'static> Pages<T, E> {
    /// The items of every page, one by one (one page in memory at a time).
    pub fn items(self) -> Items<T, E> {
        let flat = futures_util::stream::unfold(
            (self, VecDeque::new()),
            |(mut pages, mut buffer): (Pages<T, E>, VecDeque<T>)| async move {
                loop {
                    if let Some(item) = buffer.pop_front() {
                        return Some((Ok(item), (pages, buffer)));
                    }
                    match futures_util::StreamExt::next(&mut pages).await? {
                        Ok(page) => buffer.extend(page.items),
                        Err(e) => return Some((Err(e), (pages, buffer))),
                    }
                }
            },
        );
        Items { inner: Box::pin(flat) }
    }
}

impl<T, E> Stream for Pages<T, E> {
    type Item = Result<Page<T>, E>;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl<T, E> std::fmt::Debug for Pages<T, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Pages")
    }
}

/// A stream of the items of a list operation across its pages. `Unpin`.
#[must_use = "a stream does nothing until polled"]
pub struct Items<T, E> {
    inner: Pin<Box<dyn Stream<Item = Result<T, E>> + Send>>,
}

impl<T, E> Stream for Items<T, E> {
    type Item = Result<T, E>;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl<T, E> std::fmt::Debug for Items<T, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Items")
    }
}

/// Fetches page after page of `op` with `fetch(offset)`; ends as the module docs say.
pub fn pages<T, C, F, Fut>(op: &'static OperationSpec, paging: Paging, fetch: F) -> Pages<T, Error<C>>
where
    T: Serialize + Send + 'static,
    C: ErrorCode,
    F: FnMut(i64) -> Fut + Send + 'static,
    Fut: Future<Output = Result<Page<T>, Error<C>>> + Send + 'static,
{
    let state = State {
        next: Some(paging.start),
        fetched: 0,
        page_size: paging.limit,
        last_fingerprint: None,
        fetch,
    };
    let stream = futures_util::stream::unfold(state, move |mut st| async move {
        let offset = st.next.take()?;
        if st.fetched >= MAX_PAGES {
            return Some((Err(guard(op, offset, format!("more than {MAX_PAGES} pages"))), st));
        }
        st.fetched += 1;
        let page = match (st.fetch)(offset).await {
            Ok(page) => page,
            Err(e) => return Some((Err(e), st)),
        };
        let count = page.items.len() as i64;
        if count == 0 {
            return None;
        }
        let print = fingerprint(&page.items);
        if st.last_fingerprint == Some(print) {
            let reason = "the server sent the same page again (it ignored the offset)".to_string();
            return Some((Err(guard(op, offset, reason)), st));
        }
        st.last_fingerprint = Some(print);
        let page_size = *st.page_size.get_or_insert(count);
        let reached_total = page.total.is_some_and(|total| match paging.style {
            PageStyle::RecordOffset => offset.saturating_add(count) >= total,
            PageStyle::PageNumber => (offset - 1).saturating_mul(page_size).saturating_add(count) >= total,
        });
        let short_page = paging.limit.is_some_and(|limit| count < limit);
        if !(reached_total || short_page) {
            st.next = Some(match paging.style {
                PageStyle::RecordOffset => offset.saturating_add(count),
                PageStyle::PageNumber => offset.saturating_add(1),
            });
        }
        Some((Ok(page), st))
    });
    Pages {
        inner: Box::pin(stream),
    }
}

/// The items of [`pages`], one by one.
pub fn items<T, C, F, Fut>(op: &'static OperationSpec, paging: Paging, fetch: F) -> Items<T, Error<C>>
where
    T: Serialize + Send + 'static,
    C: ErrorCode,
    F: FnMut(i64) -> Fut + Send + 'static,
    Fut: Future<Output = Result<Page<T>, Error<C>>> + Send + 'static,
{
    pages(op, paging, fetch).items()
}

fn guard<C>(op: &'static OperationSpec, offset: i64, reason: String) -> Error<C> {
    Error::Paging(Box::new(PagingError {
        operation: op,
        offset,
        reason,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{Code, LIST};
    use futures_util::StreamExt;

    /// A server over `0..n` that pages by record offset, caps pages at `cap`, and counts calls.
    async fn run(paging: Paging, n: i64, cap: i64, total: bool) -> (Vec<Result<i64, Error<Code>>>, usize) {
        let calls = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counter = calls.clone();
        let got = items(&LIST, paging, move |offset| {
            counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            // The server uses the limit asked for (10 when none counts), capped at `cap`.
            let size = paging.limit.unwrap_or(10).min(cap);
            let first = match paging.style {
                PageStyle::RecordOffset => offset,
                PageStyle::PageNumber => (offset - 1) * size,
            };
            let items: Vec<i64> = (first..n).take(size as usize).collect();
            async move {
                Ok(Page {
                    items,
                    total: total.then_some(n),
                })
            }
        })
        .collect()
        .await;
        (got, calls.load(std::sync::atomic::Ordering::SeqCst))
    }

    fn values(got: &[Result<i64, Error<Code>>]) -> Vec<i64> {
        got.iter().map(|r| *r.as_ref().unwrap()).collect()
    }

    #[tokio::test]
    async fn stops_at_the_total_and_yields_every_item_once() {
        let (got, calls) = run(
            Paging::new(PageStyle::RecordOffset, 0, Some(10), Some(100)),
            25,
            100,
            true,
        )
        .await;
        assert_eq!(values(&got), (0..25).collect::<Vec<_>>());
        assert_eq!(calls, 3);
    }

    #[tokio::test]
    async fn a_short_page_ends_a_stream_without_a_total() {
        let (got, calls) = run(
            Paging::new(PageStyle::RecordOffset, 0, Some(10), Some(100)),
            25,
            100,
            false,
        )
        .await;
        assert_eq!(values(&got).len(), 25);
        assert_eq!(calls, 3, "the third page is short: no fourth call");
    }

    #[tokio::test]
    async fn a_server_side_cap_does_not_cut_the_stream_short() {
        // Asked for 50, above the documented maximum of 20: a page of 20 must not end the
        // stream although it is shorter than 50.
        let paging = Paging::new(PageStyle::RecordOffset, 0, Some(50), Some(20));
        assert_eq!(paging.limit, None);
        let (got, calls) = run(paging, 45, 20, false).await;
        assert_eq!(values(&got).len(), 45);
        assert_eq!(calls, 6, "pages of 10 (the server's default), then an empty page");
    }

    #[tokio::test]
    async fn a_stream_started_at_a_later_page_stops_at_the_total() {
        let (got, calls) = run(Paging::new(PageStyle::PageNumber, 3, Some(10), None), 45, 100, true).await;
        assert_eq!(values(&got), (20..45).collect::<Vec<_>>());
        assert_eq!(calls, 3, "pages 3, 4, 5 and no sixth");
        let (got, calls) = run(Paging::new(PageStyle::RecordOffset, 30, Some(10), None), 45, 100, true).await;
        assert_eq!(values(&got), (30..45).collect::<Vec<_>>());
        assert_eq!(calls, 2);
    }

    #[tokio::test]
    async fn a_server_that_ignores_the_offset_is_stopped() {
        let got: Vec<Result<i64, Error<Code>>> =
            items(&LIST, Paging::new(PageStyle::RecordOffset, 0, None, None), |_| async {
                Ok(Page {
                    items: vec![1, 2, 3],
                    total: None,
                })
            })
            .collect()
            .await;
        assert_eq!(got.len(), 4, "one page, then the guard's error");
        let Err(Error::Paging(e)) = &got[3] else {
            panic!("expected the guard's error")
        };
        assert_eq!((e.operation.id, e.offset), ("ListThings", 3));
    }

    #[tokio::test]
    async fn streams_are_unpin_and_pages_carry_the_total() {
        fn unpin<S: Unpin>(s: S) -> S {
            s
        }
        let fetch = |offset: i64| async move {
            let items: Vec<i64> = (offset..25).take(10).collect();
            Ok::<_, Error<Code>>(Page { items, total: Some(25) })
        };
        let mut pages = unpin(pages(
            &LIST,
            Paging::new(PageStyle::RecordOffset, 0, Some(10), None),
            fetch,
        ));
        let mut seen = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page.unwrap();
            assert_eq!(page.total, Some(25));
            seen.push(page.items.len());
        }
        assert_eq!(seen, [10, 10, 5]);
    }

    #[tokio::test]
    async fn errors_end_the_stream_after_being_yielded() {
        let got: Vec<Result<i32, Error<Code>>> = items(
            &LIST,
            Paging::new(PageStyle::PageNumber, 1, None, None),
            |page| async move {
                match page {
                    1 => Ok(Page {
                        items: vec![1, 2],
                        total: None,
                    }),
                    2 => Err(Error::Build(crate::BuildError::new("page 2 failed"))),
                    _ => unreachable!("no page after an error"),
                }
            },
        )
        .collect()
        .await;
        assert_eq!(got.len(), 3);
        assert!(matches!(got[2], Err(Error::Build(_))));
    }
}
