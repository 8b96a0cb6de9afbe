import { createRoot } from 'react-dom/client';
import { type AppConfig, loadAppConfig } from '../config';
import { BrowserHost } from '../host/browser';
import type { HostContext } from '../host/types';
import { renderStartupFailure } from '../ui/boot';
import { ThemedRoot } from '../ui/theme';
import { App } from './App';

/** Which host the page runs in: the manifest opens it with `?host=outlook` or `?host=teams`; otherwise a browser. */
async function createHost(config: AppConfig): Promise<HostContext> {
  const kind = new URLSearchParams(window.location.search).get('host');
  if (kind === 'outlook') {
    const { loadOffice, OutlookHost } = await import('../host/outlook');
    await loadOffice();
    return new OutlookHost(config);
  }
  if (kind === 'teams') {
    const { initializeTeams, TeamsHost } = await import('../host/teams');
    const teams = await initializeTeams();
    const host = new TeamsHost(teams, await teams.app.getContext(), config);
    teams.app.notifySuccess();
    return host;
  }
  return new BrowserHost(config);
}

const root = createRoot(document.getElementById('root') as HTMLElement);

async function start(): Promise<void> {
  try {
    const config = await loadAppConfig();
    const host = await createHost(config);
    root.render(
      <ThemedRoot host={host}>
        <App host={host} config={config} />
      </ThemedRoot>,
    );
  } catch (error) {
    renderStartupFailure(root, error);
  }
}

void start();
