/**
 * What every page state is checked for, at desktop width and at a phone's: nothing wider than the
 * screen (no sideways scrolling, nothing cut off), no serious or critical accessibility issue
 * (axe-core, run inside the page), and a screenshot of each width in test/e2e/screenshots/.
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

export interface PageCheck {
  overflow: Record<string, string[]>;
  accessibility: Record<string, AxeIssue[]>;
}

/**
 * Looks at the page at both widths (the page's own size first, then the other), screenshots each
 * as `<name>.<width>.png`, and leaves the page at the size it had.
 */
export async function checkBothWidths(page: Page, name: string): Promise<PageCheck> {
  const own = page.viewportSize()!;
  const result: PageCheck = { overflow: {}, accessibility: {} };
  const order = Object.entries(VIEWPORTS).sort(([, a]) => (a.width === own.width ? -1 : 1));
  for (const [label, size] of order) {
    if (page.viewportSize()!.width !== size.width) await page.setViewportSize(size);
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    result.overflow[label] = await horizontalOverflow(page);
    result.accessibility[label] = await seriousAccessibilityIssues(page);
    await screenshot(page, `${name}.${label}`);
  }
  if (page.viewportSize()!.width !== own.width) await page.setViewportSize(own);
  return result;
}

/** The check as one expectation: no overflow and no serious issue at either width. */
export const FITS_AND_ACCESSIBLE: PageCheck = {
  overflow: { desktop: [], phone: [] },
  accessibility: { desktop: [], phone: [] },
};
