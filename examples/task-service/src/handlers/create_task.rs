//! `POST /tasks`: Create a task. Written by hand on the generated signature.

use crate::api::CreateTaskReply;
use crate::models;
use crate::state::{AppState, TASK_COLUMNS, TaskRow, database_error, task};
use crate::validation::{HttpError, Valid};
use axum::extract::State;

pub async fn create_task(
    State(state): State<AppState>,
    request: Valid<(), (), models::NewTask>,
) -> Result<CreateTaskReply, HttpError> {
    let new = request.body;
    let row: TaskRow = sqlx::query_as(&format!(
        "INSERT INTO tasks (title, done) VALUES ($1, $2) RETURNING {TASK_COLUMNS}"
    ))
    .bind(new.title)
    .bind(i64::from(new.done))
    .fetch_one(&state.db)
    .await
    .map_err(database_error)?;
    Ok(CreateTaskReply(task(row)))
}
