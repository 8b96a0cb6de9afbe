// A test host for teams-js 2.x in its frameless mode — the way Teams' mobile clients talk to a tab: a top-level page
// with no parent or opener gets `window.nativeInterface.framelessPostMessage(json)` for its requests and is answered
// through `window.onNativeMessage({data})`, which teams-js installs when it finds no parent. Requests are
// `{id, uuid, func, args}`; an answer is `{id, uuid, args}`; a push from the host (a theme change) is `{func, args}`.
// Used by the jsdom tests and, bundled by esbuild, injected into Chromium pages by the e2e tests (page.addInitScript).

/** The context Teams hands over (teams-js's LegacyContext, which `app.getContext()` turns into `app.Context`). */
export interface TeamsTestContext {
  locale: string;
  theme: 'default' | 'dark' | 'contrast';
  entityId: string;
  subEntityId?: string;
  meetingId?: string;
  /** The meeting chat's thread id (teams-js gives it as `context.chat.id`). */
  chatId?: string;
  userObjectId: string;
  userPrincipalName: string;
  loginHint: string;
  tid: string;
  hostClientType?: string;
}

export interface TeamsHostOptions {
  context: TeamsTestContext;
  /** What `nestedAppAuth.isNAAChannelRecommended()` says. */
  naaRecommended: boolean;
  /** Answers `authentication.getAuthToken()`: a token, or a rejection whose message is Teams' reason. */
  authToken?: () => Promise<string>;
}

export interface TeamsTestHost {
  /** The `func` of every request the page sent, in order. */
  calls: string[];
  /** Pushes a theme change, as Teams does when the user switches theme. */
  pushTheme(theme: 'default' | 'dark' | 'contrast'): void;
  options: TeamsHostOptions;
}

interface Request {
  id: number;
  uuid?: string;
  func: string;
  args?: unknown[];
}

type NativeWindow = Window & { nativeInterface?: { framelessPostMessage(message: string): void }; onNativeMessage?: (event: { data: unknown }) => void };

/** The runtime a current Teams client declares (teams-js runtime API version 4). */
function runtimeConfig(naaRecommended: boolean) {
  return {
    apiVersion: 4,
    hostVersionsInfo: { adaptiveCardSchemaVersion: { majorVersion: 1, minorVersion: 5 } },
    isLegacyTeams: false,
    isNAAChannelRecommended: naaRecommended,
    supports: { appEntity: {}, authentication: {}, dialog: { url: {}, update: {} }, meeting: {}, nestedAppAuth: {}, pages: { appButton: {}, backStack: {}, config: {}, tabs: {} }, teamsCore: {} },
  };
}

/** Installs the host on `target` before teams-js loads (teams-js looks for it during `app.initialize()`). */
export function installTeamsHost(target: Window, options: TeamsHostOptions): TeamsTestHost {
  const page = target as NativeWindow;
  const host: TeamsTestHost = {
    calls: [],
    options,
    pushTheme: (theme) => deliver({ func: 'themeChange', args: [theme] }),
  };
  function deliver(data: unknown) {
    setTimeout(() => page.onNativeMessage?.({ data }), 0);
  }
  const reply = (request: Request, args: unknown[]) => deliver({ id: request.id, uuid: request.uuid, args });

  page.nativeInterface = {
    framelessPostMessage(message: string) {
      const request = JSON.parse(message) as Request;
      host.calls.push(request.func);
      switch (request.func) {
        case 'initialize':
          return reply(request, ['content', options.context.hostClientType ?? 'web', JSON.stringify(runtimeConfig(options.naaRecommended)), '2.58.0']);
        case 'getContext':
          return reply(request, [{ frameContext: 'content', hostName: 'Teams', hostClientType: options.context.hostClientType ?? 'web', appSessionId: 'test-session', ...options.context }]);
        case 'authentication.getAuthToken': {
          const issue = options.authToken ?? (() => Promise.reject(new Error('resourceRequiresConsent')));
          void issue().then(
            (token) => reply(request, [true, token]),
            (error: unknown) => reply(request, [false, error instanceof Error ? error.message : String(error)]),
          );
          return;
        }
        default:
          // Fire-and-forget messages (notifySuccess, registerHandler, appLoaded…) need no answer.
          return;
      }
    },
  };
  return host;
}
