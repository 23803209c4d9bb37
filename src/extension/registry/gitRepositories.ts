import * as vscode from 'vscode';
import { errorMessage } from '../../core/errors';
import { gitDirsOf, type GitDirs } from '../../git/gitDirs';
import { Disposable } from '../disposable';
import { setContextKey } from '../contextKeys';

/** How long a burst of ref changes (a fetch writes many tags) settles before anyone is told. */
const REFS_DEBOUNCE_MS = 200;

/**
 * Which workspace folders are in a git repository, and when their HEAD or refs (tags included)
 * change: a checkout, a commit, a tag written by this window, the CLI, `gto` or a fetch.
 * Sets `modelLedger.noGitRepository` for the `when` clauses and the Models view's welcome.
 */
export class GitRepositories extends Disposable {
  private readonly known = new Map<string, Promise<GitDirs | null>>();
  /** What detection found, by folder path, once it has finished. */
  private readonly detected = new Map<string, boolean>();
  private readonly detectedEmitter = this.register(new vscode.EventEmitter<vscode.WorkspaceFolder>());
  /** Detection finished for a folder: {@link detectedRepository} now answers for it. */
  readonly onDidDetect = this.detectedEmitter.event;
  private readonly watchers = new Map<string, vscode.Disposable>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly changed = this.register(new vscode.EventEmitter<vscode.WorkspaceFolder>());
  /** A folder's HEAD or refs changed (debounced). */
  readonly onDidChangeRefs = this.changed.event;

  constructor(private readonly log: vscode.LogOutputChannel) {
    super();
    this.register(
      vscode.workspace.onDidChangeWorkspaceFolders(() => {
        this.known.clear();
        this.detected.clear();
        void this.updateContext();
      }),
    );
    this.register({
      dispose: () => {
        for (const watcher of this.watchers.values()) watcher.dispose();
        for (const timer of this.timers.values()) clearTimeout(timer);
      },
    });
  }

  /** Detects every folder's repository (in the background after activation) and sets the context key. */
  async updateContext(): Promise<void> {
    const folders = vscode.workspace.workspaceFolders ?? [];
    const found = await Promise.all(folders.map((f) => this.isRepository(f)));
    folders.forEach((folder, i) => {
      if (!found[i]) this.watchForInit(folder);
    });
    await setContextKey('modelLedger.noGitRepository', folders.length > 0 && !found.some(Boolean));
  }

  /** A folder that is not a repository yet may become one (`git init`, Initialize Repository). */
  private watchForInit(folder: vscode.WorkspaceFolder): void {
    const key = `${folder.uri.fsPath}#init`;
    if (this.watchers.has(key)) return;
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, '.git'), false, true, true);
    watcher.onDidCreate(() => {
      watcher.dispose();
      this.watchers.delete(key);
      // git writes HEAD and the refs just after the folder: detect once they are there.
      setTimeout(() => void this.redetect(), 500);
    });
    this.watchers.set(key, watcher);
  }

  async isRepository(folder: vscode.WorkspaceFolder): Promise<boolean> {
    return (await this.info(folder)) !== null;
  }

  /** Whether the folder is in a repository, once detection has finished; undefined before. */
  detectedRepository(folder: vscode.WorkspaceFolder): boolean | undefined {
    return this.detected.get(folder.uri.fsPath);
  }

  /** Forgets what is known about every folder (after `git init`, say) and detects again. */
  redetect(): Promise<void> {
    this.known.clear();
    this.detected.clear();
    return this.updateContext();
  }

  private info(folder: vscode.WorkspaceFolder): Promise<GitDirs | null> {
    const key = folder.uri.fsPath;
    let info = this.known.get(key);
    if (!info) {
      info = this.readDirs(key).then((found) => {
        if (found) this.watch(folder, found);
        if (this.detected.get(key) !== (found !== null)) {
          this.detected.set(key, found !== null);
          this.detectedEmitter.fire(folder);
        }
        return found;
      });
      this.known.set(key, info);
    }
    return info;
  }

  /** A folder git cannot be asked about (git missing, the folder gone) counts as no repository, and the log says why. */
  private async readDirs(dir: string): Promise<GitDirs | null> {
    try {
      return await gitDirsOf(dir);
    } catch (error) {
      this.log.warn(`Could not tell whether ${dir} is in a git repository: ${errorMessage(error)}`);
      return null;
    }
  }

  /**
   * Watches the git folder itself, not the workspace: `.git` is excluded from workspace watching,
   * and a worktree's refs live in the main repository's folder.
   */
  private watch(folder: vscode.WorkspaceFolder, info: GitDirs): void {
    const key = folder.uri.fsPath;
    if (this.watchers.has(key)) return;
    const fire = () => {
      clearTimeout(this.timers.get(key));
      this.timers.set(
        key,
        setTimeout(() => {
          this.timers.delete(key);
          this.changed.fire(folder);
        }, REFS_DEBOUNCE_MS),
      );
    };
    const patterns = [new vscode.RelativePattern(vscode.Uri.file(info.gitDir), 'HEAD')];
    patterns.push(new vscode.RelativePattern(vscode.Uri.file(info.commonDir), '{packed-refs,refs/**}'));
    const watchers = patterns.map((pattern) => {
      const watcher = vscode.workspace.createFileSystemWatcher(pattern);
      watcher.onDidChange(fire);
      watcher.onDidCreate(fire);
      watcher.onDidDelete(fire);
      return watcher;
    });
    this.watchers.set(key, vscode.Disposable.from(...watchers));
  }
}
