import type { Policy } from '@cps/policy';
import type { RequestContext } from '@cps/service-kit';
import type { DataSource } from 'typeorm';

export interface RegionsContext extends RequestContext {
  /** The policy as of this request (hot-reloaded between requests, never during one). */
  policy: Policy;
  dataSource: DataSource;
}
