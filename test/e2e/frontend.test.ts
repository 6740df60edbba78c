/**
 * The reference frontend (gateway/web) in headless Chromium against the real gateway: what a
 * member, a handler and a policy owner see and do. Screenshots of each page go to
 * test/e2e/screenshots/.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../harness';
import { bodySerial, me, newMember, registerEquipment, registerGoldKit } from '../lifecycle/workflows';
import { description, launchChromium, openPage, screenshot, signIn, unnamedControls, type WatchedPage } from './browser';
import { makePolicyCandidates } from './policy-candidates';

const TOM = 2; // the worked example: Silver, one Gold-capable body short of Gold
const ANNAS_LENS = { model: 'RF 24-70mm F2.8 L IS USM', serial: '7812004321' }; // active on Anna's account
const LUCIES_BODY = { productId: '10', model: 'EOS R6 Mark II', serial: '103021000042' }; // active on Lucie's account

describe('the reference frontend in Chromium', () => {
  let stack: Stack;
  let browser: Browser;
  let origin: string;
  const candidates = makePolicyCandidates();
  const pages: WatchedPage[] = [];

  const open = async (token: string): Promise<Page> => {
    const watched = await openPage(browser, origin);
    pages.push(watched);
    await signIn(watched.page, origin, token);
    return watched.page;
  };

  beforeAll(async () => {
    browser = await launchChromium(); // first: it fails at once, with a message, where Chromium is missing
    stack = await startStack({ db: 'sqlite', env: { POLICY_CANDIDATES_DIR: candidates.dir } });
    origin = new URL('/', stack.gatewayUrl).href.replace(/\/$/, '');
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
    candidates.remove();
  });

  describe('a member', () => {
    let member: WatchedPage;
    let page: Page;

    it('signs in and sees tier, card, benefits, equipment marks and what is missing — from ONE GraphQL request', async () => {
      member = await openPage(browser, origin);
      pages.push(member);
      page = member.page;
      const response = await page.goto(origin);
      // Served by the gateway, allowed to load nothing from elsewhere.
      expect(response?.headers()['content-security-policy']).toMatch(/default-src 'self'/);
      expect(await page.getByRole('heading', { name: 'Sign in' }).isVisible()).toBe(true);
      expect(await page.getByText('npm run token -- --member').isVisible()).toBe(true);
      expect(await unnamedControls(page)).toEqual([]);
      await screenshot(page, '01-sign-in');

      await page.getByLabel('Access token').fill(await stack.token({ member: TOM }));
      const before = member.graphqlPosts.length;
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Tom Baker', level: 1 }).waitFor();
      await page.waitForTimeout(300); // nothing else may follow
      const dashboardPosts = member.graphqlPosts.slice(before);
      expect(dashboardPosts).toHaveLength(1);
      expect(JSON.parse(dashboardPosts[0]).query).toMatch(/query Dashboard/);

      const tier = page.getByRole('region', { name: 'Membership tier' });
      expect(await tier.innerText()).toMatch(/Silver[\s\S]*Qualifying tier today: Silver/);
      const next = page.getByRole('region', { name: 'What is missing for the next tier' });
      expect(await next.innerText()).toMatch(/Gold[\s\S]*Still needed: 1 more body counting towards Gold/);
      expect(await next.getByRole('progressbar', { name: 'Bodies: 1 of 2' }).count()).toBe(1);
      expect(await page.getByRole('region', { name: 'Membership card' }).innerText()).toMatch(/Requested/);
      expect(await page.getByRole('region', { name: 'Your benefits' }).getByRole('listitem').count()).toBeGreaterThan(0);
      const equipment = page.getByRole('table', { name: 'Registered equipment' });
      expect(await equipment.getByRole('row').count()).toBe(1 + 5);
      expect(await equipment.getByRole('row', { name: /EF 16-35mm f\/2.8L III USM/ }).innerText()).toMatch(/Parallel import/);
      expect(await equipment.getByRole('row', { name: /EOS 80D/ }).innerText()).toMatch(/Silver/);
      expect(await page.getByText('Member 10000002 · United Kingdom').isVisible()).toBe(true);
      expect(await unnamedControls(page)).toEqual([]);
      await screenshot(page, '02-member-dashboard');
    });

    it('registers an item: the model first, a bad serial is refused at the serial field, a good one raises the tier', async () => {
      await page.getByRole('button', { name: 'Register an item' }).click();
      const serial = page.getByLabel('Serial number');
      expect(await serial.isDisabled()).toBe(true); // the model comes first
      await page.getByLabel('Search models').fill('r6');
      const models = page.getByLabel('Model', { exact: true });
      // Exact names: the EOS R6 and the EOS R6 Mark II are different products.
      expect(await models.locator('option').allInnerTexts()).toEqual(expect.arrayContaining(['EOS R6', 'EOS R6 Mark II']));
      await models.selectOption({ label: 'EOS R6' });
      expect(await serial.isEnabled()).toBe(true);
      expect(await description(serial)).toMatch(/Twelve digits/);
      await serial.fill('0123 45678901');
      await page.getByLabel('Purchase date').fill('2024-05-01');
      await page.getByLabel('Dealer', { exact: true }).fill('Wex Photo Video');
      expect(await unnamedControls(page)).toEqual([]);
      await page.getByRole('button', { name: 'Register item' }).click();

      await page.getByText('A serial number has no spaces').waitFor();
      expect(await serial.getAttribute('aria-invalid')).toBe('true');
      expect(await description(serial)).toMatch(/A serial number has no spaces/);
      expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('serialNumber');
      expect(await page.getByText('The item was not registered.').isVisible()).toBe(true);
      await screenshot(page, '03-register-bad-serial');

      const good = bodySerial();
      await serial.fill(good);
      expect(await serial.getAttribute('aria-invalid')).toBeNull();
      await page.getByRole('button', { name: 'Register item' }).click();
      await page.getByText(`EOS R6 (serial ${good}) is registered and counts towards your tier.`).waitFor();
      expect(await page.getByRole('region', { name: 'Membership tier' }).innerText()).toMatch(/Gold[\s\S]*Qualifying tier today: Gold/);
      expect(await page.getByRole('table', { name: 'Registered equipment' }).getByRole('row', { name: new RegExp(good) }).count()).toBe(1);
      expect((await me(stack, TOM)).tier).toBe('GOLD');
      await screenshot(page, '04-member-registered-gold');
    });

    it('registers a second-hand item still on another account: it is pending, and the member is told', async () => {
      await page.getByRole('button', { name: 'Register an item' }).click();
      await page.getByLabel('Search models').fill('24-70');
      await page.getByLabel('Model', { exact: true }).selectOption({ label: ANNAS_LENS.model });
      await page.getByLabel('Serial number').fill(ANNAS_LENS.serial);
      await page.getByLabel('Purchase date').fill('2025-02-01');
      await page.getByLabel('Country of purchase').selectOption({ label: 'Germany' });
      await page.getByLabel('Dealer', { exact: true }).fill('private sale');
      await page.getByRole('button', { name: 'Register item' }).click();
      const told = page.getByRole('status').filter({ hasText: ANNAS_LENS.serial });
      await told.waitFor();
      expect(await told.innerText()).toMatch(/another member's account[\s\S]*pending/);
      const row = page.getByRole('table', { name: 'Registered equipment' }).getByRole('row', { name: new RegExp(ANNAS_LENS.serial) });
      expect(await row.innerText()).toMatch(/Pending transfer/);
      expect(await row.innerText()).toMatch(/Parallel import/);
      await screenshot(page, '05-member-pending-transfer');
    });

    it('holding more than the equipment gives: the page shows what 1 January will do, in words, and the notices', async () => {
      const member = await newMember(stack);
      const [, , lens] = await registerGoldKit(stack, member);
      const token = await stack.token({ member });
      await stack.query('mutation($id: ID!) { removeEquipment(id: $id) { id } }', { token, variables: { id: lens } });
      const page = await open(token);
      await page.getByRole('heading', { name: /Test Member/, level: 1 }).waitFor();
      const outlook = await page.getByTestId('outlook').innerText();
      expect(outlook).toMatch(/You removed the EF 24-105mm f\/4L IS II USM from your account\./);
      expect(outlook).toMatch(/your membership goes from Gold to no tier/);
      // The misleading "next tier" box gives way to the outlook.
      expect(await page.getByRole('region', { name: 'What is missing for the next tier' }).count()).toBe(0);
      const notices = page.getByRole('region', { name: 'What you should know' });
      expect(await notices.innerText()).toMatch(/Your tier on 1 January[\s\S]*falls from Gold to no tier/);
      await screenshot(page, '05b-member-outlook');
      // Tom's second-hand item from the test before: told what happens next.
      const tom = await open(await stack.token({ member: TOM }));
      await tom.getByRole('heading', { name: 'Tom Baker', level: 1 }).waitFor();
      expect(await tom.getByRole('region', { name: 'What you should know' }).innerText()).toMatch(/waiting for a handler[\s\S]*proof of your purchase/);
    });

    it('sees unsupported, estimated and parallel-import items marked, and a Silver-only cap explained', async () => {
      const lucie = await open(await stack.token({ member: 3 }));
      await lucie.getByRole('heading', { name: 'Lucie Dubois', level: 1 }).waitFor();
      const items = lucie.getByRole('table', { name: 'Registered equipment' });
      const sevenD = await items.getByRole('row', { name: /EOS 7D/ }).innerText();
      expect(sevenD).toMatch(/Not supported/);
      expect(sevenD).toMatch(/not supported by the programme/);
      expect(await items.getByRole('row', { name: /EOS 5D Mark IV/ }).innerText()).toMatch(/Estimated/);
      expect(await items.getByRole('row', { name: /EF 100mm f\/2.8L Macro IS USM/ }).innerText()).toMatch(/Parallel import/);
      await screenshot(lucie, '06-member-marks');

      const kadri = await open(await stack.token({ member: 4 }));
      await kadri.getByRole('heading', { name: 'Kadri Tamm', level: 1 }).waitFor();
      expect(await kadri.getByText('Silver-only country').isVisible()).toBe(true);
      expect(await kadri.getByRole('region', { name: 'What is missing for the next tier' }).innerText()).toMatch(/No higher tier: Estonia \(EE\) is Silver-only/);
    });
  });

  describe('a handler', () => {
    it('sees the pending transfers, confirms one and rejects another with a reason', async () => {
      // A second pending transfer: Jan Novák registers a body that is on Lucie Dubois's account.
      const jan = await registerEquipment(stack, 5, { productId: LUCIES_BODY.productId, serialNumber: LUCIES_BODY.serial, dealer: 'private sale' });
      expect(jan.data.registerEquipment.status).toBe('PENDING_TRANSFER');

      const page = await open(await stack.token({ role: 'handler' }));
      await page.getByRole('heading', { name: 'Pending transfers', level: 1 }).waitFor();
      expect(await page.getByRole('link', { name: 'Transfers' }).getAttribute('aria-current')).toBe('page');
      expect(await page.getByRole('link', { name: 'Policy' }).count()).toBe(0);
      const tomsItem = page.getByRole('listitem', { name: `${ANNAS_LENS.model}, serial ${ANNAS_LENS.serial}` });
      expect(await tomsItem.innerText()).toMatch(/Tom Baker \(10000002\)[\s\S]*private sale/);
      expect(await page.getByRole('heading', { name: '2 transfers waiting' }).count()).toBe(1);
      expect(await unnamedControls(page)).toEqual([]);
      await screenshot(page, '07-handler-pending-transfers');

      await page.getByRole('button', { name: `Confirm transfer of ${ANNAS_LENS.model}, serial ${ANNAS_LENS.serial}` }).click();
      await page.getByText(`Transfer confirmed: the ${ANNAS_LENS.model}, serial ${ANNAS_LENS.serial} now belongs to Tom Baker (10000002).`).waitFor();
      expect(await page.getByRole('heading', { name: '1 transfer waiting' }).count()).toBe(1);
      const tomsLens = (await me(stack, TOM)).equipment.find((e: any) => e.serialNumber === ANNAS_LENS.serial);
      expect(tomsLens).toMatchObject({ status: 'ACTIVE', countsTowardsTier: true });

      const what = `${LUCIES_BODY.model}, serial ${LUCIES_BODY.serial}`;
      await page.getByRole('button', { name: `Reject transfer of ${what}…` }).click();
      const reason = page.getByLabel(`Reason for rejecting the transfer of ${what}`);
      await page.getByRole('button', { name: 'Reject transfer', exact: true }).click();
      await page.getByText('Say why').waitFor();
      expect(await reason.getAttribute('aria-invalid')).toBe('true');
      await reason.fill('No proof of purchase');
      await screenshot(page, '08-handler-rejecting');
      await page.getByRole('button', { name: 'Reject transfer', exact: true }).click();
      await page.getByText(`Transfer rejected: the ${what} stays with its previous owner.`).waitFor();
      expect(await page.getByText('No transfers are waiting.').isVisible()).toBe(true);
      const jansItem = (await me(stack, 5)).equipment.find((e: any) => e.serialNumber === LUCIES_BODY.serial);
      expect(jansItem).toMatchObject({ status: 'REJECTED', countsTowardsTier: false });
      await screenshot(page, '09-handler-done');
    });
  });

  describe('a policy owner', () => {
    it('picks a candidate on the server: an invalid one shows its problems, a valid one its impact as a chart', async () => {
      // More Gold members with exactly three lenses: under the candidate they fall to Silver.
      for (let i = 0; i < 3; i++) await registerGoldKit(stack, await newMember(stack));

      const page = await open(await stack.token({ role: 'admin' }));
      await page.getByRole('heading', { name: 'Policy', level: 1 }).waitFor();
      expect(await page.getByRole('region', { name: 'Live policy' }).innerText()).toMatch(/Version\s+\w{6,}/i);
      const broken = page.getByRole('radio', { name: new RegExp(candidates.invalid) });
      expect(await page.getByRole('radio', { name: /Invalid · 2 problems/ }).count()).toBe(1);
      expect(await page.getByRole('radio', { name: /Valid · version/ }).count()).toBe(1);
      await broken.check();
      const problems = page.getByRole('region', { name: `Problems in ${candidates.invalid}` });
      await problems.waitFor();
      const problemRows = problems.getByRole('row');
      expect(await problemRows.nth(1).innerText()).toMatch(/tiers\.json\s+\/rules\/0\/conditions\/all\/0\s+a bodies threshold/);
      expect(await unnamedControls(page)).toEqual([]);
      await screenshot(page, '10-policy-invalid-candidate');

      await page.getByRole('radio', { name: new RegExp(candidates.valid) }).check();
      const impact = page.getByRole('region', { name: `Impact of ${candidates.valid}` });
      await impact.waitFor();
      const chart = impact.getByRole('img', { name: /Members per qualifying tier: now and under gold-needs-four-lenses/ });
      expect(await chart.count()).toBe(1);
      expect(await chart.locator('rect').count()).toBeGreaterThanOrEqual(6);
      // The change in words, beside the chart.
      expect(await impact.getByTestId('policy-changes').innerText()).toMatch(/Gold: lenses 3 → 4\./);
      const moves = await impact.getByRole('listitem').allInnerTexts();
      const goldToSilver = moves.find((text) => /Gold\s*→?\s*(to)?\s*Silver/.test(text));
      expect(goldToSilver).toBeDefined();
      // What the page shows is what the server computed: Lucie Dubois and the three new kits at least.
      const preview = await stack.query('query($c: String!) { policyPreview(candidate: $c) { transitions { from to count } } }', {
        token: await stack.token({ role: 'admin' }), variables: { c: candidates.valid },
      });
      const expected = preview.data.policyPreview.transitions.find((t: any) => t.from === 'GOLD' && t.to === 'SILVER').count;
      expect(expected).toBeGreaterThanOrEqual(4);
      expect(goldToSilver).toMatch(new RegExp(`:\\s*${expected}\\b`));
      expect(await problems.count()).toBe(0);
      expect(await unnamedControls(page)).toEqual([]);
      await screenshot(page, '11-policy-candidate-impact');
    });
  });

  it('a token the gateway refuses brings the person back to sign in, saying why', async () => {
    const part = (json: object) => Buffer.from(JSON.stringify(json)).toString('base64url');
    const forged = `${part({ alg: 'HS256' })}.${part({ sub: '1', roles: ['member'], exp: Math.floor(Date.now() / 1000) + 3600 })}.${'x'.repeat(43)}`;
    const watched = await openPage(browser, origin);
    await signIn(watched.page, origin, forged);
    await watched.page.getByText('The server refused the token').waitFor();
    expect(await watched.page.getByRole('heading', { name: 'Sign in' }).isVisible()).toBe(true);
    await watched.page.getByLabel('Access token').fill('not a token');
    await watched.page.getByRole('button', { name: 'Sign in' }).click();
    expect(await watched.page.getByRole('alert').innerText()).toMatch(/This is not a token/);
    expect(await watched.page.getByLabel('Access token').getAttribute('aria-invalid')).toBe('true');
    await watched.close();
  });

  it('no page loaded anything from another origin or logged an error', () => {
    expect(pages.length).toBeGreaterThanOrEqual(3);
    for (const { foreignRequests, pageErrors } of pages) {
      expect(foreignRequests).toEqual([]);
      expect(pageErrors).toEqual([]);
    }
  });
});
