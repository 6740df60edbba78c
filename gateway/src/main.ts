import { runService } from '@cps/service-kit';
import { createGatewayServer } from './index';

runService('gateway', () => createGatewayServer());
