//! The binary's edge of `dehusk serve`: a runtime, the listening line on stderr (tests and
//! scripts read the port from it), a warning when a public address is served without a
//! token, and SIGTERM or Ctrl-C as the shutdown signal. Exits 0 after a clean stop.

use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;

use dehusk::config::Config;
use dehusk::serve::Server;

/// How long blocking extraction threads get after the server stopped; each is bounded by
/// the per-page time budget anyway.
const RUNTIME_SHUTDOWN: Duration = Duration::from_secs(2);

/// Runs the server until a signal.
pub fn serve(config: Config) -> anyhow::Result<ExitCode> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let result = runtime.block_on(async {
        let tokened = config.serve.token_file.is_some();
        let server = Server::bind(config).await?;
        let addr = server.local_addr()?;
        if !addr.ip().is_loopback() && !tokened {
            eprintln!(
                "dehusk: warning: listening on {addr}, reachable from other machines, \
                 without a token (--token-file); anyone who can reach it can use it"
            );
        }
        eprintln!("dehusk: listening on http://{addr}");
        server.run(shutdown_signal()).await;
        eprintln!("dehusk: stopped");
        anyhow::Ok(())
    });
    runtime.shutdown_timeout(RUNTIME_SHUTDOWN);
    result?;
    Ok(ExitCode::SUCCESS)
}

/// Completes on Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        // Without a handler there is no Ctrl-C to wait for; SIGTERM still stops.
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    eprintln!("dehusk: stopping: no new connections; finishing the requests in flight");
}
