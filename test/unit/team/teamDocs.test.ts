// docs/team-store.md gives administrators the roles SQL: it must be the SQL `team roles` runs.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { it } from 'node:test';
import { TEAM_ROLES_SQL } from '../../../src/team/roles';
import { PROJECT_ROOT } from '../helpers/temp';

it('docs/team-store.md quotes the roles SQL exactly', () => {
  const doc = fs.readFileSync(path.join(PROJECT_ROOT, 'docs', 'team-store.md'), 'utf8');
  const blocks = [...doc.matchAll(/```sql\n([\s\S]*?)```/g)].map((m) => m[1]);
  assert.ok(blocks.includes(TEAM_ROLES_SQL), 'a ```sql block of docs/team-store.md equals TEAM_ROLES_SQL (src/team/roles.ts)');
});
