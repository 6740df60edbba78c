/**
 * vitest's global setup: every test worker and every process a test starts runs with the egress
 * guard preloaded (NODE_OPTIONS is inherited), writing what it blocked to one file. After the
 * run, any attempt to reach something that is not loopback fails the run, whichever test made it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function setup(): () => void {
  const logFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cps-egress-run-')), 'attempts.jsonl');
  process.env.CPS_EGRESS_LOG = logFile;
  process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --require ${path.join(__dirname, 'no-egress.cjs')}`.trim();
  return () => {
    const attempts = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').trim() : '';
    fs.rmSync(path.dirname(logFile), { recursive: true, force: true });
    if (!attempts) return;
    // vitest reports an error thrown here but still exits 0: set the exit code as well.
    process.exitCode = 1;
    throw new Error(`Something in the test run tried to reach beyond loopback (blocked):\n${attempts}`);
  };
}
