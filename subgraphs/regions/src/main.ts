import { runService } from '@cps/service-kit';
import { createServer } from './index';

runService('regions', createServer);
