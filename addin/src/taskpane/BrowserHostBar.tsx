import { Field, makeStyles, Select, tokens } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { BrowserHost, DevUser } from '../host/browser';
import type { MeetingContext } from '../host/types';

const useStyles = makeStyles({
  bar: { display: 'flex', flexWrap: 'wrap', gap: '8px', padding: '8px 12px', background: tokens.colorNeutralBackground3, borderBottom: `1px solid ${tokens.colorNeutralStroke2}` },
  field: { minWidth: 0, flex: '1 1 140px' },
  select: { minWidth: 0, width: '100%' },
});

/** Local host only: who you are and which calendar meeting the pane is open on (kept in the URL). */
export function BrowserHostBar({ host, withMeeting = true }: { host: BrowserHost; withMeeting?: boolean }) {
  const styles = useStyles();
  const [users, setUsers] = useState<DevUser[]>([]);
  const [calendar, setCalendar] = useState<MeetingContext[]>([]);
  useEffect(() => {
    host.users().then(setUsers, () => setUsers([]));
  }, [host]);
  useEffect(() => {
    if (host.userId && withMeeting) host.calendar(host.userId).then(setCalendar, () => setCalendar([]));
  }, [host, withMeeting]);
  const go = (params: Record<string, string | null>) => {
    const url = new URL(window.location.href);
    for (const [key, value] of Object.entries(params)) {
      if (value) url.searchParams.set(key, value);
      else url.searchParams.delete(key);
    }
    window.location.assign(url.toString());
  };
  return (
    <nav className={styles.bar} aria-label="Local demo: user and meeting">
      <Field label="Demo user" className={styles.field}>
        <Select className={styles.select} value={host.userId ?? ''} onChange={(_, d) => go({ user: d.value || null, meeting: null })}>
          <option value="">Choose…</option>
          {users.map((u) => (
            <option key={u.userId} value={u.userId}>
              {u.displayName} ({u.roles.join(', ')})
            </option>
          ))}
        </Select>
      </Field>
      {withMeeting && (
      <Field label="Calendar meeting" className={styles.field}>
        <Select className={styles.select} value={host.meetingKey ?? ''} disabled={!host.userId} onChange={(_, d) => go({ meeting: d.value || null })}>
          <option value="">Choose…</option>
          {calendar.map((m) => (
            <option key={m.key} value={m.key}>
              {new Date(m.start).toLocaleDateString(undefined, { day: 'numeric', month: 'short' })} · {m.subject}
            </option>
          ))}
        </Select>
      </Field>
      )}
    </nav>
  );
}
