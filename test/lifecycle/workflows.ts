import type { Stack } from '../harness';

/** What the workflows need of a stack: the gateway's address book (a whole stack, or a balancer in front of several). */
export type GatewayClient = Pick<Stack, 'query' | 'token'>;

/** The contract's operations, as a frontend sends them. */
export const REGISTER_MEMBER = /* GraphQL */ `
  mutation Register($input: RegisterMemberInput!) {
    registerMember(input: $input) { id number name email address { countryCode } tier equipment { id } card { status requestedAt sentAt } }
  }`;

export const REGISTER_EQUIPMENT = /* GraphQL */ `
  mutation Register($input: RegisterEquipmentInput!) {
    registerEquipment(input: $input) {
      id serialNumber status notice estimated parallelImport countsTowardsTier purchaseDate dealer
      purchaseCountry { code } purchaseCountryCode product { model } owner { number tier }
    }
  }`;

export const ME = /* GraphQL */ `
  { me { id number tier qualifyingTier videoMember nextTier { tier missingBodies missingLenses }
         card { status requestedAt sentAt } tierHistory { from to at reason }
         equipment(includeInactive: true) { id serialNumber status countsTowardsTier product { model } } } }`;

export interface EquipmentInput {
  productId: string;
  serialNumber: string;
  purchaseDate?: string;
  purchaseCountryCode?: string;
  dealer?: string;
  estimated?: boolean;
}

export async function registerEquipment(stack: GatewayClient, member: number, input: EquipmentInput) {
  return stack.query(REGISTER_EQUIPMENT, {
    token: await stack.token({ member }),
    variables: { input: { purchaseDate: '2024-05-01', purchaseCountryCode: 'DE', dealer: 'Calumet Photographic', ...input } },
  });
}

/** The member's state, the history's reasons in the policy's English (a German address would have them in German). */
export async function me(stack: GatewayClient, member: number) {
  const response = await stack.query(ME, { token: await stack.token({ member }), headers: { 'accept-language': 'en' } });
  if (response.errors) throw new Error(JSON.stringify(response.errors));
  return response.data.me;
}

let serial = 100_000_000_000 + Math.floor(Math.random() * 800_000_000_000);
/** A fresh 12-digit body serial. */
export const bodySerial = () => String(serial++);
/** A fresh 10-digit lens serial. */
export const lensSerial = () => String(serial++).slice(-10);

/** Catalogue ids (subgraphs/catalogue/src/seed/products.json). */
export const PRODUCTS = {
  eosR6: '11', // body, cap GOLD
  eos90D: '14', // body, cap SILVER
  eos5DMarkIV: '7', // body, cap PLATINUM
  ef24_105: '33', // lens, cap GOLD
  rf24_70: '27', // lens, cap PLATINUM
  ef100MacroUsm: '35', // lens, cap SILVER, 6-7 digit serials
  xf605: '44', // Pro Video, serial: two capitals and ten digits
};

let memberCount = 0;
/** Signs up a new member through the gateway and returns their id. */
export async function newMember(stack: GatewayClient, countryCode = 'DE'): Promise<number> {
  const n = ++memberCount;
  const { data, errors } = await stack.query(REGISTER_MEMBER, {
    variables: {
      input: {
        name: `Test Member ${n}`,
        email: `member${n}.${Date.now()}@example.org`,
        address: { street: `Teststraße ${n}`, postalCode: '10115', city: 'Berlin', countryCode },
      },
    },
  });
  if (errors) throw new Error(JSON.stringify(errors));
  return Number(data.registerMember.id);
}

/** Two bodies and three lenses that all count towards Gold (caps GOLD). */
export async function registerGoldKit(stack: GatewayClient, member: number): Promise<string[]> {
  const ids: string[] = [];
  for (const input of [
    { productId: PRODUCTS.eosR6, serialNumber: bodySerial() },
    { productId: PRODUCTS.eosR6, serialNumber: bodySerial() },
    { productId: PRODUCTS.ef24_105, serialNumber: lensSerial() },
    { productId: PRODUCTS.ef24_105, serialNumber: lensSerial() },
    { productId: PRODUCTS.ef24_105, serialNumber: lensSerial() },
  ]) {
    const response = await registerEquipment(stack, member, input);
    if (response.errors) throw new Error(JSON.stringify(response.errors));
    ids.push(response.data.registerEquipment.id);
  }
  return ids;
}
