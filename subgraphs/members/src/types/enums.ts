import { registerEnumType } from 'type-graphql';
import { CardStatus } from '../domain/card';

export enum EquipmentStatus {
  ACTIVE = 'ACTIVE',
  PENDING_TRANSFER = 'PENDING_TRANSFER',
  TRANSFERRED = 'TRANSFERRED',
  REJECTED = 'REJECTED',
  REMOVED = 'REMOVED',
}
registerEnumType(EquipmentStatus, { name: 'EquipmentStatus' });

registerEnumType(CardStatus, { name: 'CardStatus' });

/** Where the next 1 January takes a member's tier: one type for the domain and the GraphQL enum. */
export const TierMove = { UP: 'UP', DOWN: 'DOWN', SAME: 'SAME' } as const;
registerEnumType(TierMove, { name: 'TierMove' });
export type TierMove = (typeof TierMove)[keyof typeof TierMove];

/** A yearly run's state: one type for the domain and the GraphQL enum. */
export const RecalculationState = { RUNNING: 'RUNNING', COMPLETED: 'COMPLETED' } as const;
registerEnumType(RecalculationState, { name: 'RecalculationState' });
export type RecalculationState = (typeof RecalculationState)[keyof typeof RecalculationState];
export { CardStatus };
