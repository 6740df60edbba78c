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
export { CardStatus };
