/**
 * What every page state is checked for, at desktop width and at a phone's: nothing wider than the
 * screen (no sideways scrolling, nothing cut off), no serious or critical accessibility issue
 * (axe-core, run inside the page), every control reachable with Tab, and a screenshot of each
 * width in test/e2e/screenshots/.
 */
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { screenshot, VIEWPORTS } from './browser';

// Evaluated through the DevTools protocol, which the page's CSP (script-src 'self') does not govern.
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Elements that stick out of the viewport or scroll sideways inside it, described for a failure message. */
export function horizontalOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const found: string[] = [];
    const name = (el: Element) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''}`;
    // Inside something that clips it and fits itself (a scroller is reported on its own below).
    const clipped = (el: Element) => {
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        const s = getComputedStyle(a);
        if (s.clip !== 'auto' && s.clip !== '' && s.position === 'absolute') return true;
        if (s.overflowX !== 'visible' && a.getBoundingClientRect().right <= width + 0.5) return true;
      }
      return false;
    };
    if (document.documentElement.scrollWidth > width) found.push(`the page is ${document.documentElement.scrollWidth}px wide in a ${width}px window`);
    for (const el of document.querySelectorAll('body *')) {
      const style = getComputedStyle(el);
      if (style.display === 'none' || style.visibility === 'hidden' || el.closest('.visually-hidden, dialog:not([open])')) continue;
      const box = el.getBoundingClientRect();
      if (box.width > 1 && box.right > width + 0.5 && !clipped(el)) found.push(`${name(el)} ends at ${Math.round(box.right)}px`);
      if (['auto', 'scroll'].includes(style.overflowX) && el.scrollWidth > el.clientWidth + 1) found.push(`${name(el)} scrolls sideways (${el.scrollWidth}px in ${el.clientWidth}px)`);
    }
    return found.slice(0, 10);
  });
}

export interface AxeIssue {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/** axe-core's serious and critical violations on the page as it is now. */
export async function seriousAccessibilityIssues(page: Page): Promise<AxeIssue[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (window as any).axe;
    const { violations } = await axe.run(document, { resultTypes: ['violations'] });
    return violations
      .filter((v: any) => v.impact === 'serious' || v.impact === 'critical')
      .map((v: any) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map((n: any) => n.target.join(' ')) }));
  });
}

/**
 * The form controls (and buttons) a keyboard cannot reach with Tab, described: every control that
 * is shown and enabled must be in the tab order. With a modal dialog open, only its controls count
 * (the page behind it is meant to be out of reach).
 */
export async function unreachableByKeyboard(page: Page): Promise<string[]> {
  const count = await page.evaluate(() => {
    const dialog = document.querySelector('dialog[open]');
    const scope = dialog ?? document.querySelector('main') ?? document.body;
    const controls = [...scope.querySelectorAll('input, select, textarea, button, summary')].filter((el) => {
      const style = getComputedStyle(el);
      const box = el.getBoundingClientRect();
      return !(el as HTMLButtonElement).disabled && (el as HTMLInputElement).type !== 'hidden' && style.visibility !== 'hidden' && box.width > 0 && box.height > 0;
    });
    controls.forEach((el, i) => el.setAttribute('data-keyboard-check', String(i)));
    // Put back afterwards: the test goes on from where the focus was (Tab continues from there).
    (window as any).__focusBeforeCheck = document.activeElement;
    (document.activeElement as HTMLElement | null)?.blur();
    return controls.length;
  });
  const reached = new Set<string>();
  // Enough presses to pass every control, the header's links and the page's own links.
  for (let i = 0; i < count + 30; i++) {
    await page.keyboard.press('Tab');
    const index = await page.evaluate(() => document.activeElement?.getAttribute('data-keyboard-check') ?? null);
    if (index !== null) reached.add(index);
    if (reached.size === count) break;
  }
  return page.evaluate((seen) => {
    const marked = [...document.querySelectorAll('[data-keyboard-check]')];
    const wasReached = (el: Element) => seen.includes(el.getAttribute('data-keyboard-check')!);
    // Tab reaches one radio of a group; the arrow keys move within it.
    const groupReached = (el: Element) =>
      (el as HTMLInputElement).type === 'radio' && marked.some((other) => (other as HTMLInputElement).type === 'radio' && (other as HTMLInputElement).name === (el as HTMLInputElement).name && wasReached(other));
    const missed = marked.filter((el) => !wasReached(el) && !groupReached(el));
    const described = missed.map((el) => `${el.tagName.toLowerCase()}${(el as HTMLInputElement).type ? `[type=${(el as HTMLInputElement).type}]` : ''}#${el.id} "${(el.getAttribute('aria-label') ?? el.textContent ?? (el as HTMLInputElement).name ?? '').trim().slice(0, 40)}"`);
    document.querySelectorAll('[data-keyboard-check]').forEach((el) => el.removeAttribute('data-keyboard-check'));
    const before = (window as any).__focusBeforeCheck as HTMLElement | null;
    if (before && before !== document.body && before.isConnected) before.focus();
    else {
      // Nothing had the focus: Tab must start from the top again, not from where the check stopped.
      const top = document.createElement('span');
      top.tabIndex = -1;
      document.body.prepend(top);
      top.focus();
      top.remove();
    }
    return described;
  }, [...reached]);
}

export interface PageCheck {
  overflow: Record<string, string[]>;
  accessibility: Record<string, AxeIssue[]>;
  /** Controls Tab never reaches (checked once, at the page's own width). */
  keyboard: string[];
}

/**
 * Looks at the page at both widths (the page's own size first, then the other), screenshots each
 * as `<name>.<width>.png`, and leaves the page at the size it had.
 */
export async function checkBothWidths(page: Page, name: string): Promise<PageCheck> {
  const own = page.viewportSize()!;
  const result: PageCheck = { overflow: {}, accessibility: {}, keyboard: [] };
  const order = Object.entries(VIEWPORTS).sort(([, a]) => (a.width === own.width ? -1 : 1));
  for (const [label, size] of order) {
    if (page.viewportSize()!.width !== size.width) await page.setViewportSize(size);
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    result.overflow[label] = await horizontalOverflow(page);
    result.accessibility[label] = await seriousAccessibilityIssues(page);
    await screenshot(page, `${name}.${label}`);
  }
  if (page.viewportSize()!.width !== own.width) await page.setViewportSize(own);
  result.keyboard = await unreachableByKeyboard(page);
  return result;
}

/** The check as one expectation: no overflow and no serious issue at either width, every control reachable by keyboard. */
export const FITS_AND_ACCESSIBLE: PageCheck = {
  overflow: { desktop: [], phone: [] },
  accessibility: { desktop: [], phone: [] },
  keyboard: [],
};
