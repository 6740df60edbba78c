import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Authorised dealers moved into the country files (rules/countries/<code>.json), which regional
 * teams maintain with the rest of their country: the table they were seeded into goes.
 */
export class DealersIntoCountryFiles1768000000000 implements MigrationInterface {
  name = 'DealersIntoCountryFiles1768000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('authorised_dealer', true);
  }

  async down(): Promise<void> {
    // The dealers live in the country files now; an older version re-creates and seeds its table itself.
  }
}
