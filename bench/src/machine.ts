import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memory: string;
  freeH: string;
  node: string;
  platform: string;
  database: string;
  /** 1, 5 and 15 minute load averages when the run started: other work on the machine skews figures. */
  loadAtStart: number[];
}

function cpuModel(): string {
  try {
    const line = fs.readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((l) => l.startsWith('model name'));
    if (line) return line.split(':')[1].trim();
  } catch {
    // not Linux
  }
  return os.cpus()[0]?.model ?? 'unknown';
}

function freeH(): string {
  try {
    return execFileSync('free', ['-h'], { encoding: 'utf8' }).trim();
  } catch {
    return `${Math.round(os.totalmem() / 2 ** 30)} GiB total`;
  }
}

/** What the figures were measured on (nproc, free -h, the CPU model, Node, the database server). */
export function machineInfo(database: string): MachineInfo {
  return {
    cpus: os.availableParallelism(),
    cpuModel: cpuModel(),
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    freeH: freeH(),
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    database,
    loadAtStart: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}
