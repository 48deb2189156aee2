//! `GET /tasks`: The tasks, oldest first. Written by hand on the generated signature.

use crate::api::{ListTasksQuery, ListTasksReply};
use crate::state::{AppState, TASK_COLUMNS, TaskRow, database_error, task};
use crate::validation::{HttpError, Valid};
use axum::extract::State;

pub async fn list_tasks(
    State(state): State<AppState>,
    request: Valid<(), ListTasksQuery, ()>,
) -> Result<ListTasksReply, HttpError> {
    let limit = request.query.limit.map_or(i64::MAX, i64::from);
    let rows: Vec<TaskRow> = sqlx::query_as(&format!(
        "SELECT {TASK_COLUMNS} FROM tasks ORDER BY id LIMIT $1"
    ))
    .bind(limit)
    .fetch_all(&state.db)
    .await
    .map_err(database_error)?;
    Ok(ListTasksReply(rows.into_iter().map(task).collect()))
}
