//! `GET /tasks/{task_id}`: One task. Written by hand on the generated signature.

use crate::api::{GetTaskPath, GetTaskReply};
use crate::state::{AppState, TASK_COLUMNS, TaskRow, database_error, db_id, not_found, task};
use crate::validation::{HttpError, Valid};
use axum::extract::State;

pub async fn get_task(
    State(state): State<AppState>,
    request: Valid<GetTaskPath, (), ()>,
) -> Result<GetTaskReply, HttpError> {
    let id = db_id(request.path.task_id).ok_or_else(not_found)?;
    let row: Option<TaskRow> =
        sqlx::query_as(&format!("SELECT {TASK_COLUMNS} FROM tasks WHERE id = $1"))
            .bind(id)
            .fetch_optional(&state.db)
            .await
            .map_err(database_error)?;
    Ok(GetTaskReply(task(row.ok_or_else(not_found)?)))
}
