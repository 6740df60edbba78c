import type { Policy } from '@cps/policy';
import { badInput, domainError, inTransaction, isUniqueViolation } from '@cps/service-kit';
import type { DataSource } from 'typeorm';
import { MemberRecord } from '../entities/member.entity';
import { countryCode, emailAddress, requiredText } from './input-checks';

export interface SignUpInput {
  name: string;
  email: string;
  address: { street: string; postalCode: string; city: string; countryCode: string };
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
  const name = requiredText('name', input.name, 'Name');
  const email = emailAddress('email', input.email).toLowerCase();
  const street = requiredText('address.street', input.address?.street, 'Street');
  const postalCode = requiredText('address.postalCode', input.address?.postalCode, 'Postal code', 20);
  const city = requiredText('address.city', input.address?.city, 'City', 100);
  const code = countryCode('address.countryCode', input.address?.countryCode);
  if (!policy.country(code)) {
    throw domainError(
      'NOT_IN_PROGRAMME_COUNTRY',
      `The European programme needs an official address in one of its countries, and ${code} is not one. ` +
        "Members of another region's programme get priority service at European service points and events on showing a valid card.",
      'address.countryCode',
    );
  }
  try {
    return await inTransaction(dataSource, (manager) =>
      manager.save(
        manager.create(MemberRecord, {
          name,
          email,
          street,
          postalCode,
          city,
          countryCode: code,
          heldTier: null,
          cardRequestedAt: now,
          cardSentAt: null,
        }),
      ),
    );
  } catch (error) {
    if (isUniqueViolation(error, 'email')) {
      throw badInput('email', 'An account with this e-mail address exists already: sign in to it instead.');
    }
    throw error;
  }
}
