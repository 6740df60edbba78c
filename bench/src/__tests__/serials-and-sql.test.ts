import { describe, expect, it } from 'vitest';
import { multiRowInserts } from '../members-writer';
import { Random } from '../random';
import { SerialAllocator, serialPositions } from '../serials';

describe('serials made for a model', () => {
  it.each(['^[0-9]{12}$', '^[0-9]{10}$', '^[0-9]{6,7}$', '^[A-Z]{2}[0-9]{10}$'])('match its format %s, increase and never repeat', (pattern) => {
    const allocator = new SerialAllocator(pattern, 5000, new Random(1));
    const serials = Array.from({ length: 5000 }, () => allocator.allocate());
    for (const serial of serials) expect(serial).toMatch(new RegExp(pattern));
    expect(new Set(serials).size).toBe(serials.length);
    expect([...serials].sort()).toEqual(serials);
  });

  it('refuses a format it cannot read rather than make serials that do not fit it', () => {
    expect(() => serialPositions('^[0-9]+$')).toThrow(/not supported/);
    expect(() => serialPositions('[0-9]{4}')).toThrow(/anchored/);
  });
});

describe('the multi-row INSERT statements for MySQL', () => {
  it('quote every string, escape quotes and backslashes, and write NULL and booleans as MySQL reads them', () => {
    const [sql] = multiRowInserts('member', ['id', 'name', 'ok', 'note'], [{ id: 1, name: "O'Brien \\ \"Jr\"", ok: true, note: null }], (r) => [r.id, r.name, r.ok, r.note]);
    expect(sql).toBe("INSERT INTO `member` (`id`, `name`, `ok`, `note`) VALUES (1,'O\\'Brien \\\\ \\\"Jr\\\"',1,NULL)");
  });

  it('split rows over statements of bounded size, losing none', () => {
    const rows = Array.from({ length: 1000 }, (_, i) => ({ id: i, name: `member ${i}` }));
    const statements = multiRowInserts('member', ['id', 'name'], rows, (r) => [r.id, r.name], 2000);
    expect(statements.length).toBeGreaterThan(5);
    for (const sql of statements) expect(sql.length).toBeLessThanOrEqual(2000);
    expect(statements.join('').match(/\(\d+,'member \d+'\)/g)).toHaveLength(1000);
  });
});
