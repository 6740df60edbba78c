import { registerEnumType } from 'type-graphql';

export enum EquipmentStatus {
  ACTIVE = 'ACTIVE',
  PENDING_TRANSFER = 'PENDING_TRANSFER',
  TRANSFERRED = 'TRANSFERRED',
  REJECTED = 'REJECTED',
  REMOVED = 'REMOVED',
}
registerEnumType(EquipmentStatus, { name: 'EquipmentStatus' });

export enum CardStatus {
  REQUESTED = 'REQUESTED',
  SENT = 'SENT',
  OVERDUE = 'OVERDUE',
}
registerEnumType(CardStatus, { name: 'CardStatus' });
