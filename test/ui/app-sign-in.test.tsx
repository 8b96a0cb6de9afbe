/** @jest-environment jsdom */
// The task pane and the tab when signing in fails after they started: the reason, and Try again only where it can help.
import './support/jsdom';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { act, render, screen } from '@testing-library/react';
import type { AppConfig } from '../../addin/src/config';
import { type HostContext, SignInProblem } from '../../addin/src/host/types';
import { TabApp } from '../../addin/src/tab/TabApp';
import { App } from '../../addin/src/taskpane/App';

const config: AppConfig = { apiBaseUrl: 'https://api.followthrough.test/api', mode: 'azure', clientId: 'c', apiScope: 'api://c/access_as_user' };

function hostFailingWith(problem: Error): HostContext {
  return {
    kind: 'outlook',
    timeZone: 'UTC',
    theme: () => 'light',
    onThemeChange: () => () => undefined,
    meeting: async () => ({ key: 'k', subject: 'Fabrikam pricing follow-up', start: '2026-12-01T14:00:00.000Z', end: '2026-12-01T14:30:00.000Z', organizer: null, attendees: [] }),
    tokens: { getToken: () => Promise.reject(problem) },
  };
}

const notRetryable = new SignInProblem('Followthrough is not set up correctly for single sign-on in this organization. Tell your administrator (Office error 13004).', '13004', false);
const retryable = new SignInProblem('Signing in was cancelled. Select Try again to sign in to Followthrough.', 'user_cancelled');

describe.each([
  ['the task pane', (host: HostContext) => <App host={host} config={config} />],
  ['the tab', (host: HostContext) => <TabApp host={host} config={config} onFirstView={() => undefined} />],
])('%s, when signing in fails', (_name, page) => {
  it('offers no Try again for a problem a retry cannot change', async () => {
    await act(async () => void render(<FluentProvider theme={webLightTheme}>{page(hostFailingWith(notRetryable))}</FluentProvider>));
    await screen.findByText(notRetryable.message);
    expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull();
  });

  it('offers Try again for one a retry may fix', async () => {
    await act(async () => void render(<FluentProvider theme={webLightTheme}>{page(hostFailingWith(retryable))}</FluentProvider>));
    await screen.findByText(retryable.message);
    await screen.findByRole('button', { name: 'Try again' });
  });
});
