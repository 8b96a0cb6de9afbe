import { Button, makeStyles, Spinner, tokens } from '@fluentui/react-components';
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import type { MeReply } from '../../../functions/src/domain/replies';
import { ApiClient } from '../api/client';
import type { AppConfig } from '../config';
import { MyCommitments } from '../features/mine/MyCommitments';
import type { Person } from '../features/review/ReviewScreen';
import { BrowserHost } from '../host/browser';
import { type HostContext, SignInProblem } from '../host/types';

const BrowserHostBar = lazy(() => import('../taskpane/BrowserHostBar').then((m) => ({ default: m.BrowserHostBar })));
const TeamGlance = lazy(() => import('../features/team/TeamGlance').then((m) => ({ default: m.TeamGlance })));
const ReviewScreen = lazy(() => import('../features/review/ReviewScreen').then((m) => ({ default: m.ReviewScreen })));
const SettingsScreen = lazy(() => import('../features/settings/SettingsScreen'));
const MyNotifications = lazy(() => import('../features/settings/MyNotifications'));
const Problem = lazy(() => import('../ui/Problem').then((m) => ({ default: m.Problem })));
// Local mode only: the demo user's chat with the bot, from the Bot Connector stand-in.
const BotChat = lazy(() => import('../features/bot-chat/BotChat'));

const useStyles = makeStyles({ nav: { display: 'flex', gap: '4px', padding: '6px 12px', borderBottom: `1px solid ${tokens.colorNeutralStroke2}` } });

interface TeamSummary {
  id: string;
  name: string;
  managerId: string | null;
  manager: Person | null;
  members: Person[];
}

const VIEW_LABELS = { mine: 'My commitments', team: 'Team', settings: 'Settings', notifications: 'My notifications', bot: 'Bot chat' } as const;

type View = { kind: 'mine' } | { kind: 'team' } | { kind: 'review'; repId: string } | { kind: 'settings' } | { kind: 'notifications' } | { kind: 'bot' };

/** A deep link to a rep's review (`review:<userId>`, a manager's escalation card's Open review). */
function deepLinkedReview(host: HostContext & { subEntityId?: () => string | null }): string | null {
  const sub = host.subEntityId?.() ?? new URLSearchParams(window.location.search).get('subEntityId');
  return sub?.startsWith('review:') ? sub.slice(7) : null;
}

/** What a deep link from a notification asks for: `item:<id>` opens My commitments at that item. */
function deepLinkedItem(host: HostContext & { subEntityId?: () => string | null }): string | null {
  const sub = host.subEntityId?.() ?? new URLSearchParams(window.location.search).get('subEntityId');
  return sub?.startsWith('item:') ? sub.slice(5) : null;
}

/** The Teams tab: a rep's commitments; for a manager, the team at a glance, reviews and the team's settings. */
export function TabApp({ host, config, onFirstView }: { host: HostContext; config: AppConfig; onFirstView: () => void }) {
  const styles = useStyles();
  const [api] = useState(() => new ApiClient(config.apiBaseUrl, host.tokens));
  const [me, setMe] = useState<MeReply | null>(null);
  const [teams, setTeams] = useState<TeamSummary[]>([]);
  const [view, setView] = useState<View>({ kind: 'mine' });
  const [error, setError] = useState<{ message: string; retryable: boolean } | null>(null);
  const highlight = deepLinkedItem(host);

  const load = useCallback(async () => {
    setError(null);
    try {
      const [who, list] = await Promise.all([api.me(), api.teams()]);
      setMe(who);
      setTeams(list.items);
      const manages = list.items.some((t) => t.managerId === who.userId) || who.roles.includes('admin');
      // The manifest's tabs ask for a view (`view=mine|team`); a manager otherwise starts with the team.
      const asked = new URLSearchParams(window.location.search).get('view');
      const wantsTeam = asked === 'team' || (asked !== 'mine' && manages);
      const review = deepLinkedReview(host);
      setView(manages && review ? { kind: 'review', repId: review } : manages && wantsTeam && !highlight ? { kind: 'team' } : asked === 'bot' && host instanceof BrowserHost ? { kind: 'bot' } : { kind: 'mine' });
    } catch (e) {
      setError({ message: e instanceof Error ? e.message : 'Something went wrong.', retryable: !(e instanceof SignInProblem && !e.retryable) });
    }
  }, [api, highlight, host]);
  useEffect(() => {
    if (host instanceof BrowserHost && !host.userId) return;
    void load();
  }, [host, load]);
  useEffect(() => {
    if (me || error) onFirstView();
  }, [me, error, onFirstView]);

  const bar = host instanceof BrowserHost && (
    <Suspense fallback={<div style={{ minHeight: 72 }} />}>
      <BrowserHostBar host={host} withMeeting={false} />
    </Suspense>
  );
  if (host instanceof BrowserHost && !host.userId) return <>{bar}<p style={{ padding: 12 }}>Pick a demo user.</p></>;
  if (error) {
    return (
      <>
        {bar}
        <Suspense fallback={<p role="alert">{error.message}</p>}>
          <div style={{ padding: 12 }}>
            <Problem title="Followthrough could not start" detail={error.message} onRetry={error.retryable ? () => void load() : undefined} />
          </div>
        </Suspense>
      </>
    );
  }
  if (!me) return <>{bar}<Spinner style={{ padding: 24 }} label="Loading…" /></>;

  const managed = teams.filter((t) => t.managerId === me.userId || me.roles.includes('admin'));
  const team = managed[0] ?? null;
  const myTeam = teams.find((t) => t.members.some((m) => m.userId === me.userId)) ?? null;
  const people = team ? [...team.members, ...(team.manager ? [team.manager] : [])] : [];
  const selected = view.kind === 'review' ? 'team' : view.kind;
  return (
    <>
      {bar}
      <nav className={styles.nav} aria-label="Followthrough">
        {/* My notifications is everyone's own; the team and its settings are its manager's. */}
        {[...(team ? (['mine', 'team', 'settings', 'notifications'] as const) : (['mine', 'notifications'] as const)), ...(host instanceof BrowserHost ? (['bot'] as const) : [])].map((kind) => (
          <Button key={kind} appearance={selected === kind ? 'primary' : 'subtle'} aria-current={selected === kind ? 'page' : undefined} onClick={() => setView({ kind })}>
            {VIEW_LABELS[kind]}
          </Button>
        ))}
      </nav>
      <Suspense fallback={<Spinner style={{ padding: 24 }} label="Loading…" />}>
        {view.kind === 'mine' && <MyCommitments api={api} me={me} teamId={myTeam?.id ?? null} timeZone={host.timeZone} highlightId={highlight} />}
        {view.kind === 'team' && team && <TeamGlance api={api} teamId={team.id} teamName={team.name} onOpenRep={(repId) => setView({ kind: 'review', repId })} />}
        {view.kind === 'review' && team && (
          <ReviewScreen
            api={api}
            teamId={team.id}
            rep={people.find((p) => p.userId === view.repId) ?? { userId: view.repId, displayName: 'Rep', email: '' }}
            people={people}
            timeZone={host.timeZone}
            onBack={() => setView({ kind: 'team' })}
          />
        )}
        {view.kind === 'settings' && team && <SettingsScreen api={api} teamId={team.id} members={team.members} />}
        {view.kind === 'notifications' && <MyNotifications api={api} />}
        {view.kind === 'bot' && host instanceof BrowserHost && <BotChat host={host} />}
      </Suspense>
    </>
  );
}
