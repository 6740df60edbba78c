import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A candidate policy for the preview benchmark, when none is given: a copy of the current rules
 * directory with two edits a policy owner might try — Platinum needs a fifth lens, and the
 * EOS 5DS may count up to Platinum — so members move both ways.
 */
export function makeCandidateRules(currentDir: string): { dir: string; changes: string[]; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cps-bench-candidate-'));
  fs.cpSync(currentDir, dir, { recursive: true });
  const changes: string[] = [];

  const edit = (file: string, change: (json: any) => string | null) => {
    const full = path.join(dir, file);
    if (!fs.existsSync(full)) return;
    const json = JSON.parse(fs.readFileSync(full, 'utf8'));
    const said = change(json);
    if (said) {
      changes.push(said);
      fs.writeFileSync(full, `${JSON.stringify(json, null, 2)}\n`);
    }
  };
  edit('tiers.json', (pack) => {
    const lenses = pack.rules
      ?.find((r: any) => r.event?.params?.tier === 'PLATINUM')
      ?.conditions?.all?.find((c: any) => c.fact === 'lensesCountingTowards');
    if (!lenses) return null;
    lenses.value += 1;
    pack.version = `${pack.version}-candidate`;
    return `Platinum needs ${lenses.value} lenses`;
  });
  edit(path.join('products', 'bodies.json'), (pack) => {
    const body = pack.products?.find((p: any) => p.model === 'EOS 5DS');
    if (!body) return null;
    body.cap = 'PLATINUM';
    pack.version = `${pack.version}-candidate`;
    return 'EOS 5DS counts up to Platinum';
  });
  return { dir, changes, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
