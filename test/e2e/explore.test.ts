import fs from 'node:fs'; import os from 'node:os'; import path from 'node:path';
import { it } from 'vitest';
import { startStack } from '../harness';
it('explore', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cand-'));
  fs.cpSync('rules', path.join(dir, 'gold-four-lenses'), { recursive: true });
  const f = path.join(dir, 'gold-four-lenses', 'tiers.json');
  const t = JSON.parse(fs.readFileSync(f, 'utf8'));
  t.rules[1].conditions.all[1].value = 4; t.version = '1.1.0';
  fs.writeFileSync(f, JSON.stringify(t, null, 2));
  fs.cpSync('rules', path.join(dir, 'broken'), { recursive: true });
  const g = path.join(dir, 'broken', 'tiers.json');
  const u = JSON.parse(fs.readFileSync(g, 'utf8')); u.rules[0].conditions.all[0].value = 'two'; fs.writeFileSync(g, JSON.stringify(u, null, 2));
  const stack = await startStack({ db: 'sqlite', env: { POLICY_CANDIDATES_DIR: dir } });
  try {
    const admin = await stack.token({ role: 'admin' });
    const log = (x: any) => console.log(JSON.stringify(x, null, 1));
    log(await stack.query('{ policyCandidates { name version valid problems { file pointer message } } policyStatus { version loadedAt lastRejection { file } lastRejectedAt } }', { token: admin }));
    log(await stack.query('{ policyPreview(candidate: "gold-four-lenses") { candidate candidateVersion liveVersion membersEvaluated unchanged tierCounts { tier current candidate } transitions { from to count sample } videoGained videoLost } }', { token: admin }));
    const m3 = await stack.token({ member: 3 });
    log(await stack.query('{ me { name tier qualifyingTier nextTier { tier missingBodies missingLenses } tierExplanation { lines items { equipmentId model counts countsTowards reason } nextTierBlockedBy } equipment { id notice transferNote status product { model supported } } benefits { code name description } } }', { token: m3 }));
    log(await stack.query('{ me { name tierExplanation { lines nextTierBlockedBy } } }', { token: await stack.token({ member: 4 }) }));
    log(await stack.query('{ me { name tierExplanation { lines nextTierBlockedBy } } }', { token: await stack.token({ member: 5 }) }));
    log(await stack.query('mutation { registerEquipment(input: { productId: "11", serialNumber: "12 34", purchaseDate: "2024-01-01", purchaseCountryCode: "DE", dealer: "x" }) { id } }', { token: m3 }));
    log(await stack.query('mutation { registerEquipment(input: { productId: "11", serialNumber: "123412341234", purchaseDate: "2024-13-01", purchaseCountryCode: "DE", dealer: "x" }) { id } }', { token: m3 }));
    log(await stack.query('{ countries { code name maxTier } }'));
    const r = await fetch(new URL('/', stack.gatewayUrl)); console.log(r.status, r.headers.get('content-type'));
  } finally { await stack.close(); }
}, 60000);
