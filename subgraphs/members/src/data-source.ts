import { buildDataSource, type DatabaseConfig } from '@cps/service-kit';
import { CatalogueProductRecord } from './entities/catalogue-product.entity';
import { EquipmentRecord } from './entities/equipment.entity';
import { MemberRecord } from './entities/member.entity';
import { OutboxEmailRecord } from './entities/outbox-email.entity';
import { PolicyVersionRecord } from './entities/policy-version.entity';
import { JobLeaseRecord } from './entities/job-lease.entity';
import { RecalculationRangeRecord } from './entities/recalculation-range.entity';
import { RecalculationRunRecord } from './entities/recalculation-run.entity';
import { TierChangeRecord } from './entities/tier-change.entity';
import { CreateMembers1764000000000 } from './migrations/1764000000000-create-members';
import { AddCatalogueProduct1765000000000 } from './migrations/1765000000000-add-catalogue-product';
import { ProgrammeInTime1766000000000 } from './migrations/1766000000000-programme-in-time';
import { PolicyVersions1767000000000 } from './migrations/1767000000000-policy-versions';
import { MembersOwnAccount1768000000000 } from './migrations/1768000000000-members-own-account';
import { OutboxMember1770000000000 } from './migrations/1770000000000-outbox-member';
import { WorkAcrossInstances1771000000000 } from './migrations/1771000000000-work-across-instances';
import { TransferDecisions1772000000001 } from './migrations/1772000000001-transfer-decisions';
import { MemberLanguage1773000000000 } from './migrations/1773000000000-member-language';
import { HistoryReasonCodes1774000000000 } from './migrations/1774000000000-history-reason-codes';
import { RunLeaseInSlices1775000000000 } from './migrations/1775000000000-run-lease-in-slices';

/** The members subgraph's own database (SQLite file or MySQL database `cps_members`). */
export const createMembersDataSource = (database: DatabaseConfig) =>
  buildDataSource({
    database,
    entities: [MemberRecord, EquipmentRecord, TierChangeRecord, OutboxEmailRecord, RecalculationRunRecord, CatalogueProductRecord, PolicyVersionRecord, RecalculationRangeRecord, JobLeaseRecord],
    migrations: [CreateMembers1764000000000, AddCatalogueProduct1765000000000, ProgrammeInTime1766000000000, PolicyVersions1767000000000, MembersOwnAccount1768000000000, OutboxMember1770000000000, WorkAcrossInstances1771000000000, TransferDecisions1772000000001, MemberLanguage1773000000000, HistoryReasonCodes1774000000000, RunLeaseInSlices1775000000000],
  });
