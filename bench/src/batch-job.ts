import { spawn } from 'node:child_process';
import path from 'node:path';
import type { JobRequest, JobResult } from './batch-job-child';

/** Runs one batch job (1 January run, policy preview) in a fresh process and returns its figures. */
export function runBatchJob(request: JobRequest, timeoutMs = 30 * 60_000): Promise<JobResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', path.join(__dirname, 'batch-job-child.js'), JSON.stringify(request)], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LOG_LEVEL: 'warn' },
    });
    let out = '';
    let errors = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (errors = (errors + chunk.toString()).slice(-4000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (code === 0 && line) resolve(JSON.parse(line.slice('RESULT '.length)) as JobResult);
      else reject(new Error(`the ${request.job} job failed (${signal ?? `exit code ${code}`}):\n${errors}`));
    });
  });
}
