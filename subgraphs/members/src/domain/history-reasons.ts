// Why a held tier changed, kept with each history row as a code and its values, so the history is
// written in its reader's language when it is read (Member.tierHistory). The row's `reason` keeps
// the English, written from the policy's English texts as before: what rows from before codes have,
// and what anything reading the table itself (a report, the benchmark) finds.
import { BASE_LANGUAGE, type Policy, type TextKey, type TextParams, type Texts } from '@cps/policy';
import type { TierChangeRecord } from '../entities/tier-change.entity';

const HISTORY_REASON_CODES = ['REGISTERED', 'TRANSFER_CONFIRMED', 'MOVED', 'POLICY_RISE', 'RISE_WITHDRAWN', 'YEARLY_RUN', 'ACCOUNT_ERASED', 'DEMO_TIER', 'DEMO_VIDEO'] as const;
type HistoryReasonCode = (typeof HISTORY_REASON_CODES)[number];
const isCode = (code: string): code is HistoryReasonCode => (HISTORY_REASON_CODES as readonly string[]).includes(code);

/** A reason: its code (the text `history.<code>`) and the values its text takes; a country is its code. */
export interface HistoryReason {
  code: HistoryReasonCode;
  params?: Readonly<Record<string, string | number>>;
}

export const historyReason = {
  registered: (model: string): HistoryReason => ({ code: 'REGISTERED', params: { model } }),
  transferConfirmed: (model: string): HistoryReason => ({ code: 'TRANSFER_CONFIRMED', params: { model } }),
  moved: (countryCode: string): HistoryReason => ({ code: 'MOVED', params: { country: countryCode } }),
  policyRise: (version: string): HistoryReason => ({ code: 'POLICY_RISE', params: { version } }),
  riseWithdrawn: (version: string, hours: number): HistoryReason => ({ code: 'RISE_WITHDRAWN', params: { version, hours } }),
  yearlyRun: (asOf: string): HistoryReason => ({ code: 'YEARLY_RUN', params: { asOf } }),
  accountErased: (): HistoryReason => ({ code: 'ACCOUNT_ERASED' }),
  demoTier: (): HistoryReason => ({ code: 'DEMO_TIER' }),
  demoVideo: (): HistoryReason => ({ code: 'DEMO_VIDEO' }),
};

/** A change of video membership alone is a row of its own: its reason says which, after the cause. */
export type VideoChange = 'starts' | 'ends';

/** The reason in `texts`' language: a country named as that language names it. */
function reasonIn(texts: Texts, reason: HistoryReason, video: VideoChange | undefined): string {
  const { country, ...rest } = reason.params ?? {};
  const params: TextParams = country === undefined ? rest : { ...rest, country: { country: String(country) } };
  const cause = texts.text(`history.${reason.code}` as TextKey, params);
  return video ? texts.text(video === 'starts' ? 'history.videoStarts' : 'history.videoEnds', { reason: cause }) : cause;
}

/** The columns a history row stores for its reason: the English, the code, its values (and the video change). */
export function storedReason(policy: Policy, reason: HistoryReason, video?: VideoChange): Pick<TierChangeRecord, 'reason' | 'reasonCode' | 'reasonParams'> {
  return {
    reason: reasonIn(policy.texts(BASE_LANGUAGE), reason, video),
    reasonCode: reason.code,
    reasonParams: JSON.stringify({ ...reason.params, ...(video ? { video } : {}) }),
  };
}

/** A row's reason in the reader's language; a row from before reason codes (or one this version cannot read) as it was stored. */
export function historyReasonIn(texts: Texts, row: Pick<TierChangeRecord, 'reason' | 'reasonCode' | 'reasonParams'>): string {
  if (!row.reasonCode || !isCode(row.reasonCode)) return row.reason;
  try {
    const { video, ...params } = JSON.parse(row.reasonParams ?? '{}') as Record<string, string | number>;
    return reasonIn(texts, { code: row.reasonCode, params }, video as VideoChange | undefined);
  } catch {
    return row.reason;
  }
}
