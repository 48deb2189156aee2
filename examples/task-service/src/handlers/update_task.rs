//! `PUT /tasks/{task_id}`: Replace a task's title and state. Written by hand on the generated
//! signature.

use crate::api::{UpdateTaskPath, UpdateTaskReply};
use crate::models;
use crate::state::{AppState, TASK_COLUMNS, TaskRow, database_error, db_id, not_found, task};
use crate::validation::{HttpError, Valid};
use axum::extract::State;

pub async fn update_task(
    State(state): State<AppState>,
    request: Valid<UpdateTaskPath, (), models::NewTask>,
) -> Result<UpdateTaskReply, HttpError> {
    let id = db_id(request.path.task_id).ok_or_else(not_found)?;
    let new = request.body;
    let row: Option<TaskRow> = sqlx::query_as(&format!(
        "UPDATE tasks SET title = $1, done = $2 WHERE id = $3 RETURNING {TASK_COLUMNS}"
    ))
    .bind(new.title)
    .bind(i64::from(new.done))
    .bind(id)
    .fetch_optional(&state.db)
    .await
    .map_err(database_error)?;
    Ok(UpdateTaskReply(task(row.ok_or_else(not_found)?)))
}
