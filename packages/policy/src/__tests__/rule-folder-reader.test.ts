// A policy store polls its rule folders twice a second: an unchanged folder is not read again,
// any change to a file is still seen at the next look.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRuleFiles, RuleFolderReader } from '../rule-files';
import { copyOfRules } from './helpers';

// Files copied for a test were all written just now: a reader that trusts times within 2 s of a
// write would read them whole every time. Here it trusts them at once, but for the test of that.
const trusting = (options: { fullReadEvery?: number } = {}) => new RuleFolderReader({ racyMs: 0, ...options });

describe('reading rule folders for a poll', () => {
  it('hands back the last snapshot while no file changed', async () => {
    const dir = await copyOfRules();
    const reader = trusting();
    const first = await reader.read(dir);
    expect(first).toEqual(await readRuleFiles(dir));
    expect(await reader.read(dir)).toBe(first);
  });

  it('sees an edit of the same size, even with the old modification time put back', async () => {
    const dir = await copyOfRules();
    const file = path.join(dir, 'tiers.json');
    const reader = trusting();
    const before = await reader.read(dir);
    const { mtime } = await fs.stat(file);
    const text = await fs.readFile(file, 'utf8');
    // One digit for another: same length, other content; then the old mtime back (as `touch -r` would).
    const edited = text.replace(/"value": (\d)/, (_, d) => `"value": ${(Number(d) + 1) % 10}`);
    expect(edited).not.toBe(text);
    expect(edited.length).toBe(text.length);
    await fs.writeFile(file, edited);
    await fs.utimes(file, mtime, mtime);
    const after = await reader.read(dir);
    expect(after.digest).not.toBe(before.digest);
    expect(after).toEqual(await readRuleFiles(dir));
  });

  it('sees a file added, removed or saved by rename', async () => {
    const dir = await copyOfRules();
    const reader = trusting();
    const original = await reader.read(dir);
    const added = path.join(dir, 'countries', 'zz-extra.json');
    await fs.copyFile(path.join(dir, 'countries', (await fs.readdir(path.join(dir, 'countries')))[0]!), added);
    const withFile = await reader.read(dir);
    expect(withFile.files.map((f) => f.file)).toContain('countries/zz-extra.json');
    await fs.rm(added);
    expect((await reader.read(dir)).digest).toBe(original.digest);
    // An editor's save: a new file of the same size, with the old file's times, renamed over it:
    // only the inode tells.
    const tiers = path.join(dir, 'tiers.json');
    const { mtime } = await fs.stat(tiers);
    const text = await fs.readFile(tiers, 'utf8');
    await fs.writeFile(`${tiers}.tmp`, text.replace(/"value": (\d)/, (_, d) => `"value": ${(Number(d) + 1) % 10}`));
    await fs.utimes(`${tiers}.tmp`, mtime, mtime);
    await reader.read(dir);
    await fs.rename(`${tiers}.tmp`, tiers);
    const saved = await reader.read(dir);
    expect(saved.digest).not.toBe(original.digest);
    expect(saved).toEqual(await readRuleFiles(dir));
  });

  it('reads the whole folder again every so many looks, whatever the files look like', async () => {
    const dir = await copyOfRules();
    const reader = trusting({ fullReadEvery: 3 });
    const first = await reader.read(dir);
    expect(await reader.read(dir)).toBe(first);
    expect(await reader.read(dir)).toBe(first);
    // The third look after a read reads again.
    const fourth = await reader.read(dir);
    expect(fourth).not.toBe(first);
    expect(fourth).toEqual(first);
  });

  it('reads a folder whole while its newest write is under 2 s old, and after forget() (an explicit reload)', async () => {
    const dir = await copyOfRules();
    const reader = new RuleFolderReader();
    const first = await reader.read(dir);
    expect(await reader.read(dir)).not.toBe(first); // just copied: its times cannot be trusted yet
    const settled = trusting();
    const snapshot = await settled.read(dir);
    expect(await settled.read(dir)).toBe(snapshot);
    settled.forget();
    expect(await settled.read(dir)).not.toBe(snapshot);
  });
});
