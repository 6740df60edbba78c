/** A card's state: one type for the domain and the GraphQL enum (types/enums.ts registers it). */
export const CardStatus = { REQUESTED: 'REQUESTED', SENT: 'SENT', OVERDUE: 'OVERDUE' } as const;
export type CardStatus = (typeof CardStatus)[keyof typeof CardStatus];

/** A member who has not had their card four weeks after the request should hear from support. */
export const CARD_OVERDUE_AFTER_DAYS = 28;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface CardDates {
  cardRequestedAt: Date;
  cardSentAt: Date | null;
}

export function cardStatus(card: CardDates, now: Date = new Date()): CardStatus {
  if (card.cardSentAt && card.cardSentAt.getTime() >= card.cardRequestedAt.getTime()) return 'SENT';
  return now.getTime() - card.cardRequestedAt.getTime() > CARD_OVERDUE_AFTER_DAYS * DAY_MS ? 'OVERDUE' : 'REQUESTED';
}

/** The member's card as the API shows it. */
export const cardOf = (member: CardDates, now: Date = new Date()) => ({
  status: cardStatus(member, now),
  requestedAt: member.cardRequestedAt,
  sentAt: member.cardSentAt,
});
