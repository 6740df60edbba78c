import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

const id = { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' } as const;
const now = { type: 'datetime', default: 'CURRENT_TIMESTAMP' } as const;
// Milliseconds matter where two moments are compared (a card sent, then a new one requested).

export class CreateMembers1764000000000 implements MigrationInterface {
  name = 'CreateMembers1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'member',
        columns: [
          id,
          { name: 'name', type: 'varchar', length: '200' },
          { name: 'email', type: 'varchar', length: '254' },
          { name: 'street', type: 'varchar', length: '200' },
          { name: 'postal_code', type: 'varchar', length: '20' },
          { name: 'city', type: 'varchar', length: '100' },
          { name: 'country_code', type: 'varchar', length: '2' },
          { name: 'held_tier', type: 'varchar', length: '10', isNullable: true },
          { name: 'card_requested_at', type: 'datetime', precision: 3 },
          { name: 'card_sent_at', type: 'datetime', precision: 3, isNullable: true },
          { name: 'created_at', ...now },
        ],
      }),
    );
    await queryRunner.createIndex('member', new TableIndex({ name: 'uq_member_email', columnNames: ['email'], isUnique: true }));
    await queryRunner.createTable(
      new Table({
        name: 'equipment',
        columns: [
          id,
          { name: 'member_id', type: 'integer' },
          { name: 'product_id', type: 'integer' },
          { name: 'product_model', type: 'varchar', length: '200' },
          { name: 'serial_number', type: 'varchar', length: '64' },
          { name: 'purchase_date', type: 'date' },
          { name: 'purchase_country_code', type: 'varchar', length: '2' },
          { name: 'dealer', type: 'varchar', length: '200' },
          { name: 'estimated', type: 'boolean', default: false },
          { name: 'parallel_import', type: 'boolean', default: false },
          { name: 'status', type: 'varchar', length: '20' },
          // Set while ACTIVE, NULL otherwise: the unique index lets only one account hold a serial.
          { name: 'active_key', type: 'varchar', length: '120', isNullable: true },
          // Set while ACTIVE or PENDING_TRANSFER: a member registers a serial once.
          { name: 'open_key', type: 'varchar', length: '140', isNullable: true },
          { name: 'transfer_note', type: 'varchar', length: '500', isNullable: true },
          { name: 'created_at', ...now },
          { name: 'updated_at', ...now },
        ],
        foreignKeys: [{ columnNames: ['member_id'], referencedTableName: 'member', referencedColumnNames: ['id'] }],
      }),
    );
    await queryRunner.createIndex('equipment', new TableIndex({ name: 'ix_equipment_member', columnNames: ['member_id'] }));
    await queryRunner.createIndex(
      'equipment',
      new TableIndex({ name: 'ix_equipment_serial', columnNames: ['product_id', 'serial_number'] }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'tier_change',
        columns: [
          id,
          { name: 'member_id', type: 'integer' },
          { name: 'from_tier', type: 'varchar', length: '10', isNullable: true },
          { name: 'to_tier', type: 'varchar', length: '10', isNullable: true },
          { name: 'at', type: 'datetime', precision: 3 },
          { name: 'reason', type: 'varchar', length: '200' },
          { name: 'policy_version', type: 'varchar', length: '64' },
        ],
        foreignKeys: [{ columnNames: ['member_id'], referencedTableName: 'member', referencedColumnNames: ['id'] }],
      }),
    );
    await queryRunner.createIndex('tier_change', new TableIndex({ name: 'ix_tier_change_member', columnNames: ['member_id'] }));
    await queryRunner.createIndex('equipment', new TableIndex({ name: 'ix_equipment_status', columnNames: ['status'] }));
    // Named after their columns: a violation's message names the rule that was broken.
    await queryRunner.createIndex(
      'equipment',
      new TableIndex({ name: 'uq_equipment_active_key', columnNames: ['active_key'], isUnique: true }),
    );
    await queryRunner.createIndex(
      'equipment',
      new TableIndex({ name: 'uq_equipment_open_key', columnNames: ['open_key'], isUnique: true }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'outbox_email',
        columns: [
          id,
          { name: 'recipient', type: 'varchar', length: '254' },
          { name: 'subject', type: 'varchar', length: '300' },
          { name: 'body', type: 'text' },
          { name: 'attempts', type: 'integer', default: 0 },
          { name: 'next_attempt_at', type: 'datetime' },
          { name: 'sent_at', type: 'datetime', isNullable: true },
          { name: 'last_error', type: 'varchar', length: '500', isNullable: true },
          { name: 'created_at', ...now },
        ],
      }),
    );
    await queryRunner.createIndex('outbox_email', new TableIndex({ name: 'ix_outbox_due', columnNames: ['sent_at', 'next_attempt_at'] }));
    await queryRunner.createTable(
      new Table({
        name: 'recalculation_run',
        columns: [
          { name: 'as_of', type: 'varchar', length: '10', isPrimary: true },
          { name: 'last_member_id', type: 'integer', default: 0 },
          { name: 'processed', type: 'integer', default: 0 },
          { name: 'upgraded', type: 'integer', default: 0 },
          { name: 'downgraded', type: 'integer', default: 0 },
          { name: 'unchanged', type: 'integer', default: 0 },
          { name: 'policy_version', type: 'varchar', length: '64' },
          { name: 'started_at', type: 'datetime' },
          { name: 'finished_at', type: 'datetime', isNullable: true },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('recalculation_run');
    await queryRunner.dropTable('outbox_email');
    await queryRunner.dropTable('tier_change');
    await queryRunner.dropTable('equipment');
    await queryRunner.dropTable('member');
  }
}
