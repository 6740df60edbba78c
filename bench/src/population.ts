import type { MemberFacts, Policy, Tier } from '@cps/policy';
import { compareTiers } from '@cps/policy';
import { peopleOf, person } from './people';
import { Random, WeightedTable } from './random';
import { equipmentKeys, sqlDate, sqlDateTime, type EquipmentRow, type RowBatch, type Status } from './rows';
import { SerialAllocator } from './serials';

/** A catalogue product as the seeder needs it (read from the catalogue's own database). */
export interface CatalogueProduct {
  id: number;
  model: string;
  kind: string; // BODY | LENS | PRO_VIDEO | OTHER
  serialPattern: string;
}

export interface PopulationOptions {
  members: number;
  /** The id of the first member written (1 on an empty database). */
  firstId: number;
  seed: number;
  /** "Today" for the population: registrations, purchases and cards lie before it. */
  now: Date;
}

export const MAX_ITEMS = 15;
const YEAR_MS = 365.25 * 24 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;

type Bucket = 'BODY_SILVER' | 'BODY_GOLD' | 'BODY_PLATINUM' | 'LENS_SILVER' | 'LENS_GOLD' | 'LENS_PLATINUM' | 'PRO_VIDEO' | 'OTHER' | 'UNSUPPORTED';

interface Profile {
  name: string;
  weight: number;
  items: [number, number];
  bodyCaps: [number, number, number]; // SILVER, GOLD, PLATINUM
  lensCaps: [number, number, number];
  unsupported: number; // share of picks that are discontinued products
  proVideo: [number, number]; // Pro Video items a member of this profile brings
}

/** Who joins: most members own a little mid-range gear, some are pros, a few film, a few kept old gear. */
const PROFILES: Profile[] = [
  { name: 'casual', weight: 30, items: [0, 4], bodyCaps: [70, 25, 5], lensCaps: [60, 30, 10], unsupported: 0.03, proVideo: [0, 0] },
  { name: 'enthusiast', weight: 30, items: [3, 10], bodyCaps: [30, 50, 20], lensCaps: [25, 45, 30], unsupported: 0.03, proVideo: [0, 0] },
  { name: 'pro', weight: 22, items: [5, 15], bodyCaps: [5, 25, 70], lensCaps: [5, 20, 75], unsupported: 0.03, proVideo: [0, 1] },
  { name: 'video', weight: 10, items: [1, 10], bodyCaps: [20, 40, 40], lensCaps: [20, 40, 40], unsupported: 0.03, proVideo: [1, 3] },
  { name: 'legacy', weight: 8, items: [1, 12], bodyCaps: [30, 40, 30], lensCaps: [30, 40, 30], unsupported: 0.4, proVideo: [0, 0] },
];
const PROFILE_TABLE = new WeightedTable(PROFILES, PROFILES.map((p) => p.weight));
const KINDS = new WeightedTable(['BODY', 'LENS', 'OTHER'] as const, [38, 55, 4]);
const CAPS: Tier[] = ['SILVER', 'GOLD', 'PLATINUM'];
const OUTSIDE_PROGRAMME = ['US', 'JP', 'HK', 'SG'];
const UNAUTHORISED_DEALERS = ['Grey Import Online', 'Private sale', 'Marketplace seller', 'Duty Free Shop', 'Camera Bazaar'];

/** Per item, what else than a plain ACTIVE registration it may be. */
const SHARE = { removed: 0.04, transferred: 0.015, rejected: 0.005, pendingMember: 0.025, estimated: 0.08 };

/** An ACTIVE registration other members may buy second-hand. */
interface ActiveSerial {
  memberId: number;
  product: CatalogueProduct;
  serial: string;
}

export interface PopulationStats {
  members: number;
  items: number;
  byStatus: Record<Status, number>;
  byCountry: Record<string, number>;
  heldTiers: Record<string, number>;
  /** Members whose held tier is above what their equipment gives now (the 1 January run lowers it). */
  heldAboveQualifying: number;
  evaluations: number;
}

/**
 * Makes a realistic population, batch by batch, deterministically from the seed: members in the
 * programme countries, 0–15 items each of every kind and cap (some discontinued), some sold or
 * transferred, some second-hand items waiting for a handler while the serial is still ACTIVE on
 * the seller's account. Held tiers are what the policy decides: the qualifying tier, or the
 * higher tier the member had before items left the account (held until the next 1 January).
 */
export class PopulationGenerator {
  readonly stats: PopulationStats;
  private readonly random: Random;
  private readonly buckets = new Map<Bucket, CatalogueProduct[]>();
  private readonly serials = new Map<number, SerialAllocator>();
  private readonly countries: WeightedTable<string>;
  private readonly programme: string[];
  private readonly dealers: Map<string, string[]>;
  private readonly authorised: Map<string, Set<string>>;
  private readonly forSale: ActiveSerial[] = [];
  private nextId: number;

  constructor(
    private readonly products: CatalogueProduct[],
    private readonly policy: Policy,
    dealers: Map<string, string[]>,
    private readonly options: PopulationOptions,
  ) {
    this.random = new Random(options.seed);
    this.nextId = options.firstId;
    this.dealers = dealers;
    this.authorised = new Map([...dealers].map(([c, names]) => [c, new Set(names)]));
    this.programme = policy.countries().map((c) => c.code);
    this.countries = new WeightedTable(this.programme, this.programme.map((c) => peopleOf(c).weight));
    for (const product of products) {
      this.addToBucket(this.bucketOf(product), product);
      // Every serial of a product is counted out of one allocator: unique by construction.
      this.serials.set(product.id, new SerialAllocator(product.serialPattern, Math.max(1000, options.members * 2), this.random));
    }
    for (const needed of ['BODY_SILVER', 'BODY_GOLD', 'BODY_PLATINUM', 'LENS_SILVER', 'LENS_GOLD', 'LENS_PLATINUM'] as Bucket[]) {
      if (!this.buckets.get(needed)?.length) throw new Error(`the catalogue and rules have no ${needed.replace('_', ' ').toLowerCase()} product`);
    }
    this.stats = {
      members: 0,
      items: 0,
      byStatus: { ACTIVE: 0, PENDING_TRANSFER: 0, TRANSFERRED: 0, REJECTED: 0, REMOVED: 0 },
      byCountry: {},
      heldTiers: {},
      heldAboveQualifying: 0,
      evaluations: 0,
    };
  }

  private bucketOf(product: CatalogueProduct): Bucket {
    const rule = this.policy.product(product.model);
    if (rule && !rule.supported) return 'UNSUPPORTED';
    if (product.kind === 'PRO_VIDEO') return 'PRO_VIDEO';
    if (!rule || !rule.cap) return 'OTHER';
    return `${product.kind === 'BODY' ? 'BODY' : 'LENS'}_${rule.cap}` as Bucket;
  }

  private addToBucket(bucket: Bucket, product: CatalogueProduct): void {
    const list = this.buckets.get(bucket) ?? [];
    list.push(product);
    this.buckets.set(bucket, list);
  }

  private fromBucket(bucket: Bucket): CatalogueProduct {
    const list = this.buckets.get(bucket);
    return list?.length ? this.random.pick(list) : this.random.pick(this.buckets.get('LENS_SILVER')!);
  }

  private pickProduct(profile: Profile): CatalogueProduct {
    const r = this.random;
    if (r.chance(profile.unsupported) && this.buckets.get('UNSUPPORTED')?.length) return this.fromBucket('UNSUPPORTED');
    const kind = KINDS.sample(r);
    if (kind === 'OTHER') return this.fromBucket('OTHER');
    const cap = r.weighted(CAPS, kind === 'BODY' ? profile.bodyCaps : profile.lensCaps);
    return this.fromBucket(`${kind}_${cap}` as Bucket);
  }

  /** The next `count` members (fewer at the end), with their items and tier history. */
  async batch(count: number): Promise<RowBatch> {
    const batch: RowBatch = { members: [], equipment: [], tierChanges: [] };
    const last = this.options.firstId + this.options.members;
    while (batch.members.length < count && this.nextId < last) {
      const profile = PROFILE_TABLE.sample(this.random);
      await this.addMember(batch, this.nextId++, profile, null);
    }
    return batch;
  }

  /** A member with exactly `items` ACTIVE items of current products (the benchmark's probes). */
  async probe(items: number, countryCode = 'DE'): Promise<RowBatch & { memberId: number }> {
    const batch: RowBatch = { members: [], equipment: [], tierChanges: [] };
    const memberId = this.nextId++;
    await this.addMember(batch, memberId, PROFILES[2], { items, countryCode });
    return { ...batch, memberId };
  }

  get done(): boolean {
    return this.nextId >= this.options.firstId + this.options.members;
  }

  private async addMember(batch: RowBatch, id: number, profile: Profile, probe: { items: number; countryCode: string } | null) {
    const r = this.random;
    const now = this.options.now.getTime();
    const countryCode = probe?.countryCode ?? this.countries.sample(r);
    const joined = now - r.next() * 10 * YEAR_MS;
    const who = person(id, countryCode, r);
    const daysSinceJoining = (now - joined) / DAY_MS;
    const sent = daysSinceJoining > 40 ? r.chance(0.97) : r.chance(0.5);
    const cardSentAt = sent ? Math.min(now, joined + r.int(10, 30) * DAY_MS) : null;

    const items: EquipmentRow[] = [];
    const total = probe ? probe.items : r.int(profile.items[0], profile.items[1]);
    const proVideo = probe ? 0 : Math.min(total, r.int(profile.proVideo[0], profile.proVideo[1]));
    const pending = !probe && total > proVideo && r.chance(SHARE.pendingMember) ? 1 : 0;
    for (let i = 0; i < total; i++) {
      let product: CatalogueProduct;
      let serial: string;
      let status: Status = 'ACTIVE';
      let transferNote: string | null = null;
      const secondHand = !probe && i >= total - pending ? this.takeForSale(id) : null;
      if (secondHand) {
        // Bought second-hand: the serial is still ACTIVE on the seller's account until a handler confirms.
        ({ product, serial } = secondHand);
        status = 'PENDING_TRANSFER';
      } else {
        product = i < proVideo ? this.fromBucket('PRO_VIDEO') : probe ? this.probeProduct(i) : this.pickProduct(profile);
        serial = this.serials.get(product.id)!.allocate();
        if (!probe) {
          const roll = r.next();
          if (roll < SHARE.removed) status = 'REMOVED';
          else if (roll < SHARE.removed + SHARE.transferred) status = 'TRANSFERRED';
          else if (roll < SHARE.removed + SHARE.transferred + SHARE.rejected) {
            status = 'REJECTED';
            transferNote = 'No proof of purchase from the seller.';
          }
        }
      }
      const purchased = joined + r.next() * (now - joined);
      const purchaseCountryCode = this.purchaseCountry(countryCode);
      const dealer = this.dealer(purchaseCountryCode);
      const registered = sqlDateTime(Math.min(now, purchased + r.int(0, 60) * DAY_MS));
      items.push({
        memberId: id,
        productId: product.id,
        productModel: product.model,
        serialNumber: serial,
        purchaseDate: sqlDate(purchased),
        purchaseCountryCode,
        dealer,
        estimated: r.chance(SHARE.estimated),
        parallelImport: !this.authorised.get(purchaseCountryCode)?.has(dealer),
        status,
        ...equipmentKeys(id, product.id, serial, status),
        transferNote,
        createdAt: registered,
      });
    }

    const heldTier = await this.heldTier(countryCode, items);
    batch.members.push({
      id,
      ...who,
      countryCode,
      heldTier: heldTier.held,
      cardRequestedAt: sqlDateTime(joined),
      cardSentAt: cardSentAt === null ? null : sqlDateTime(cardSentAt),
      createdAt: sqlDateTime(joined),
    });
    if (heldTier.held) {
      batch.tierChanges.push({
        memberId: id,
        fromTier: null,
        toTier: heldTier.held,
        at: sqlDateTime(joined + r.next() * Math.min(now - joined, YEAR_MS)),
        reason: 'qualifying equipment registered',
        policyVersion: this.policy.version,
      });
    }
    batch.equipment.push(...items);
    for (const item of items) {
      if (item.status === 'ACTIVE') this.offerForSale({ memberId: id, product: this.productById(item.productId), serial: item.serialNumber });
      this.stats.byStatus[item.status]++;
    }
    this.stats.members++;
    this.stats.items += items.length;
    this.stats.byCountry[countryCode] = (this.stats.byCountry[countryCode] ?? 0) + 1;
    this.stats.heldTiers[String(heldTier.held)] = (this.stats.heldTiers[String(heldTier.held)] ?? 0) + 1;
    if (compareTiers(heldTier.held, heldTier.qualifying) > 0) this.stats.heldAboveQualifying++;
  }

  /**
   * The tier the policy gives now; if items were sold or transferred, the tier they gave before
   * (a fall waits for 1 January, so the member still holds the higher one).
   */
  private async heldTier(countryCode: string, items: EquipmentRow[]): Promise<{ held: Tier | null; qualifying: Tier | null }> {
    const facts = (left: boolean): MemberFacts => ({
      countryCode,
      items: items.map((item, i) => ({
        id: String(i),
        model: item.productModel,
        status: left && (item.status === 'REMOVED' || item.status === 'TRANSFERRED') ? 'ACTIVE' : item.status,
      })),
    });
    const now = await this.policy.evaluate(facts(false));
    this.stats.evaluations++;
    let held = now.qualifyingTier;
    if (items.some((i) => i.status === 'REMOVED' || i.status === 'TRANSFERRED')) {
      const before = await this.policy.evaluate(facts(true));
      this.stats.evaluations++;
      if (compareTiers(before.qualifyingTier, held) > 0) held = before.qualifyingTier;
    }
    return { held, qualifying: now.qualifyingTier };
  }

  private probeProduct(i: number): CatalogueProduct {
    // 3 bodies, then lenses, all able to count towards Platinum: a Platinum member with a long list.
    return this.fromBucket(i % 3 === 0 ? 'BODY_PLATINUM' : 'LENS_PLATINUM');
  }

  private purchaseCountry(home: string): string {
    const roll = this.random.next();
    if (roll < 0.85) return home;
    if (roll < 0.95) return this.random.pick(this.programme);
    return this.random.pick(OUTSIDE_PROGRAMME);
  }

  private dealer(country: string): string {
    const authorised = this.dealers.get(country);
    if (authorised?.length && this.random.chance(0.88)) return this.random.pick(authorised);
    return this.random.pick(UNAUTHORISED_DEALERS);
  }

  private readonly productIndex = new Map<number, CatalogueProduct>();
  private productById(id: number): CatalogueProduct {
    if (this.productIndex.size === 0) for (const p of this.products) this.productIndex.set(p.id, p);
    return this.productIndex.get(id)!;
  }

  /** Keeps a bounded sample of ACTIVE registrations that later members may buy second-hand. */
  private offerForSale(item: ActiveSerial): void {
    const LIMIT = 4096;
    if (this.forSale.length < LIMIT) this.forSale.push(item);
    else if (this.random.chance(0.05)) this.forSale[this.random.int(0, LIMIT - 1)] = item;
  }

  /** An ACTIVE serial of another member, taken out of the sample so no one registers it twice. */
  private takeForSale(buyer: number): ActiveSerial | null {
    for (let attempt = 0; attempt < 4 && this.forSale.length > 0; attempt++) {
      const index = this.random.int(0, this.forSale.length - 1);
      const item = this.forSale[index];
      if (item.memberId === buyer) continue;
      this.forSale[index] = this.forSale[this.forSale.length - 1];
      this.forSale.pop();
      return item;
    }
    return null;
  }
}
