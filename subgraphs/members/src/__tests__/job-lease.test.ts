import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '@cps/service-kit';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMembersDataSource } from '../data-source';
import { takeLease } from '../jobs/job-lease';

describe('a lease for background work one instance at a time should do', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cps-lease-'));
  let dataSource: DataSource;
  let clock = Date.parse('2027-01-01T00:00:00Z');
  const now = () => new Date(clock);
  const options = { leaseMs: 10_000, now };

  beforeAll(async () => {
    const database = { type: 'sqlite', file: path.join(dir, 'members.sqlite') } as const;
    dataSource = await openDatabase(createMembersDataSource(database), database);
  });
  afterAll(async () => {
    await dataSource?.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('one holder at a time; what it completed is kept for the next; a holder that stops renewing hands over', async () => {
    const first = await takeLease(dataSource, 'sweep', 'a', options);
    expect(first).toBeDefined();
    expect(await takeLease(dataSource, 'sweep', 'b', options)).toBeUndefined();
    // Renewed, it holds past its first term.
    clock += 8_000;
    expect(await first!.renew()).toBe(true);
    clock += 8_000;
    expect(await takeLease(dataSource, 'sweep', 'b', options)).toBeUndefined();
    await first!.release('v2 after v1');
    const second = await takeLease(dataSource, 'sweep', 'b', options);
    expect(second?.done).toBe('v2 after v1');
    // b dies without releasing: a takes over once the lease lapsed, and b can no longer renew.
    clock += 10_001;
    const takeover = await takeLease(dataSource, 'sweep', 'a', options);
    expect(takeover?.done).toBe('v2 after v1');
    expect(await second!.renew()).toBe(false);
  });
});
