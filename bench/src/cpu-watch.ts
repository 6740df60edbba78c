import fs from 'node:fs';

/**
 * How much of the machine other processes used while a section ran: all CPU time spent on the
 * machine (/proc/stat) minus the benchmark's own processes (this process, its finished children,
 * the services it started and, on MySQL, the database server). On a shared machine the figures
 * of a busy section are worth less; the report says so. Linux only; elsewhere it reports nothing.
 */
export interface CpuWatch {
  stop(): number | null; // share of the machine's CPU capacity used by other processes, 0..1
}

function machineTicks(): { busy: number; total: number } | null {
  try {
    const fields = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1, 9).map(Number);
    const total = fields.reduce((a, b) => a + b, 0);
    return { busy: total - fields[3] - fields[4], total };
  } catch {
    return null;
  }
}

/** utime + stime (+ waited-for children's) of one process, in clock ticks; 0 when it is gone. */
function processTicks(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
    return f[11] + f[12] + f[13] + f[14];
  } catch {
    return 0;
  }
}

/** The database server's processes (MariaDB or MySQL) on this machine. */
export function databaseServerPids(): number[] {
  try {
    return fs
      .readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .filter((d) => {
        try {
          return /^(mariadbd|mysqld)$/.test(fs.readFileSync(`/proc/${d}/comm`, 'utf8').trim());
        } catch {
          return false;
        }
      })
      .map(Number);
  } catch {
    return [];
  }
}

export function watchCpu(ours: () => number[]): CpuWatch {
  const before = machineTicks();
  const pids = new Set(ours());
  const oursBefore = new Map([...pids].map((pid) => [pid, processTicks(pid)]));
  return {
    stop: () => {
      const after = machineTicks();
      if (!before || !after || after.total === before.total) return null;
      let own = 0;
      for (const pid of new Set([...pids, ...ours()])) own += processTicks(pid) - (oursBefore.get(pid) ?? 0);
      const other = after.busy - before.busy - own;
      return Math.min(1, Math.max(0, other / (after.total - before.total)));
    },
  };
}
