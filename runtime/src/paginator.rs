//! Paginators for operations with the `smithy.api#paginated` trait: a
//! [`Stream`] of pages that sends one request per page and copies each
//! output token into the next input, and a stream of the items in those
//! pages.
//!
//! Generated crates implement [`Paginate`] (and [`PaginateItems`] when the
//! model names the items member) for an operation's input; the loop itself
//! lives here once. Pagination stops when the output token is missing or
//! empty. An output token that was already sent is an error, because
//! following it would request the same pages forever.

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

pub use futures_core::Stream;

use crate::{Client, Error, ErrorKind};

/// The future of one page request.
pub type PageFuture<O, E> = Pin<Box<dyn Future<Output = Result<O, E>> + Send>>;

/// An operation input that the service pages through with a token.
pub trait Paginate: Clone + Send + 'static {
    /// The operation's output: one page.
    type Output: Send + 'static;
    /// The operation's error enum.
    type Error: From<Error> + Send + 'static;
    /// The type of the pagination token, usually `String`.
    type Token: PageToken;

    /// Sends one request with `input`.
    fn send(client: Client, input: Self) -> PageFuture<Self::Output, Self::Error>;

    /// Returns the input token: the page this input requests.
    fn token(&self) -> Option<&Self::Token>;

    /// Sets the input token that selects the page to request.
    fn set_token(&mut self, token: Option<Self::Token>);

    /// Returns the output token that selects the next page, if any.
    fn next_token(output: &Self::Output) -> Option<&Self::Token>;
}

/// An operation input whose pages list items: the model's `items` member.
pub trait PaginateItems: Paginate {
    /// One item of a page.
    type Item: Send + 'static;

    /// Moves the items out of one page.
    fn items(output: Self::Output) -> Vec<Self::Item>;
}

/// An operation input with a member that sets the maximum page size.
pub trait PageSize: Paginate {
    /// The member's type, such as `i32`.
    type Size: Clone;

    /// Sets the maximum number of items per page.
    fn set_page_size(&mut self, size: Self::Size);
}

/// A pagination token; an empty one ends the pagination.
pub trait PageToken: Clone + PartialEq + Send + 'static {
    /// Returns whether the token is empty, which means there are no more
    /// pages.
    fn is_empty_token(&self) -> bool;
}

impl PageToken for String {
    fn is_empty_token(&self) -> bool {
        self.is_empty()
    }
}

/// Tokens such as DynamoDB's `LastEvaluatedKey` are maps.
impl<V: Clone + PartialEq + Send + 'static> PageToken for std::collections::HashMap<String, V> {
    fn is_empty_token(&self) -> bool {
        self.is_empty()
    }
}

/// The paginator's next step, taken on the next poll.
enum State<P: Paginate> {
    /// Send a request with this input.
    Ready(P),
    /// Wait for the response of the request in flight.
    Waiting(PageFuture<P::Output, P::Error>),
    /// Yield this error, then end.
    Failed(P::Error),
    Done,
}

/// A stream of pages: each item is one output of the operation, or the
/// error that ended the pagination.
///
/// It implements [`Stream`]; [`next`](Self::next) reads it without a
/// stream extension crate.
pub struct Paginator<P: Paginate> {
    client: Client,
    state: State<P>,
    /// The input of the request in flight, to which the next token is
    /// copied.
    input: Option<P>,
    /// Every token sent so far, to detect a service that sends one again.
    sent_tokens: Vec<P::Token>,
    /// The number of pages received so far, for error messages.
    pages: usize,
}

impl<P: Paginate> Paginator<P> {
    /// Creates a paginator whose first request is `input` as given,
    /// including any token the caller set.
    pub fn new(client: Client, input: P) -> Self {
        Self {
            client,
            state: State::Ready(input),
            input: None,
            sent_tokens: Vec::new(),
            pages: 0,
        }
    }

    /// Sets the maximum number of items per page. The service may return
    /// fewer. It applies to every request not yet sent.
    pub fn page_size(mut self, size: P::Size) -> Self
    where
        P: PageSize,
    {
        // The next request is either ready to send or made from the input
        // of the request in flight.
        if let State::Ready(input) = &mut self.state {
            input.set_page_size(size.clone());
        }
        if let Some(input) = &mut self.input {
            input.set_page_size(size);
        }
        self
    }

    /// Turns the stream of pages into a stream of the items in them.
    pub fn items(self) -> Items<P>
    where
        P: PaginateItems,
    {
        Items {
            pages: self,
            buffered: VecDeque::new(),
        }
    }

    /// Returns the next page, or `None` after the last page or an error.
    pub async fn next(&mut self) -> Option<Result<P::Output, P::Error>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// Decides what follows a page: the request with the page's output
    /// token, the end, or an error for a token that was already sent.
    fn after_page(&mut self, output: &P::Output) -> State<P> {
        self.pages += 1;
        let Some(mut input) = self.input.take() else {
            return State::Done;
        };
        let token = match P::next_token(output) {
            Some(token) if !token.is_empty_token() => token.clone(),
            _ => return State::Done,
        };
        if self.sent_tokens.contains(&token) {
            let pages = match self.pages {
                1 => String::from("1 page"),
                pages => format!("{pages} pages"),
            };
            let message = format!(
                "the service returned a pagination token that was already sent, after {pages}; \
                 stopping instead of requesting the same pages again"
            );
            return State::Failed(P::Error::from(Error::new(
                ErrorKind::InvalidResponse,
                message,
            )));
        }
        input.set_token(Some(token));
        State::Ready(input)
    }
}

// Nothing is pinned structurally: the request future is boxed, so moving
// the paginator never moves a pinned value.
impl<P: Paginate> Unpin for Paginator<P> {}

impl<P: Paginate> Stream for Paginator<P> {
    type Item = Result<P::Output, P::Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            match std::mem::replace(&mut this.state, State::Done) {
                State::Ready(input) => {
                    let client = this.client.clone();
                    if let Some(token) = input.token() {
                        this.sent_tokens.push(token.clone());
                    }
                    this.input = Some(input.clone());
                    this.state = State::Waiting(P::send(client, input));
                }
                State::Waiting(mut future) => match future.as_mut().poll(cx) {
                    Poll::Pending => {
                        this.state = State::Waiting(future);
                        return Poll::Pending;
                    }
                    Poll::Ready(Ok(output)) => {
                        this.state = this.after_page(&output);
                        return Poll::Ready(Some(Ok(output)));
                    }
                    // The client already retried what was retryable, so an
                    // error ends the pagination.
                    Poll::Ready(Err(error)) => return Poll::Ready(Some(Err(error))),
                },
                State::Failed(error) => return Poll::Ready(Some(Err(error))),
                State::Done => return Poll::Ready(None),
            }
        }
    }
}

/// A stream of the items of every page, in order. An error ends it.
pub struct Items<P: PaginateItems> {
    pages: Paginator<P>,
    buffered: VecDeque<P::Item>,
}

impl<P: PaginateItems> Items<P> {
    /// Returns the next item, or `None` after the last one or an error.
    pub async fn next(&mut self) -> Option<Result<P::Item, P::Error>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }
}

impl<P: PaginateItems> Unpin for Items<P> {}

impl<P: PaginateItems> Stream for Items<P> {
    type Item = Result<P::Item, P::Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if let Some(item) = this.buffered.pop_front() {
                return Poll::Ready(Some(Ok(item)));
            }
            match Pin::new(&mut this.pages).poll_next(cx) {
                Poll::Ready(Some(Ok(page))) => this.buffered.extend(P::items(page)),
                Poll::Ready(Some(Err(error))) => return Poll::Ready(Some(Err(error))),
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}
