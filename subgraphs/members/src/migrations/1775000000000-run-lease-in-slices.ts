import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * A yearly run's lease moved to its slices (recalculation_range, migration 1771): the run's own
 * lease columns have been written only as null since, and go.
 */
export class RunLeaseInSlices1775000000000 implements MigrationInterface {
  name = 'RunLeaseInSlices1775000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumns('recalculation_run', ['leased_by', 'lease_until']);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('recalculation_run', [
      new TableColumn({ name: 'leased_by', type: 'varchar', length: '100', isNullable: true }),
      new TableColumn({ name: 'lease_until', type: 'datetime', precision: 3, isNullable: true }),
    ]);
  }
}
