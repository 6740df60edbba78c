import type { Logger } from '@cps/service-kit';
import type { DataSource, EntityManager } from 'typeorm';
import type { CatalogueProduct, ProductCatalogue } from '../clients/catalogue.client';
import { CatalogueProductRecord } from '../entities/catalogue-product.entity';

export interface MirroredProduct {
  id: number;
  model: string;
  kind: string;
}

const MISS_REFRESH_MS = 5000;

/** Writes members' copy of one product, in the caller's transaction (a registration's). */
export async function copyProduct(manager: EntityManager, product: Pick<CatalogueProduct, 'id' | 'model' | 'kind'>, now: Date): Promise<void> {
  await manager.getRepository(CatalogueProductRecord).upsert({ id: Number(product.id), model: product.model, kind: product.kind, syncedAt: now }, ['id']);
}

/**
 * What members knows of the catalogue's products: its `catalogue_product` table, held in memory.
 * The dashboard reads products from here, so a catalogue that is down or hung costs it nothing.
 * Every registration writes the product it names; the whole table is refreshed from the
 * catalogue at start and every `syncMs`, and at once when a product is asked for that the copy
 * lacks (data from before the copy existed). A refresh that fails leaves the copy as it was.
 */
export class ProductMirror {
  private byId = new Map<number, MirroredProduct>();
  private timer?: NodeJS.Timeout;
  private refreshing?: Promise<void>;
  private lastRefreshForMissAt = 0;
  /** Ids asked for and not found, with when: a stored copy is read again only for an id not missed lately. */
  private recentMisses = new Map<number, number>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly catalogue: ProductCatalogue,
    private readonly logger: Logger,
    private readonly syncMs: number,
  ) {}

  async start(): Promise<void> {
    await this.reload();
    await this.refresh().catch(() => undefined); // logged there; the stored copy serves meanwhile
    this.timer = setInterval(() => void this.refresh().catch(() => undefined), this.syncMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** The products of these ids; null for one neither the copy nor the catalogue knows. */
  async find(ids: readonly number[]): Promise<Array<MirroredProduct | null>> {
    const missing = () => ids.some((id) => !this.byId.has(id));
    const now = Date.now();
    // A product this instance did not copy itself (another instance's registration) is in the table.
    if (ids.some((id) => !this.byId.has(id) && now - (this.recentMisses.get(id) ?? 0) > MISS_REFRESH_MS)) await this.reload();
    this.forgetOldMisses(now);
    for (const id of ids) if (!this.byId.has(id)) this.recentMisses.set(id, now);
    // Ask the catalogue about unknown ids at most once per interval: an unknown id stays unknown.
    if (missing() && Date.now() - this.lastRefreshForMissAt > MISS_REFRESH_MS) {
      this.lastRefreshForMissAt = Date.now();
      await this.refresh().catch(() => undefined);
    }
    return ids.map((id) => this.byId.get(id) ?? null);
  }

  /** A miss older than the interval reads the table again anyway: kept, misses would only pile up. */
  private forgetOldMisses(now: number): void {
    if (this.recentMisses.size < 1000) return;
    for (const [id, at] of this.recentMisses) if (now - at > MISS_REFRESH_MS) this.recentMisses.delete(id);
  }

  /** Copies every product from the catalogue (one refresh at a time). */
  refresh(): Promise<void> {
    this.refreshing ??= this.copyCatalogue().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async copyCatalogue(): Promise<void> {
    let products: Awaited<ReturnType<ProductCatalogue['products']>>;
    try {
      products = await this.catalogue.products();
    } catch (error) {
      this.logger.warn({ err: error }, 'catalogue unreachable: the copy of its products is not refreshed');
      throw error;
    }
    const now = new Date();
    const changed = products.filter((p) => {
      const known = this.byId.get(Number(p.id));
      return !known || known.model !== p.model || known.kind !== p.kind;
    });
    if (changed.length) {
      await this.dataSource.transaction(async (manager) => {
        for (const product of changed) await copyProduct(manager, product, now);
      });
      this.logger.info({ products: changed.length }, 'copied products from the catalogue');
    }
    await this.reload();
  }

  private async reload(): Promise<void> {
    const rows = await this.dataSource.getRepository(CatalogueProductRecord).find();
    this.byId = new Map(rows.map((row) => [row.id, { id: row.id, model: row.model, kind: row.kind }]));
  }
}
