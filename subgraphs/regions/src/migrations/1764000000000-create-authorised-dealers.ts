import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreateAuthorisedDealers1764000000000 implements MigrationInterface {
  name = 'CreateAuthorisedDealers1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'authorised_dealer',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'country_code', type: 'varchar', length: '2' },
          { name: 'name', type: 'varchar', length: '200' },
          { name: 'normalized_name', type: 'varchar', length: '200' },
        ],
      }),
    );
    await queryRunner.createIndex(
      'authorised_dealer',
      new TableIndex({ name: 'uq_dealer_country_name', columnNames: ['country_code', 'normalized_name'], isUnique: true }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('authorised_dealer');
  }
}
