import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Who decided a second-hand registration and when; cards still to send found oldest first. */
export class TransferDecisions1772000000001 implements MigrationInterface {
  name = 'TransferDecisions1772000000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('equipment', [
      new TableColumn({ name: 'decided_by', type: 'varchar', length: '100', isNullable: true }),
      new TableColumn({ name: 'decided_at', type: 'datetime', precision: 3, isNullable: true }),
    ]);
    await queryRunner.createIndex('member', new TableIndex({ name: 'ix_member_card_requested', columnNames: ['card_requested_at'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('member', 'ix_member_card_requested');
    await queryRunner.dropColumn('equipment', 'decided_at');
    await queryRunner.dropColumn('equipment', 'decided_by');
  }
}
