import path from 'node:path';
import express, { type Express, type Response } from 'express';

/** The reference frontend (gateway/web): static files, served by the gateway process. */
export const WEB_DIR = path.resolve(__dirname, '..', 'web');

/**
 * Everything the pages load comes from this server: no CDN scripts, styles or fonts, no inline
 * code. The pages talk to /graphql on the same origin only.
 */
export const WEB_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

function webHeaders(res: Response): void {
  // Revalidate every time (ETag): a new deployment is seen at once, unchanged files cost a 304.
  res.setHeader('Cache-Control', 'no-cache');
  res.setHeader('Content-Security-Policy', WEB_CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
}

export function mountWeb(app: Express): void {
  app.use(express.static(WEB_DIR, { index: 'index.html', fallthrough: true, setHeaders: webHeaders }));
}
