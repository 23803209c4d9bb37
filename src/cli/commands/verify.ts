import { UserError } from '../../core/errors';
import type { Command } from '../command';
import { arg, withRegistry } from '../withRegistry';

export const verifyCommand: Command = {
  name: 'verify',
  summary: "Re-hash a version's artifact: ok, or modified or missing since it was registered (exit 1).",
  usage: 'model-ledger verify NAME VERSION',
  details: ['Compares the file (or folder) at the recorded path in the working tree with the sha256 in the version\'s tag.'],
  options: {},
  positionals: { min: 2, max: 2 },
  async run(ctx) {
    await withRegistry(ctx, async (registry) => {
      const [model, version] = [arg(ctx, 0), arg(ctx, 1)];
      await registry.scan();
      const recorded = registry.recordedArtifact(model, version);
      const status = await registry.verifyArtifact(model, version);
      if (status === 'missing') throw new UserError(`${recorded.path} of ${model} ${version} is missing.`);
      if (status === 'modified') throw new UserError(`${recorded.path} of ${model} ${version} was modified since it was registered (sha256 ${recorded.sha256.slice(0, 12)}…).`);
      ctx.out(`ok: ${recorded.path} matches ${model} ${version} (sha256 ${recorded.sha256.slice(0, 12)}…)\n`);
    });
  },
};
