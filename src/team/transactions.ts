// Small helpers every team store writer shares.
import type pg from 'pg';

/**
 * Ends a failed transaction. The failure itself is what the caller reports; a rollback that fails
 * too (the connection is gone) adds nothing, and the server rolls the transaction back anyway.
 */
export async function rollbackQuietly(client: pg.ClientBase): Promise<void> {
  await client.query('ROLLBACK').catch(() => undefined);
}

/** A bigint column as pg returns it (a string), as a number; null stays null. */
export function numberOrNull(value: string | null): number | null {
  return value === null ? null : Number(value);
}
