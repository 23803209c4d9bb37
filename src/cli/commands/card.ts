import { UserError } from '../../core/errors';
import { parseCard } from '../../core/governance/cardText';
import { modelCardToolkitJson } from '../../core/governance/modelCardToolkit';
import { gatherCardFacts } from '../../registry/cardFacts';
import { cardText, writeCard } from '../../registry/cards';
import type { Command } from '../command';
import { printable } from '../table';
import { arg, reportProblems, withRegistry } from '../withRegistry';

export const cardCommand: Command = {
  name: 'card',
  summary: "A version's model card (cards/NAME@VERSION.md): print it, write it, or bring its facts up to date.",
  usage: 'model-ledger card NAME VERSION [--json] [--write | --update]',
  details: [
    'Prints the card in the repository, or the card Model Ledger would write when there is none',
    '(nothing is written unless asked).',
    '--write   write the card when it is absent (an existing card is left as it is)',
    '--update  write it when absent, else rewrite its facts (the blocks between model-ledger:facts',
    '          markers and the machine keys of its front matter); a person\'s text is never touched',
    '--json    print the card as Model Card Toolkit JSON (schema 0.0.2): the facts, and what people',
    '          wrote in the card\'s sections',
  ],
  options: { json: { type: 'boolean' }, write: { type: 'boolean' }, update: { type: 'boolean' } },
  positionals: { min: 2, max: 2 },
  async run(ctx) {
    const [model, version] = [arg(ctx, 0), arg(ctx, 1)];
    if (ctx.values.write && ctx.values.update) throw new UserError('Give --write or --update, not both: --update also writes a card that is absent.');
    await withRegistry(ctx, async (registry, store) => {
      reportProblems(ctx, (await registry.scan()).problems);
      const facts = gatherCardFacts(registry, store, model, version);
      if (ctx.values.write || ctx.values.update) {
        const written = writeCard(registry.root, facts, { update: ctx.values.update === true });
        const said = { created: 'written', updated: 'facts brought up to date', unchanged: 'facts already up to date', kept: 'exists already; left as it is (--update rewrites its facts)' }[written.outcome];
        ctx.err(`${printable(written.path)}: ${said}\n`);
        for (const title of written.missingBlocks) ctx.err(`warning: the "${printable(title)}" section has no facts block (removed by hand?); its facts were not written\n`);
      }
      const card = cardText(registry.root, facts);
      if (!ctx.values.json) {
        ctx.out(card.text);
        return;
      }
      const parsed = card.exists ? parseCard(card.text, card.path) : null;
      if (parsed?.error) throw new UserError(`${parsed.error} Fix it to include what people wrote in the JSON.`);
      const license = parsed?.frontMatter?.document.get('license');
      const json = modelCardToolkitJson(facts, parsed?.sections ?? [], typeof license === 'string' ? license : null);
      ctx.out(`${JSON.stringify(json, null, 2)}\n`);
    });
  },
};
