import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Members' copy of a catalogue product (the catalogue owns it): what a dashboard reads of the
 * products on members' accounts, so the dashboard needs no call to the catalogue. Written with
 * every registration and refreshed from the catalogue (see catalogue/product-mirror.ts).
 */
@Entity({ name: 'catalogue_product' })
export class CatalogueProductRecord {
  @PrimaryColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'varchar', length: 200 })
  model: string;

  @Column({ type: 'varchar', length: 20 })
  kind: string;

  @Column({ name: 'synced_at', type: 'datetime', precision: 3 })
  syncedAt: Date;
}
