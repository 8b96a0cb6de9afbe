import { ManagedIdentityCredential } from '@azure/identity';
import { useAzureMonitor } from '@azure/monitor-opentelemetry';
import type { AppConfig } from './config';

/**
 * Exports the app's spans (platform/telemetry.ts, store/tracing.ts) to Application Insights; the one place that
 * touches the OpenTelemetry SDK in Azure. No connection string (tests, the local host): nothing is set up and the
 * spans go to whatever provider the caller registered, or nowhere.
 *
 * What the Functions host does itself, and so what this leaves alone:
 * - host.json keeps the host's own Application Insights integration (no `telemetryMode: OpenTelemetry`, a preview):
 *   the host records one request per invocation and forwards `context.log` lines as traces, both correlated with the
 *   trace context it passes to the worker. Our invocation spans are INTERNAL children of that request (see
 *   telemetry.ts), so nothing is counted twice. We do not set the worker capability `WorkerOpenTelemetryEnabled`:
 *   it tells the host to stop forwarding the worker's logs, which we do not export ourselves.
 * - No HTTP instrumentation: the worker receives invocations over the host's gRPC channel (`enableHttpStream` is
 *   off), so it would only see outgoing calls, with full URLs that carry user ids (Graph's `/users/{id}/…`).
 *   Cosmos DB requests become spans through the SDK's plugin hook instead (store/tracing.ts), with no URL.
 * - No Azure SDK instrumentation: it hooks `require('@azure/core-tracing')`, which a bundle never calls, and would
 *   duplicate the Cosmos spans where it did work. The other instrumentations the distro offers (databases and
 *   loggers we do not use) are off.
 * Sampling is the distro's default (at most 5 traces a second), hashed on the trace id like the host's.
 */
export function startAzureMonitor(config: AppConfig): boolean {
  const connectionString = config.telemetry.connectionString;
  if (!connectionString) return false;
  const clientId = config.graph.managedIdentityClientId;
  useAzureMonitor({
    azureMonitorExporterOptions: {
      connectionString,
      // Application Insights has local auth disabled: the exporter signs in as the function app's user-assigned
      // identity, named by its client id (a user-assigned identity is never found without it).
      ...(clientId ? { credential: new ManagedIdentityCredential({ clientId }) } : {}),
    },
    instrumentationOptions: {
      http: { enabled: false },
      azureSdk: { enabled: false },
      mongoDb: { enabled: false },
      mySql: { enabled: false },
      postgreSql: { enabled: false },
      redis: { enabled: false },
      redis4: { enabled: false },
      bunyan: { enabled: false },
      winston: { enabled: false },
    },
  });
  return true;
}
