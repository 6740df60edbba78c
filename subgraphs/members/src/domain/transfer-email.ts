// The e-mails of a second-hand registration. The handler team responsible for the buyer's country
// writes to the buyer (answers go to the team) and has the request in its queue; the buyer learns
// the decision. Nothing about the previous owner goes to the buyer.
import type { HandlerTeam, Policy } from '@cps/policy';
import type { EquipmentRecord } from '../entities/equipment.entity';
import type { MemberRecord } from '../entities/member.entity';
import type { EmailMessage } from '../mail/outbox';
import { memberNumber } from './member-number';

/** The team responsible for members living in that country (its country file names it). */
export function handlerTeamFor(policy: Policy, countryCode: string): HandlerTeam {
  const team = policy.country(countryCode)?.handlerTeam;
  // Policies that drop a country where members live are refused, so this is a broken invariant.
  if (!team) throw new Error(`no handler team: ${countryCode} is not a programme country in policy ${policy.version}`);
  return team;
}

const purchaseWords = (item: EquipmentRecord) =>
  `bought on ${item.purchaseDate} from ${item.dealer} (${item.purchaseCountryCode})${item.estimated ? ', details estimated' : ''}`;

/** The team asks the buyer for proof of the purchase, as the programme's source says. */
export function proofRequestToBuyer(team: HandlerTeam, buyer: MemberRecord, item: EquipmentRecord): EmailMessage {
  return {
    to: buyer.email,
    memberId: buyer.id,
    replyTo: team.email,
    subject: `Your second-hand ${item.productModel} (serial ${item.serialNumber}): please send proof of purchase`,
    body: [
      `Dear ${buyer.name},`,
      '',
      `you registered a ${item.productModel}, serial ${item.serialNumber}, ${purchaseWords(item)}.`,
      'This serial is still registered on another account, so we validate the purchase before it moves to yours.',
      '',
      'Please answer this e-mail with proof of your purchase (an invoice or receipt naming the serial number).',
      'Until we have confirmed it, the item does not count for your tier; we will write to you with our decision.',
      '',
      `Your member number: ${memberNumber(buyer.id)}`,
      '',
      team.name,
    ].join('\n'),
  };
}

/** The request in the team's queue: what to validate, with both accounts' numbers. */
export function transferRequestToTeam(team: HandlerTeam, item: EquipmentRecord, previous: EquipmentRecord): EmailMessage {
  return {
    to: team.email,
    subject: `Second-hand registration to validate: ${item.productModel} ${item.serialNumber}`,
    body: [
      `Member ${memberNumber(item.memberId)} registered a ${item.productModel}, serial ${item.serialNumber},`,
      `which is still active on the account of member ${memberNumber(previous.memberId)}.`,
      '',
      `Purchase: ${purchaseWords(item)}.`,
      '',
      'The buyer has been asked to send you proof of the purchase. Validate it, then confirm or reject',
      `the transfer of equipment ${item.id} (confirmTransfer / rejectTransfer in the handler view).`,
      'Until then the item counts for nobody twice: it stays with the previous owner.',
    ].join('\n'),
  };
}

/** The buyer learns the team's decision. */
export function transferDecisionToBuyer(team: HandlerTeam, buyer: MemberRecord, item: EquipmentRecord): EmailMessage {
  const confirmed = item.status === 'ACTIVE';
  return {
    to: buyer.email,
    memberId: buyer.id,
    replyTo: team.email,
    subject: `Your second-hand ${item.productModel} (serial ${item.serialNumber}): ${confirmed ? 'confirmed' : 'not confirmed'}`,
    body: [
      `Dear ${buyer.name},`,
      '',
      confirmed
        ? `we have validated your purchase: the ${item.productModel}, serial ${item.serialNumber}, is now registered on your account and counts for your membership.`
        : `we could not confirm your purchase of the ${item.productModel}, serial ${item.serialNumber}: ${item.transferNote ?? 'no reason was given'}.`,
      confirmed ? '' : 'If you have further proof, answer this e-mail and we will look at it again.',
      '',
      team.name,
    ].join('\n'),
  };
}
