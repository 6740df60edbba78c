import { defaultRulesDir, loadPolicy, type Policy } from '@cps/policy';
import { beforeAll, describe, expect, it } from 'vitest';
import { historyReason, historyReasonIn, storedReason } from '../domain/history-reasons';

describe('why a held tier changed, kept as a code and written for its reader', () => {
  let policy: Policy;
  beforeAll(async () => {
    policy = await loadPolicy(defaultRulesDir());
  });

  it('the stored English is what the history always said', () => {
    const english = (reason: ReturnType<typeof historyReason.registered>, video?: 'starts' | 'ends') => storedReason(policy, reason, video).reason;
    expect(english(historyReason.registered('EOS R5'))).toBe('registered EOS R5');
    expect(english(historyReason.transferConfirmed('EOS R5'))).toBe('second-hand EOS R5 confirmed');
    expect(english(historyReason.moved('DE'))).toBe('moved to Germany');
    expect(english(historyReason.policyRise('abc123'))).toBe('policy abc123: qualifying tier rose');
    expect(english(historyReason.riseWithdrawn('abc123', 24))).toBe('withdrawn: policy abc123 was replaced within 24 h; its rise does not stand');
    expect(english(historyReason.yearlyRun('2027-01-01'), 'ends')).toBe('yearly recalculation as of 2027-01-01: video membership ends');
    expect(english(historyReason.accountErased())).toBe('account erased at the member’s request');
  });

  it('a stored code is read in the reader\'s language, a country named in it; a row without a code reads as stored', () => {
    const row = storedReason(policy, historyReason.moved('CH'), 'starts');
    expect(row).toMatchObject({ reasonCode: 'MOVED', reasonParams: JSON.stringify({ country: 'CH', video: 'starts' }) });
    const german = policy.texts('de');
    expect(historyReasonIn(german, row)).toBe(german.text('history.videoStarts', { reason: german.text('history.MOVED', { country: 'Schweiz' }) }));
    expect(historyReasonIn(german, { reason: 'moved to Switzerland', reasonCode: null, reasonParams: null })).toBe('moved to Switzerland');
    expect(historyReasonIn(german, { reason: 'as stored', reasonCode: 'SOMETHING_NEWER', reasonParams: '{}' })).toBe('as stored');
  });
});
