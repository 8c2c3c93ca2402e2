import { readdirSync, statSync, unwatchFile, watch, watchFile, type FSWatcher } from 'node:fs';
import * as path from 'node:path';

/**
 * Tells when a function's code changes, so its next invoke runs the new code. Change events cost
 * nothing per invoke (no stat on the hot path).
 *
 * Linux: one inotify watch per folder (Node 20's recursive fs.watch there stat-polls files), new
 * folders picked up as they appear. macOS and Windows: the native recursive watch. node_modules,
 * dot-folders and Python's bytecode caches are ignored (a runtime writes those itself). When no
 * watch can be set up, the folder's files are polled once a second.
 */

const IGNORED_NAME = /^(node_modules|__pycache__)$|^\.|\.py[co]$|~$|\.swp$/;
/** In a layer, node_modules is the content (`nodejs/node_modules/<module>`), not an install to skip. */
const IGNORED_IN_LAYER = /^__pycache__$|^\.|\.py[co]$|~$|\.swp$/;
const MAX_FOLDERS = 2000;
const MAX_DEPTH = 12;
const POLL_MS = 1000;

function ignoredPath(relative: string, ignored: RegExp): boolean {
  return relative.split(/[\\/]/).some((segment) => ignored.test(segment));
}

class TreeWatch {
  readonly listeners = new Set<() => void>();
  private readonly watchers = new Map<string, FSWatcher>();
  private polled: string[] = [];

  constructor(
    private readonly root: string,
    private readonly ignored: RegExp,
  ) {
    if ((process.platform === 'darwin' || process.platform === 'win32') && this.watchRecursive()) return;
    this.watchFolder(root, 0);
    if (this.watchers.size === 0) this.poll();
  }

  close(): void {
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
    for (const file of this.polled) unwatchFile(file);
    this.polled = [];
  }

  private changed(): void {
    for (const listener of [...this.listeners]) listener();
  }

  private watchRecursive(): boolean {
    try {
      const watcher = watch(this.root, { recursive: true, persistent: false }, (_event, filename) => {
        if (!filename || !ignoredPath(String(filename), this.ignored)) this.changed();
      });
      watcher.on('error', () => watcher.close());
      this.watchers.set(this.root, watcher);
      return true;
    } catch {
      return false;
    }
  }

  private watchFolder(dir: string, depth: number): void {
    if (this.watchers.has(dir) || this.watchers.size >= MAX_FOLDERS || depth > MAX_DEPTH) return;
    let watcher: FSWatcher;
    try {
      watcher = watch(dir, { persistent: false }, (event, filename) => this.event(dir, depth, event, filename ? String(filename) : undefined));
    } catch {
      return;
    }
    watcher.on('error', () => {
      watcher.close();
      this.watchers.delete(dir);
    });
    this.watchers.set(dir, watcher);
    try {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.isDirectory() && !this.ignored.test(entry.name)) this.watchFolder(path.join(dir, entry.name), depth + 1);
      }
    } catch {
      // The folder vanished meanwhile; its watcher reports that.
    }
  }

  private event(dir: string, depth: number, event: string, filename: string | undefined): void {
    if (filename && this.ignored.test(filename)) return;
    if (event === 'rename' && filename) {
      const full = path.join(dir, filename);
      try {
        if (statSync(full).isDirectory()) {
          // A folder deleted and created again needs a new watch: the old one watched the old inode.
          this.watchers.get(full)?.close();
          this.watchers.delete(full);
          this.watchFolder(full, depth + 1);
        }
      } catch {
        // Deleted: nothing to watch.
      }
    }
    this.changed();
  }

  private poll(): void {
    try {
      for (const entry of readdirSync(this.root, { withFileTypes: true })) {
        if (!entry.isFile() || this.ignored.test(entry.name)) continue;
        const file = path.join(this.root, entry.name);
        watchFile(file, { persistent: false, interval: POLL_MS }, (now, before) => {
          if (now.mtimeMs !== before.mtimeMs) this.changed();
        });
        this.polled.push(file);
      }
    } catch {
      // No code folder: nothing can change.
    }
  }
}

const trees = new Map<string, TreeWatch>();

/**
 * Calls `onChange` whenever a source file under `dir` changes. Returns the unsubscribe function.
 * `layer`: the folder is a layer's, whose node_modules hold its code (watched, up to the folder cap).
 */
export function watchCode(dir: string, onChange: () => void, options: { layer?: boolean } = {}): () => void {
  const key = `${path.resolve(dir)}${options.layer ? '\0layer' : ''}`;
  let tree = trees.get(key);
  if (!tree) {
    tree = new TreeWatch(path.resolve(dir), options.layer ? IGNORED_IN_LAYER : IGNORED_NAME);
    trees.set(key, tree);
  }
  const watching = tree;
  watching.listeners.add(onChange);
  return () => {
    watching.listeners.delete(onChange);
    if (watching.listeners.size === 0 && trees.get(key) === watching) {
      watching.close();
      trees.delete(key);
    }
  };
}
