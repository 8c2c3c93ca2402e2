import type { FSWatcher } from 'node:fs';
import { watch } from 'node:fs';
import * as path from 'node:path';
import { projectFileNames } from '../project/discover';

/**
 * Tells when a project file (serverless-workbench.json, template.yaml, serverless.yml, …) changes,
 * appears or disappears, in the project root and in every folder a project file was read from.
 *
 * Folders are watched rather than files: editors often save by writing a new file and renaming
 * it over the old one, which a watch on the old file would miss. Sub-folders that hold no project
 * file yet are not watched, so a template created in a brand-new folder is noticed on the next
 * change elsewhere (or the next reload), not at once.
 */
export class ProjectWatch {
  private readonly watchers = new Map<string, FSWatcher>();
  private readonly names = new Set(projectFileNames);
  private dependencies = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly root: string,
    private readonly onChange: () => void,
    /** Changes closer together than this are one change (a save often writes twice). */
    private readonly debounceMs = 150,
  ) {
    this.watchFolder(root);
  }

  /**
   * Watches exactly the root plus the folders of `files` and `dependencies` (closing the watches
   * of folders no longer needed). `dependencies` are other files the project files read
   * (`${file()}` targets, `.env` files, modules a `serverless.ts` imports), matched by exact path
   * since their names are anyone's; they may not exist yet (a `.env` created later counts).
   */
  follow(files: readonly string[], dependencies: readonly string[] = []): void {
    if (this.closed) return;
    this.dependencies = new Set(dependencies.map((file) => path.resolve(file)));
    const wanted = new Set([this.root, ...files.map((file) => path.dirname(file)), ...[...this.dependencies].map((file) => path.dirname(file))]);
    for (const [dir, watcher] of this.watchers) {
      if (wanted.has(dir)) continue;
      watcher.close();
      this.watchers.delete(dir);
    }
    for (const dir of wanted) this.watchFolder(dir);
  }

  /** The folders watched now, for tests and diagnostics. */
  folders(): string[] {
    return [...this.watchers.keys()];
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
  }

  private watchFolder(dir: string): void {
    if (this.watchers.has(dir)) return;
    let watcher: FSWatcher;
    try {
      watcher = watch(dir, { persistent: false }, (_event, filename) => {
        // Some platforms give no name; then any change might be ours.
        if (filename && !this.names.has(path.basename(String(filename))) && !this.dependencies.has(path.resolve(dir, String(filename)))) return;
        this.schedule();
      });
    } catch {
      // The folder vanished between discovery and now; the next reload drops it anyway.
      return;
    }
    // A watched folder that is deleted errors on some platforms: it no longer holds project files.
    watcher.on('error', () => {
      watcher.close();
      if (this.watchers.get(dir) === watcher) this.watchers.delete(dir);
      this.schedule();
    });
    this.watchers.set(dir, watcher);
  }

  private schedule(): void {
    if (this.closed) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      if (!this.closed) this.onChange();
    }, this.debounceMs);
  }
}
