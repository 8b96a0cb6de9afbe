import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

/** Starts the local host exactly as `npm start` does, on a free port, and waits for it to say it is up. */
function startProcess(): Promise<{ child: ChildProcess; output: () => string; baseUrl: string }> {
  const child = spawn(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'functions/local/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, API_PORT: '0', WEB_PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`local host did not start:\n${output}`)), 25_000);
    child.on('exit', (code) => reject(new Error(`local host exited with ${code}:\n${output}`)));
    const poll = setInterval(() => {
      const url = /API\s+(http:\/\/127\.0\.0\.1:\d+)\/api/.exec(output)?.[1];
      if (url && output.includes('Press Ctrl-C to stop.')) {
        clearInterval(poll);
        clearTimeout(timer);
        resolve({ child, output: () => output, baseUrl: url });
      }
    }, 50);
  });
}

describe('the local host behind npm start', () => {
  it('serves the API with dev identity and demo data over real HTTP, and stops cleanly on Ctrl-C', async () => {
    const { child, output, baseUrl } = await startProcess();
    try {
      expect(output()).toMatch(/Demo users:/);
      expect(output()).toMatch(/Morgan Lee\s+manager/);

      const health = await fetch(`${baseUrl}/api/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok', version: expect.any(String) });

      const users = (await (await fetch(`${baseUrl}/dev/users`)).json()) as { userId: string; displayName: string }[];
      expect(users.length).toBeGreaterThanOrEqual(7);
      const priya = users.find((u) => u.displayName === 'Priya Shah');

      const tokenReply = await fetch(`${baseUrl}/dev/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: priya?.userId }) });
      const { accessToken, expiresIn } = (await tokenReply.json()) as { accessToken: string; expiresIn: number };
      expect(expiresIn).toBe(3600);
      const [header, payload] = accessToken.split('.').slice(0, 2).map((p) => JSON.parse(Buffer.from(p, 'base64url').toString()));
      expect(header).toMatchObject({ alg: 'RS256', kid: expect.any(String) });
      expect(payload).toMatchObject({ tid: expect.any(String), oid: priya?.userId, scp: 'access_as_user', name: 'Priya Shah', iss: `${baseUrl}/dev/${payload.tid}/v2.0` });
      const jwks = (await (await fetch(`${baseUrl}/dev/keys`)).json()) as { keys: { kid: string }[] };
      expect(jwks.keys.map((k) => k.kid)).toContain(header.kid);

      const auth = { authorization: `Bearer ${accessToken}` };
      const me = await fetch(`${baseUrl}/api/me`, { headers: auth });
      expect(((await me.json()) as { displayName: string }).displayName).toBe('Priya Shah');

      const created = await fetch(`${baseUrl}/api/action-items`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'Smoke test item', dueAt: new Date(Date.now() + 86_400_000).toISOString(), owner: { type: 'user', userId: priya?.userId } }),
      });
      expect(created.status).toBe(201);
      const item = (await created.json()) as { id: string };
      const read = await fetch(`${baseUrl}/api/action-items/${item.id}`, { headers: auth });
      expect(read.status).toBe(200);
      expect(read.headers.get('etag')).toMatch(/^".+"$/);

      // Timers run on demand, the Core Tools way: 202 once the run has finished, with what it did.
      const sweep = await fetch(`${baseUrl}/admin/functions/overdue-sweep`, { method: 'POST' });
      expect(sweep.status).toBe(202);
      const swept = (await sweep.json()) as { name: string; summary: Record<string, number> };
      expect(swept.name).toBe('overdue-sweep');
      expect(swept.summary.notificationsCreated).toBeGreaterThan(0);
      const dispatch = (await (await fetch(`${baseUrl}/admin/functions/notification-dispatch`, { method: 'POST' })).json()) as { summary: Record<string, number> };
      expect(dispatch.summary.sent).toBeGreaterThan(0);
      expect(output()).toMatch(/\[notify\] → Priya Shah: /);
      const reminders = (await (await fetch(`${baseUrl}/api/notifications`, { headers: auth })).json()) as { items: { status: string; channel: string }[] };
      expect(reminders.items.length).toBeGreaterThan(0);
      // Sent on one of Priya's channels (locally the outbox is the feed and the email).
      expect(reminders.items.every((n) => n.status === 'sent' && ['card', 'feed', 'email'].includes(n.channel))).toBe(true);
      expect((await fetch(`${baseUrl}/admin/functions/no-such-timer`, { method: 'POST' })).status).toBe(404);
      expect((await fetch(`${baseUrl}/admin/functions/overdue-sweep`)).status).toBe(405);

      const unauthenticated = await fetch(`${baseUrl}/api/action-items`);
      expect(unauthenticated.status).toBe(401);
      expect(unauthenticated.headers.get('content-type')).toBe('application/problem+json');
      expect((await fetch(`${baseUrl}/api/nowhere`)).status).toBe(404);
      expect((await fetch(`${baseUrl}/api/health`, { method: 'DELETE' })).status).toBe(405);

      // The spans Azure Monitor would get, one line each: route template, status, tenant (never the user), Cosmos calls.
      expect(output()).toMatch(/\[trace\] GET \/api\/action-items\/\{id\} 200 \d+ ms tenant=[0-9a-f]{8}… cosmos=\d+/);
      expect(output()).toMatch(/\[trace\] GET \/api\/action-items 401 \d+ ms\n/);
      expect(output()).toMatch(/\[trace\] timer overdue-sweep ok \d+ ms cosmos=\d+/);
      expect(output()).not.toMatch(/\[trace\].*Priya/);
    } finally {
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGINT');
      expect(await exited).toBe(0);
      expect(output()).toMatch(/Stopped\./);
    }
  });
});
