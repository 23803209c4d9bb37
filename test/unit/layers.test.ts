import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ESLint } from 'eslint';
import { PROJECT_ROOT } from './helpers/temp';

/** What the lint says of a file at `filePath` (it need not exist) with these imports. */
async function lintImport(filePath: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: PROJECT_ROOT });
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'boundaries/dependencies' || m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const REFUSED: [string, string][] = [
  ['src/store/probe.ts', "import { parseFromCompareWebview } from '../protocol/compare';\nexport const x = parseFromCompareWebview;\n"],
  ['src/git/probe.ts', "import type { ToCompareWebview } from '../protocol/compare';\nexport type X = ToCompareWebview;\n"],
  ['src/core/probe.ts', "import type { Store } from '../store/store';\nexport type X = Store;\n"],
  ['src/ingest/probe.ts', "import { GitRepo } from '../git/repo';\nexport const x = GitRepo;\n"],
  ['src/cli/probe.ts', "import { activate } from '../extension/extension';\nexport const x = activate;\n"],
  ['src/common/probe.ts', "import { guessDirection } from '../core/compare/direction';\nexport const x = guessDirection;\n"],
  ['src/protocol/probe.ts', "import { guessDirection } from '../core/compare/direction';\nexport const x = guessDirection;\n"],
  ['webview/compare/probe.ts', "import { guessDirection } from '../../src/core/compare/direction';\nexport const x = guessDirection;\n"],
  ['src/extension/probe.ts', "import { simpleGit } from 'simple-git';\nexport const x = simpleGit;\n"],
  ['src/registry/probe.ts', "import Database from 'better-sqlite3';\nexport const x = Database;\n"],
  ['src/artifacts/probe.ts', "import { Store } from '../store/store';\nexport const x = Store;\n"],
  ['src/store/probe.ts', "import * as vscode from 'vscode';\nexport const x = vscode;\n"],
  ['bench/probe.ts', "import { tempDir } from '../test/unit/helpers/temp';\nexport const x = tempDir;\n"],
  ['test/unit/probe.test.ts', "import { benchListRuns } from '../../bench/listRuns';\nexport const x = benchListRuns;\n"],
  ['src/monitor/probe.ts', "import { MonitorPanels } from '../extension/panels/monitorPanel';\nexport const x = MonitorPanels;\n"],
  ['src/registry/probe.ts', "import { BatchMonitor } from '../monitor/batchMonitor';\nexport const x = BatchMonitor;\n"],
  ['src/store/probe.ts', "import pg from 'pg';\nexport const x = pg;\n"],
  ['src/team/probe.ts', "import { GitRepo } from '../git/repo';\nexport const x = GitRepo;\n"],
];

const ALLOWED: [string, string][] = [
  ['src/store/probe.ts', "import { formatNumber } from '../common/format';\nimport type { Run } from '../core/types';\nexport const x = [formatNumber] as unknown as Run;\n"],
  ['webview/compare/probe.ts', "import type { Run } from '../../src/core/types';\nimport { LIMITS } from '../../src/protocol/limits';\nexport const x = LIMITS as unknown as Run;\n"],
  ['src/ingest/probe.ts', "import { hashArtifactSync } from '../artifacts/hashArtifact';\nexport const x = hashArtifactSync;\n"],
  ['src/extension/probe.ts', "import * as vscode from 'vscode';\nimport { GitRepo } from '../git/repo';\nexport const x = [vscode, GitRepo];\n"],
  ['bench/probe.ts', "import { writeTenThousandRuns } from '../testkit/tenThousandRuns';\nexport const x = writeTenThousandRuns;\n"],
  ['src/monitor/probe.ts', "import { Registry } from '../registry/registry';\nimport { DriftCheckQueries } from '../store/driftChecks';\nexport const x = [Registry, DriftCheckQueries];\n"],
  ['src/team/probe.ts', "import pg from 'pg';\nimport { Store } from '../store/store';\nexport const x = [pg, Store];\n"],
];

describe('lint: the layers of DESIGN.md', () => {
  for (const [file, code] of REFUSED) {
    it(`refuses ${code.split('\n')[0]} in ${file}`, async () => {
      const messages = await lintImport(file, code);
      assert.equal(messages.length, 1, `exactly the import is reported: ${messages.join('; ')}`);
    });
  }

  for (const [file, code] of ALLOWED) {
    it(`allows ${code.split('\n')[0]} in ${file}`, async () => {
      assert.deepEqual(await lintImport(file, code), []);
    });
  }
});
