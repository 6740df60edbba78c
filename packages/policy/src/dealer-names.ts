/**
 * How a dealer's name is matched: case, spacing and punctuation are ignored ("Foto-Koch",
 * "foto koch", "FOTO KOCH." are one dealer), and nothing beyond that is guessed: other spellings
 * are listed in the country file, never inferred.
 */
export const dealerKey = (name: string): string => name.normalize('NFC').toLowerCase().replace(/[^\p{L}\p{M}\p{N}]/gu, '');
