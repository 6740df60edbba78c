import type { Policy } from '@cps/policy';
import { inTransaction, isUniqueViolation } from '@cps/service-kit';
import type { DataSource } from 'typeorm';
import { MemberRecord } from '../entities/member.entity';
import { checkedAddress, checkedEmail, checkedName, emailTaken, type AddressDetails } from './member-details';
import { checkedLanguage } from './member-language';

export interface SignUpInput {
  name: string;
  email: string;
  address: AddressDetails;
  /** One the programme has texts in; without it the member follows their country's main language. */
  language?: string | null;
}

/**
 * Free sign-up for anyone with a postal address and an e-mail address in a programme country;
 * no equipment needed. The card is requested at once.
 */
export async function registerMember(
  dataSource: DataSource,
  policy: Policy,
  input: SignUpInput,
  now = new Date(),
): Promise<MemberRecord> {
  const name = checkedName(input.name);
  const email = checkedEmail(input.email);
  const address = checkedAddress(policy, input.address);
  const language = input.language == null ? null : checkedLanguage(policy, input.language);
  try {
    return await inTransaction(dataSource, (manager) =>
      manager.save(
        manager.create(MemberRecord, {
          name,
          email,
          ...address,
          language,
          heldTier: null,
          cardRequestedAt: now,
          cardSentAt: null,
        }),
      ),
    );
  } catch (error) {
    if (isUniqueViolation(error, 'email')) {
      throw emailTaken();
    }
    throw error;
  }
}
