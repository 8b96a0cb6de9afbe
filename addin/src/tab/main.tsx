import { createRoot } from 'react-dom/client';
import { finishSignInRedirect, isSignInRedirect } from '../auth/standard-msal';
import { type AppConfig, loadAppConfig } from '../config';
import { BrowserHost } from '../host/browser';
import type { HostContext } from '../host/types';
import { renderStartupFailure } from '../ui/boot';
import { ThemedRoot } from '../ui/theme';
import { TabApp } from './TabApp';

type Host = HostContext & { subEntityId?: () => string | null; notifySuccess?: () => void };

/** `?host=teams` in Teams (personal, channel or meeting tab); otherwise the browser host of the local host. */
async function createHost(config: AppConfig): Promise<Host> {
  if (new URLSearchParams(window.location.search).get('host') === 'teams') {
    const { initializeTeams, TeamsHost } = await import('../host/teams');
    const teams = await initializeTeams();
    try {
      // Teams shows a loading indicator until the app says it is ready (store rule: within 2 s of the first view):
      // the host says so once the first view is up (TeamsHost.notifySuccess).
      return new TeamsHost(teams, await teams.app.getContext(), config);
    } catch (error) {
      teams.app.notifySuccess();
      throw error;
    }
  }
  return new BrowserHost(config);
}

const root = createRoot(document.getElementById('root') as HTMLElement);

/**
 * The configurable tab's configuration page (channels, chats, meetings): nothing to choose — the tab shows the
 * signed-in user's team view — so it says so and saves at once.
 */
async function configureTab(): Promise<void> {
  const { initializeTeams } = await import('../host/teams');
  const teams = await initializeTeams();
  const base = `${window.location.origin}${window.location.pathname}`;
  teams.pages.config.registerOnSaveHandler((save) => {
    teams.pages.config
      .setConfig({ contentUrl: `${base}?host=teams&view=team`, websiteUrl: base, entityId: 'team-reviews', suggestedDisplayName: 'Reviews' })
      .then(() => save.notifySuccess(), (error: Error) => save.notifyFailure(error.message));
  });
  teams.pages.config.setValidityState(true);
  teams.app.notifySuccess();
  root.render(
    <ThemedRoot host={null}>
      <p style={{ padding: 16 }}>Followthrough will show your team’s commitments and reviews here. Select Save to add it.</p>
    </ThemedRoot>,
  );
}

async function start(): Promise<void> {
  if (new URLSearchParams(window.location.search).get('config') === 'true') return configureTab();
  try {
    const config = await loadAppConfig();
    const host = await createHost(config);
    let told = false;
    const firstView = () => {
      if (!told) host.notifySuccess?.();
      told = true;
    };
    root.render(
      <ThemedRoot host={host}>
        <TabApp host={host} config={config} onFirstView={firstView} />
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
