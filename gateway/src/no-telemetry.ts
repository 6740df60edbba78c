import { ApolloGateway, type GatewayConfig } from '@apollo/gateway';

/**
 * Nothing leaves the machine. `ApolloGateway`'s constructor starts an OpenTelemetry exporter that
 * probes cloud metadata addresses (169.254.169.254, 100.100.100.200, metadata.google.internal) and
 * reports usage to Apollo unless APOLLO_TELEMETRY_DISABLED is set when it runs. That variable is
 * its only switch, so the gateway is always built through here rather than trusting every shell,
 * image and CI job to export it.
 */
export function gatewayWithoutTelemetry(config: GatewayConfig): ApolloGateway {
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  return new ApolloGateway(config);
}
