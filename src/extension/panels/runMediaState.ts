import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { cachedRunMedia } from '../../artifacts/media/runMediaCache';
import { resourceRootsWithin } from '../../artifacts/resourceRoots';
import { resolveInside } from '../../artifacts/safePath';
import type { ArtifactRoot, RunMedia } from '../../core/artifacts/types';
import { errorMessage } from '../../core/errors';
import { pathInside } from '../../core/pathInside';
import type { MediaView } from '../../protocol/media';

/** A run's media as a webview may show it, and the folders (or files) the webview may load its images from. */
export interface RunMediaState {
  view: MediaView;
  /** What the images lie in: a root folder (or, where links in it lead out, its other folders and files), or for a root that lists its files, each image file. */
  resourceRoots: vscode.Uri[];
}

/** A run's plots and images, looked up in its artifact roots (`roots`: runArtifactRoots; small files only: images are listed, not read). */
export function runMediaState(webview: vscode.Webview, workspace: string, runId: string, roots: readonly ArtifactRoot[]): RunMediaState {
  return mediaState(webview, roots, cachedRunMedia(`${workspace}\0${runId}`, roots));
}

/**
 * What runMedia found, for a webview: each image as a webview URI (`asWebviewUri`), never its bytes;
 * an image is served only when its real path lies inside one of the run's roots (and, for a root
 * that lists its files, is one of them); any other is reported as a problem, by its name inside
 * its root, never as an absolute path.
 */
export function mediaState(webview: vscode.Webview, roots: readonly ArtifactRoot[], media: RunMedia): RunMediaState {
  const problems: MediaView['problems'] = media.problems.map((p) => ({ file: shownPath(roots, p.file), message: p.message }));
  /** What to allow, in order: a root's folder (a root that lists its files grants each served file instead). */
  const granted = new Map<string, ArtifactRoot | vscode.Uri>();
  /** The file's webview URI when it may be served; else a problem says why. */
  const serve = (file: string): { uri: string; relative: string } | undefined => {
    const found = rootOf(roots, file);
    if (!found) {
      problems.push({ file: path.basename(file), message: vscode.l10n.t('It lies outside the run\u2019s artifact folders, so it is not shown.') });
      return undefined;
    }
    const { root, relative } = found;
    if (root.files && !root.files.includes(relative)) {
      problems.push({ file: relative, message: vscode.l10n.t('It is not one of the run\u2019s logged files, so it is not shown.') });
      return undefined;
    }
    try {
      // Refuses `..` and a symbolic link that leads out of the root; the URI keeps the root's own path, which the page is allowed.
      resolveInside(root.dir, relative);
    } catch (error) {
      problems.push({ file: relative, message: errorMessage(error) });
      return undefined;
    }
    const served = vscode.Uri.file(path.join(root.dir, relative));
    if (root.files) granted.set(served.toString(), served);
    else granted.set(root.dir, root);
    return { uri: webview.asWebviewUri(served).toString(), relative };
  };
  const images = media.images.flatMap((image): MediaView['images'] => {
    const served = serve(image.file);
    if (!served) return [];
    const thumbnail = image.thumbnail === undefined ? undefined : serve(image.thumbnail);
    return [{ key: image.key, step: image.step, uri: served.uri, name: path.basename(served.relative), ...(thumbnail ? { thumbnailUri: thumbnail.uri } : {}) }];
  });
  const plots = media.plots.map(({ id, title, data }) => ({ id, title, data }));
  let resourceRoots: vscode.Uri[] | undefined;
  return {
    view: { plots, images, problems },
    // Walked only when asked for (the compare panel asks; the run panel's artifact browser grants its roots itself): a root
    // holding a link that leads out is granted by what else it holds.
    get resourceRoots() {
      resourceRoots ??= dedupe([...granted.values()].flatMap((g) => (g instanceof vscode.Uri ? [g] : resourceRootsWithin(g.dir, fs.realpathSync(g.dir)).map((p) => vscode.Uri.file(p)))));
      return resourceRoots;
    },
  };
}

function dedupe(uris: vscode.Uri[]): vscode.Uri[] {
  return [...new Map(uris.map((uri) => [uri.toString(), uri])).values()];
}

function rootOf(roots: readonly ArtifactRoot[], file: string): { root: ArtifactRoot; relative: string } | undefined {
  for (const root of roots) {
    const relative = pathInside(root.dir, file);
    if (relative !== null && relative !== '') return { root, relative: relative.split(path.sep).join('/') };
  }
  return undefined;
}

/** A problem's file as the user knows it: inside its root, else its name. */
function shownPath(roots: readonly ArtifactRoot[], file: string): string {
  return rootOf(roots, file)?.relative ?? path.basename(file);
}
