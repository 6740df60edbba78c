import { runService } from '@cps/service-kit';
import { createServer } from './index';

runService('catalogue', createServer);
