import type { Policy } from '@cps/policy';
import { inTransaction, isUniqueViolation } from '@cps/service-kit';
import type { DataSource } from 'typeorm';
import { MemberRecord } from '../entities/member.entity';
import { checkedAddress, checkedEmail, checkedName, emailTaken, type AddressDetails } from './member-details';

export interface SignUpInput {
  name: string;
  email: string;
  address: AddressDetails;
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
  try {
    return await inTransaction(dataSource, (manager) =>
      manager.save(
        manager.create(MemberRecord, {
          name,
          email,
          ...address,
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
