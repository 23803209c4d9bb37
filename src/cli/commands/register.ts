import * as path from 'node:path';
import { profileAtRegistration } from '../../registry/profiles';
import { UserError } from '../../core/errors';
import { BUMPS, type Bump } from '../../core/semver';
import type { DatasetRole } from '../../core/tagMessage';
import type { NamedDataset } from '../../registry/versionData';
import type { Command, CommandContext } from '../command';
import { printable } from '../table';
import { arg, reportProblems, withRegistry } from '../withRegistry';

export const registerCommand: Command = {
  name: 'register',
  summary: 'Register a model version: an annotated git tag NAME@vX.Y.Z (GTO) with the artifact hash, run and metrics.',
  usage: 'model-ledger register NAME --artifact PATH [--version vX.Y.Z | --bump patch|minor|major] [--run ID] [--commit REV] [--data PATH]… [--eval-data PATH]… [--description TEXT] [--allow-dirty] [--json]',
  details: [
    'NAME               the model (a GTO name): letters, digits, "_", "-" and "/", starting and ending',
    '                   with a letter or digit; a new name with uppercase letters or "_" is registered',
    '                   with a warning (DVC documents dvc.yaml artifact names without them)',
    '--artifact PATH    the model file or folder (its sha256 and size are recorded)',
    '--version V        the version, e.g. v1.2.0; default: the latest version bumped',
    '--bump KIND        patch (default), minor or major',
    '--run ID           the run it came from: its commit and metrics are recorded',
    '--commit REV       the commit of the version; default: the run\'s, else HEAD',
    '--data PATH        data it was trained on (repeatable): its sha256 goes in the tag; the run\'s',
    '                   logged inputs are recorded too',
    '--eval-data PATH   data it was evaluated on (repeatable)',
    '--description TEXT a description kept in the tag message',
    '--allow-dirty      register even with uncommitted changes (recorded as dirty)',
    '--json             print the result as JSON',
    'The tag stays local until "model-ledger push-registry".',
  ],
  options: {
    artifact: { type: 'string', short: 'a' },
    version: { type: 'string' },
    bump: { type: 'string' },
    run: { type: 'string' },
    commit: { type: 'string' },
    data: { type: 'string', multiple: true },
    'eval-data': { type: 'string', multiple: true },
    description: { type: 'string', short: 'm' },
    'allow-dirty': { type: 'boolean' },
    json: { type: 'boolean' },
  },
  positionals: { min: 1, max: 1 },
  async run(ctx) {
    const artifact = ctx.values.artifact as string | undefined;
    if (artifact === undefined) throw new UserError('--artifact PATH is required: the model file or folder to register.');
    const bump = ctx.values.bump as string | undefined;
    if (bump !== undefined && !(BUMPS as readonly string[]).includes(bump)) throw new UserError(`--bump must be one of ${BUMPS.join(', ')}; got "${printable(bump)}".`);
    await withRegistry(ctx, async (registry, store) => {
      const result = await registry.register({
        model: arg(ctx, 0),
        version: ctx.values.version as string | undefined,
        bump: bump as Bump | undefined,
        commit: ctx.values.commit as string | undefined,
        artifactPath: path.resolve(ctx.cwd, artifact),
        runId: ctx.values.run as string | undefined,
        description: ctx.values.description as string | undefined,
        allowDirty: ctx.values['allow-dirty'] === true,
        data: [...namedData(ctx, 'data', 'training'), ...namedData(ctx, 'eval-data', 'evaluation')],
        profileData: profileAtRegistration(ctx.workspace, () => store),
      });
      reportProblems(ctx, result.warnings);
      if (ctx.values.json) {
        ctx.out(JSON.stringify(result, null, 2) + '\n');
        return;
      }
      ctx.out(`Registered ${result.model} ${result.version} at ${result.commit.slice(0, 8)}${result.dirty ? ' (dirty)' : ''}: tag ${result.tag}\n`);
      for (const d of result.data) ctx.out(`  ${d.role} data ${printable(d.path)}${d.sha256 ? ` sha256 ${d.sha256.slice(0, 12)}` : ' (no hash: not a file here)'}\n`);
    });
  },
};

/** The paths of a repeatable option, resolved against the current folder. */
function namedData(ctx: CommandContext, option: string, role: DatasetRole): NamedDataset[] {
  const values = (ctx.values[option] ?? []) as string[];
  return values.map((value) => ({ path: path.resolve(ctx.cwd, value), role }));
}
