/**
 * The rows the seeder writes, column for column as the members migration
 * (subgraphs/members/src/migrations/1764000000000-create-members.ts) defines them. Datetimes are
 * UTC `YYYY-MM-DD HH:MM:SS` strings, which both drivers store as TypeORM would.
 */
import { keysFor } from '@cps/members';
export type Status = 'ACTIVE' | 'PENDING_TRANSFER' | 'TRANSFERRED' | 'REJECTED' | 'REMOVED';

export interface MemberRow {
  id: number;
  name: string;
  email: string;
  street: string;
  postalCode: string;
  city: string;
  countryCode: string;
  heldTier: string | null;
  cardRequestedAt: string;
  cardSentAt: string | null;
  createdAt: string;
}

export interface EquipmentRow {
  memberId: number;
  productId: number;
  productModel: string;
  serialNumber: string;
  purchaseDate: string;
  purchaseCountryCode: string;
  dealer: string;
  estimated: boolean;
  parallelImport: boolean;
  status: Status;
  activeKey: string | null;
  openKey: string | null;
  transferNote: string | null;
  createdAt: string;
}

export interface TierChangeRow {
  memberId: number;
  fromTier: string | null;
  toTier: string | null;
  at: string;
  reason: string;
  policyVersion: string;
}

export interface RowBatch {
  members: MemberRow[];
  equipment: EquipmentRow[];
  tierChanges: TierChangeRow[];
}

/** The unique keys of the equipment table, exactly as the members subgraph writes them. */
export function equipmentKeys(memberId: number, productId: number, serial: string, status: Status) {
  return keysFor({ memberId, productId, serialNumber: serial }, status);
}

/** `2025-11-25 16:57:03` in UTC, what a `datetime` column holds. */
export const sqlDateTime = (ms: number): string => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
export const sqlDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
