export type CardStatusValue = 'REQUESTED' | 'SENT' | 'OVERDUE';

/** A member who has not had their card four weeks after the request should hear from support. */
export const CARD_OVERDUE_AFTER_DAYS = 28;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface CardDates {
  cardRequestedAt: Date;
  cardSentAt: Date | null;
}

export function cardStatus(card: CardDates, now: Date = new Date()): CardStatusValue {
  if (card.cardSentAt && card.cardSentAt.getTime() >= card.cardRequestedAt.getTime()) return 'SENT';
  return now.getTime() - card.cardRequestedAt.getTime() > CARD_OVERDUE_AFTER_DAYS * DAY_MS ? 'OVERDUE' : 'REQUESTED';
}
