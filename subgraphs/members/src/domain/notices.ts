import { tierWords, type SupportContact } from '@cps/policy';
import type { EquipmentRecord } from '../entities/equipment.entity';
import type { MemberRecord } from '../entities/member.entity';
import { CARD_OVERDUE_AFTER_DAYS, cardStatus } from './card';
import { dayWords, type Outlook } from './outlook';

export interface Notice {
  code: 'TIER_FALLS' | 'CARD_OVERDUE' | 'TRANSFER_PENDING' | 'TRANSFER_REJECTED' | 'ESTIMATED_DETAILS';
  message: string;
  at: Date;
  equipmentId: string | null;
}

const DAY_MS = 86_400_000;
const supportWords = (support: SupportContact | null) =>
  support ? `${support.email}${support.phone ? ` (${support.phone})` : ''}` : "the programme's support";

/** What a member should know now, newest first. */
export function noticesFor(
  member: MemberRecord,
  items: readonly EquipmentRecord[],
  outlook: Outlook,
  support: SupportContact | null,
  now: Date,
): Notice[] {
  const notices: Notice[] = [];
  if (outlook.change === 'DOWN') {
    notices.push({
      code: 'TIER_FALLS',
      message: `On ${dayWords(outlook.on)} your membership falls from ${tierWords(member.heldTier)} to ${tierWords(outlook.tier)}. ${outlook.reasons.slice(0, -1).join(' ')}`.trim(),
      at: now,
      equipmentId: null,
    });
  }
  if (cardStatus(member, now) === 'OVERDUE') {
    notices.push({
      code: 'CARD_OVERDUE',
      message:
        `Your membership card was requested on ${member.cardRequestedAt.toISOString().slice(0, 10)} and has not reached you within four weeks. ` +
        `Please write to ${supportWords(support)}.`,
      at: new Date(member.cardRequestedAt.getTime() + CARD_OVERDUE_AFTER_DAYS * DAY_MS),
      equipmentId: null,
    });
  }
  for (const item of items) {
    const equipmentId = String(item.id);
    if (item.status === 'PENDING_TRANSFER') {
      notices.push({
        code: 'TRANSFER_PENDING',
        message:
          `The ${item.productModel} (serial ${item.serialNumber}) is registered on another account. A handler will write to you and ask for proof of your purchase; ` +
          'the item counts for you once the transfer is confirmed.',
        at: item.createdAt,
        equipmentId,
      });
    } else if (item.status === 'REJECTED') {
      notices.push({
        code: 'TRANSFER_REJECTED',
        message: `Your registration of the ${item.productModel} (serial ${item.serialNumber}) was not confirmed: ${item.transferNote ?? 'no reason was given'}. Questions: ${supportWords(support)}.`,
        at: item.updatedAt,
        equipmentId,
      });
    } else if (item.status === 'ACTIVE' && item.estimated) {
      notices.push({
        code: 'ESTIMATED_DETAILS',
        message: `The purchase details of your ${item.productModel} are estimates: correct them when you can, as proof of purchase may be asked for its benefits.`,
        at: item.updatedAt,
        equipmentId,
      });
    }
  }
  return notices.sort((a, b) => b.at.getTime() - a.at.getTime());
}
