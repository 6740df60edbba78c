/**
 * Keys the database keeps unique (see the equipment migration): while an item is ACTIVE it holds
 * its serial for one account; while ACTIVE or PENDING_TRANSFER a member cannot register it again.
 */
export const activeKey = (productId: number, serialNumber: string) => `${productId}:${serialNumber}`;
export const openKey = (memberId: number, productId: number, serialNumber: string) =>
  `${memberId}:${productId}:${serialNumber}`;

/** An item is open while it is on the account or waiting for a transfer decision. */
export const isOpen = (status: string) => status === 'ACTIVE' || status === 'PENDING_TRANSFER';

/** The keys an item in `status` holds. */
export function keysFor(item: { memberId: number; productId: number; serialNumber: string }, status: string) {
  return {
    activeKey: status === 'ACTIVE' ? activeKey(item.productId, item.serialNumber) : null,
    openKey: isOpen(status) ? openKey(item.memberId, item.productId, item.serialNumber) : null,
  };
}
