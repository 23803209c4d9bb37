import * as path from 'node:path';
import { GitRepo } from '../../git/repo';
import { findVersionArtifact } from '../../registry/resolve/versionArtifact';
import { keptArtifactFolder, writeVersionArtifact, type WrittenArtifact } from '../../registry/resolve/writeVersionArtifact';
import { UserError } from '../../core/errors';
import type { Command } from '../command';
import { printable } from '../table';
import { arg, withRegistry } from '../withRegistry';

export const resolveCommand: Command = {
  name: 'resolve',
  summary: "Print a version's registered artifact path (unchecked), or write the verified artifact to a folder (--to, --keep).",
  usage: 'model-ledger resolve REF [--to DIR | --keep] [--force] [--json]',
  details: [
    'REF is churn@v3.1.0, churn#prod (the version in the stage now), churn@latest; for a model of an',
    'imported MLflow registry, churn@3 or churn#champion (an alias) too.',
    'Without --to or --keep, prints the artifact\'s path as registered: relative to the repository at the',
    'version\'s commit (git registry), or to the workspace (the copy an MLflow import found). Nothing is',
    'read or verified: the file there may be another version\'s, or missing ("verified": false in --json).',
    '--to DIR   writes the file or folder into DIR under its own name: from the version\'s commit when',
    '           committed, else from the DVC cache when a .dvc file or dvc.lock of that commit tracks it,',
    '           else from the working tree; an MLflow version from its store (mlruns/, mlartifacts/).',
    '           Its sha256 must match the registration\'s, or nothing is written (exit 1). A file already',
    '           there with the same sha256 is kept; a different one is refused without --force.',
    '--keep     writes it into the workspace\'s .modelledger/artifacts/<model>/<version>/ (the copy the',
    '           editor\'s drag and the Python client keep), the version fixed by this one call',
    '--force    replace a different file or folder at the target',
    '--json     print JSON',
  ],
  options: { to: { type: 'string' }, keep: { type: 'boolean' }, force: { type: 'boolean' }, json: { type: 'boolean' } },
  positionals: { min: 1, max: 1 },
  async run(ctx) {
    await withRegistry(ctx, async (registry, store) => {
      const artifact = await findVersionArtifact(registry, store, arg(ctx, 0));
      if (typeof ctx.values.to === 'string' && ctx.values.keep === true) throw new UserError('resolve takes --to DIR or --keep, not both.');
      const to = typeof ctx.values.to === 'string' ? path.resolve(ctx.cwd, ctx.values.to) : ctx.values.keep === true ? keptArtifactFolder(ctx.workspace, artifact.model, artifact.version) : null;
      let written: WrittenArtifact | null = null;
      if (to !== null) written = await writeVersionArtifact(await GitRepo.open(registry.root), ctx.workspace, artifact, to, { replace: ctx.values.force === true });
      if (ctx.values.json) {
        // Without a write, `path` is only what the registration recorded: nothing was read or verified.
        ctx.out(`${JSON.stringify({ ...artifact, verified: written !== null, written }, null, 2)}\n`);
        return;
      }
      if (written === null) {
        ctx.out(`${printable(artifact.path)}\n`);
        return;
      }
      const said = written.outcome === 'present' ? 'already there, identical' : `${written.outcome} from ${written.from}`;
      ctx.err(`${printable(artifact.model)} ${printable(artifact.version)}: sha256 ${artifact.sha256.slice(0, 12)}… verified; ${printable(said)}\n`);
      ctx.out(`${printable(written.file)}\n`);
    });
  },
};
