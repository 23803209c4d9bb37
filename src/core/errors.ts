/**
 * An error the user can fix: bad input, a missing store, a store from a newer version.
 * Its message is one line that names what was wrong. Anything else is an internal error.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
