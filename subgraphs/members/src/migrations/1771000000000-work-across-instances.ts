import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Work shared by several members instances: the 1 January run's slices and the leases of background jobs. */
export class WorkAcrossInstances1771000000000 implements MigrationInterface {
  name = 'WorkAcrossInstances1771000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const counter = (name: string) => ({ name, type: 'integer', default: 0 });
    const leaseUntil = { name: 'lease_until', type: 'datetime', precision: 3, isNullable: true };
    await queryRunner.createTable(
      new Table({
        name: 'recalculation_range',
        columns: [
          { name: 'as_of', type: 'varchar', length: '10', isPrimary: true },
          { name: 'first_id', type: 'integer', isPrimary: true },
          { name: 'last_id', type: 'integer', isNullable: true },
          { name: 'cursor_id', type: 'integer' },
          counter('processed'),
          counter('upgraded'),
          counter('downgraded'),
          counter('unchanged'),
          { name: 'finished_at', type: 'datetime', precision: 3, isNullable: true },
          { name: 'leased_by', type: 'varchar', length: '100', isNullable: true },
          leaseUntil,
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'job_lease',
        columns: [
          { name: 'name', type: 'varchar', length: '100', isPrimary: true },
          { name: 'holder', type: 'varchar', length: '100', isNullable: true },
          leaseUntil,
          { name: 'done', type: 'varchar', length: '200', isNullable: true },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('job_lease');
    await queryRunner.dropTable('recalculation_range');
  }
}
