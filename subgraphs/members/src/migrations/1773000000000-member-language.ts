import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/** The language a member chose for their texts and e-mails; null follows their country's main language. */
export class MemberLanguage1773000000000 implements MigrationInterface {
  name = 'MemberLanguage1773000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('member', new TableColumn({ name: 'language', type: 'varchar', length: '8', isNullable: true }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('member', 'language');
  }
}
