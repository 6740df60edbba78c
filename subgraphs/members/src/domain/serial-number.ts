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
  const fail = (why: string) =>
    domainError('INVALID_SERIAL', `${why} ${product.serialHint}`.trim(), 'serialNumber');
  if (serial.length === 0) throw fail(`Enter the serial number of your ${product.model}.`);
  if (/\s/.test(serial)) throw fail('A serial number has no spaces.');
  if (/[^A-Za-z0-9]/.test(serial)) throw fail('A serial number has letters and digits only, no special characters.');
  if (!new RegExp(product.serialPattern).test(serial)) {
    throw fail(`"${excerpt(serial, 24)}" does not look like a serial number of the ${product.model}.`);
  }
}
