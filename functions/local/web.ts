import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

export interface WebServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves the built add-in and tab pages (addin/dist) the way the static hosting in Azure does, plus the
 * `app-config.json` that points them at this local API and its dev identity.
 */
export async function startWebServer(options: { port: number; root: string; appConfig: object }): Promise<WebServer> {
  const root = path.resolve(options.root);
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD' }).end();
        return;
      }
      if (url.pathname === '/app-config.json') {
        res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-cache' }).end(JSON.stringify(options.appConfig));
        return;
      }
      const relative = url.pathname === '/' ? 'taskpane.html' : decodeURIComponent(url.pathname).replace(/^\/+/, '');
      const file = path.resolve(root, relative);
      if (!file.startsWith(root + path.sep)) {
        res.writeHead(404).end();
        return;
      }
      const info = await stat(file).catch(() => null);
      if (!info?.isFile()) {
        const built = await stat(path.join(root, 'taskpane.html')).catch(() => null);
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end(built ? 'Not found.' : 'The pages are not built yet: run `npm run build:pages` (npm start does it for you).');
        return;
      }
      const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
      const immutable = relative.startsWith('assets/');
      res.writeHead(200, { 'content-type': type, 'content-length': info.size, 'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache' });
      if (req.method === 'HEAD') res.end();
      else createReadStream(file).pipe(res);
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
