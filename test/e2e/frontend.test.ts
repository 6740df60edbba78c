/**
 * The reference frontend (gateway/web) in headless Chromium against the real gateway: what a
 * newcomer, a member, a handler and an admin see and do, on a phone (390 × 844) and on a desktop,
 * in an English browser, and (the member's dashboard and sign-up) in a German one switched to French.
 * Every page state is checked at both widths (nothing sticks out, axe-core finds no serious
 * issue) and screenshotted to test/e2e/screenshots/<name>.<desktop|phone>.png.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { Browser, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../harness';
import { bodySerial, me, newMember, registerEquipment, registerGoldKit } from '../lifecycle/workflows';
import { benefitNameIn } from '../i18n/rule-texts';
import { description, launchChromium, openPage, PHONE, signIn, unnamedControls, type WatchedPage } from './browser';
import { checkBothWidths, FITS_AND_ACCESSIBLE } from './layout-checks';
import { makePolicyCandidates, makeRulesWithScheduledVersion } from './policy-candidates';

const ROOT = path.resolve(__dirname, '..', '..');
// After the next 1 January, so that it changes no member's outlook, only the policy page.
const SCHEDULED_DAY = `${new Date().getFullYear() + 2}-03-01`;
async function streamText(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += chunk.toString();
  return text;
}
const ADMIN_QUERY = (query: string, variables: object, stack: Stack) => stack.token({ role: 'admin' }).then((token) => stack.query(query, { token, variables }));

const TOM = 2; // the worked example: Silver, one Gold-capable body short of Gold
const ANNAS_LENS = { model: 'RF 24-70mm F2.8 L IS USM', serial: '7812004321' }; // active on Anna's account
const LUCIES_BODY = { productId: '10', model: 'EOS R6 Mark II', serial: '103021000042' }; // active on Lucie's account

describe('the reference frontend in Chromium', () => {
  let stack: Stack;
  let browser: Browser;
  let origin: string;
  const candidates = makePolicyCandidates();
  const rules = makeRulesWithScheduledVersion(SCHEDULED_DAY);
  const pages: WatchedPage[] = [];

  const watch = async (viewport?: typeof PHONE, locale?: string): Promise<WatchedPage> => {
    const watched = await openPage(browser, origin, viewport, locale);
    pages.push(watched);
    return watched;
  };
  const open = async (token: string, viewport?: typeof PHONE): Promise<Page> => {
    const { page } = await watch(viewport);
    await signIn(page, origin, token);
    return page;
  };
  /** Both widths: nothing wider than the screen, no serious accessibility issue; screenshots. */
  const expectFitsAndAccessible = async (page: Page, name: string) => expect(await checkBothWidths(page, name)).toEqual(FITS_AND_ACCESSIBLE);

  beforeAll(async () => {
    browser = await launchChromium(); // first: it fails at once, with a message, where Chromium is missing
    // Hardened, as deployed: every request the pages make must pass production's depth, alias and cost limits.
    stack = await startStack({ db: 'sqlite', rulesDir: rules.dir, env: { POLICY_CANDIDATES_DIR: candidates.dir, HARDENING: 'on' } });
    origin = new URL('/', stack.gatewayUrl).href.replace(/\/$/, '');
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
    candidates.remove();
    rules.remove();
  });

  describe('a member', () => {
    let member: WatchedPage;
    let page: Page;

    it('the sign-in page fits a phone and a desktop', async () => {
      const { page } = await watch(PHONE);
      const response = await page.goto(origin);
      // Served by the gateway, allowed to load nothing from elsewhere.
      expect(response?.headers()['content-security-policy']).toMatch(/default-src 'self'/);
      expect(await page.getByRole('heading', { name: 'Sign in' }).isVisible()).toBe(true);
      expect(await page.getByText('npm run token -- --member').isVisible()).toBe(true);
      expect(await unnamedControls(page)).toEqual([]);
      await expectFitsAndAccessible(page, '01-sign-in');
    });

    it('pastes what `npm run token` printed (the token alone), with "Bearer " or without, and sees the dashboard from ONE request', async () => {
      const printed = spawnSync('npm', ['run', 'token', '--', '--member', String(TOM)], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, AUTH_SECRET: '' } });
      expect(printed.status).toBe(0);
      // Nothing but the token on stdout: no "> token" banner of npm's.
      expect(printed.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);

      member = await watch(PHONE);
      page = member.page;
      await page.goto(origin);
      await page.getByLabel('Access token').fill(`Bearer ${printed.stdout}`);
      const before = member.graphqlPosts.length;
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Tom Baker', level: 1 }).waitFor();
      await page.waitForTimeout(300); // nothing else may follow
      const dashboardPosts = member.graphqlPosts.slice(before);
      expect(dashboardPosts).toHaveLength(1);
      expect(JSON.parse(dashboardPosts[0]).query).toMatch(/query Dashboard/);

      // Signed out and in again with the bare token as printed (its line break and all).
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByLabel('Access token').fill(printed.stdout);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Tom Baker', level: 1 }).waitFor();
    });

    it('sees tier, card, benefits, equipment marks, what is missing and why — in words, with one member number', async () => {
      const tier = page.getByRole('region', { name: 'Membership tier' });
      expect(await tier.innerText()).toMatch(/Silver[\s\S]*Qualifying tier today: Silver/);
      const next = page.getByRole('region', { name: 'What is missing for the next tier' });
      expect(await next.innerText()).toMatch(/Gold[\s\S]*Still needed: 1 more body counting towards Gold/);
      expect(await next.getByRole('progressbar', { name: 'Bodies: 1 of 2' }).count()).toBe(1);
      expect(await page.getByTestId('outlook').innerText()).toMatch(/On 1 Jan \d{4}[\s\S]*Silver[\s\S]*Your tier stays as it is/i);
      expect(await page.getByRole('region', { name: 'Membership card' }).innerText()).toMatch(/Requested/);
      expect(await page.getByRole('region', { name: 'Your benefits' }).getByRole('listitem').count()).toBeGreaterThan(0);
      const equipment = page.getByRole('table', { name: 'Registered equipment' });
      expect(await equipment.getByRole('row').count()).toBe(1 + 5);
      expect(await equipment.getByRole('row', { name: /EF 16-35mm f\/2.8L III USM/ }).innerText()).toMatch(/Parallel import/);
      expect(await equipment.getByRole('row', { name: /EOS 80D/ }).innerText()).toMatch(/Silver/);
      // The programme's number, in the page and in the top bar; never the database id.
      expect(await page.getByText('Member number 10000002 · United Kingdom').isVisible()).toBe(true);
      expect(await page.locator('[data-identity]').textContent()).toBe('Member 10000002');

      const why = page.getByRole('region', { name: 'Why this tier' });
      const words = await why.getByTestId('why-words').innerText();
      expect(words).toMatch(/Your equipment qualifies for Silver: two bodies and three lenses count towards Silver\./);
      expect(words).toMatch(/Your EOS 80D can count up to Silver; Gold needs two bodies that count towards Gold\./);
      expect(words).toMatch(/You have one, so one more body is needed\./);
      expect(words).not.toMatch(/Rule "|not met|\bmet\b|SILVER|GOLD/);
      // The engine's trace is still there, for staff, behind "details".
      const trace = why.getByText(/Rule "Gold": not met/);
      expect(await trace.isVisible()).toBe(false);
      await why.getByText('Details for staff').click();
      expect(await trace.isVisible()).toBe(true);
      expect(await unnamedControls(page)).toEqual([]);
      await expectFitsAndAccessible(page, '02-member-dashboard');
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
      await expectFitsAndAccessible(page, '03-register-bad-serial');

      const good = bodySerial();
      await serial.fill(good);
      expect(await serial.getAttribute('aria-invalid')).toBeNull();
      await page.getByRole('button', { name: 'Register item' }).click();
      await page.getByText(`EOS R6 (serial ${good}) is registered and counts towards your tier.`).waitFor();
      expect(await page.getByRole('region', { name: 'Membership tier' }).innerText()).toMatch(/Gold[\s\S]*Qualifying tier today: Gold/);
      expect(await page.getByRole('table', { name: 'Registered equipment' }).getByRole('row', { name: new RegExp(good) }).count()).toBe(1);
      expect((await me(stack, TOM)).tier).toBe('GOLD');
      await expectFitsAndAccessible(page, '04-member-registered-gold');
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
      expect(await page.getByTestId('why-words').innerText()).toMatch(/Your RF 24-70mm F2\.8 L IS USM counts for you once a handler has confirmed the transfer\./);
      await expectFitsAndAccessible(page, '05-member-pending-transfer');
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
      expect(outlook).toMatch(/Qualifies for no tier[\s\S]*Your tier falls then/);
      await expectFitsAndAccessible(page, '05b-member-outlook');
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
      expect(await lucie.getByTestId('why-words').innerText()).toMatch(/Your EOS 7D is no longer supported by the programme/);
      await expectFitsAndAccessible(lucie, '06-member-marks');

      const kadri = await open(await stack.token({ member: 4 }));
      await kadri.getByRole('heading', { name: 'Kadri Tamm', level: 1 }).waitFor();
      expect(await kadri.getByText('Silver-only country').isVisible()).toBe(true);
      expect(await kadri.getByRole('region', { name: 'What is missing for the next tier' }).innerText()).toMatch(/No higher tier: Estonia \(EE\) is Silver-only/);
      expect(await kadri.getByTestId('why-words').innerText()).toMatch(/You live in Estonia, where Silver is the highest tier the programme offers: no equipment can take you higher\./);
    });
    it('corrects estimated details and removes a sold item, each by keyboard, removing only after asking once more', async () => {
      const lucie = await open(await stack.token({ member: 3 }), PHONE);
      await lucie.getByRole('heading', { name: 'Lucie Dubois', level: 1 }).waitFor();
      const items = lucie.getByRole('table', { name: 'Registered equipment' });
      const fiveD = items.getByRole('row', { name: /EOS 5D Mark IV/ });
      await fiveD.getByRole('button', { name: /Correct details of EOS 5D Mark IV/ }).focus();
      await lucie.keyboard.press('Enter');
      const dialog = lucie.getByRole('dialog', { name: 'Correct the details of the EOS 5D Mark IV' });
      await dialog.waitFor();
      await dialog.getByLabel('Dealer').fill('Fnac Paris');
      await dialog.getByLabel('Purchase date').fill('2023-03-14');
      await expectFitsAndAccessible(lucie, '06b-member-correct-details');
      await dialog.getByLabel('Dealer').press('Enter'); // submits the form
      await lucie.getByText('The details of the EOS 5D Mark IV').waitFor();
      expect(await items.getByRole('row', { name: /EOS 5D Mark IV/ }).innerText()).not.toMatch(/Estimated/);
      const stored = await stack.query('{ me { equipment { product { model } dealer estimated purchaseDate } } }', { token: await stack.token({ member: 3 }) });
      expect(stored.data.me.equipment.find((e: any) => e.product.model === 'EOS 5D Mark IV')).toMatchObject({ dealer: 'Fnac Paris', estimated: false, purchaseDate: '2023-03-14' });

      // Remove asks first; Cancel (the focused, safe choice) keeps the item.
      await items.getByRole('button', { name: /Remove EOS 7D,/ }).click();
      const ask = lucie.getByRole('dialog', { name: 'Remove the EOS 7D?' });
      expect(await ask.innerText()).toMatch(/sold it or lost it/);
      await lucie.keyboard.press('Enter');
      await ask.waitFor({ state: 'detached' });
      expect(await items.getByRole('row', { name: /EOS 7D/ }).count()).toBe(1);
      await items.getByRole('button', { name: /Remove EOS 7D,/ }).click();
      await lucie.getByRole('button', { name: 'Remove item' }).click();
      await lucie.getByText(/The EOS 7D \(serial \w+\) is removed from your account\./).waitFor();
      expect(await items.getByRole('row', { name: /EOS 7D/ }).count()).toBe(0);
      await lucie.locator('summary', { hasText: 'Earlier items' }).click();
      expect(await lucie.getByRole('table', { name: 'Earlier items' }).getByRole('row', { name: /EOS 7D/ }).innerText()).toMatch(/Removed/);
    });

    let newcomer: { id: string; number: string };
    it('signs up on a phone by keyboard alone: the same field errors as the API, then the member number', async () => {
      const { page } = await watch(PHONE);
      await page.goto(origin);
      await page.getByRole('link', { name: 'Join the programme' }).click();
      await page.getByRole('heading', { name: 'Join the programme', level: 1 }).waitFor();
      await expectFitsAndAccessible(page, '12-sign-up');
      // Focus is on the heading: the form follows in tab order.
      const email = `newcomer-${Date.now()}@example.com`;
      for (const text of ['Ana Lima', email, 'Rua Augusta 12', '1100-053', 'Lisboa']) {
        await page.keyboard.press('Tab');
        await page.keyboard.type(text);
      }
      await page.keyboard.press('Tab'); // the country: somewhere outside the programme
      expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('address.countryCode');
      await page.keyboard.type('Another'); // a closed select picks the option typed
      await page.keyboard.press('Tab');
      await page.keyboard.type('us');
      await page.keyboard.press('Enter');
      const code = page.getByLabel('Country code');
      await page.getByText(/needs an official address in one of its countries, and US is not one/).waitFor();
      expect(await code.getAttribute('aria-invalid')).toBe('true');
      expect(await description(code)).toMatch(/US is not one/);
      expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('otherCountry');
      await expectFitsAndAccessible(page, '13-sign-up-outside-programme');

      await page.keyboard.press('Shift+Tab');
      await page.keyboard.type('Portugal');
      expect(await page.getByLabel('Country', { exact: true }).inputValue()).toBe('PT');
      await page.keyboard.press('Tab'); // the code field is gone: on to the button
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Join the programme');
      await page.keyboard.press('Enter');
      const number = page.getByTestId('new-member-number');
      await number.waitFor();
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Welcome, Ana Lima');
      const stored = await ADMIN_QUERY('query($n: String!) { memberByNumber(number: $n) { id number name language country { code } card { status } } }', { n: await number.innerText() }, stack);
      // Signed up from an English page: English is her language (not Portugal's Portuguese, which the programme does not write).
      expect(stored.data.memberByNumber).toMatchObject({ name: 'Ana Lima', language: 'en', country: { code: 'PT' }, card: { status: 'REQUESTED' } });
      newcomer = stored.data.memberByNumber;
      await expectFitsAndAccessible(page, '14-signed-up');
    });

    it('edits their details, downloads their data and deletes the account after a confirmation', async () => {
      const page = await open(await stack.token({ member: newcomer.id }), PHONE);
      await page.getByRole('heading', { name: 'Ana Lima', level: 1 }).waitFor();
      // No equipment yet: what the first tier needs, in words.
      expect(await page.getByTestId('why-words').innerText()).toMatch(/qualifies for no tier yet\.\s+Silver needs two bodies that count towards Silver\.\s+You have none yet: register two more bodies whose model counts up to Silver or higher\./);
      const account = page.getByRole('region', { name: 'Your account' });
      expect(await account.innerText()).toMatch(new RegExp(`Member number\\s+${newcomer.number}`, 'i'));
      await account.getByRole('button', { name: 'Edit details' }).click();
      const email = account.getByLabel('E-mail address');
      await email.fill('not-an-address');
      await account.getByLabel('City').fill('Porto');
      await account.getByRole('button', { name: 'Save details' }).click();
      await account.getByText('Your details were not changed.').waitFor();
      expect(await email.getAttribute('aria-invalid')).toBe('true');
      await expectFitsAndAccessible(page, '15-member-edit-details');
      await email.fill('ana.lima@example.com');
      await email.press('Enter');
      await page.getByText('Your details are saved.').waitFor();
      expect(await page.getByRole('region', { name: 'Your account' }).innerText()).toMatch(/ana\.lima@example\.com[\s\S]*Porto/);

      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download my data' }).click()]);
      expect(download.suggestedFilename()).toBe(`cps-member-${newcomer.number}.json`);
      const exported = JSON.parse(await streamText(await download.createReadStream()));
      expect(JSON.stringify(exported)).toMatch(/ana\.lima@example\.com/);

      await page.getByRole('button', { name: 'Delete my account…' }).click();
      const ask = page.getByRole('dialog', { name: 'Delete your account?' });
      expect(await ask.innerText()).toMatch(new RegExp(`ends membership ${newcomer.number}[\\s\\S]*cannot be undone`));
      await expectFitsAndAccessible(page, '16-member-delete-confirm');
      await ask.getByRole('button', { name: 'Cancel' }).click();
      expect((await ADMIN_QUERY('query($id: ID!) { member(id: $id) { name } }', { id: newcomer.id }, stack)).data.member.name).toBe('Ana Lima');
      await page.getByRole('button', { name: 'Delete my account…' }).click();
      await page.getByRole('button', { name: 'Delete my account', exact: true }).click();
      await page.getByText(new RegExp(`Your account ${newcomer.number} was deleted`)).waitFor();
      expect(await page.getByRole('heading', { name: 'Sign in' }).isVisible()).toBe(true);
      expect((await ADMIN_QUERY('query($id: ID!) { member(id: $id) { name } }', { id: newcomer.id }, stack)).data?.member?.name ?? null).not.toBe('Ana Lima');
    });
  });

  describe('in the member\'s language', () => {
    /** A day as the page writes it in `locale` ('14. März 2023', '14 mars 2023'), worked out here by Node's own Intl. */
    const dayIn = (locale: string, isoDay: string) =>
      new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric' }).format(new Date(`${isoDay}T12:00:00Z`));
    const isPublicGet = (operation: string) => (request: Request) =>
      request.method() === 'GET' && new URL(request.url()).pathname === '/graphql' && new URL(request.url()).searchParams.get('query')!.includes(`query ${operation}`);
    const benefitNames = (page: Page) => page.getByRole('region', { name: /^(Ihre Vorteile|Vos avantages)$/ }).locator('li strong').allInnerTexts();

    it('a German browser gets the dashboard in German, with the API\'s German texts; French is one switch away, kept across a reload', async () => {
      const member = await newMember(stack); // lives in Germany: German is their own language too
      await registerGoldKit(stack, member);
      const token = await stack.token({ member });
      const english = await stack.query('{ me { number benefits { name } outlook { on } } }', { token, headers: { 'accept-language': 'en' } });
      const { number, outlook } = english.data.me;
      const namesIn = (language: string) => english.data.me.benefits.map((b: any) => benefitNameIn(language)(b.name));

      const { page } = await watch(PHONE, 'de-DE');
      await page.goto(origin);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('de');
      await page.getByLabel('Zugangstoken').fill(token);
      const dashboardAnswer = page.waitForResponse((r) => r.request().method() === 'POST' && /query Dashboard/.test(r.request().postData() ?? ''));
      await page.getByRole('button', { name: 'Anmelden' }).click();
      const answer = await dashboardAnswer;
      expect(await answer.request().headerValue('accept-language')).toBe('de');
      expect(answer.headers()['content-language']).toBe('de');
      await page.getByRole('heading', { name: /^Test Member/, level: 1 }).waitFor();

      // Page words, the programme's words (benefits from the API), dates and the country, all German.
      expect(await page.getByRole('region', { name: 'Mitgliedsstufe' }).innerText()).toMatch(/Gold[\s\S]*Heute erreichte Stufe: Gold/);
      expect((await page.getByTestId('outlook').innerText()).toLowerCase()).toContain(`am ${dayIn('de-DE', outlook.on)}`.toLowerCase()); // "Am 1. Jan. 2027"
      expect(await page.getByText(`Mitgliedsnummer ${number} · Deutschland`).isVisible()).toBe(true);
      const items = page.getByRole('table', { name: 'Registrierte Ausrüstung' });
      expect(await items.getByRole('row', { name: /EOS R6/ }).first().innerText()).toContain(dayIn('de-DE', '2024-05-01')); // "1. Mai 2024"
      expect(await benefitNames(page)).toEqual(namesIn('de'));
      expect(namesIn('de')).not.toEqual(namesIn('en'));
      expect(await page.getByTestId('why-words').innerText()).toMatch(/^Ihre Ausrüstung qualifiziert für Gold: zwei Gehäuse und drei Objektive zählen für Gold\./);
      expect(await page.getByTestId('language-offer').count()).toBe(0); // German is already the member's language

      // The catalogue: anonymous, by GET, in German, cacheable by anyone.
      const catalogueRequest = page.waitForRequest(isPublicGet('RegisterForm'));
      await page.getByRole('button', { name: 'Gerät registrieren' }).click();
      const catalogue = await catalogueRequest;
      expect(await catalogue.headerValue('accept-language')).toBe('de');
      expect(await catalogue.headerValue('authorization')).toBeNull();
      expect((await catalogue.response())!.headers()['cache-control']).toBe('max-age=60, public');
      expect(await page.getByLabel('Modell', { exact: true }).locator('optgroup').first().getAttribute('label')).toBe('Gehäuse');
      await page.getByRole('button', { name: 'Abbrechen' }).click();
      await expectFitsAndAccessible(page, '20-member-dashboard-de');

      // Switched to French: drawn again in place (no reload), the API asked in French.
      await page.evaluate(() => ((window as any).notReloaded = true));
      const frenchAnswer = page.waitForResponse((r) => r.request().method() === 'POST' && /query Dashboard/.test(r.request().postData() ?? ''));
      // Every language the pages have, each named in itself.
      expect(await page.getByLabel('Sprache').locator('option').evaluateAll((options) => options.map((o) => [o.getAttribute('value'), o.getAttribute('lang'), o.textContent]))).toEqual([
        ['en', 'en', 'English'],
        ['de', 'de', 'Deutsch'],
        ['fr', 'fr', 'Français'],
      ]);
      await page.getByLabel('Sprache').selectOption('fr');
      expect(await (await frenchAnswer).request().headerValue('accept-language')).toBe('fr');
      await page.getByRole('region', { name: 'Niveau d’adhésion' }).waitFor();
      expect(await page.evaluate(() => [document.documentElement.lang, (window as any).notReloaded])).toEqual(['fr', true]);
      // The first of a month in French is "1er" ("le 1er janv. 2027"), which Intl does not write.
      expect((await page.getByTestId('outlook').innerText()).toLowerCase()).toContain(`le ${dayIn('fr-FR', outlook.on).replace(/^1 /, '1er ')}`.toLowerCase());
      expect(await items.count()).toBe(0);
      expect(await page.getByRole('table', { name: 'Équipement enregistré' }).getByRole('row', { name: /EOS R6/ }).first().innerText()).toContain('1er mai 2024');
      expect(await benefitNames(page)).toEqual(namesIn('fr'));
      expect(await page.getByTestId('why-words').innerText()).toMatch(/^Votre équipement donne droit au niveau Or\s:/);
      await expectFitsAndAccessible(page, '21-member-dashboard-fr');

      // The programme still writes in German: one click makes French the member's own language.
      const offer = page.getByTestId('language-offer');
      expect(await offer.innerText()).toMatch(/e-mails en allemand/);
      await offer.getByRole('button', { name: 'Les recevoir en français' }).click();
      await page.getByText('Le programme vous écrit désormais en français.').waitFor();
      expect((await stack.query('{ me { language } }', { token })).data.me.language).toBe('fr');
      expect(await page.getByTestId('member-language').innerText()).toBe('français');

      // Kept for next time: a reload stays French.
      await page.reload();
      await page.getByRole('region', { name: 'Niveau d’adhésion' }).waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('fr');
      expect(await page.getByLabel('Langue', { exact: true }).inputValue()).toBe('fr');

      // The member's language is one of their details too.
      await page.getByRole('button', { name: 'Modifier' }).click();
      const ownLanguage = page.getByLabel('Langue des e-mails du programme');
      expect(await ownLanguage.inputValue()).toBe('fr');
      await ownLanguage.selectOption('de');
      await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
      await page.getByText('Vos informations sont enregistrées.').waitFor();
      expect((await stack.query('{ me { language } }', { token })).data.me.language).toBe('de');
      expect(await page.getByTestId('member-language').innerText()).toBe('allemand');
    });

    it('sign-up in German and in French: the country list by GET in each language, and the layout holds for the longer words', async () => {
      const { page } = await watch(PHONE, 'de-AT'); // Austrian German is German
      const countriesIn = (language: string) =>
        page.waitForRequest(async (request) => isPublicGet('Countries')(request) && (await request.headerValue('accept-language')) === language);
      await page.goto(origin);
      const german = countriesIn('de');
      await page.getByRole('link', { name: 'Dem Programm beitreten' }).click();
      await page.getByRole('heading', { name: 'Dem Programm beitreten', level: 1 }).waitFor();
      // Cacheable by anyone, one copy per language (else the browser would answer the French request below in German).
      const answer = (await (await german).response())!.headers();
      expect([answer['cache-control'], answer['vary']]).toEqual(['max-age=60, public', 'accept-language']);
      // Countries named and sorted in German: Österreich among the Ö, after Niederlande.
      const names = await page.getByLabel('Land', { exact: true }).locator('optgroup').first().locator('option').allInnerTexts();
      expect(names).toEqual(expect.arrayContaining(['Deutschland', 'Österreich', 'Vereinigtes Königreich']));
      expect(names.indexOf('Österreich')).toBeGreaterThan(names.indexOf('Niederlande'));
      await expectFitsAndAccessible(page, '22-sign-up-de');

      const french = countriesIn('fr');
      await page.getByLabel('Sprache').selectOption('fr');
      await page.getByRole('heading', { name: 'Rejoindre le programme', level: 1 }).waitFor();
      await french;
      expect(await page.getByLabel('Pays', { exact: true }).locator('option', { hasText: 'Allemagne' }).count()).toBe(1);
      expect(await page.getByLabel('Nom', { exact: true }).count()).toBe(1);
      await expectFitsAndAccessible(page, '23-sign-up-fr');
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
      const facts = await tomsItem.innerText();
      // What the decision rests on: who holds the serial now, when it was asked, the purchase, the estimate.
      expect(facts).toMatch(/New owner\s+Tom Baker \(10000002\)/i);
      expect(facts).toMatch(/Holds the serial now\s+Anna Schmidt \(10000001\)/i);
      expect(facts).toMatch(/Requested\s+\d{1,2} \w{3} \d{4}, \d\d:\d\d/i);
      expect(facts).toMatch(/Bought\s+1 Feb 2025 · Germany/i);
      expect(facts).toMatch(/Dealer\s+private sale/i);
      expect(facts).toMatch(/Details\s+As on the receipt/i);
      expect(await page.getByRole('heading', { name: '2 transfers waiting' }).count()).toBe(1);
      expect(await unnamedControls(page)).toEqual([]);
      await expectFitsAndAccessible(page, '07-handler-pending-transfers');

      // Confirming asks once more, with the facts; Cancel changes nothing.
      const confirmTom = page.getByRole('button', { name: `Confirm transfer of ${ANNAS_LENS.model}, serial ${ANNAS_LENS.serial}` });
      await confirmTom.click();
      const ask = page.getByRole('dialog', { name: 'Confirm this transfer?' });
      expect(await ask.innerText()).toMatch(/moves from Anna Schmidt \(10000001\) to Tom Baker \(10000002\)/);
      await expectFitsAndAccessible(page, '07b-handler-confirm-step');
      await ask.getByRole('button', { name: 'Cancel' }).click();
      expect((await me(stack, TOM)).equipment.find((e: any) => e.serialNumber === ANNAS_LENS.serial).status).toBe('PENDING_TRANSFER');
      await confirmTom.click();
      await page.getByRole('button', { name: 'Yes, confirm transfer' }).click();
      await page.getByText(`Transfer confirmed: the ${ANNAS_LENS.model}, serial ${ANNAS_LENS.serial} now belongs to Tom Baker (10000002). Decided by handler.`).waitFor();
      expect(await page.getByRole('heading', { name: '1 transfer waiting' }).count()).toBe(1);
      const tomsLens = (await me(stack, TOM)).equipment.find((e: any) => e.serialNumber === ANNAS_LENS.serial);
      expect(tomsLens).toMatchObject({ status: 'ACTIVE', countsTowardsTier: true });

      const what = `${LUCIES_BODY.model}, serial ${LUCIES_BODY.serial}`;
      await page.getByRole('button', { name: `Reject transfer of ${what}` }).click();
      const reason = page.getByLabel(`Reason for rejecting the transfer of ${what}`);
      await page.getByRole('button', { name: 'Reject transfer', exact: true }).click();
      await page.getByText('Say why').waitFor();
      expect(await reason.getAttribute('aria-invalid')).toBe('true');
      await reason.fill('No proof of purchase');
      await expectFitsAndAccessible(page, '08-handler-rejecting');
      await page.getByRole('button', { name: 'Reject transfer', exact: true }).click();
      await page.getByText(`Transfer rejected: the ${what} stays with its previous owner. Decided by handler.`).waitFor();
      expect(await page.getByText('No transfers are waiting.').isVisible()).toBe(true);
      const decided = await page.getByRole('region', { name: 'Decided in this session' }).innerText();
      expect(decided).toMatch(/Rejected: the EOS R6 Mark II, serial 103021000042 stays with Lucie Dubois \(10000003\) \(“No proof of purchase”\) — by handler/);
      expect(decided).toMatch(/Confirmed: the RF 24-70mm F2\.8 L IS USM, serial 7812004321 now belongs to Tom Baker \(10000002\)/);
      const jansItem = (await me(stack, 5)).equipment.find((e: any) => e.serialNumber === LUCIES_BODY.serial);
      expect(jansItem).toMatchObject({ status: 'REJECTED', countsTowardsTier: false });
      await expectFitsAndAccessible(page, '09-handler-done');
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
      await expectFitsAndAccessible(page, '10-policy-invalid-candidate');

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
      await expectFitsAndAccessible(page, '11-policy-candidate-impact');
    });

    it('sees the scheduled version: its day, the change in words and its impact at that date', async () => {
      const page = await open(await stack.token({ role: 'admin' }), PHONE);
      const scheduled = page.getByRole('region', { name: 'Scheduled versions' });
      await scheduled.getByTestId('policy-changes').waitFor();
      const dayWords = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' }).format(new Date(`${SCHEDULED_DAY}T12:00:00Z`));
      expect(await scheduled.getByRole('heading', { level: 3, name: `From ${dayWords}` }).count()).toBe(1);
      expect(await scheduled.getByTestId('policy-changes').innerText()).toMatch(/Platinum: lenses 4 → 5\./);
      const impact = scheduled.getByRole('region', { name: `Impact on ${dayWords}` });
      const preview = await ADMIN_QUERY('query($c: String!) { policyPreview(candidate: $c) { membersEvaluated } }', { c: `scheduled/${SCHEDULED_DAY}` }, stack);
      expect(await impact.getByRole('definition').first().innerText()).toBe(String(preview.data.policyPreview.membersEvaluated));
      expect(await page.getByRole('radio', { name: /scheduled\// }).count()).toBe(0); // not offered again as a candidate
      await expectFitsAndAccessible(page, '17-policy-scheduled');
    });

    it('sends cards: the ones requested or overdue, each marked sent', async () => {
      const page = await open(await stack.token({ role: 'admin' }), PHONE);
      await page.getByRole('link', { name: 'Cards' }).click();
      await page.getByRole('heading', { name: 'Membership cards', level: 1 }).waitFor();
      const waiting = await ADMIN_QUERY('{ members(first: 200) { number name card { status } } }', {}, stack);
      const toSend = waiting.data.members.filter((m: any) => m.card.status !== 'SENT');
      expect(toSend.length).toBeGreaterThan(0);
      const list = page.getByRole('list').filter({ has: page.getByRole('button', { name: /^Mark sent: the card of/ }) });
      expect(await list.getByRole('listitem').count()).toBe(toSend.length);
      const tom = page.getByRole('listitem', { name: 'Tom Baker (10000002)' });
      expect(await tom.innerText()).toMatch(/Requested|Overdue/);
      await expectFitsAndAccessible(page, '18-admin-cards');
      await tom.getByRole('button', { name: 'Mark sent: the card of Tom Baker (10000002)' }).click();
      await tom.getByText(/^Sent on /).waitFor();
      expect((await me(stack, TOM)).card.status).toBe('SENT');
    });

    it('sees the 1 January run: its state and report', async () => {
      const page = await open(await stack.token({ role: 'admin' }), PHONE);
      await page.getByRole('link', { name: '1 January run' }).click();
      await page.getByRole('heading', { name: '1 January run', level: 1 }).waitFor();
      const asOf = `${new Date().getFullYear()}-01-01`;
      const run = page.getByRole('region', { name: /^The run of 1 Jan/ });
      await run.waitFor();
      let report = (await ADMIN_QUERY('query($d: Date!) { recalculation(asOf: $d) { state membersProcessed } }', { d: asOf }, stack)).data.recalculation;
      if (!report) {
        expect(await run.innerText()).toMatch(/No run for 1 Jan/);
        await run.getByRole('button', { name: /Run it for/ }).click();
        await page.getByText(/The run of 1 Jan \d{4} is/).waitFor();
        report = (await ADMIN_QUERY('query($d: Date!) { recalculation(asOf: $d) { state membersProcessed } }', { d: asOf }, stack)).data.recalculation;
      }
      const shown = page.getByRole('region', { name: /^The run of 1 Jan/ });
      expect(await shown.getByTestId('run-state').innerText()).toMatch(report.state === 'COMPLETED' ? /^Completed · started .*, completed / : /^Running/);
      expect(await shown.innerText()).toMatch(new RegExp(`Members processed\\s+${report.membersProcessed}`, 'i'));
      await expectFitsAndAccessible(page, '19-admin-yearly-run');
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
