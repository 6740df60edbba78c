import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Video membership is held like the tier; the yearly run is leased to one members instance at a time. */
export class ProgrammeInTime1766000000000 implements MigrationInterface {
  name = 'ProgrammeInTime1766000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Existing video members get their flag from the first held-tier sweep at start (it only rises).
    await queryRunner.addColumn('member', new TableColumn({ name: 'video_member', type: 'boolean', default: false }));
    await queryRunner.addColumns('recalculation_run', [
      new TableColumn({ name: 'leased_by', type: 'varchar', length: '100', isNullable: true }),
      new TableColumn({ name: 'lease_until', type: 'datetime', precision: 3, isNullable: true }),
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumns('recalculation_run', ['leased_by', 'lease_until']);
    await queryRunner.dropColumn('member', 'video_member');
  }
}
