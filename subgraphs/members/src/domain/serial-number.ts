import type { TextKey } from '@cps/policy';
import { domainError, excerpt } from '@cps/service-kit';

export interface SerialFormat {
  model: string;
  serialPattern: string;
  serialHint: string;
}

/**
 * A serial is checked against the chosen model's format (the model is chosen first). Spaces and
 * special characters get their own message: they are the usual copy-and-paste mistakes.
 */
export function checkSerialNumber(serial: string, product: SerialFormat): void {
  // The hint is the catalogue's (English) words about the model; the reason is the policy's text.
  const params = { model: product.model, hint: product.serialHint, serial: excerpt(serial, 24) };
  const fail = (why: string, key: TextKey) =>
    domainError('INVALID_SERIAL', `${why} ${product.serialHint}`.trim(), 'serialNumber', { key, params });
  if (serial.length === 0) throw fail(`Enter the serial number of your ${product.model}.`, 'error.serialEmpty');
  if (/\s/.test(serial)) throw fail('A serial number has no spaces.', 'error.serialSpaces');
  if (/[^A-Za-z0-9]/.test(serial)) throw fail('A serial number has letters and digits only, no special characters.', 'error.serialSpecialCharacters');
  if (!new RegExp(product.serialPattern).test(serial)) {
    throw fail(`"${params.serial}" does not look like a serial number of the ${product.model}.`, 'error.serialShape');
  }
}
