import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type EquipmentStatusValue = 'ACTIVE' | 'PENDING_TRANSFER' | 'TRANSFERRED' | 'REJECTED' | 'REMOVED';

/**
 * One registered item. The product's model is copied from the catalogue at registration (a
 * model name never changes), so tier decisions need no call to the catalogue.
 */
@Entity({ name: 'equipment' })
@Index('ix_equipment_member', ['memberId'])
@Index('ix_equipment_serial', ['productId', 'serialNumber'])
export class EquipmentRecord {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'member_id', type: 'integer' })
  memberId: number;

  @Column({ name: 'product_id', type: 'integer' })
  productId: number;

  @Column({ name: 'product_model', type: 'varchar', length: 200 })
  productModel: string;

  @Column({ name: 'serial_number', type: 'varchar', length: 64 })
  serialNumber: string;

  @Column({ name: 'purchase_date', type: 'date' })
  purchaseDate: string;

  @Column({ name: 'purchase_country_code', type: 'varchar', length: 2 })
  purchaseCountryCode: string;

  @Column({ type: 'varchar', length: 200 })
  dealer: string;

  @Column({ type: 'boolean', default: false })
  estimated: boolean;

  @Column({ name: 'parallel_import', type: 'boolean', default: false })
  parallelImport: boolean;

  @Column({ type: 'varchar', length: 20 })
  status: EquipmentStatusValue;

  /** `product:serial` while ACTIVE, else NULL; unique, so one account holds a serial at a time. */
  @Column({ name: 'active_key', type: 'varchar', length: 120, nullable: true })
  activeKey: string | null;

  /** `member:product:serial` while ACTIVE or PENDING_TRANSFER; unique, so no double registration. */
  @Column({ name: 'open_key', type: 'varchar', length: 140, nullable: true })
  openKey: string | null;

  /** Why a handler rejected a transfer. */
  @Column({ name: 'transfer_note', type: 'varchar', length: 500, nullable: true })
  transferNote: string | null;

  /** Which handler (or admin) decided a second-hand registration, and when. */
  @Column({ name: 'decided_by', type: 'varchar', length: 100, nullable: true })
  decidedBy: string | null;

  @Column({ name: 'decided_at', type: 'datetime', precision: 3, nullable: true })
  decidedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime' })
  updatedAt: Date;
}
