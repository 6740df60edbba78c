import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { databaseKinds, dropStackDatabases, errorCodes, startStack, type Stack } from '../harness';
import { bodySerial, me, newMember, PRODUCTS, registerEquipment, registerGoldKit } from '../lifecycle/workflows';
import { copyRules, RULES } from '../policy/rules-copy';

/**
 * The programme in time, on a set clock (CPS_CLOCK), through the gateway: on the evening of 31
 * December the outlook says what 1 January does; the same data started again seconds before
 * midnight sees the 1 January run happen by itself at midnight (programme time, Europe/Amsterdam),
 * with the history right after; started again five weeks later it shows the card that never came
 * as overdue. A policy version scheduled for 1 January 2027 (the EOS R6 counts up to Silver only
 * from then) is what the outlook and the run use.
 */
// An hour to spare for the checks before midnight, however slow the machine; then a restart 2 s before it.
const BEFORE_MIDNIGHT = '2026-12-31T23:00:00+01:00';
const JUST_BEFORE_MIDNIGHT = '2026-12-31T23:59:58+01:00';
const FIVE_WEEKS_LATER = '2027-02-04T12:00:00+01:00';
const MIDNIGHT_UTC = '2026-12-31T23:00:00.000Z';

const OUTLOOK = '{ me { tier videoMember outlook { on tier videoMember change reasons } notices { code message at equipmentId } card { status } } }';
const RUN = '{ recalculation(asOf: "2027-01-01") { asOf state membersProcessed downgraded policyVersion startedAt completedAt } }';
const RECALC = 'mutation($asOf: Date!) { recalculateMemberships(asOf: $asOf) { asOf state membersProcessed downgraded completedAt } }';

describe.each(databaseKinds())('the programme in time (%s)', (db) => {
  const data = { dir: fs.mkdtempSync(path.join(os.tmpdir(), 'cps-time-')), prefix: `cps_c${randomBytes(4).toString('hex')}_` };
  let stack: Stack | undefined;
  const rules = copyRules();
  const scheduled = path.join(rules.dir, 'scheduled', '2027-01-01');
  fs.cpSync(RULES, scheduled, { recursive: true });
  rules.edit('scheduled/2027-01-01/products/bodies.json', (pack) => {
    pack.products.find((p: any) => p.model === 'EOS R6').cap = 'SILVER';
  });
  // Its owners update the case that pinned an R6 kit at Gold: only a fully checked version goes live.
  rules.edit('scheduled/2027-01-01/tests/counting-edge-cases.json', (pack) => {
    pack.cases.find((c: any) => c.name === 'Removed and transferred items no longer count').expect = { tier: 'SILVER' };
  });
  afterAll(async () => {
    await stack?.close();
    rules.remove();
    fs.rmSync(data.dir, { recursive: true, force: true });
    if (db === 'mysql') await dropStackDatabases(process.env.MYSQL_URL!, data.prefix);
  });
  const start = async (clock: string) => {
    await stack?.close();
    stack = await startStack({ db, reuse: data, rulesDir: rules.dir, env: { CPS_CLOCK: clock, YEARLY_RUN_CHECK_MS: '200' } });
    return stack;
  };
  let member = 0;
  let keeper = 0;
  let versions: { live: string; scheduled: string };

  it('before midnight: the outlook says what 1 January does, with reasons in words, and a TIER_FALLS notice', async () => {
    const s = await start(BEFORE_MIDNIGHT);
    // A member in the United Kingdom reads the English texts (test/i18n: the other languages).
    member = await newMember(s, 'GB');
    const [, , lens] = await registerGoldKit(s, member);
    const video = await registerEquipment(s, member, { productId: PRODUCTS.xf605, serialNumber: `AB${bodySerial().slice(0, 10)}` });
    expect(video.errors).toBeUndefined();
    const token = await s.token({ member });
    for (const id of [lens, video.data.registerEquipment.id]) {
      expect((await s.query('mutation($id: ID!) { removeEquipment(id: $id) { status } }', { token, variables: { id } })).errors).toBeUndefined();
    }
    const { data: answer, errors } = await s.query(OUTLOOK, { token });
    expect(errors).toBeUndefined();
    // Held until the run: the tier and video membership both.
    expect(answer.me).toMatchObject({ tier: 'GOLD', videoMember: true });
    expect(answer.me.outlook).toMatchObject({ on: '2027-01-01', tier: null, videoMember: false, change: 'DOWN' });
    const reasons = answer.me.outlook.reasons.join('\n');
    expect(reasons).toMatch(/You removed the EF 24-105mm f\/4L IS II USM from your account\./);
    expect(reasons).toMatch(/you need 1 more lens counting towards Silver/);
    expect(reasons).toMatch(/On 1 January 2027 your membership goes from Gold to no tier\./);
    expect(reasons).toMatch(/your video membership ends on 1 January 2027/);
    expect(answer.me.notices[0]).toMatchObject({ code: 'TIER_FALLS', equipmentId: null });
    expect(answer.me.notices[0].message).toMatch(/^On 1 January 2027 your membership falls from Gold to no tier\./);
    // No run yet: 1 January has not come.
    expect((await s.query(RUN, { token: await s.token({ role: 'admin' }) })).data.recalculation).toBeNull();
    const early = await s.query(RECALC, { token: await s.token({ role: 'admin' }), variables: { asOf: '2027-01-01' } });
    expect(errorCodes(early)).toEqual(['BAD_USER_INPUT']);
    expect(early.errors![0].extensions!.field).toBe('asOf');
    expect(early.errors![0].message).toMatch(/has not come yet/);

    // The version prepared for 1 January: public, with its instant; the outlook already uses it.
    const policy = (await s.query('{ policy { version effectiveFrom next { version effectiveFrom } } }')).data.policy;
    expect(policy).toMatchObject({ effectiveFrom: null, next: { effectiveFrom: MIDNIGHT_UTC } });
    versions = { live: policy.version, scheduled: policy.next.version };
    // The policy owner's preview of the scheduled version: the change in words and who moves.
    const preview = await s.query('{ policyPreview(candidate: "scheduled/2027-01-01") { candidateVersion liveVersion changes } }', { token: await s.token({ role: 'admin' }) });
    expect(preview.data.policyPreview).toMatchObject({ candidateVersion: versions.scheduled, liveVersion: versions.live });
    expect(preview.data.policyPreview.changes).toContain('EOS R6: counts up to Gold → up to Silver.');
    keeper = await newMember(s);
    await registerGoldKit(s, keeper);
    const kept = (await s.query(OUTLOOK, { token: await s.token({ member: keeper }) })).data.me;
    expect(kept.tier).toBe('GOLD');
    expect(kept.outlook).toMatchObject({ tier: 'SILVER', change: 'DOWN' });
  });

  it('at midnight the run happens by itself, once, and the history says so with the date of midnight in Amsterdam', async () => {
    const s = await start(JUST_BEFORE_MIDNIGHT);
    const admin = await s.token({ role: 'admin' });
    await expect.poll(async () => (await s.query(RUN, { token: admin })).data.recalculation?.state, { timeout: 15_000, interval: 200 }).toBe('COMPLETED');
    const run = (await s.query(RUN, { token: admin })).data.recalculation;
    // Under the policy in force at 00:00 on that day: the scheduled version.
    expect(run).toMatchObject({ asOf: '2027-01-01', state: 'COMPLETED', policyVersion: versions.scheduled });
    expect((await s.query('{ policy { version effectiveFrom next { version } } }')).data.policy).toEqual({ version: versions.scheduled, effectiveFrom: MIDNIGHT_UTC, next: null });
    expect((await me(s, keeper)).tier).toBe('SILVER');
    expect(run.downgraded).toBeGreaterThanOrEqual(1);
    expect(new Date(run.startedAt).getTime()).toBeGreaterThanOrEqual(new Date(MIDNIGHT_UTC).getTime());

    const after = await me(s, member);
    expect(after).toMatchObject({ tier: null, videoMember: false });
    const yearly = after.tierHistory.filter((c: any) => c.reason.startsWith('yearly recalculation as of 2027-01-01'));
    expect(yearly).toEqual([
      { from: 'GOLD', to: null, at: MIDNIGHT_UTC, reason: 'yearly recalculation as of 2027-01-01' },
      { from: null, to: null, at: MIDNIGHT_UTC, reason: 'yearly recalculation as of 2027-01-01: video membership ends' },
    ]);
    // Asked again for that date: nothing changes, the same report comes back.
    const again = await s.query(RECALC, { token: admin, variables: { asOf: '2027-01-01' } });
    expect(again.data.recalculateMemberships).toMatchObject({ state: 'COMPLETED', membersProcessed: run.membersProcessed, completedAt: run.completedAt });
    expect((await me(s, member)).tierHistory).toHaveLength(after.tierHistory.length);
    for (const [asOf, says] of [['2027-06-01', /not a 1 January/], ['2028-01-01', /has not come yet/]] as const) {
      const refused = await s.query(RECALC, { token: admin, variables: { asOf } });
      expect(errorCodes(refused)).toEqual(['BAD_USER_INPUT']);
      expect(refused.errors![0]).toMatchObject({ message: expect.stringMatching(says), extensions: { field: 'asOf' } });
    }
  });

  it('five weeks later, the same data: the card requested at the run and never sent is overdue, and the notice names the support address', async () => {
    const s = await start(FIVE_WEEKS_LATER);
    const { data: answer } = await s.query(OUTLOOK, { token: await s.token({ member }) });
    expect(answer.me.card.status).toBe('OVERDUE');
    const overdue = answer.me.notices.find((n: any) => n.code === 'CARD_OVERDUE');
    expect(overdue.message).toMatch(/has not reached you within four weeks\. Please write to cps-support@cps\.example/);
    expect(answer.me.outlook).toMatchObject({ on: '2028-01-01', change: 'SAME' });
    // The run is not done twice across restarts.
    const run = (await s.query(RUN, { token: await s.token({ role: 'admin' }) })).data.recalculation;
    expect(run.state).toBe('COMPLETED');
  });
});
