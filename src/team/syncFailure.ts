import { teamErrorKind } from './teamErrors';

/** A failure of the server or of the way to it (as opposed to a bug here): a sync says what was kept and carries on next time. */
export function isTeamFailure(error: unknown): boolean {
  return teamErrorKind(error) !== 'other';
}
