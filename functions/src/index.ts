import { app } from '@azure/functions';
import { composeApp } from './composition';
import { httpRoutes } from './http/routes';
import { startAzureMonitor } from './platform/azure-monitor';
import { loadConfig } from './platform/config';
import { ensureError } from './platform/problem';
import { followUpTimers } from './timers/follow-up';
import { tenantDataTimers } from './timers/tenant-data';
import { tenantExportTimers } from './timers/tenant-exports';

// The Function App's entry point: settings are read once (failing fast), telemetry export started (when
// APPLICATIONINSIGHTS_CONNECTION_STRING is set), services built once, every function registered. The route and timer
// tables come traced: one span per invocation, under the host's request (platform/telemetry.ts).
const config = loadConfig();
startAzureMonitor(config);
const services = composeApp(config);
// Responses may be streams (an export's file, read from Blob Storage as it is sent) rather than buffered whole.
app.setup({ enableHttpStream: true });

for (const route of httpRoutes(services)) {
  app.http(route.name, { methods: route.methods, route: route.route, authLevel: 'anonymous', handler: route.handler });
}

for (const timer of [...followUpTimers(services), ...tenantDataTimers(services), ...tenantExportTimers(services)]) {
  app.timer(timer.name, {
    schedule: timer.schedule,
    // Azure runs one instance of a timer at a time; a failed run is logged and rethrown so the host records it.
    handler: async (_timer, context) => {
      try {
        context.log(`${timer.name}: ${JSON.stringify(await timer.run(context))}`);
      } catch (error) {
        context.error(`${timer.name} failed: ${ensureError(error).stack}`);
        throw error;
      }
    },
  });
}
