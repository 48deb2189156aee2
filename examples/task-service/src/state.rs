//! The service's state: one sqlx pool, over SQLite or PostgreSQL as `DATABASE_URL` says,
//! migrated before the server listens and closed after the last request. Written by hand (axumgen
//! scaffolded this file once and never touches it again).
//!
//! One code path serves both databases: sqlx's `Any` driver, portable SQL with `$1`
//! placeholders, and a migration set per database (`migrations/sqlite`, `migrations/postgres`).

use crate::config::Config;
use crate::models::Task;
use crate::validation::HttpError;
use sqlx::AnyPool;
use sqlx::Executor;
use sqlx::any::AnyPoolOptions;
use sqlx::migrate::Migrator;

/// What every handler shares: the pool.
#[derive(Debug, Clone)]
pub struct AppState {
    pub db: AnyPool,
}

/// Why start-up failed: `main` prints it (`error: start-up failed: …`) and exits with status 1.
pub type StartError = Box<dyn std::error::Error + Send + Sync>;

static SQLITE: Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES: Migrator = sqlx::migrate!("migrations/postgres");

/// Opens the pool and brings the schema up to date.
pub async fn init(config: &Config) -> Result<AppState, StartError> {
    sqlx::any::install_default_drivers();
    let url = &config.database_url;
    let postgres = url.starts_with("postgres:") || url.starts_with("postgresql:");
    let db = AnyPoolOptions::new()
        .max_connections(config.database_max_connections.max(1))
        .after_connect(|connection, _| {
            Box::pin(async move {
                if connection.backend_name() == "SQLite" {
                    // Readers never wait for the writer, and a busy writer is waited for.
                    connection
                        .execute("PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 10000;")
                        .await?;
                }
                Ok(())
            })
        })
        .connect(url)
        .await
        .map_err(|error| format!("cannot open the database ({}): {error}", scheme(url)))?;
    let migrations = if postgres { &POSTGRES } else { &SQLITE };
    migrations
        .run(&db)
        .await
        .map_err(|error| format!("the migrations failed: {error}"))?;
    tracing::info!(database = scheme(url), "database ready");
    Ok(AppState { db })
}

/// Closes the pool once the server has stopped.
pub async fn shutdown(state: AppState) {
    state.db.close().await;
}

/// The part of a database URL that is safe to print: its scheme (never the password).
fn scheme(url: &str) -> &str {
    url.split(':').next().unwrap_or("?")
}

/// A task row: `id`, `title`, `done` (0 or 1).
pub type TaskRow = (i64, String, i64);

/// The columns every query selects, in [`TaskRow`]'s order.
pub const TASK_COLUMNS: &str = "id, title, done";

/// A row as the API's `Task`.
pub fn task(row: TaskRow) -> Task {
    let (id, title, done) = row;
    Task {
        id: u64::try_from(id).unwrap_or_default(),
        title,
        done: done != 0,
    }
}

/// A task id as the database stores it; ids above `i64::MAX` exist in no table.
pub fn db_id(id: u64) -> Option<i64> {
    i64::try_from(id).ok()
}

/// FastAPI's 404 for a task that is not there.
pub fn not_found() -> HttpError {
    HttpError::new(404, "Task not found")
}

/// A database failure: logged, and answered 500 without its details.
pub fn database_error(error: sqlx::Error) -> HttpError {
    tracing::error!(%error, "database error");
    HttpError::new(500, "Internal Server Error")
}
