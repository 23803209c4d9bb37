/** Whether a metric is better lower (a loss) or higher (an accuracy). */
export type Direction = 'lower' | 'higher';

export function isDirection(value: unknown): value is Direction {
  return value === 'lower' || value === 'higher';
}
