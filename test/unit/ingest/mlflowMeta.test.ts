import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parseMeta, parseYamlMeta, type Meta } from '../../../src/core/mlflowMeta';
import { FIXTURES } from '../helpers/fixtures';

/** Every field the YAML parser sees, as the readers ask for it. */
function fields(meta: Meta, text: string): Record<string, [string | null, number | null, boolean]> {
  const keys = [...text.matchAll(/^([A-Za-z_][\w]*):/gm)].map((m) => m[1]!);
  return Object.fromEntries([...keys, 'absent_key'].map((k) => [k, [meta.text(k), meta.integer(k), meta.has(k)]]));
}

function same(text: string): void {
  const fast = parseMeta(text);
  const yaml = parseYamlMeta(text);
  assert.equal(typeof fast, typeof yaml);
  if (typeof fast === 'string' || typeof yaml === 'string') return;
  assert.deepEqual(fields(fast, text), fields(yaml, text), text);
}

describe('MLflow meta.yaml: the flat reader and the YAML parser agree', () => {
  it('on every meta.yaml of the real stores', () => {
    const files = fs.readdirSync(FIXTURES, { recursive: true, encoding: 'utf8' }).filter((f) => path.basename(f) === 'meta.yaml');
    assert.ok(files.length > 300, `${files.length} files`);
    for (const file of files) same(fs.readFileSync(path.join(FIXTURES, file), 'utf8'));
  });

  it('on what YAML reads in its own way: quotes, nulls, numbers as text, comments, folded and odd lines', () => {
    for (const text of [
      "name: '1e3'\nexperiment_id: '0'\n",
      'name: 1e3\nstart_time: 1738027334967\nend_time: null\nuser_id: ~\nsource_name:\n',
      "run_name: it's\ndescription: 'don''t'\ntags: []\nparams: {}\n",
      "run_name: 'unterminated\n",
      'run_name: a: b\n',
      'run_name: x # a comment\n',
      'run_name: "double"\n',
      '---\nname: doc\n',
      'description: a long text\n  folded onto a second line\n',
      'name: -1\nstatus: -\n',
      'name:   spaced   \nkey: value\r\nother: ok\r\n',
      'name: first\nname: second\n',
      '- a list\n',
      '',
    ]) same(text);
  });
});
