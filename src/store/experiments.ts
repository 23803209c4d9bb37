import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import type { Experiment, Origin } from '../core/types';
import { originFromRow, toFlag, type OriginColumns } from './rows';
import { StatementCache } from './statementCache';

interface ExperimentRow extends OriginColumns {
  id: string;
  name: string;
  deleted: number;
}

function fromRow(row: ExperimentRow): Experiment {
  return { id: row.id, name: row.name, deleted: row.deleted === 1, origin: originFromRow(row) };
}

export interface ExperimentInput {
  /** Kept when given (imported experiments keep theirs); generated otherwise. */
  id?: string;
  name: string;
  deleted?: boolean;
  origin: Origin;
}

export class ExperimentQueries {
  private readonly statements: StatementCache;

  constructor(private readonly db: Database.Database) {
    this.statements = new StatementCache(db);
  }

  /** Inserts or updates the experiment that has this origin; returns its id. Call inside a write. */
  upsert(input: ExperimentInput): string {
    const existing = this.statements
      .get<[string, string, string], { id: string }>(
        `SELECT id FROM experiments WHERE origin_source = ? AND ifnull(origin_path, '') = ? AND ifnull(origin_id, name) = ?`,
      )
      .get(input.origin.source, input.origin.path ?? '', input.origin.id ?? input.name);
    if (existing) {
      this.statements
        .get('UPDATE experiments SET name = ?, deleted = ? WHERE id = ?')
        .run(input.name, toFlag(input.deleted ?? false), existing.id);
      return existing.id;
    }
    const id = input.id ?? randomUUID().replaceAll('-', '');
    this.statements
      .get(
        `INSERT INTO experiments (id, name, deleted, origin_source, origin_id, origin_path, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(id, input.name, toFlag(input.deleted ?? false), input.origin.source, input.origin.id, input.origin.path, Date.now());
    return id;
  }

  list(options: { includeDeleted?: boolean } = {}): Experiment[] {
    const where = options.includeDeleted ? '' : 'WHERE deleted = 0';
    return this.db.prepare<[], ExperimentRow>(`SELECT * FROM experiments ${where} ORDER BY name COLLATE NOCASE, id`).all().map(fromRow);
  }

  get(id: string): Experiment | undefined {
    const row = this.db.prepare<[string], ExperimentRow>('SELECT * FROM experiments WHERE id = ?').get(id);
    return row && fromRow(row);
  }

  findByName(name: string): Experiment[] {
    return this.db.prepare<[string], ExperimentRow>('SELECT * FROM experiments WHERE name = ? ORDER BY id').all(name).map(fromRow);
  }
}
