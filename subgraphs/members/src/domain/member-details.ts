import type { Policy } from '@cps/policy';
import { badInput, countryCodeInput, domainError } from '@cps/service-kit';
import { emailAddress, requiredText } from './input-checks';

export interface AddressDetails {
  street: string;
  postalCode: string;
  city: string;
  countryCode: string;
}

/** A member's details as sign-up and updateMember check them: the same field names and reasons in both. */
export const checkedName = (name: string) => requiredText('name', name, 'Name');

/** E-mail addresses are stored in lower case, so one address is one account however it is typed. */
export const checkedEmail = (email: string) => emailAddress('email', email).toLowerCase();

/** An address in a programme country: the programme needs one ("eine gültige Adresse ... in Europa"). */
export function checkedAddress(policy: Policy, address: Partial<AddressDetails> | null | undefined, livesIn?: string): AddressDetails {
  const street = requiredText('address.street', address?.street, 'Street');
  const postalCode = requiredText('address.postalCode', address?.postalCode, 'Postal code', 20);
  const city = requiredText('address.city', address?.city, 'City', 100);
  const code = countryCodeInput('address.countryCode', address?.countryCode ?? '');
  const country = policy.country(code);
  // A closed country takes nobody new; those who live there still keep their address current.
  if (country?.closed && country.code !== livesIn) {
    throw domainError(
      'NOT_IN_PROGRAMME_COUNTRY',
      `${country.name} has left the programme: it takes no new members and no moves into it. Members living there keep their accounts.`,
      'address.countryCode',
      { key: 'error.countryClosed', params: { country: country.name } },
    );
  }
  if (!country) {
    throw domainError(
      'NOT_IN_PROGRAMME_COUNTRY',
      `The European programme needs an official address in one of its countries, and ${code} is not one. ` +
        "Members of another region's programme get priority service at European service points and events on showing a valid card.",
      'address.countryCode',
      { key: 'error.notInProgramme', params: { code } },
    );
  }
  return { street, postalCode, city, countryCode: code };
}

export const emailTaken = () => badInput('email', 'An account with this e-mail address exists already: sign in to it instead.', { key: 'error.emailTaken' });
