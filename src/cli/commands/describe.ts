import { UserError } from '../../core/errors';
import { normalizeDescription, parseLabels } from '../../core/governance/metadataRecord';
import type { MetadataChange } from '../../registry/registry';
import type { Command } from '../command';
import { printable } from '../table';
import { arg, withRegistry } from '../withRegistry';

export const describeCommand: Command = {
  name: 'describe',
  summary: 'Show or change the description and labels of a model or of one of its versions.',
  usage: 'model-ledger describe NAME [VERSION] [--description TEXT] [--labels A,B] [--json]',
  details: [
    'Without options, prints them. A model\'s go to the dvc.yaml that declares it (desc, labels) or to',
    'GTO\'s artifacts.yaml (description, labels): commit that file to share them. A version\'s are a',
    'metadata record, the tag model-ledger/metadata/NAME/VERSION/N (its registration tag cannot change):',
    'push it with push-registry.',
    '--description TEXT  the new description ("" removes it)',
    '--labels A,B        the new labels, separated by commas ("" removes them)',
    '--json              print JSON',
  ],
  options: { description: { type: 'string' }, labels: { type: 'string' }, json: { type: 'boolean' } },
  positionals: { min: 1, max: 2 },
  async run(ctx) {
    const model = arg(ctx, 0);
    const version = ctx.positionals[1];
    const change: MetadataChange = {};
    if (typeof ctx.values.description === 'string') change.description = normalizeDescription(ctx.values.description);
    if (typeof ctx.values.labels === 'string') change.labels = parseLabels(ctx.values.labels);
    const changing = Object.keys(change).length > 0;
    await withRegistry(ctx, async (registry) => {
      await registry.scan();
      if (registry.model(model) === null) throw new UserError(`No model named "${model}" in the git registry.`);
      let shown: { description: string | null; labels: string[] };
      let where: string;
      if (version === undefined) {
        shown = changing ? await registry.annotateModel(model, change) : registry.modelAnnotation(model);
        const file = registry.modelAnnotation(model).file;
        where = changing ? `written to ${file} (not committed)` : file ? `from ${file}` : 'not declared in dvc.yaml or artifacts.yaml';
      } else if (changing) {
        const result = await registry.editVersion(model, version, change);
        shown = result.metadata;
        where = `recorded as tag ${result.tag}`;
      } else {
        shown = registry.versionMetadata(model, version);
        where = 'current';
      }
      if (ctx.values.json) {
        ctx.out(`${JSON.stringify({ model, version: version ?? null, description: shown.description, labels: shown.labels }, null, 2)}\n`);
        return;
      }
      ctx.out(`${printable(model)}${version ? ` ${printable(version)}` : ''} (${printable(where)})\n`);
      ctx.out(`  description: ${shown.description === null ? '(none)' : printable(shown.description)}\n`);
      ctx.out(`  labels: ${shown.labels.length === 0 ? '(none)' : shown.labels.map(printable).join(', ')}\n`);
    });
  },
};
