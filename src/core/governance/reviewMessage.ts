import { isRecord } from '../../common/records';
import { isReviewDecision, type ReviewDecision } from './review';

/**
 * The message of a review tag. A first line for people (`git cat-file tag`, `git log`), the
 * comment as the body, and every field read back as one JSON trailer line: the comment is free
 * text (newlines, HTML, lines starting with "#") and only the JSON line is parsed.
 *
 *   Approve churn v1.2.0 for prod
 *
 *   Looks good: AUC up 2 points.
 *
 *   Model-Ledger-Review: {"format":1,"model":"churn","version":"v1.2.0","stage":"prod","decision":"approve","comment":"Looks good: AUC up 2 points."}
 *
 * Who and when are the tag's tagger and date; what it binds to is the object the tag points at.
 */

export const REVIEW_TRAILER = 'Model-Ledger-Review';
export const REVIEW_FORMAT = 1;

export interface ReviewContent {
  model: string;
  version: string;
  stage: string;
  decision: ReviewDecision;
  comment: string;
}

const HEADLINE: Record<ReviewDecision, string> = { request: 'Review requested:', approve: 'Approve', reject: 'Reject' };

export function formatReviewMessage(content: ReviewContent): string {
  const { model, version, stage, decision, comment } = content;
  const trailer = JSON.stringify({ format: REVIEW_FORMAT, model, version, stage, decision, comment });
  const body = comment.trim() === '' ? '' : `${comment.trim()}\n\n`;
  return `${HEADLINE[decision]} ${model} ${version} for ${stage}\n\n${body}${REVIEW_TRAILER}: ${trailer}\n`;
}

/** The fields of a review message; a string saying what is wrong when it is not one. */
export function parseReviewMessage(message: string): ReviewContent | string {
  const prefix = `${REVIEW_TRAILER}: `;
  const line = message.split('\n').find((l) => l.startsWith(prefix));
  if (line === undefined) return `it has no "${REVIEW_TRAILER}:" line`;
  let data: unknown;
  try {
    data = JSON.parse(line.slice(prefix.length));
  } catch {
    return `its "${REVIEW_TRAILER}:" line is not JSON`;
  }
  if (!isRecord(data)) return `its "${REVIEW_TRAILER}:" line is not a JSON object`;
  if (data.format !== REVIEW_FORMAT) return `it is in review format ${JSON.stringify(data.format)}; this Model Ledger reads format ${REVIEW_FORMAT} (update Model Ledger)`;
  const { model, version, stage, decision, comment } = data;
  for (const [key, value] of Object.entries({ model, version, stage, decision, comment })) {
    if (typeof value !== 'string') return `its "${key}" is not a string`;
  }
  if (!isReviewDecision(decision as string)) return `its decision ${JSON.stringify(decision)} is not request, approve or reject`;
  return { model: model as string, version: version as string, stage: stage as string, decision: decision as ReviewDecision, comment: comment as string };
}
