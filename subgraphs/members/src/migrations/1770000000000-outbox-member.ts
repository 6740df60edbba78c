import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** An e-mail written to a member names them by id, so erasure and export find every one (whatever address it went to). */
export class OutboxMember1770000000000 implements MigrationInterface {
  name = 'OutboxMember1770000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('outbox_email', new TableColumn({ name: 'member_id', type: 'integer', isNullable: true }));
    await queryRunner.createIndex('outbox_email', new TableIndex({ name: 'ix_outbox_email_member', columnNames: ['member_id'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('outbox_email', 'ix_outbox_email_member');
    await queryRunner.dropColumn('outbox_email', 'member_id');
  }
}
