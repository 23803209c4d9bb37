import type { Direction } from '../../common/direction';

// Words of metric names, as they appear in MLflow, Keras, PyTorch Lightning, Hugging Face and sklearn logs.
const LOWER_WORDS = new Set([
  'loss', 'losses', 'error', 'errors', 'err', 'rmse', 'mae', 'mse', 'msle', 'mape', 'smape', 'nll', 'logloss', 'xent',
  'perplexity', 'ppl', 'wer', 'cer', 'ter', 'fid', 'kl', 'kld', 'divergence', 'distance', 'regret', 'bpc',
  'bpd', 'latency', 'time', 'duration', 'seconds', 'hinge', 'eer', 'fpr', 'fnr',
]);
const HIGHER_WORDS = new Set([
  'accuracy', 'acc', 'f1', 'fscore', 'fbeta', 'auc', 'auroc', 'auprc', 'roc', 'precision', 'recall', 'map', 'ap', 'ndcg',
  'mrr', 'r2', 'bleu', 'rouge', 'rouge1', 'rouge2', 'rougel', 'meteor', 'chrf', 'iou', 'miou', 'dice', 'psnr', 'ssim',
  'top', 'top1', 'top5', 'hits', 'reward', 'return', 'kappa', 'mcc', 'specificity', 'sensitivity', 'tpr', 'em', 'throughput',
]);

/**
 * The direction a metric's name suggests, or undefined when the name says nothing (then no best
 * is marked until the user picks one: a wrong guess is worse than none).
 * The name is split into words (`val/top1_err`, `valLoss`, `eval-mAP@5`, `ap50`, `F1Score`); a lower word wins over a
 * higher one (`top5_error` is an error), and sklearn's `neg_` scorers (`neg_mean_squared_error`)
 * are negated errors, so higher is better.
 */
export function guessDirection(metric: string): Direction | undefined {
  const words = metric
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+|(?<=[a-z])(?=\d{2,})|(?<=\d)(?=[a-z])/)
    .filter((w) => w !== '');
  const lower = words.some((w) => LOWER_WORDS.has(w));
  const guess: Direction | undefined = lower ? 'lower' : words.some((w) => HIGHER_WORDS.has(w)) ? 'higher' : undefined;
  if (guess && (words[0] === 'neg' || words[0] === 'negative')) return guess === 'lower' ? 'higher' : 'lower';
  return guess;
}

/** The user's choice when there is one, else the guess from the name. */
export function directionOf(metric: string, overrides: Readonly<Record<string, Direction>>): Direction | undefined {
  return Object.hasOwn(overrides, metric) ? overrides[metric] : guessDirection(metric);
}
