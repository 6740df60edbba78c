import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A dealer authorised to sell the maker's products in one country (data, kept by regional teams). */
@Entity({ name: 'authorised_dealer' })
@Index(['countryCode', 'normalizedName'], { unique: true })
export class AuthorisedDealer {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'country_code', type: 'varchar', length: 2 })
  countryCode: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** Lower-case, single-spaced: how a dealer typed by a member is matched. */
  @Column({ name: 'normalized_name', type: 'varchar', length: 200 })
  normalizedName: string;
}

export const normalizeDealerName = (name: string) => name.trim().replace(/\s+/g, ' ').toLowerCase();
