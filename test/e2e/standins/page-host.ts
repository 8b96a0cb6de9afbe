// What the e2e tests inject into a page before its scripts run (page.addInitScript, bundled by esbuild): the
// nested-app-auth bridge Outlook and Teams would provide, the Teams test host, and a pop-up blocker — each only as
// the scenario (window.__followthroughTestHost) asks.
import { installNaaBridge } from './naa-bridge';
import { currentScenario, recordCall, tokenFrom } from './scenario';
import { installTeamsHost } from './teams-host';

const scenario = currentScenario();
const page = window as Window & { __naaBridge?: unknown; __teamsTestHost?: unknown };

if (scenario.naa) {
  const naa = scenario.naa;
  // What the bridge answers is read at each request, so a test can change it mid-way (changeScenario).
  const live = () => currentScenario().naa ?? naa;
  page.__naaBridge = installNaaBridge(window, {
    user: naa.user,
    clientId: naa.clientId,
    get silent() {
      return live().silent;
    },
    get popup() {
      return live().popup;
    },
    issue: (scopes, request) => {
      recordCall(`naa:${request.method}:${scopes.join(' ')}`);
      const graph = scopes.every((s) => !s.startsWith('api://'));
      return tokenFrom(live().tokens, graph ? { resource: 'graph', scopes } : {});
    },
  });
}

if (scenario.teams) {
  const teams = scenario.teams;
  page.__teamsTestHost = installTeamsHost(window, {
    context: teams.context,
    naaRecommended: teams.naaRecommended,
    authToken: () => {
      recordCall('teams:getAuthToken');
      return teams.sso.kind === 'error' ? Promise.reject(new Error(teams.sso.reason)) : tokenFrom(teams.sso);
    },
  });
}

const open = window.open.bind(window);
window.open = (...args: Parameters<typeof window.open>) => {
  if (currentScenario().blockPopups) {
    recordCall('window.open:blocked');
    return null;
  }
  return open(...args);
};
