import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Why a held tier changed, as a code and its values (JSON), so the history is written in its
 * reader's language; `reason` keeps the English as before. Rows from before have no code and are
 * shown as they were stored.
 */
export class HistoryReasonCodes1774000000000 implements MigrationInterface {
  name = 'HistoryReasonCodes1774000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('tier_change', [
      new TableColumn({ name: 'reason_code', type: 'varchar', length: '40', isNullable: true }),
      new TableColumn({ name: 'reason_params', type: 'varchar', length: '1000', isNullable: true }),
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('tier_change', 'reason_params');
    await queryRunner.dropColumn('tier_change', 'reason_code');
  }
}
