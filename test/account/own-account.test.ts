/**
 * Members look after their own account, through the gateway: details, export, erasure; country
 * codes as ISO assigns them; legacy numbers however they are typed; a rejected second-hand
 * registration stays visible with its reason; a country is one file, added live.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, databaseState, errorCodes, memberTableCounts, startStack, type Stack } from '../harness';
import { copyRules, untilEveryService } from '../policy/rules-copy';
import { SmtpSink } from '../smtp-sink';
import { bodySerial, lensSerial, newMember, PRODUCTS, REGISTER_MEMBER, registerEquipment, registerGoldKit } from '../lifecycle/workflows';

const UPDATE = /* GraphQL */ `
  mutation($id: ID!, $input: UpdateMemberInput!) {
    updateMember(id: $id, input: $input) { id name email address { street postalCode city countryCode } country { code } tier qualifyingTier outlook { change tier } tierHistory { from to reason } }
  }`;
const DELETE = 'mutation($id: ID!) { deleteMember(id: $id) { id deletedAt itemsReleased } }';
const EXPORT = 'query($id: ID!) { exportMember(id: $id) }';
const NOTICES = '{ me { notices { code message at equipmentId } } }';

const fieldOf = (response: any) => response.errors?.[0]?.extensions?.field;

describe.each(databaseKinds())('a member looks after their own account (%s)', (db) => {
  let stack: Stack;
  let smtp: SmtpSink;
  let rules: ReturnType<typeof copyRules>;
  beforeAll(async () => {
    smtp = new SmtpSink();
    rules = copyRules();
    stack = await startStack({ db, rulesDir: rules.dir, env: { SMTP_URL: await smtp.start(), OUTBOX_POLL_MS: '100' } });
  });
  afterAll(async () => {
    await stack?.close();
    await smtp?.stop();
    rules?.remove();
  });
  const asMember = async (member: number) => ({ token: await stack.token({ member }) });

  it('updateMember changes name, e-mail and address with the checks of sign-up; a failed change stores nothing', async () => {
    const id = await newMember(stack);
    const other = await newMember(stack);
    const otherEmail = (await stack.query('{ me { email } }', await asMember(other))).data.me.email;
    const before = await memberTableCounts(stack);
    const bad: Array<[object, string, string]> = [
      [{ name: '  ' }, 'BAD_USER_INPUT', 'name'],
      [{ email: 'not-an-address' }, 'BAD_USER_INPUT', 'email'],
      [{ email: otherEmail.toUpperCase() }, 'BAD_USER_INPUT', 'email'],
      [{ name: 'Ok', address: { street: 'Main St 1', postalCode: '10001', city: 'New York', countryCode: 'US' } }, 'NOT_IN_PROGRAMME_COUNTRY', 'address.countryCode'],
      [{ address: { street: 'x', postalCode: '1', city: 'y', countryCode: 'ZZ' } }, 'BAD_USER_INPUT', 'address.countryCode'],
      [{ address: { street: '', postalCode: '1', city: 'y', countryCode: 'DE' } }, 'BAD_USER_INPUT', 'address.street'],
      [{}, 'BAD_USER_INPUT', 'input'],
    ];
    for (const [input, code, field] of bad) {
      const response = await stack.query(UPDATE, { ...(await asMember(id)), variables: { id: String(id), input } });
      expect([errorCodes(response), fieldOf(response)], JSON.stringify(input)).toEqual([[code], field]);
      expect(response.errors![0].message.length).toBeGreaterThan(10);
    }
    expect(await memberTableCounts(stack)).toEqual(before);
    const changed = await stack.query(UPDATE, {
      ...(await asMember(id)),
      variables: { id: String(id), input: { name: 'Anna Neu', email: `Anna.Neu.${id}@Example.org`, address: { street: 'Rue de Rivoli 1', postalCode: '75001', city: 'Paris', countryCode: 'fr' } } },
    });
    expect(changed.errors).toBeUndefined();
    expect(changed.data.updateMember).toMatchObject({
      name: 'Anna Neu', email: `anna.neu.${id}@example.org`, address: { city: 'Paris', countryCode: 'FR' }, country: { code: 'FR' },
    });
  });

  it('only the member or an admin changes, exports or erases an account', async () => {
    const id = await newMember(stack);
    const stranger = await newMember(stack);
    for (const token of [await stack.token({ member: stranger }), await stack.token({ role: 'handler' })]) {
      for (const [query, variables] of [[UPDATE, { id: String(id), input: { name: 'X' } }], [DELETE, { id: String(id) }], [EXPORT, { id: String(id) }]] as const) {
        expect(errorCodes(await stack.query(query, { token, variables }))).toEqual(['FORBIDDEN']);
      }
    }
    expect(errorCodes(await stack.query(EXPORT, { variables: { id: String(id) } }))).toEqual(['UNAUTHENTICATED']);
    const asAdmin = await stack.query(UPDATE, { token: await stack.token({ role: 'admin' }), variables: { id: String(id), input: { name: 'Set by admin' } } });
    expect(asAdmin.data.updateMember.name).toBe('Set by admin');
  });

  it('a move from a Silver-only country raises the tier at once; a move back keeps it until 1 January, which the outlook says', async () => {
    const { data } = await stack.query(REGISTER_MEMBER, {
      variables: { input: { name: 'Mover', email: `mover.${Date.now()}@example.org`, address: { street: 'Ilica 1', postalCode: '10000', city: 'Zagreb', countryCode: 'HR' } } },
    });
    const id = Number(data.registerMember.id);
    await registerGoldKit(stack, id);
    const address = (countryCode: string) => ({ street: 'Somewhere 1', postalCode: '12345', city: 'Town', countryCode });
    // Asked in English: living in Germany now, the member would read their history in German.
    const inGermany = await stack.query(UPDATE, { ...(await asMember(id)), headers: { 'accept-language': 'en' }, variables: { id: String(id), input: { address: address('DE') } } });
    expect(inGermany.data.updateMember).toMatchObject({ tier: 'GOLD', qualifyingTier: 'GOLD' });
    expect(inGermany.data.updateMember.tierHistory.at(-1)).toEqual({ from: 'SILVER', to: 'GOLD', reason: 'moved to Germany' });
    const backHome = await stack.query(UPDATE, { ...(await asMember(id)), variables: { id: String(id), input: { address: address('HR') } } });
    expect(backHome.data.updateMember).toMatchObject({ tier: 'GOLD', qualifyingTier: 'SILVER', outlook: { change: 'DOWN', tier: 'SILVER' } });
    const notices = (await stack.query(NOTICES, await asMember(id))).data.me.notices;
    expect(notices.map((n: any) => n.code)).toContain('TIER_FALLS');
  });

  it('exportMember returns every stored fact as one JSON document; deleteMember erases the person, frees the serials and the e-mail', async () => {
    const id = await newMember(stack);
    const serialNumber = bodySerial();
    const registered = await registerEquipment(stack, id, { productId: PRODUCTS.eosR6, serialNumber });
    const me = (await stack.query('{ me { number name email address { street city } } }', await asMember(id))).data.me;
    const exported = JSON.parse((await stack.query(EXPORT, { ...(await asMember(id)), variables: { id: String(id) } })).data.exportMember);
    expect(exported.member).toMatchObject({ name: me.name, email: me.email, street: me.address.street, memberNumber: me.number });
    expect(exported.equipment).toEqual([expect.objectContaining({ id: Number(registered.data.registerEquipment.id), serialNumber, status: 'ACTIVE', dealer: 'Calumet Photographic' })]);
    expect(exported.tierHistory).toEqual(expect.any(Array));

    const deleted = await stack.query(DELETE, { ...(await asMember(id)), variables: { id: String(id) } });
    expect(deleted.errors).toBeUndefined();
    expect(deleted.data.deleteMember).toMatchObject({ id: String(id), itemsReleased: 1 });
    expect(new Date(deleted.data.deleteMember.deletedAt).getTime()).not.toBeNaN();
    // Gone for everyone: the member's own token reads nothing, staff find nobody.
    expect((await stack.query('{ me { id } }', await asMember(id))).data.me).toBeNull();
    expect((await stack.query('query($id: ID!) { member(id: $id) { id } }', { token: await stack.token({ role: 'admin' }), variables: { id: String(id) } })).data.member).toBeNull();
    // The next owner registers the serial without a transfer; the e-mail signs up again.
    const next = await newMember(stack);
    expect((await registerEquipment(stack, next, { productId: PRODUCTS.eosR6, serialNumber })).data.registerEquipment.status).toBe('ACTIVE');
    const again = await stack.query(REGISTER_MEMBER, {
      variables: { input: { name: me.name, email: me.email, address: { street: 'Teststraße 9', postalCode: '10115', city: 'Berlin', countryCode: 'DE' } } },
    });
    expect(again.errors).toBeUndefined();
    // Nothing of the person is left in the members database.
    const dump = JSON.stringify(await databaseState(stack, ['members']));
    expect(dump).not.toContain(me.address.street);
  });

  it('country codes are ISO 3166-1 alpha-2 as assigned: UK is GB, ZZ and EU are refused on their field', async () => {
    const signUp = (countryCode: string) =>
      stack.query(REGISTER_MEMBER, { variables: { input: { name: 'Brit', email: `brit.${countryCode}.${Date.now()}@example.org`, address: { street: '1 High St', postalCode: 'SW1A 1AA', city: 'London', countryCode } } } });
    const british = await signUp('UK');
    expect(british.errors).toBeUndefined();
    expect(british.data.registerMember.address.countryCode).toBe('GB');
    for (const code of ['ZZ', 'EU']) {
      const refused = await signUp(code);
      expect([errorCodes(refused), fieldOf(refused)]).toEqual([['BAD_USER_INPUT'], 'address.countryCode']);
    }
    const id = Number(british.data.registerMember.id);
    const zz = await registerEquipment(stack, id, { productId: PRODUCTS.eosR6, serialNumber: bodySerial(), purchaseCountryCode: 'ZZ' });
    expect([errorCodes(zz), fieldOf(zz)]).toEqual([['BAD_USER_INPUT'], 'purchaseCountryCode']);
    const uk = await registerEquipment(stack, id, { productId: PRODUCTS.eosR6, serialNumber: bodySerial(), purchaseCountryCode: 'uk', dealer: 'park cameras' });
    expect(uk.data.registerEquipment).toMatchObject({ purchaseCountryCode: 'GB', purchaseCountry: { code: 'GB' }, parallelImport: false });
    const lookups = await stack.query('{ uk: country(code: "uk") { code name } us: country(code: "US") { code } }');
    expect(lookups.data).toEqual({ uk: { code: 'GB', name: 'United Kingdom' }, us: null });
    const unassigned = await stack.query('{ country(code: "EU") { code } }');
    expect([errorCodes(unassigned), fieldOf(unassigned)]).toEqual([['BAD_USER_INPUT'], 'code']);
  });

  it('a legacy number is recognised whatever its case and separators', async () => {
    for (const number of ['UK013795RS', 'uk-013795-rs', 'UK 013795 RS', ' Uk013795rs ']) {
      const response = await stack.query('query($n: String!) { memberByNumber(number: $n) { id } }', { token: await stack.token({ role: 'handler' }), variables: { n: number } });
      expect([errorCodes(response), fieldOf(response)], number).toEqual([['LEGACY_ACCOUNT_EXPIRED'], 'number']);
      expect(response.errors![0].message).toContain('UK013795RS');
    }
  });

  it('a rejected second-hand registration stays visible to the buyer with the handler\'s reason, newest notice first', async () => {
    const seller = await newMember(stack);
    // In the United Kingdom: the buyer's notices are the English texts.
    const buyer = await newMember(stack, 'GB');
    const serialNumber = bodySerial();
    await registerEquipment(stack, seller, { productId: PRODUCTS.eos5DMarkIV, serialNumber });
    const bought = (await registerEquipment(stack, buyer, { productId: PRODUCTS.eos5DMarkIV, serialNumber, estimated: true })).data.registerEquipment;
    const pending = (await stack.query(NOTICES, await asMember(buyer))).data.me.notices;
    expect(pending).toContainEqual(expect.objectContaining({ code: 'TRANSFER_PENDING', equipmentId: bought.id }));
    expect(pending.find((n: any) => n.code === 'TRANSFER_PENDING').message).toMatch(/proof of your purchase/);
    await stack.query('mutation($id: ID!) { rejectTransfer(equipmentId: $id, reason: "The invoice names another serial") { id } }', {
      token: await stack.token({ role: 'handler' }), variables: { id: bought.id },
    });
    const after = (await stack.query(NOTICES, await asMember(buyer))).data.me.notices;
    const rejected = after.find((n: any) => n.code === 'TRANSFER_REJECTED');
    expect(rejected).toMatchObject({ equipmentId: bought.id });
    expect(rejected.message).toContain('The invoice names another serial');
    const times = after.map((n: any) => new Date(n.at).getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const items = (await stack.query('{ me { equipment(includeInactive: true) { id status transferNote } } }', await asMember(buyer))).data.me.equipment;
    expect(items).toContainEqual({ id: bought.id, status: 'REJECTED', transferNote: 'The invoice names another serial' });
  });

  it('on-site support is a benefit only where the country file offers it', async () => {
    const inCountry = async (countryCode: string) => {
      const { data } = await stack.query(REGISTER_MEMBER, {
        variables: { input: { name: 'Pro', email: `pro.${countryCode}.${Date.now()}@example.org`, address: { street: 'Street 1', postalCode: '1000', city: 'City', countryCode } } },
      });
      const id = Number(data.registerMember.id);
      // On-site support is a Platinum benefit: three Platinum bodies and four Platinum lenses.
      for (let i = 0; i < 3; i++) await registerEquipment(stack, id, { productId: PRODUCTS.eos5DMarkIV, serialNumber: bodySerial() });
      for (let i = 0; i < 4; i++) await registerEquipment(stack, id, { productId: PRODUCTS.rf24_70, serialNumber: lensSerial() });
      return (await stack.query('{ me { tier benefits { code } country { code } } }', await asMember(id))).data.me;
    };
    const countries = (await stack.query('{ countries { code onSiteSupport maxTier } }')).data.countries;
    const offered = countries.find((c: any) => c.onSiteSupport && c.maxTier !== 'SILVER');
    const notOffered = countries.find((c: any) => !c.onSiteSupport && c.maxTier !== 'SILVER');
    const goldWith = await inCountry(offered.code);
    const goldWithout = await inCountry(notOffered.code);
    expect([goldWith.tier, goldWithout.tier]).toEqual(['PLATINUM', 'PLATINUM']);
    const codes = (member: any) => member.benefits.map((b: any) => b.code);
    expect(codes(goldWith)).toContain('ON_SITE_SUPPORT');
    expect(codes(goldWithout)).not.toContain('ON_SITE_SUPPORT');
    expect(codes(goldWithout).length).toBe(codes(goldWith).length - 1);
  });

  it('a regional team adds a whole country in one file: it works at once, with no restart', async () => {
    const team = 'cps-iceland@cps.example';
    const urls = Object.values(stack.subgraphs).map((s) => s.url);
    const before = (await (await fetch(new URL('/health/ready', stack.subgraphs.regions.url))).json() as any).policy.version;
    rules.write('countries/is.json', {
      kind: 'country', version: '1.0.0', code: 'IS', name: 'Iceland', maxTier: 'PLATINUM', language: 'is',
      handlerTeam: { name: 'CPS handler team Iceland', email: team },
      onSiteSupport: false,
      servicePoint: { name: 'CPS Service Point Reykjavík', address: 'Laugavegur 10, 101 Reykjavík', phone: '+354 555 0100' },
      dealers: [{ name: 'Beco', spellings: ['Beco ehf'] }, { name: 'Ljósmyndavörur', spellings: ['Ljosmyndavorur'] }],
    });
    await untilEveryService(urls, (policy) => policy.version !== before && policy.lastError === null, 5000);
    const country = await stack.query('{ country(code: "is") { code name maxTier handlerTeam { email } authorisedDealers { name } } }');
    expect(country.data.country).toEqual({ code: 'IS', name: 'Iceland', maxTier: 'PLATINUM', handlerTeam: { email: team }, authorisedDealers: [{ name: 'Beco' }, { name: 'Ljósmyndavörur' }] });
    const { data, errors } = await stack.query(REGISTER_MEMBER, {
      variables: { input: { name: 'Sigga', email: `sigga.${Date.now()}@example.is`, address: { street: 'Laugavegur 1', postalCode: '101', city: 'Reykjavík', countryCode: 'IS' } } },
    });
    expect(errors).toBeUndefined();
    const buyer = Number(data.registerMember.id);
    const seller = await newMember(stack);
    const serialNumber = bodySerial();
    await registerEquipment(stack, seller, { productId: PRODUCTS.eos5DMarkIV, serialNumber });
    const bought = await registerEquipment(stack, buyer, { productId: PRODUCTS.eos5DMarkIV, serialNumber, purchaseCountryCode: 'IS', dealer: 'BECO EHF.' });
    expect(bought.data.registerEquipment).toMatchObject({ status: 'PENDING_TRANSFER', parallelImport: false, purchaseCountry: { code: 'IS' } });
    const toTeam = await smtp.waitFor((m) => m.raw.includes(serialNumber) && m.to.includes(team));
    expect(toTeam.raw).toMatch(/Second-hand registration to validate/);
    await smtp.waitFor((m) => m.raw.includes(serialNumber) && new RegExp(`Reply-To: ${team}`, 'i').test(m.raw));
  });
});
