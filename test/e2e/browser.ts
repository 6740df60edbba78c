/**
 * Headless Chromium for the end-to-end tests: Debian's /usr/bin/chromium driven by playwright-core
 * (which downloads no browser of its own). `.ci/run` installs the package when it is missing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = path.join(__dirname, 'screenshots');

/** A fresh, throwaway profile each launch (playwright makes a new user-data-dir for launch()). */
export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // Nothing leaves the machine: no background networking, pings, updates, sync or QUIC probes.
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--no-pings', '--disable-domain-reliability', '--disable-quic'],
  });
}

export interface WatchedPage {
  page: Page;
  /** Requests to anything but the gateway (must stay empty: no CDN, no fonts from elsewhere). */
  foreignRequests: string[];
  /** Uncaught errors and console errors of the page. */
  pageErrors: string[];
  /** The GraphQL POSTs the page made, with their operation text. */
  graphqlPosts: string[];
  close(): Promise<void>;
}

export const DESKTOP = { width: 1280, height: 900 };
/** A common phone (iPhone 12–15): the width every page must fit without scrolling sideways. */
export const PHONE = { width: 390, height: 844 };
export const VIEWPORTS = { desktop: DESKTOP, phone: PHONE } as const;

/** A page in a context of its own (its own sessionStorage: one person per page), in a browser set to `locale`. */
export async function openPage(browser: Browser, origin: string, viewport = DESKTOP, locale = 'en-GB'): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1, locale, isMobile: viewport === PHONE, hasTouch: viewport === PHONE });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const watched: WatchedPage = { page, foreignRequests: [], pageErrors: [], graphqlPosts: [], close: () => context.close() };
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(origin) && !url.startsWith('data:')) watched.foreignRequests.push(url);
    if (request.method() === 'POST' && new URL(url).pathname === '/graphql') watched.graphqlPosts.push(request.postData() ?? '');
  });
  page.on('pageerror', (error) => watched.pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') watched.pageErrors.push(message.text());
  });
  return watched;
}

/** Signs in on the sign-in page with a token, as a person pastes it. */
export async function signIn(page: Page, origin: string, token: string): Promise<void> {
  await page.goto(origin);
  await page.getByLabel('Access token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** The text of the elements a control's aria-describedby points at: what a screen reader adds. */
export function description(control: Locator): Promise<string> {
  return control.evaluate((el) =>
    (el.getAttribute('aria-describedby') ?? '')
      .split(/\s+/)
      .filter(Boolean)
      .map((id) => document.getElementById(id)?.textContent?.trim() ?? '')
      .join(' '),
  );
}

/** Every visible control without an accessible name (label, aria-label(ledby), or its text). */
export function unnamedControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const named = (el: Element) => {
      const labelledBy = el.getAttribute('aria-labelledby');
      if (labelledBy && labelledBy.split(/\s+/).some((id) => document.getElementById(id)?.textContent?.trim())) return true;
      if (el.getAttribute('aria-label')?.trim()) return true;
      const labels = (el as HTMLInputElement).labels;
      if (labels && [...labels].some((l) => l.textContent?.trim())) return true;
      if (['BUTTON', 'A', 'SUMMARY'].includes(el.tagName) && el.textContent?.trim()) return true;
      return false;
    };
    const visible = (el: Element) => (el as HTMLElement).offsetParent !== null || getComputedStyle(el).position === 'fixed';
    return [...document.querySelectorAll('input, select, textarea, button, a[href], summary, [role=img], progress')]
      .filter((el) => visible(el) && !named(el))
      .map((el) => el.outerHTML.slice(0, 120));
  });
}
