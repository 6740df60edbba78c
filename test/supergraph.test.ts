import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_FILE, composeSupergraph, SUPERGRAPH_FILE } from '@cps/schema';

describe('the supergraph build artefact', () => {
  it('schema/supergraph.graphql is what the subgraphs compose to now (run `npm run build` and commit it)', async () => {
    const fresh = await composeSupergraph();
    const committed = fs.readFileSync(SUPERGRAPH_FILE, 'utf8');
    expect(committed.trimEnd()).toBe(fresh.supergraph.trimEnd());
  });

  it('schema/api.graphql, the client-facing schema, is fresh too and shows no federation machinery', async () => {
    const fresh = await composeSupergraph();
    const committed = fs.readFileSync(API_FILE, 'utf8');
    expect(committed.replace(/^#.*\n/gm, '').trim()).toBe(fresh.api.trim());
    expect(committed).toMatch(/type Query \{[\s\S]*\bme: Member\b/);
    expect(committed).not.toMatch(/@join__|@link|_entities|_service|@key|@shareable/);
  });

  it('has every type, query and mutation name of the contract that is built so far', () => {
    const sdl = fs.readFileSync(SUPERGRAPH_FILE, 'utf8');
    for (const name of ['me', 'member', 'memberByNumber', 'product', 'productByModel', 'products', 'country', 'countries',
      'qualifyingTier', 'nextTier', 'countsTowardsTier', 'parallelImport', 'tierHistory', 'serialPattern', 'maxTier']) {
      expect(sdl).toMatch(new RegExp(`\\b${name}\\b`));
    }
    expect(sdl).toMatch(/enum Tier[\s\S]*SILVER[\s\S]*GOLD[\s\S]*PLATINUM/);
  });
});
