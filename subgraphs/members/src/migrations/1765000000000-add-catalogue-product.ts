import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Members' copy of the catalogue's products (see entities/catalogue-product.entity.ts). */
export class AddCatalogueProduct1765000000000 implements MigrationInterface {
  name = 'AddCatalogueProduct1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'catalogue_product',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true },
          { name: 'model', type: 'varchar', length: '200' },
          { name: 'kind', type: 'varchar', length: '20' },
          { name: 'synced_at', type: 'datetime', precision: 3 },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('catalogue_product');
  }
}
