/**
 * Nothing in use disappears, on every service: a policy that drops a country where members live
 * is refused by members, the catalogue and regions alike (naming the country and how many it would
 * strand); a country leaves by a decision written in its file ("closed": true), which every
 * service serves, and its file goes once nobody lives there.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, errorCodes, startStack, type Stack } from '../harness';
import { REGISTER_MEMBER, registerGoldKit } from '../lifecycle/workflows';
import { copyRules, untilEveryService } from './rules-copy';

describe.each(databaseKinds())('a country where members live (%s)', (db) => {
  let stack: Stack;
  let rules: ReturnType<typeof copyRules>;
  beforeAll(async () => {
    rules = copyRules();
    stack = await startStack({ db, rulesDir: rules.dir });
  });
  afterAll(async () => {
    await stack?.close();
    rules?.remove();
  });
  const urls = () => Object.values(stack.subgraphs).map((s) => s.url);
  const versions = async () => (await untilEveryService(urls(), () => true)).map((p) => p.version);
  const signUpIn = (countryCode: string) =>
    stack.query(REGISTER_MEMBER, {
      variables: { input: { name: 'Kadri', email: `kadri.${Date.now()}@example.lt`, address: { street: 'Gedimino pr. 1', postalCode: '01103', city: 'Vilnius', countryCode } } },
    });

  it('dropping it is refused by every service, naming it; closing it is served by all; its file goes once nobody lives there', async () => {
    const signedUp = await signUpIn('LT');
    const lithuanian = Number(signedUp.data.registerMember.id);
    await registerGoldKit(stack, lithuanian); // Silver-only: Silver
    const token = await stack.token({ member: lithuanian });
    const before = await versions();
    expect(new Set(before).size).toBe(1);

    const lithuania = JSON.parse(fs.readFileSync(path.join(rules.dir, 'countries/lt.json'), 'utf8'));
    rules.delete('countries/lt.json');
    const refused = await untilEveryService(urls(), (policy) => policy.lastError !== null, 5000);
    for (const report of refused) {
      expect(report.version).toBe(before[0]);
      expect(report.lastError.problems.map((p: any) => p.message).join(' ')).toMatch(/no country LT, where 1 member live/);
    }
    const listed = await stack.query('{ countries { code } }');
    expect(listed.data.countries.map((c: any) => c.code)).toContain('LT');

    // The programme decides to close it: written in its file.
    rules.write('countries/lt.json', { ...lithuania, version: '1.1.0', closed: true });
    const closed = await untilEveryService(urls(), (policy) => policy.version !== before[0] && policy.lastError === null, 5000);
    expect(new Set(closed.map((p) => p.version)).size).toBe(1);
    const open = await stack.query('{ countries { code } lt: country(code: "LT") { code closed } }');
    expect(open.data.countries.map((c: any) => c.code)).not.toContain('LT');
    expect(open.data.lt).toEqual({ code: 'LT', closed: true });
    const newcomer = await signUpIn('LT');
    expect(errorCodes(newcomer)).toEqual(['NOT_IN_PROGRAMME_COUNTRY']);
    expect(newcomer.errors![0].message).toMatch(/Lithuania has left the programme/);
    // Its members keep their account and tier until 1 January, which their outlook says.
    const me = (await stack.query('{ me { tier qualifyingTier outlook { change tier reasons } notices { code } country { code } } }', { token })).data.me;
    expect(me).toMatchObject({ tier: 'SILVER', qualifyingTier: null, outlook: { change: 'DOWN', tier: null }, country: { code: 'LT' } });
    expect(me.outlook.reasons.join(' ')).toMatch(/Lithuania \(LT\) has left the programme/);
    expect(me.notices.map((n: any) => n.code)).toContain('TIER_FALLS');

    // Still refused while someone lives there; accepted once the last member has moved away.
    rules.delete('countries/lt.json');
    await untilEveryService(urls(), (policy) => policy.lastError !== null, 5000);
    const moved = await stack.query('mutation($id: ID!) { updateMember(id: $id, input: { address: { street: "Unter den Linden 1", postalCode: "10117", city: "Berlin", countryCode: "DE" } }) { tier } }', {
      token, variables: { id: String(lithuanian) },
    });
    expect(moved.data.updateMember.tier).toBe('GOLD'); // its Gold kit counts in full in Germany: a rise, at once
    // The services look again at a refused version (every 30 s); touching the rules makes them look now.
    rules.edit('countries/de.json', (pack) => (pack.version = '1.0.1'));
    const gone = await untilEveryService(urls(), (policy) => policy.lastError === null && policy.version !== closed[0].version, 5000);
    expect(new Set(gone.map((p) => p.version)).size).toBe(1);
    expect((await stack.query('{ country(code: "LT") { code } }')).data.country).toBeNull();
  }, 60_000);
});
