import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreateProducts1764000000000 implements MigrationInterface {
  name = 'CreateProducts1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'product',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'model', type: 'varchar', length: '200', isUnique: true },
          { name: 'kind', type: 'varchar', length: '20' },
          { name: 'serial_pattern', type: 'varchar', length: '200' },
          { name: 'serial_hint', type: 'varchar', length: '500' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('product');
  }
}
