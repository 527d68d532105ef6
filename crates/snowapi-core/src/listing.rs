//! Listings: the filters of `iter()` and the stream of what they select.

use std::{future::Future, pin::Pin, sync::Arc};

use futures::{Stream, StreamExt, stream};

use crate::CoreError;

/// A model with a name, as listings page by name.
pub trait Named {
    /// The object's name as Snowflake reports it.
    fn name(&self) -> &str;
}

/// The filters of a listing, as the REST API takes them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ListOptions {
    /// Keep names matching this SQL pattern (`%`, `_`), case-insensitively.
    pub like: Option<String>,
    /// Keep names starting with this text (case-sensitive).
    pub starts_with: Option<String>,
    /// Return at most this many objects.
    pub limit: Option<u64>,
    /// Start after the first object whose name matches this text (case-sensitive), as
    /// `SHOW … LIMIT n FROM 'name'` does.
    pub from_name: Option<String>,
    /// Fetch every object's full details (listings of tables: columns and constraints).
    pub deep: bool,
    /// Include dropped objects that can still be undropped.
    pub history: bool,
    /// Keep only objects without predecessors (listings of tasks: the roots of task graphs).
    pub root_only: bool,
}

type Fetch<M> = dyn Fn(ListOptions) -> Pin<Box<dyn Future<Output = Result<Vec<M>, CoreError>> + Send>>
    + Send
    + Sync;

/// A listing being configured: set filters, then [`send`](Self::send) for a `Vec` or
/// [`stream`](Self::stream) for an async stream (paged by name with [`page_size`](Self::page_size)).
///
/// ```no_run
/// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
/// use futures::TryStreamExt;
///
/// let names: Vec<String> = root
///     .databases()
///     .iter()
///     .like("sales%")
///     .page_size(100)
///     .stream()
///     .map_ok(|db| db.name)
///     .try_collect()
///     .await?;
/// # let _ = names; Ok(()) }
/// ```
#[must_use = "a listing does nothing until sent or streamed"]
pub struct Listing<M> {
    options: ListOptions,
    page_size: Option<u64>,
    fetch: Arc<Fetch<M>>,
}

impl<M> std::fmt::Debug for Listing<M> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Listing")
            .field("options", &self.options)
            .field("page_size", &self.page_size)
            .finish_non_exhaustive()
    }
}

impl<M: Named + Send + 'static> Listing<M> {
    /// A listing that fetches one page with `fetch`.
    pub(crate) fn new<F, Fut>(fetch: F) -> Self
    where
        F: Fn(ListOptions) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<Vec<M>, CoreError>> + Send + 'static,
    {
        Self {
            options: ListOptions::default(),
            page_size: None,
            fetch: Arc::new(move |options| Box::pin(fetch(options))),
        }
    }

    /// Keeps names matching this SQL pattern (`%`, `_`), case-insensitively.
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// let sales_dbs = root.databases().iter().like("SALES%").send().await?;
    /// # Ok(()) }
    /// ```
    pub fn like(mut self, pattern: impl Into<String>) -> Self {
        self.options.like = Some(pattern.into());
        self
    }

    /// Keeps names starting with this text (case-sensitive).
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// let tmp = root.warehouses().iter().starts_with("TMP_").send().await?;
    /// # Ok(()) }
    /// ```
    pub fn starts_with(mut self, prefix: impl Into<String>) -> Self {
        self.options.starts_with = Some(prefix.into());
        self
    }

    /// Returns at most `limit` objects.
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// let first_ten = root.users().iter().limit(10).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn limit(mut self, limit: u64) -> Self {
        self.options.limit = Some(limit);
        self
    }

    /// Starts after the first object whose name matches `name` (case-sensitive).
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// let rest = root.roles().iter().from_name("M").send().await?;
    /// # Ok(()) }
    /// ```
    pub fn from_name(mut self, name: impl Into<String>) -> Self {
        self.options.from_name = Some(name.into());
        self
    }

    /// Fetches each object's full details, where the API offers it.
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// let schemas = root.databases().get("sales").schemas().iter().deep(true).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn deep(mut self, deep: bool) -> Self {
        self.options.deep = deep;
        self
    }

    /// Includes dropped objects that can still be undropped, where the API offers it.
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// let with_dropped = root.databases().iter().history(true).send().await?;
    /// let dropped = with_dropped.iter().filter(|db| db.dropped_on.is_some()).count();
    /// # Ok(()) }
    /// ```
    pub fn history(mut self, history: bool) -> Self {
        self.options.history = history;
        self
    }

    /// Keeps only objects without predecessors, where the API offers it (tasks: the roots of
    /// task graphs and standalone tasks).
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// let roots = root.databases().get("etl").schemas().get("jobs").tasks().iter().root_only(true).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn root_only(mut self, root_only: bool) -> Self {
        self.options.root_only = root_only;
        self
    }

    /// Streams in pages of `size` objects (one request per page, each starting after the last
    /// name of the previous one) instead of one request for everything.
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// use futures::TryStreamExt;
    /// let mut pages = root.users().iter().page_size(100).stream();
    /// while let Some(user) = pages.try_next().await? {
    ///     println!("{}", user.name);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn page_size(mut self, size: u64) -> Self {
        self.page_size = Some(size.max(1));
        self
    }

    /// The filters set so far.
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// let listing = root.databases().iter().like("DEV%").limit(5);
    /// assert_eq!(listing.options().limit, Some(5));
    /// # Ok(()) }
    /// ```
    pub fn options(&self) -> &ListOptions {
        &self.options
    }

    /// Fetches the whole listing in one request.
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// let warehouses = root.warehouses().iter().send().await?;
    /// println!("{} warehouses", warehouses.len());
    /// # Ok(()) }
    /// ```
    pub async fn send(self) -> Result<Vec<M>, CoreError> {
        (self.fetch)(self.options).await
    }

    /// The objects as an async stream, one page at a time.
    ///
    /// ```no_run
    /// # async fn demo(root: snowapi_core::Root) -> Result<(), snowapi_core::CoreError> {
    /// use futures::StreamExt;
    /// let mut tables = Box::pin(root.databases().get("sales").schemas().get("public").tables().iter().stream());
    /// while let Some(table) = tables.next().await {
    ///     println!("{}", table?.name);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn stream(self) -> impl Stream<Item = Result<M, CoreError>> + Send + 'static {
        let Some(page_size) = self.page_size else {
            return stream::once(self.send())
                .map(|page| match page {
                    Ok(items) => stream::iter(items.into_iter().map(Ok)).left_stream(),
                    Err(error) => stream::once(async { Err(error) }).right_stream(),
                })
                .flatten()
                .boxed();
        };
        let pager = Pager {
            fetch: self.fetch,
            options: self.options,
            page_size,
            last: None,
            remaining: None,
            finished: false,
        };
        stream::unfold(pager, |mut pager| async move {
            let page = pager.next_page().await?;
            Some((page, pager))
        })
        .map(|page| match page {
            Ok(items) => stream::iter(items.into_iter().map(Ok)).left_stream(),
            Err(error) => stream::once(async { Err(error) }).right_stream(),
        })
        .flatten()
        .boxed()
    }
}

/// Applies in the client the filters an API does not take (`taken` says which it did): `like`
/// (SQL pattern, case-insensitive), `starts_with`, `from_name` (names after it) and `limit`, in
/// that order, so that listings of such APIs behave as the others do (and page by name).
pub(crate) fn filter_locally<M: Named>(
    items: Vec<M>,
    options: &ListOptions,
    taken: ServerFilters,
) -> Vec<M> {
    let limit = usize::try_from(options.limit.unwrap_or(u64::MAX)).unwrap_or(usize::MAX);
    items
        .into_iter()
        .filter(|item| {
            let name = item.name();
            (taken.like
                || options
                    .like
                    .as_deref()
                    .is_none_or(|p| like_matches(p, name)))
                && (taken.starts_with
                    || options
                        .starts_with
                        .as_deref()
                        .is_none_or(|p| name.starts_with(p)))
                && (taken.from_name || options.from_name.as_deref().is_none_or(|f| name > f))
        })
        .take(if taken.limit { usize::MAX } else { limit })
        .collect()
}

/// Which filters of [`ListOptions`] an API applied itself (see [`filter_locally`]).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct ServerFilters {
    pub(crate) like: bool,
    pub(crate) starts_with: bool,
    pub(crate) from_name: bool,
    pub(crate) limit: bool,
}

/// Whether `name` matches the SQL `LIKE` pattern (`%` any run, `_` one character, `\` escapes),
/// ignoring case as `SHOW … LIKE` does.
fn like_matches(pattern: &str, name: &str) -> bool {
    let pattern: Vec<char> = pattern.to_uppercase().chars().collect();
    let name: Vec<char> = name.to_uppercase().chars().collect();
    fn matches(p: &[char], n: &[char]) -> bool {
        match p.split_first() {
            None => n.is_empty(),
            Some(('%', rest)) => (0..=n.len()).any(|skip| matches(rest, &n[skip..])),
            Some(('_', rest)) => !n.is_empty() && matches(rest, &n[1..]),
            Some(('\\', rest)) if !rest.is_empty() => {
                n.first() == rest.first() && matches(&rest[1..], &n[1..])
            }
            Some((c, rest)) => n.first() == Some(c) && matches(rest, &n[1..]),
        }
    }
    matches(&pattern, &name)
}

struct Pager<M> {
    fetch: Arc<Fetch<M>>,
    options: ListOptions,
    page_size: u64,
    last: Option<String>,
    remaining: Option<u64>,
    finished: bool,
}

impl<M: Named> Pager<M> {
    async fn next_page(&mut self) -> Option<Result<Vec<M>, CoreError>> {
        if self.finished {
            return None;
        }
        let remaining = *self
            .remaining
            .get_or_insert(self.options.limit.unwrap_or(u64::MAX));
        if remaining == 0 {
            return None;
        }
        let mut options = self.options.clone();
        options.limit = Some(self.page_size.min(remaining));
        if let Some(last) = &self.last {
            options.from_name = Some(last.clone());
        }
        let asked = options.limit.unwrap_or(u64::MAX);
        let mut items = match (self.fetch)(options).await {
            Ok(items) => items,
            Err(error) => {
                self.finished = true;
                return Some(Err(error));
            }
        };
        let received = items.len() as u64;
        // `fromName` starts after the name; a server that repeats it must not duplicate it.
        if let Some(last) = &self.last {
            items.retain(|item| item.name() != last);
        }
        items.truncate(usize::try_from(remaining).unwrap_or(usize::MAX));
        if received < asked || items.is_empty() {
            self.finished = true;
        }
        self.remaining = Some(remaining - items.len() as u64);
        self.last = items.last().map(|item| item.name().to_owned());
        Some(Ok(items))
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use futures::TryStreamExt;

    use super::*;

    struct Item(String);

    impl Named for Item {
        fn name(&self) -> &str {
            &self.0
        }
    }

    /// A listing over sorted names that honours `fromName` (rows after it) and `showLimit`, as
    /// the REST API does, recording the limits it was asked for.
    fn listing(names: &[&str], asked: Arc<Mutex<Vec<Option<u64>>>>) -> Listing<Item> {
        let names: Vec<String> = names.iter().map(|s| (*s).to_owned()).collect();
        Listing::new(move |options: ListOptions| {
            let names = names.clone();
            asked.lock().unwrap().push(options.limit);
            async move {
                let from = options.from_name;
                Ok(names
                    .into_iter()
                    .filter(|n| from.as_ref().is_none_or(|from| n > from))
                    .take(usize::try_from(options.limit.unwrap_or(u64::MAX)).unwrap())
                    .map(Item)
                    .collect())
            }
        })
    }

    #[test]
    fn local_filters_follow_show_semantics() {
        let items = || -> Vec<Item> {
            ["ALPHA", "ALPINE", "BETA", "GAMMA"]
                .map(|n| Item(n.into()))
                .into()
        };
        let options = ListOptions {
            like: Some("al%".into()),
            ..ListOptions::default()
        };
        let names = |items: Vec<Item>| items.into_iter().map(|i| i.0).collect::<Vec<_>>();
        let kept = filter_locally(items(), &options, ServerFilters::default());
        assert_eq!(names(kept), ["ALPHA", "ALPINE"]);
        let options = ListOptions {
            like: Some("_eta".into()),
            ..ListOptions::default()
        };
        assert_eq!(
            names(filter_locally(items(), &options, ServerFilters::default())),
            ["BETA"]
        );
        let options = ListOptions {
            from_name: Some("ALPINE".into()),
            limit: Some(1),
            ..ListOptions::default()
        };
        assert_eq!(
            names(filter_locally(items(), &options, ServerFilters::default())),
            ["BETA"]
        );
        let taken = ServerFilters {
            limit: true,
            ..ServerFilters::default()
        };
        assert_eq!(filter_locally(items(), &options, taken).len(), 2);
    }

    #[tokio::test]
    async fn pages_by_name_without_repeats_or_gaps() {
        let asked = Arc::new(Mutex::new(Vec::new()));
        let names: Vec<String> = listing(&["A", "B", "C", "D", "E"], asked.clone())
            .page_size(2)
            .stream()
            .map_ok(|i| i.0)
            .try_collect()
            .await
            .unwrap();
        assert_eq!(names, ["A", "B", "C", "D", "E"]);
        assert_eq!(*asked.lock().unwrap(), [Some(2), Some(2), Some(2)]);
    }

    #[tokio::test]
    async fn a_limit_caps_the_pages() {
        let asked = Arc::new(Mutex::new(Vec::new()));
        let names: Vec<String> = listing(&["A", "B", "C", "D", "E"], asked)
            .page_size(2)
            .limit(3)
            .stream()
            .map_ok(|i| i.0)
            .try_collect()
            .await
            .unwrap();
        assert_eq!(names, ["A", "B", "C"]);
    }

    #[tokio::test]
    async fn without_a_page_size_one_request_lists_everything() {
        let asked = Arc::new(Mutex::new(Vec::new()));
        let items = listing(&["A", "B"], asked.clone())
            .like("%")
            .send()
            .await
            .unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(*asked.lock().unwrap(), [None]);
    }
}
