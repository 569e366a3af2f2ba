//! Streams of items across pages, in constant memory (one page at a time).

use std::collections::VecDeque;
use std::future::Future;

use futures_core::Stream;

/// How a list operation counts its pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageStyle {
    /// `offset` is a record offset, starting at 0 (v2 operations).
    RecordOffset,
    /// `offset` (or `page_index`) is a page number, starting at 1 (v1.0 operations).
    PageNumber,
}

/// One fetched page: its items and the total the server reports, if any.
#[derive(Debug)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: Option<i64>,
}

/// Fetches page after page with `fetch(offset)` and yields their items one by one.
///
/// Stops at an empty page, once the reported total is reached, or after the first error
/// (which is yielded). `start` is the first offset (record offset or page number).
pub fn items<T, E, F, Fut>(style: PageStyle, start: i64, fetch: F) -> impl Stream<Item = Result<T, E>> + Send
where
    T: Send,
    E: Send,
    F: FnMut(i64) -> Fut + Send,
    Fut: Future<Output = Result<Page<T>, E>> + Send,
{
    futures_util::stream::unfold(
        (Some(start), 0i64, VecDeque::new(), fetch),
        move |(mut next, mut seen, mut buffer, mut fetch)| async move {
            loop {
                if let Some(item) = buffer.pop_front() {
                    return Some((Ok(item), (next, seen, buffer, fetch)));
                }
                let offset = next?;
                match fetch(offset).await {
                    Err(e) => return Some((Err(e), (None, seen, buffer, fetch))),
                    Ok(page) => {
                        let count = page.items.len() as i64;
                        seen += count;
                        let done = count == 0
                            || page.total.is_some_and(|t| match style {
                                PageStyle::RecordOffset => offset + count >= t,
                                PageStyle::PageNumber => seen >= t,
                            });
                        next = if done {
                            None
                        } else {
                            Some(match style {
                                PageStyle::RecordOffset => offset + count,
                                PageStyle::PageNumber => offset + 1,
                            })
                        };
                        buffer.extend(page.items);
                    }
                }
            }
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::StreamExt;

    #[tokio::test]
    async fn stops_at_the_total_and_yields_every_item_once() {
        let data: Vec<i64> = (0..25).collect();
        let stream = items(PageStyle::RecordOffset, 0, |offset| {
            let page: Vec<i64> = data.iter().copied().skip(offset as usize).take(10).collect();
            async move {
                Ok::<_, String>(Page {
                    items: page,
                    total: Some(25),
                })
            }
        });
        let got: Vec<i64> = stream.map(|r| r.unwrap()).collect().await;
        assert_eq!(got, data);
    }

    #[tokio::test]
    async fn stops_at_an_empty_page_and_surfaces_errors() {
        let stream = items(PageStyle::PageNumber, 1, |page| async move {
            match page {
                1 => Ok(Page {
                    items: vec![1, 2],
                    total: None,
                }),
                2 => Err("page 2 failed".to_string()),
                _ => unreachable!("no page after an error"),
            }
        });
        let got: Vec<Result<i32, String>> = stream.collect().await;
        assert_eq!(got, vec![Ok(1), Ok(2), Err("page 2 failed".to_string())]);
        let empty = items(PageStyle::RecordOffset, 0, |_| async {
            Ok::<_, String>(Page::<i32> {
                items: vec![],
                total: None,
            })
        });
        assert_eq!(empty.collect::<Vec<_>>().await.len(), 0);
    }
}
