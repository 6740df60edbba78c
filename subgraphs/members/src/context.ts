import type { Decision, Policy, PolicyHealth } from '@cps/policy';
import type { Clock, RequestContext } from '@cps/service-kit';
import type DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import type { MirroredProduct } from './catalogue/product-mirror';
import type { MembershipDeps } from './domain/membership-deps';
import type { MembersSettings } from './settings';
import type { EquipmentRecord } from './entities/equipment.entity';
import type { MemberRecord } from './entities/member.entity';
import type { TierChangeRecord } from './entities/tier-change.entity';

/** Per-request loaders: every member, item list and decision is fetched or made once per request. */
export interface MembersLoaders {
  memberById: DataLoader<number, MemberRecord | null>;
  equipmentByMember: DataLoader<number, EquipmentRecord[]>;
  tierHistoryByMember: DataLoader<number, TierChangeRecord[]>;
  decisionByMember: DataLoader<number, Decision>;
  /** The ACTIVE item holding a `product:serial` key, if any. */
  activeHolder: DataLoader<string, EquipmentRecord | null>;
  /** Members' copy of a catalogue product. */
  productById: DataLoader<number, MirroredProduct | null>;
}

export interface MembersContext extends RequestContext {
  dataSource: DataSource;
  policy: Policy;
  loaders: MembersLoaders;
  /** What the workflows need, bound to this request's policy and request id. */
  membership: MembershipDeps;
  settings: MembersSettings;
  policyHealth: () => PolicyHealth;
  /** The policy in force at an instant (a scheduled version from its day on). */
  policyAt: (instant: Date) => Policy;
  /** "Now" for the programme (CPS_CLOCK in development and tests). */
  clock: Clock;
  /** The programme's time zone: 1 January is midnight there. */
  timeZone: string;
  /** The live rules folder (its scheduled versions are under `scheduled/`). */
  rulesDir: string;
}
