import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Members look after their own account: an erased account keeps its row (anonymous tier
 * statistics) with the time of erasure, and e-mails written for a handler team answer to it.
 */
export class MembersOwnAccount1768000000000 implements MigrationInterface {
  name = 'MembersOwnAccount1768000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('member', new TableColumn({ name: 'deleted_at', type: 'datetime', precision: 3, isNullable: true }));
    await queryRunner.addColumn('outbox_email', new TableColumn({ name: 'reply_to', type: 'varchar', length: '254', isNullable: true }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('outbox_email', 'reply_to');
    await queryRunner.dropColumn('member', 'deleted_at');
  }
}
