//! A scriptable HTTP/1.1 server on 127.0.0.1 for the fetch tests and benchmark: each
//! request is answered by a closure (status, headers, body, delays, slow or cut bodies),
//! and the server counts hits per path, open connections and requests in progress, with
//! their peaks. Keep-alive is supported, since the client under test pools connections.

// Each test binary that includes this module uses a different part of it.
#![allow(dead_code)]

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Longest request head accepted.
const MAX_HEAD: usize = 64 * 1024;

/// A request as the handler sees it.
#[derive(Debug, Clone)]
pub struct Request {
    /// The path and query.
    pub path: String,
    /// How many times this path was requested, this one included (1 for the first).
    pub hit: usize,
    /// Header names (lowercase) and values.
    pub headers: Vec<(String, String)>,
}

impl Request {
    /// A header's value.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// What to answer.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Arc<Vec<u8>>,
    /// Wait before sending anything.
    pub delay: Duration,
    /// Send the body in pieces of this size with this pause between them.
    pub trickle: Option<(usize, Duration)>,
    /// Send only this many body bytes, then reset the connection.
    pub cut_after: Option<usize>,
    /// Leave out Content-Length and close the connection after the body.
    pub close_delimited: bool,
}

impl Reply {
    pub fn new(status: u16, body: impl Into<Vec<u8>>) -> Reply {
        Reply {
            status,
            headers: Vec::new(),
            body: Arc::new(body.into()),
            delay: Duration::ZERO,
            trickle: None,
            cut_after: None,
            close_delimited: false,
        }
    }
    /// 200 text/html (UTF-8).
    pub fn html(body: impl Into<Vec<u8>>) -> Reply {
        Reply::new(200, body).header("Content-Type", "text/html; charset=utf-8")
    }
    /// A status with a short text body.
    pub fn status(status: u16) -> Reply {
        Reply::new(status, format!("status {status}")).header("Content-Type", "text/plain")
    }
    /// A redirect to `location`.
    pub fn redirect(status: u16, location: &str) -> Reply {
        Reply::new(status, Vec::new()).header("Location", location)
    }
    pub fn header(mut self, name: &str, value: &str) -> Reply {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }
    pub fn delay(mut self, d: Duration) -> Reply {
        self.delay = d;
        self
    }
    pub fn trickle(mut self, piece: usize, pause: Duration) -> Reply {
        self.trickle = Some((piece.max(1), pause));
        self
    }
    pub fn cut_after(mut self, bytes: usize) -> Reply {
        self.cut_after = Some(bytes);
        self
    }
    pub fn close_delimited(mut self) -> Reply {
        self.close_delimited = true;
        self
    }
}

type Handler = dyn Fn(&Request) -> Reply + Send + Sync;

/// What the server saw.
#[derive(Default)]
pub struct Stats {
    hits: Mutex<HashMap<String, Vec<Instant>>>,
    connections: AtomicUsize,
    max_connections: AtomicUsize,
    in_progress: AtomicUsize,
    max_in_progress: AtomicUsize,
    total: AtomicUsize,
}

fn raise(peak: &AtomicUsize, now: usize) {
    peak.fetch_max(now, Ordering::SeqCst);
}

/// A running server; stopped when dropped.
pub struct Server {
    addrs: Vec<SocketAddr>,
    stats: Arc<Stats>,
    runtime: Option<tokio::runtime::Runtime>,
}

impl Server {
    /// Starts a server answering with `handler` on 127.0.0.1 (a free port).
    pub fn start(handler: impl Fn(&Request) -> Reply + Send + Sync + 'static) -> Server {
        Server::start_on("127.0.0.1", 2, handler)
    }

    /// Starts on one loopback address with `threads` worker threads.
    pub fn start_on(
        ip: &str,
        threads: usize,
        handler: impl Fn(&Request) -> Reply + Send + Sync + 'static,
    ) -> Server {
        Server::start_hosts(&[ip], threads, handler)
    }

    /// Starts one listener per loopback address (127.0.0.0/8 all reach this machine), so
    /// a client sees that many hosts; all share one handler and one set of counts.
    pub fn start_hosts(
        ips: &[&str],
        threads: usize,
        handler: impl Fn(&Request) -> Reply + Send + Sync + 'static,
    ) -> Server {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(threads)
            .enable_all()
            .build()
            .unwrap();
        let stats = Arc::new(Stats::default());
        let handler: Arc<Handler> = Arc::new(handler);
        let mut addrs = Vec::new();
        for ip in ips {
            let listener = runtime
                .block_on(TcpListener::bind(format!("{ip}:0")))
                .unwrap();
            addrs.push(listener.local_addr().unwrap());
            let (st, handler) = (Arc::clone(&stats), Arc::clone(&handler));
            runtime.spawn(accept(listener, st, handler));
        }
        Server {
            addrs,
            stats,
            runtime: Some(runtime),
        }
    }

    /// `http://127.0.0.1:PORT{path}`.
    pub fn url(&self, path: &str) -> String {
        self.url_on(0, path)
    }

    /// The URL of `path` on the `host`-th listener.
    pub fn url_on(&self, host: usize, path: &str) -> String {
        format!("http://{}{path}", self.addrs[host % self.addrs.len()])
    }

    /// Requests seen for `path`.
    pub fn hits(&self, path: &str) -> usize {
        self.hit_times(path).len()
    }

    /// When each request for `path` arrived.
    pub fn hit_times(&self, path: &str) -> Vec<Instant> {
        self.stats
            .hits
            .lock()
            .unwrap()
            .get(path)
            .cloned()
            .unwrap_or_default()
    }

    /// Requests seen in all.
    pub fn total_hits(&self) -> usize {
        self.stats.total.load(Ordering::SeqCst)
    }

    /// Most connections open at once.
    pub fn max_connections(&self) -> usize {
        self.stats.max_connections.load(Ordering::SeqCst)
    }

    /// Most requests being answered at once (from the head read to the last byte sent).
    pub fn max_in_progress(&self) -> usize {
        self.stats.max_in_progress.load(Ordering::SeqCst)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(rt) = self.runtime.take() {
            rt.shutdown_background();
        }
    }
}

async fn accept(listener: TcpListener, st: Arc<Stats>, handler: Arc<Handler>) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let (st, handler) = (Arc::clone(&st), Arc::clone(&handler));
        tokio::spawn(async move {
            let now = st.connections.fetch_add(1, Ordering::SeqCst) + 1;
            raise(&st.max_connections, now);
            let _ = serve(stream, &st, &*handler).await;
            st.connections.fetch_sub(1, Ordering::SeqCst);
        });
    }
}

/// Serves requests on one connection until it closes.
async fn serve(mut stream: TcpStream, st: &Stats, handler: &Handler) -> std::io::Result<()> {
    let _ = stream.set_nodelay(true);
    let mut buf: Vec<u8> = Vec::with_capacity(4096);
    loop {
        let head_end = loop {
            if let Some(end) = find_head_end(&buf) {
                break end;
            }
            if buf.len() > MAX_HEAD {
                return Ok(());
            }
            let mut chunk = [0u8; 4096];
            let n = stream.read(&mut chunk).await?;
            if n == 0 {
                return Ok(());
            }
            buf.extend_from_slice(&chunk[..n]);
        };
        let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
        buf.drain(..head_end + 4);
        let mut req = parse_head(&head);
        req.hit = {
            let mut hits = st.hits.lock().unwrap();
            let times = hits.entry(req.path.clone()).or_default();
            times.push(Instant::now());
            times.len()
        };
        st.total.fetch_add(1, Ordering::SeqCst);
        let now = st.in_progress.fetch_add(1, Ordering::SeqCst) + 1;
        raise(&st.max_in_progress, now);
        let reply = handler(&req);
        let result = respond(&mut stream, &reply).await;
        st.in_progress.fetch_sub(1, Ordering::SeqCst);
        if !result? {
            return Ok(());
        }
    }
}

fn find_head_end(buf: &[u8]) -> Option<usize> {
    buf.windows(4).position(|w| w == b"\r\n\r\n")
}

fn parse_head(head: &str) -> Request {
    let mut lines = head.split("\r\n");
    let path = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .unwrap_or("/")
        .to_string();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Request {
        path,
        hit: 0,
        headers,
    }
}

/// Sends a reply; `Ok(false)` when the connection is to be closed afterwards.
async fn respond(stream: &mut TcpStream, reply: &Reply) -> std::io::Result<bool> {
    if !reply.delay.is_zero() {
        tokio::time::sleep(reply.delay).await;
    }
    let mut head = format!("HTTP/1.1 {} {}\r\n", reply.status, reason(reply.status));
    for (k, v) in &reply.headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    if reply.close_delimited {
        head.push_str("Connection: close\r\n");
    } else {
        head.push_str(&format!("Content-Length: {}\r\n", reply.body.len()));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).await?;
    let body = match reply.cut_after {
        Some(n) => &reply.body[..n.min(reply.body.len())],
        None => &reply.body[..],
    };
    match reply.trickle {
        Some((piece, pause)) => {
            for part in body.chunks(piece) {
                stream.write_all(part).await?;
                stream.flush().await?;
                tokio::time::sleep(pause).await;
            }
        }
        None => stream.write_all(body).await?,
    }
    stream.flush().await?;
    if reply.cut_after.is_some() {
        // Linger 0: closing sends a reset, as a crashed server or a broken link would.
        #[allow(deprecated)]
        let _ = stream.set_linger(Some(Duration::ZERO));
        return Ok(false);
    }
    Ok(!reply.close_delimited)
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    }
}
