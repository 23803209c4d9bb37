import type { DataProfile } from '../core/profile/types';
import { UserError } from '../core/errors';
import { workspaceLabel } from '../data/dataReference';
import { isDataFile } from '../data/dataFormat';
import { profileFile } from '../data/profileFile';
import { saveProfile } from '../data/profileFiles';
import { ProfileIndex } from '../store/profiles';
import type { Store } from '../store/store';
import type { ProfileDataFile } from './versionData';

/** Writes the profile under .modelledger/profiles/ and indexes it in the store; returns its sha256. */
export function saveAndIndexProfile(workspace: string, store: Store, profile: DataProfile): string {
  const saved = saveProfile(workspace, profile);
  store.write(() =>
    new ProfileIndex(store.db).add({
      sha256: saved.sha256,
      sourcePath: profile.source.path,
      sourceSha256: profile.source.sha256,
      bytes: profile.source.bytes,
      format: profile.source.format,
      rows: profile.rows,
      columns: profile.columns.length,
      createdAt: Date.now(),
    }),
  );
  return saved.sha256;
}

/**
 * Profiles a version's training and evaluation data at registration (a data file only: a model's
 * image folder or a pickle is not profiled), so the tag names the profile drift is checked against.
 * `read` profiles the file: in this process (the CLI) or in the extension's data worker.
 */
export function profileAtRegistration(workspace: string, store: () => Store, read: (file: string, label: string) => Promise<DataProfile> = profileFile): ProfileDataFile {
  return async (file, sha256) => {
    if (!isDataFile(file)) return null;
    const profile = await read(file, workspaceLabel(file, workspace));
    if (profile.source.sha256 !== sha256) throw new UserError(`${file} changed while it was registered; register the version again.`);
    return saveAndIndexProfile(workspace, store(), profile);
  };
}
