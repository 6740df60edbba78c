import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Every policy version that went live, with its files (see entities/policy-version.entity.ts). */
export class PolicyVersions1767000000000 implements MigrationInterface {
  name = 'PolicyVersions1767000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // MySQL's TEXT holds 64 kB; a policy's files may grow past that.
    const text = queryRunner.connection.options.type === 'mysql' ? 'mediumtext' : 'text';
    await queryRunner.createTable(
      new Table({
        name: 'policy_version',
        columns: [
          { name: 'version', type: 'varchar', length: '64', isPrimary: true },
          { name: 'went_live_at', type: 'datetime', precision: 3 },
          { name: 'how', type: 'varchar', length: '10' },
          { name: 'packs', type: text },
          { name: 'files', type: text },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('policy_version');
  }
}
