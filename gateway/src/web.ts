import path from 'node:path';
import express, { type Express } from 'express';

/** The reference frontend (gateway/web): static files, served by the gateway process. */
export const WEB_DIR = path.resolve(__dirname, '..', 'web');

export function mountWeb(app: Express): void {
  app.use(express.static(WEB_DIR, { index: 'index.html', fallthrough: true }));
}
