import type { DataSource } from 'typeorm';
import { AuthorisedDealer, normalizeDealerName } from '../entities/authorised-dealer.entity';
import dealers from './authorised-dealers.json';

/** First start: load the authorised-dealer list. Later edits are the regional teams' data. */
export async function seedAuthorisedDealers(dataSource: DataSource): Promise<void> {
  await dataSource.transaction(async (manager) => {
    const repository = manager.getRepository(AuthorisedDealer);
    if ((await repository.count()) > 0) return;
    const rows = Object.entries(dealers as Record<string, string[]>).flatMap(([countryCode, names]) =>
      names.map((name) => repository.create({ countryCode, name, normalizedName: normalizeDealerName(name) })),
    );
    await repository.insert(rows);
  });
}
