// The local store's record of its syncs with each team store (table team_sync, store migration 13).
import type pg from 'pg';
import type { Store } from '../store/store';

/** The team store's identity: local cursors are kept per team store, so a new server starts afresh. */
export async function teamStoreId(client: pg.ClientBase): Promise<string> {
  const { rows } = await client.query<{ id: string }>('SELECT id::text FROM model_ledger.store LIMIT 1');
  return rows[0]!.id;
}

export function recordSync(store: Store, storeId: string, column: 'pushed_at' | 'pulled_at', pullCursor?: string): void {
  store.write(() => {
    store.db.prepare('INSERT INTO team_sync (store_id) VALUES (?) ON CONFLICT DO NOTHING').run(storeId);
    store.db.prepare(`UPDATE team_sync SET ${column} = ? WHERE store_id = ?`).run(Date.now(), storeId);
    if (pullCursor !== undefined) store.db.prepare('UPDATE team_sync SET pull_cursor = ? WHERE store_id = ?').run(pullCursor, storeId);
  });
}

export function pullCursor(store: Store, storeId: string): string | null {
  return store.db.prepare<[string], { pull_cursor: string | null }>('SELECT pull_cursor FROM team_sync WHERE store_id = ?').get(storeId)?.pull_cursor ?? null;
}
