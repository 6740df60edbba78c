import fs from 'node:fs';
import path from 'node:path';

/**
 * Where a service spent its CPU, from the V8 CPU profile Node writes with `--cpu-prof`: self time
 * grouped by package (node_modules/<package>), Node's own code, this repository's workspaces,
 * garbage collection and idle time.
 */
interface ProfileNode {
  id: number;
  hitCount?: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

function owner(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  // The counter's wrappers call the drivers' native code, whose time V8 books to the caller.
  if (url.includes('statement-counter')) return 'database driver (native)';
  if (url.includes('/deps/undici/')) return 'undici (Node fetch)';
  if (url.startsWith('node:')) return 'node (built-in)';
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + '/node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const workspace = /\/(packages|subgraphs|gateway|bench)\/([^/]*)/.exec(url);
  return workspace ? `app: ${workspace[1] === 'gateway' ? 'gateway' : `${workspace[1]}/${workspace[2]}`}` : url;
}

export interface ProfileShare {
  owner: string;
  share: number;
}

/** Microseconds of the monotonic clock, the one V8 stamps its samples with (`process.hrtime` here). */
export const monotonicMicros = (): number => Number(process.hrtime.bigint() / 1000n);

/**
 * Self time by owner (package) and, with `functions`, by function, of the samples taken within
 * `window` (monotonic µs, e.g. one load phase: start-up's module loading left out), or of all.
 */
export function summariseProfile(
  file: string,
  top = 8,
  window?: { fromUs: number; toUs: number },
): { busyShare: number; owners: ProfileShare[]; functions: ProfileShare[] } {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const time = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (window && (at < window.fromUs || at > window.toUs)) return;
    const node = byId.get(id)!;
    const who = owner(node.callFrame.url, node.callFrame.functionName);
    time.set(who, (time.get(who) ?? 0) + delta);
    const fn = `${node.callFrame.functionName || '(anonymous)'} (${who})`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + delta);
    total += delta;
  });
  const idle = time.get('(idle)') ?? 0;
  const busy = total - idle;
  time.delete('(idle)');
  byFunction.delete('(idle) ((idle))');
  const shares = (m: Map<string, number>) =>
    [...m.entries()]
      .map(([o, t]) => ({ owner: o, share: busy ? t / busy : 0 }))
      .sort((a, b) => b.share - a.share)
      .slice(0, top);
  return { busyShare: total ? busy / total : 0, owners: shares(time), functions: shares(byFunction) };
}

/** The newest profile each service wrote into `dir` (Node names them CPU.<date>.<pid>...). */
export function profilesIn(dir: string, pids: Record<string, number>): Record<string, string> {
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')) : [];
  const found: Record<string, string> = {};
  for (const [name, pid] of Object.entries(pids)) {
    const file = files.find((f) => f.split('.').includes(String(pid)));
    if (file) found[name] = path.join(dir, file);
  }
  return found;
}
