import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const RULES = path.resolve(__dirname, '..', '..', 'rules');

/** A private copy of the real rules a test may edit, as a policy owner or regional team would. */
export function copyRules(): {
  dir: string;
  edit(file: string, change: (json: any) => void): void;
  write(file: string, json: unknown): void;
  /** Deletes one rule file of the copy (e.g. a country's file). */
  delete(file: string): void;
  remove(): void;
} {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cps-rules-'));
  fs.cpSync(RULES, dir, { recursive: true });
  return {
    dir,
    edit(file, change) {
      const target = path.join(dir, file);
      const json = JSON.parse(fs.readFileSync(target, 'utf8'));
      change(json);
      fs.writeFileSync(target, JSON.stringify(json, null, 2));
    },
    write(file, json) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), typeof json === 'string' ? json : JSON.stringify(json, null, 2));
    },
    delete: (file) => fs.rmSync(path.join(dir, file)),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** Each service polls the rules on its own: wait until every one reports what `check` wants. */
export async function untilEveryService(
  urls: string[],
  check: (policyHealth: any) => boolean,
  timeoutMs = 3000,
): Promise<any[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const reports = await Promise.all(urls.map(async (url) => ((await (await fetch(new URL('/health/ready', url))).json()) as any).policy));
    if (reports.every(check)) return reports;
    if (Date.now() > deadline) throw new Error(`services did not agree within ${timeoutMs} ms: ${JSON.stringify(reports)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
