import * as fs from 'node:fs';
import * as path from 'node:path';
import { hashArtifact } from '../artifacts/hashArtifact';
import type { TagArtifact } from '../core/tagMessage';

export type ArtifactStatus = 'ok' | 'modified' | 'missing';

/** Re-hashes a recorded artifact in the working tree at `root`: unchanged, modified or missing since registration. */
export async function artifactStatus(root: string, artifact: TagArtifact & { sha256: string }): Promise<ArtifactStatus> {
  const file = path.join(root, artifact.path);
  if (!fs.existsSync(file)) return 'missing';
  const stat = await fs.promises.stat(file);
  // A file whose size changed is modified without reading it.
  if (stat.isFile() && artifact.size !== null && stat.size !== artifact.size) return 'modified';
  return (await hashArtifact(file)).sha256 === artifact.sha256 ? 'ok' : 'modified';
}
