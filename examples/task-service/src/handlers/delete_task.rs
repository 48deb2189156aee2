//! `DELETE /tasks/{task_id}`: Delete a task. Written by hand on the generated signature.

use crate::api::DeleteTaskPath;
use crate::state::{AppState, database_error, db_id, not_found};
use crate::validation::{HttpError, Valid};
use axum::extract::State;
use axum::http::StatusCode;

pub async fn delete_task(
    State(state): State<AppState>,
    request: Valid<DeleteTaskPath, (), ()>,
) -> Result<StatusCode, HttpError> {
    let id = db_id(request.path.task_id).ok_or_else(not_found)?;
    let deleted = sqlx::query("DELETE FROM tasks WHERE id = $1")
        .bind(id)
        .execute(&state.db)
        .await
        .map_err(database_error)?;
    if deleted.rows_affected() == 0 {
        return Err(not_found());
    }
    Ok(StatusCode::NO_CONTENT)
}
