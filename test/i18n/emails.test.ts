import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, openStackDatabase, stackFor } from '../harness';
import { bodySerial, newMember, PRODUCTS, registerEquipment } from '../lifecycle/workflows';
import { ruleText } from './rule-texts';

const REJECT = 'mutation($id: ID!, $reason: String!) { rejectTransfer(equipmentId: $id, reason: $reason) { status } }';
const SET_LANGUAGE = 'mutation($id: ID!, $language: String!) { updateMember(id: $id, input: { language: $language }) { language } }';

describe.each(databaseKinds())("second-hand e-mails in their readers' languages (%s)", (db) => {
  const stack = stackFor({ db });
  let members: DataSource;
  beforeAll(async () => {
    members = await openStackDatabase(stack, 'members');
  });
  afterAll(() => members?.destroy());

  /** What the outbox holds about a serial: every e-mail written, as it will be sent. */
  const mailsAbout = async (serial: string): Promise<Array<{ recipient: string; subject: string; body: string }>> =>
    (await members.query('SELECT recipient, subject, body FROM outbox_email ORDER BY id')).filter((m: any) => m.body.includes(serial));

  /** A French seller's 5D Mark IV registered again by a buyer living in `country`, who may have chosen a language. */
  async function sale(country: string, language?: string) {
    const seller = await newMember(stack, 'FR');
    const buyer = await newMember(stack, country);
    const token = await stack.token({ member: buyer });
    if (language) expect((await stack.query(SET_LANGUAGE, { token, variables: { id: String(buyer), language } })).errors).toBeUndefined();
    const serialNumber = bodySerial();
    await registerEquipment(stack, seller, { productId: PRODUCTS.eos5DMarkIV, serialNumber });
    const bought = await registerEquipment(stack, buyer, { productId: PRODUCTS.eos5DMarkIV, serialNumber, dealer: 'private sale' });
    expect(bought.errors).toBeUndefined();
    const account = (await stack.query('{ me { name number email } }', { token })).data.me;
    const team = (await stack.query(`{ country(code: "${country}") { handlerTeam { name email } } }`)).data.country.handlerTeam;
    return { buyer: account, team, serialNumber, item: bought.data.registerEquipment.id as string };
  }

  const purchase = (language: string, country = 'DE') => ruleText(language, 'mail.purchase', { day: '2024-05-01', dealer: 'private sale', country });

  it('a buyer in Germany is asked for proof in German, and the team for Germany gets the request in its language, German', async () => {
    const { buyer, team, serialNumber } = await sale('DE');
    const mails = await mailsAbout(serialNumber);
    const toBuyer = mails.find((m) => m.recipient === buyer.email)!;
    expect(toBuyer.subject).toBe(ruleText('de', 'mail.proofRequest.subject', { model: 'EOS 5D Mark IV', serial: serialNumber }));
    expect(toBuyer.body).toBe(
      ruleText('de', 'mail.proofRequest.body', { name: buyer.name, model: 'EOS 5D Mark IV', serial: serialNumber, purchase: purchase('de'), number: buyer.number, team: team.name }),
    );
    const toTeam = mails.find((m) => m.recipient === team.email)!;
    expect(toTeam.subject).toBe(ruleText('de', 'mail.teamRequest.subject', { model: 'EOS 5D Mark IV', serial: serialNumber }));
    expect(toTeam.body).toContain(ruleText('de', 'mail.purchase', { day: '2024-05-01', dealer: 'private sale', country: 'DE' }));
  });

  it("a buyer who chose French is written to in French, whoever decides and whatever language the handler's request asks for; the team keeps its own", async () => {
    const { buyer, team, serialNumber, item } = await sale('DE', 'fr');
    const [toBuyer, toTeam] = [buyer.email, team.email].map((to) => mailsAbout(serialNumber).then((mails) => mails.find((m) => m.recipient === to)!));
    expect((await toBuyer).subject).toBe(ruleText('fr', 'mail.proofRequest.subject', { model: 'EOS 5D Mark IV', serial: serialNumber }));
    expect((await toTeam).subject).toBe(ruleText('de', 'mail.teamRequest.subject', { model: 'EOS 5D Mark IV', serial: serialNumber }));
    const handler = await stack.token({ role: 'handler' });
    const rejected = await stack.query(REJECT, { token: handler, variables: { id: item, reason: 'pas de facture' }, headers: { 'accept-language': 'en' } });
    expect(rejected.errors).toBeUndefined();
    const decision = (await mailsAbout(serialNumber)).filter((m) => m.recipient === buyer.email).at(-1)!;
    expect(decision.subject).toBe(ruleText('fr', 'mail.rejected.subject', { model: 'EOS 5D Mark IV', serial: serialNumber }));
    expect(decision.body).toBe(ruleText('fr', 'mail.rejected.body', { name: buyer.name, model: 'EOS 5D Mark IV', serial: serialNumber, reason: 'pas de facture', team: team.name }));
  });

  it('a buyer in the United Kingdom gets the English texts, and so does its team', async () => {
    const { buyer, team, serialNumber } = await sale('GB');
    const mails = await mailsAbout(serialNumber);
    expect(mails.find((m) => m.recipient === buyer.email)!.subject).toBe(ruleText('en', 'mail.proofRequest.subject', { model: 'EOS 5D Mark IV', serial: serialNumber }));
    expect(mails.find((m) => m.recipient === team.email)!.body).toContain(purchase('en'));
  });
});
