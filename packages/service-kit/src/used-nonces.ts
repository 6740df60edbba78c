// Gateway proofs are accepted once, whatever instance receives them and however often it
// restarts: each subgraph keeps the nonces it accepted in its own database until they expire.
import { Column, Entity, LessThan, PrimaryColumn, Table, type DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { isUniqueViolation } from './database-errors';

@Entity({ name: 'used_proof_nonce' })
export class UsedProofNonce {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  nonce: string;

  /** After this, the proof is stale anyway (outside its window) and the row may go. */
  @Column({ name: 'expires_at', type: 'datetime', precision: 3 })
  expiresAt: Date;
}

/** Part of every subgraph's database (added by buildDataSource). */
export class CreateUsedProofNonces1769000000000 implements MigrationInterface {
  name = 'CreateUsedProofNonces1769000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'used_proof_nonce',
        columns: [
          { name: 'nonce', type: 'varchar', length: '32', isPrimary: true },
          { name: 'expires_at', type: 'datetime', precision: 3 },
        ],
        indices: [{ name: 'ix_used_proof_nonce_expires', columnNames: ['expires_at'] }],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('used_proof_nonce', true);
  }
}

/** Where a subgraph records the nonces it accepted; `claim` is false for one seen before. */
export interface NonceLedger {
  claim(nonce: string, expiresAt: Date): Promise<boolean>;
}

/** The ledger in the subgraph's database: shared by its instances, kept across restarts. */
export class DatabaseNonceLedger implements NonceLedger {
  private lastSweep = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly sweepEveryMs = 60_000,
  ) {}

  async claim(nonce: string, expiresAt: Date): Promise<boolean> {
    const now = Date.now();
    if (now - this.lastSweep >= this.sweepEveryMs) {
      this.lastSweep = now;
      // Housekeeping, not the request's business: it never waits for it (a failed sweep runs again next time).
      void this.dataSource.getRepository(UsedProofNonce).delete({ expiresAt: LessThan(new Date(now)) }).catch(() => (this.lastSweep = 0));
    }
    try {
      await this.dataSource.getRepository(UsedProofNonce).insert({ nonce, expiresAt });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }
}
