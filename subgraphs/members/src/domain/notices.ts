import type { SupportContact, Texts } from '@cps/policy';
import type { EquipmentRecord } from '../entities/equipment.entity';
import type { MemberRecord } from '../entities/member.entity';
import { CARD_OVERDUE_AFTER_DAYS, cardStatus } from './card';
import { dayWords, tierIn, type Outlook } from './outlook';

export interface Notice {
  code: 'TIER_FALLS' | 'CARD_OVERDUE' | 'TRANSFER_PENDING' | 'TRANSFER_REJECTED' | 'ESTIMATED_DETAILS';
  message: string;
  at: Date;
  equipmentId: string | null;
}

const DAY_MS = 86_400_000;
/** The support address in words: the address (and phone) the policy names, else the policy's words for "the programme's support". */
const supportWords = (texts: Texts, support: SupportContact | null) =>
  !support ? texts.text('support.none') : support.phone ? texts.text('support.contactWithPhone', { email: support.email, phone: support.phone }) : texts.text('support.contact', { email: support.email });

/** What a member should know now, newest first, in `texts`' language (the outlook in the same). */
export function noticesFor(
  member: MemberRecord,
  items: readonly EquipmentRecord[],
  outlook: Outlook,
  support: SupportContact | null,
  now: Date,
  texts: Texts,
): Notice[] {
  const notices: Notice[] = [];
  const item = (record: EquipmentRecord) => ({ model: record.productModel, serial: record.serialNumber });
  if (outlook.change === 'DOWN') {
    notices.push({
      code: 'TIER_FALLS',
      message: texts
        .text('notice.TIER_FALLS', { day: dayWords(outlook.on, texts.language), from: tierIn(texts, member.heldTier), to: tierIn(texts, outlook.tier), reasons: outlook.reasons.slice(0, -1).join(' ') })
        .trim(),
      at: now,
      equipmentId: null,
    });
  }
  if (cardStatus(member, now) === 'OVERDUE') {
    notices.push({
      code: 'CARD_OVERDUE',
      message: texts.text('notice.CARD_OVERDUE', { requestedOn: member.cardRequestedAt.toISOString().slice(0, 10), support: supportWords(texts, support) }),
      at: new Date(member.cardRequestedAt.getTime() + CARD_OVERDUE_AFTER_DAYS * DAY_MS),
      equipmentId: null,
    });
  }
  for (const record of items) {
    const equipmentId = String(record.id);
    if (record.status === 'PENDING_TRANSFER') {
      notices.push({ code: 'TRANSFER_PENDING', message: texts.text('notice.TRANSFER_PENDING', item(record)), at: record.createdAt, equipmentId });
    } else if (record.status === 'REJECTED') {
      const reason = record.transferNote ?? texts.text('transfer.noReason');
      notices.push({
        code: 'TRANSFER_REJECTED',
        message: texts.text('notice.TRANSFER_REJECTED', { ...item(record), reason, support: supportWords(texts, support) }),
        at: record.updatedAt,
        equipmentId,
      });
    } else if (record.status === 'ACTIVE' && record.estimated) {
      notices.push({ code: 'ESTIMATED_DETAILS', message: texts.text('notice.ESTIMATED_DETAILS', { model: record.productModel }), at: record.updatedAt, equipmentId });
    }
  }
  return notices.sort((a, b) => b.at.getTime() - a.at.getTime());
}
