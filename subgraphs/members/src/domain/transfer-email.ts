import type { EquipmentRecord } from '../entities/equipment.entity';
import type { EmailMessage } from '../mail/outbox';
import { memberNumber } from './member-number';

/** The handler's notice of a second-hand registration waiting for validation. */
export function transferValidationEmail(handlerEmail: string, item: EquipmentRecord, previous: EquipmentRecord): EmailMessage {
  return {
    to: handlerEmail,
    subject: `Second-hand registration to validate: ${item.productModel} ${item.serialNumber}`,
    body: [
      `Member ${memberNumber(item.memberId)} registered a ${item.productModel}, serial ${item.serialNumber},`,
      `which is still active on the account of member ${memberNumber(previous.memberId)}.`,
      '',
      `Purchase: ${item.purchaseDate} from ${item.dealer} (${item.purchaseCountryCode})${item.estimated ? ', details estimated' : ''}.`,
      '',
      `Please validate the purchase, then confirm or reject the transfer of equipment ${item.id}`,
      '(confirmTransfer / rejectTransfer in the handler view). Until then the item counts for nobody twice:',
      'it stays with the previous owner.',
    ].join('\n'),
  };
}
