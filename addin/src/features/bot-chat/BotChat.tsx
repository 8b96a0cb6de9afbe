import { Button, makeStyles, MessageBar, MessageBarBody, Spinner, Text, tokens } from '@fluentui/react-components';
import { useCallback, useEffect, useState } from 'react';
import type { BotChat as Chat, BrowserHost } from '../../host/browser';
import { AdaptiveCardView } from './AdaptiveCardView';

const useStyles = makeStyles({
  root: { padding: '16px', display: 'flex', flexDirection: 'column', gap: '16px', maxWidth: '640px' },
  message: { display: 'flex', flexDirection: 'column', gap: '6px' },
  meta: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  head: { display: 'flex', gap: '8px', alignItems: 'center', justifyContent: 'space-between' },
});

/** The cards refreshed when the chat is opened, as Teams refreshes the cards a user sees (newest first). */
const REFRESHED_ON_OPEN = 5;

/**
 * The demo user's chat with the Followthrough bot, in the local host only: the cards the bot sent (the Bot Connector
 * stand-in keeps them), newest first, with working buttons. A button is an `adaptiveCard/action` invoke sent by the
 * stand-in, signed, to /api/messages, as Teams sends it; a card in the answer replaces the card, a message is shown
 * beside it. Opening the chat refreshes the newest cards, as Teams does for the cards on screen.
 */
export default function BotChat({ host }: { host: BrowserHost }) {
  const styles = useStyles();
  const [chat, setChat] = useState<Chat | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [notes, setNotes] = useState<Record<string, string>>({});

  const load = useCallback(async () => {
    try {
      setChat(await host.botChat());
      setError(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : 'The bot chat could not be read.');
    }
  }, [host]);

  useEffect(() => {
    void (async () => {
      try {
        const first = await host.botChat();
        // As Teams does for the cards in view: each asks the bot for its current state (`refresh`).
        for (const message of first.activities.slice(0, REFRESHED_ON_OPEN)) {
          const refresh = (message.card as { refresh?: { action?: { verb?: unknown; data?: unknown } } } | null)?.refresh?.action;
          if (typeof refresh?.verb === 'string') await host.pressCardButton(message.id, refresh.verb, (refresh.data ?? {}) as Record<string, unknown>);
        }
      } catch {
        // Shown by the load below.
      }
      await load();
    })();
  }, [host, load]);

  const press = async (activityId: string, verb: string, data: Record<string, unknown>) => {
    setBusy(activityId);
    try {
      const answer = await host.pressCardButton(activityId, verb, data);
      setNotes((n) => ({ ...n, [activityId]: answer.type === 'application/vnd.microsoft.activity.message' && answer.text ? answer.text : answer.status === 200 ? '' : `The bot answered ${answer.status}${answer.text ? `: ${answer.text}` : ''}` }));
      await load();
    } finally {
      setBusy(null);
    }
  };

  /** A Teams deep link to the app's tab opens the tab here, at what it names (`subEntityId`). */
  const open = (url: string) => {
    try {
      const link = new URL(url);
      const context = JSON.parse(link.searchParams.get('context') ?? '{}') as { subEntityId?: unknown };
      if (link.hostname === 'teams.microsoft.com' && typeof context.subEntityId === 'string') {
        const here = new URL(window.location.href);
        here.searchParams.delete('view');
        here.searchParams.set('subEntityId', context.subEntityId);
        window.location.assign(here.toString());
        return;
      }
    } catch {
      // not a deep link
    }
    window.open(url, '_blank', 'noopener');
  };

  if (error) {
    return (
      <main className={styles.root} aria-label="Bot chat">
        <MessageBar intent="error">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      </main>
    );
  }
  if (!chat) return <Spinner style={{ padding: 24 }} label="Loading the bot chat…" />;
  return (
    <main className={styles.root} aria-label="Bot chat">
      <div className={styles.head}>
        <Text weight="semibold">Followthrough bot {chat.installed ? '' : '(not installed for you: your reminders go to the feed and email)'}</Text>
        <Button appearance="subtle" onClick={() => void load()}>
          Reload
        </Button>
      </div>
      {chat.activities.length === 0 && <Text>No messages from the bot yet. Run the overdue sweep and the dispatch (README, “Try the bot”).</Text>}
      {chat.activities.map((message) => (
        <article key={message.id} className={styles.message} aria-label={`Message from Followthrough, ${new Date(message.at).toLocaleString()}`} data-activity-id={message.id}>
          <span className={styles.meta}>
            {new Date(message.at).toLocaleString()}
            {message.updatedAt ? ` · updated ${new Date(message.updatedAt).toLocaleTimeString()}` : ''}
          </span>
          <AdaptiveCardView key={`${message.id}:${message.updatedAt ?? ''}:${JSON.stringify(message.card).length}`} card={message.card} busy={busy === message.id} onOpenUrl={open} onExecute={(verb, data) => void press(message.id, verb, data)} />
          {notes[message.id] && (
            <MessageBar intent="warning">
              <MessageBarBody>{notes[message.id]}</MessageBarBody>
            </MessageBar>
          )}
        </article>
      ))}
    </main>
  );
}
