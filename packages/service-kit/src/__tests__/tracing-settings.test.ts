// Tracing is off unless the operator names a collector, with the standard OpenTelemetry variables.
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config-error';
import { readTracingSettings } from '../tracing';

describe('the tracing settings', () => {
  it('are off when no collector is named, or when OTEL_SDK_DISABLED=true', () => {
    expect(readTracingSettings({})).toBeUndefined();
    expect(readTracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: '' })).toBeUndefined();
    expect(readTracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', OTEL_SDK_DISABLED: 'true' })).toBeUndefined();
  });

  it('send traces to /v1/traces under OTEL_EXPORTER_OTLP_ENDPOINT, or to OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as it is', () => {
    expect(readTracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toEqual({ tracesUrl: 'http://collector:4318/v1/traces' });
    expect(readTracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'https://otel.example/base/' })).toEqual({ tracesUrl: 'https://otel.example/base/v1/traces' });
    expect(
      readTracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://traces:9999/otlp' }),
    ).toEqual({ tracesUrl: 'http://traces:9999/otlp' });
  });

  it('refuse a collector that is not an http(s) URL, naming the variable', () => {
    for (const [variable, value] of [
      ['OTEL_EXPORTER_OTLP_ENDPOINT', '127.0.0.1:4318'],
      ['OTEL_EXPORTER_OTLP_ENDPOINT', 'grpc://collector:4317'],
      ['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', 'not a url'],
    ]) {
      const read = () => readTracingSettings({ [variable]: value });
      expect(read).toThrow(ConfigError);
      expect(read).toThrow(new RegExp(`^${variable}: must be an http:// or https:// URL`));
    }
  });
});
