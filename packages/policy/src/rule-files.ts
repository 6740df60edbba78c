import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/** One rule file's text, read once so that the version hash and the parsed content always agree. */
export interface RuleFile {
  file: string; // relative to the rules directory, '/'-separated
  text: string;
}

export interface RuleFileSet {
  dir: string;
  files: RuleFile[];
  digest: string; // the policy version
}

/** Only *.json files count; hidden files and folders (editor swap files, .git) are skipped. */
function isRuleFile(name: string): boolean {
  return name.endsWith('.json') && !name.startsWith('.');
}

/** Policy versions prepared for a date live here, each a full copy of the rules; not part of the live policy. */
export const SCHEDULED_FOLDER = 'scheduled';

async function listRuleFiles(root: string, relative = ''): Promise<string[]> {
  const entries = await fs.readdir(path.join(root, relative), { withFileTypes: true });
  const found: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    if (!relative && entry.isDirectory() && entry.name === SCHEDULED_FOLDER) continue;
    const rel = relative ? `${relative}/${entry.name}` : entry.name;
    if (entry.isDirectory()) found.push(...(await listRuleFiles(root, rel)));
    else if (entry.isFile() && isRuleFile(entry.name)) found.push(rel);
  }
  return found;
}

/** sha256 over every file's path and content, in path order; the first 12 hex digits name the policy. */
export function digestOf(files: RuleFile[]): string {
  const hash = createHash('sha256');
  for (const f of files) hash.update(f.file).update('\0').update(f.text).update('\0');
  return hash.digest('hex').slice(0, 12);
}

/** A scheduled version: `scheduled/<YYYY-MM-DD>/`, in force from midnight of that day (programme time). */
export interface ScheduledFolder {
  day: string;
  dir: string;
}

/** The folders under `scheduled/`, by day; a folder whose name is not a calendar day is returned in `misnamed`. */
export async function listScheduledFolders(dir: string): Promise<{ folders: ScheduledFolder[]; misnamed: string[] }> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await fs.readdir(path.join(dir, SCHEDULED_FOLDER), { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { folders: [], misnamed: [] };
    throw error;
  }
  const folders: ScheduledFolder[] = [];
  const misnamed: string[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const day = entry.name;
    const date = new Date(`${day}T00:00:00Z`);
    if (/^\d{4}-\d{2}-\d{2}$/.test(day) && !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === day) {
      folders.push({ day, dir: path.join(dir, SCHEDULED_FOLDER, day) });
    } else misnamed.push(`${SCHEDULED_FOLDER}/${day}`);
  }
  return { folders: folders.sort((a, b) => a.day.localeCompare(b.day)), misnamed };
}

/** Reads every rule file under dir (sorted, so the order of packs is deterministic). */
export async function readRuleFiles(dir: string): Promise<RuleFileSet> {
  const absolute = path.resolve(dir);
  return readListed(absolute, (await listRuleFiles(absolute)).sort());
}

/** What a folder's rule files look like from outside: names, sizes, times and inodes, and the newest time among them. */
async function lookOf(absolute: string, names: string[]): Promise<{ fingerprint: string; newestMs: number }> {
  const stats = await Promise.all(names.map((file) => fs.stat(path.join(absolute, file)).catch(() => null)));
  let newestMs = 0;
  const lines = names.map((file, i) => {
    const stat = stats[i];
    if (!stat) return `${file}\0gone`;
    newestMs = Math.max(newestMs, stat.mtimeMs, stat.ctimeMs);
    return `${file}\0${stat.size}\0${stat.mtimeMs}\0${stat.ctimeMs}\0${stat.ino}`;
  });
  return { fingerprint: lines.join('\n'), newestMs };
}

/**
 * A file's times move in clock ticks (a few ms, a second or two on some file systems): a second
 * write of the same size in the tick of the read looks like no write. Within this of the newest
 * time, the folder is read whole (git's "racy" timestamps are the same problem).
 */
const RACY_MS = 2000;
/** Looks between two whole reads of a folder that looks unchanged: 30 s at a poll every 500 ms. */
const FULL_READ_EVERY = 60;

/**
 * Reads rule folders for a poll: a folder whose files look as they did at the last read (names,
 * sizes, mtime, ctime, which every write changes and no tool sets back, and inode, which a save by
 * rename changes) is not read again: its last snapshot is handed back. A folder written to in the
 * last RACY_MS, every `fullReadEvery`-th look, and the first look after `forget()` (an explicit
 * reload: file systems that cache attributes, such as NFS, may show old times) read it whole all
 * the same. A policy store
 * looks twice a second; reading every file each time cost each service about 4% of a core.
 */
export class RuleFolderReader {
  private readonly last = new Map<string, { fingerprint: string; set: RuleFileSet; looks: number }>();

  private readonly fullReadEvery: number;
  private readonly racyMs: number;

  constructor(options: { fullReadEvery?: number; racyMs?: number } = {}) {
    this.fullReadEvery = options.fullReadEvery ?? FULL_READ_EVERY;
    this.racyMs = options.racyMs ?? RACY_MS;
  }

  async read(dir: string): Promise<RuleFileSet> {
    const absolute = path.resolve(dir);
    const names = (await listRuleFiles(absolute)).sort();
    const { fingerprint, newestMs } = await lookOf(absolute, names);
    const last = this.last.get(absolute);
    const unchanged = last && last.fingerprint === fingerprint && Date.now() - newestMs > this.racyMs;
    if (unchanged && ++last.looks < this.fullReadEvery) return last.set;
    const set = await readListed(absolute, names);
    this.last.set(absolute, { fingerprint, set, looks: 0 });
    return set;
  }

  /** Forgets every folder: each is read whole at its next look. */
  forget(): void {
    this.last.clear();
  }

  /** Forgets folders that are gone (a withdrawn scheduled version). */
  keepOnly(dirs: string[]): void {
    const kept = new Set(dirs.map((dir) => path.resolve(dir)));
    for (const dir of [...this.last.keys()]) if (!kept.has(dir)) this.last.delete(dir);
  }
}

async function readListed(absolute: string, names: string[]): Promise<RuleFileSet> {
  const files: RuleFile[] = [];
  for (const file of names) {
    try {
      files.push({ file, text: await fs.readFile(path.join(absolute, file), 'utf8') });
    } catch (error) {
      // Deleted between listing and reading (an editor saving): simply not part of this snapshot.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return { dir: absolute, files, digest: digestOf(files) };
}
