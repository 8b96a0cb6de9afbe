import { createRoot } from 'react-dom/client';
import { finishSignInRedirect, isSignInRedirect } from '../auth/standard-msal';
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
    try {
      return new TeamsHost(teams, await teams.app.getContext(), config);
    } finally {
      // Teams hides the page behind its loading indicator until told: whatever happened, show it.
      teams.app.notifySuccess();
    }
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
    renderStartupFailure(root, error, () => void start());
  }
}

// The sign-in popup of standard MSAL comes back to this page: it hands the answer over and starts nothing else
// (opened any other way, with nobody to hand it to, the page starts as usual).
if (isSignInRedirect()) void finishSignInRedirect().catch(() => start());
else void start();
