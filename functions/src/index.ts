import { app } from '@azure/functions';
import { composeApp } from './composition';
import { httpRoutes } from './http/routes';
import { loadConfig } from './platform/config';

// The Function App's entry point: settings are read once (failing fast), services built once, every function registered.
const services = composeApp(loadConfig());

for (const route of httpRoutes(services)) {
  app.http(route.name, { methods: route.methods, route: route.route, authLevel: 'anonymous', handler: route.handler });
}
