import { Button, Checkbox, Field, Input, makeStyles, MessageBar, MessageBarBody, Spinner, Switch, Text, tokens } from '@fluentui/react-components';
import { useCallback, useEffect, useState } from 'react';
import { DELIVERY_CHANNELS, type DeliveryChannelName, NotificationPreferencesInput } from '../../../../functions/src/domain';
import type { PreferencesReply } from '../../../../functions/src/domain/replies';
import type { ApiClient } from '../../api/client';
import { Problem } from '../../ui/Problem';
import { whatFailed } from './what-failed';

const useStyles = makeStyles({
  root: { padding: '16px', display: 'flex', flexDirection: 'column', gap: '12px', maxWidth: '720px' },
  row: { display: 'flex', gap: '8px', alignItems: 'center', flexWrap: 'wrap' },
  h2: { fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold, margin: '8px 0 0' },
  list: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: '4px' },
  channel: { display: 'flex', gap: '8px', alignItems: 'center', paddingBlock: '2px' },
  name: { minWidth: '320px' },
  meta: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
});

const CHANNEL_LABELS: Record<DeliveryChannelName, string> = {
  card: 'A card in Teams chat (the Followthrough bot)',
  feed: 'Teams activity feed',
  email: 'Email',
};

interface Draft {
  /** Every channel, in the user's order; `on` says whether it is tried at all. */
  channels: { name: DeliveryChannelName; on: boolean }[];
  quiet: boolean;
  start: string;
  end: string;
  digestOnly: boolean;
}

function draftOf(reply: PreferencesReply): Draft {
  const off = DELIVERY_CHANNELS.filter((c) => !reply.channels.includes(c));
  return {
    channels: [...reply.channels.map((name) => ({ name, on: true })), ...off.map((name) => ({ name, on: false }))],
    quiet: reply.quietHours !== null,
    start: reply.quietHours?.start ?? '22:00',
    end: reply.quietHours?.end ?? '07:00',
    digestOnly: reply.digestOnly,
  };
}

function bodyOf(draft: Draft) {
  return {
    channels: draft.channels.filter((c) => c.on).map((c) => c.name),
    quietHours: draft.quiet ? { start: draft.start, end: draft.end } : null,
    digestOnly: draft.digestOnly,
  };
}

/** Settings → My notifications: how Followthrough reaches the signed-in user, validated with the API's own schema. */
export default function MyNotifications({ api }: { api: ApiClient }) {
  const styles = useStyles();
  const [stored, setStored] = useState<PreferencesReply | null>(null);
  const [etag, setEtag] = useState<string | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [saving, setSaving] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const load = useCallback(() => {
    setMessage(null);
    api.preferences().then(
      (r) => {
        setStored(r.body);
        setEtag(r.etag);
        setDraft(draftOf(r.body));
      },
      (e: unknown) => setMessage({ ok: false, text: explain('Your notification settings could not be loaded', e) }),
    );
  }, [api]);
  useEffect(() => load(), [load]);

  if (!draft || !stored) return message ? <Problem title="Could not load your notification settings" detail={message.text} onRetry={load} /> : <Spinner style={{ padding: 24 }} label="Loading your notification settings…" />;
  const body = bodyOf(draft);
  const check = NotificationPreferencesInput.safeParse(body);
  const errorAt = (path: string) => (check.success ? undefined : check.error.issues.find((i) => i.path.join('.') === path || (path === 'channels' && i.path[0] === 'channels'))?.message);
  const set = (change: Partial<Draft>) => setDraft({ ...draft, ...change });
  const move = (from: number, to: number) => {
    const channels = [...draft.channels];
    const [moved] = channels.splice(from, 1);
    if (moved) channels.splice(to, 0, moved);
    set({ channels });
  };

  const save = async () => {
    setMessage(null);
    setSaving(true);
    try {
      const r = await api.savePreferences(etag, body);
      setStored(r.body);
      setEtag(r.etag);
      setDraft(draftOf(r.body));
      setMessage({ ok: true, text: 'Saved.' });
    } catch (e) {
      setMessage({ ok: false, text: explain('Your notification settings were not saved', e) });
    } finally {
      setSaving(false);
    }
  };

  return (
    <main className={styles.root} aria-label="My notifications">
      <h2 className={styles.h2}>How reminders reach you</h2>
      <Text className={styles.meta}>Tried from the top: when one cannot reach you, the next one is used. Reminders due at the same time come as one message.</Text>
      <ol className={styles.list} aria-label="Channels in order">
        {draft.channels.map((channel, i) => (
          <li key={channel.name} className={styles.channel}>
            <Checkbox
              className={styles.name}
              label={CHANNEL_LABELS[channel.name]}
              checked={channel.on}
              onChange={(_, d) => set({ channels: draft.channels.map((c, j) => (j === i ? { ...c, on: d.checked === true } : c)) })}
            />
            <Button size="small" disabled={i === 0} onClick={() => move(i, i - 1)} aria-label={`Move ${CHANNEL_LABELS[channel.name]} up`}>
              Up
            </Button>
            <Button size="small" disabled={i === draft.channels.length - 1} onClick={() => move(i, i + 1)} aria-label={`Move ${CHANNEL_LABELS[channel.name]} down`}>
              Down
            </Button>
          </li>
        ))}
      </ol>
      {errorAt('channels') && (
        <Text role="alert" style={{ color: tokens.colorPaletteRedForeground1 }}>
          {errorAt('channels')}
        </Text>
      )}

      <h2 className={styles.h2}>Quiet hours</h2>
      <Switch label="Hold reminders during quiet hours" checked={draft.quiet} onChange={(_, d) => set({ quiet: d.checked })} />
      {draft.quiet && (
        <div className={styles.row}>
          <Field label="From" validationMessage={errorAt('quietHours.start')}>
            <Input type="time" value={draft.start} onChange={(_, d) => set({ start: d.value })} />
          </Field>
          <Field label="Until" validationMessage={errorAt('quietHours.end')}>
            <Input type="time" value={draft.end} onChange={(_, d) => set({ end: d.value })} />
          </Field>
        </div>
      )}
      <Text className={styles.meta}>In your time zone ({stored.timeZone}). A reminder that falls into them waits until they end; they may span midnight.</Text>

      <h2 className={styles.h2}>Digest only</h2>
      <Switch
        label="Only my daily digest: no separate reminders about my own items"
        checked={draft.digestOnly}
        onChange={(_, d) => set({ digestOnly: d.checked })}
      />
      <Text className={styles.meta}>Your items still appear in your digest; when one is overdue long enough your manager is still told.</Text>

      {message && (
        <MessageBar intent={message.ok ? 'success' : 'error'} role="status">
          <MessageBarBody>{message.text}</MessageBarBody>
        </MessageBar>
      )}
      <div className={styles.row}>
        <Button appearance="primary" disabled={saving || !check.success} onClick={() => void save()} icon={saving ? <Spinner size="tiny" /> : undefined}>
          {saving ? 'Saving…' : 'Save my notifications'}
        </Button>
        {!check.success && <Text>Fix what is marked above to save.</Text>}
      </div>
    </main>
  );
}

function explain(what: string, error: unknown): string {
  return whatFailed(what, error, { stale: 'they were changed meanwhile (in another window or device). Reload and apply your change again.' });
}
