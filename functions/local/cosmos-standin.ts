import type { AddressInfo } from 'node:net';
import { Agent } from 'node:https';
import { createHttpsServer } from '@vercel/cosmosdb-server';

export interface CosmosStandIn {
  endpoint: string;
  key: string;
  /** Trusts the stand-in's self-signed certificate, for this endpoint only. */
  agent: Agent;
  close(): Promise<void>;
}

/**
 * The embedded Cosmos DB stand-in (@vercel/cosmosdb-server), in-process over HTTPS on loopback. In memory: every
 * start is empty. It speaks the Cosmos REST API, so the real @azure/cosmos SDK talks to it unchanged.
 */
export async function startCosmosStandIn(): Promise<CosmosStandIn> {
  // Without keepAlive the stand-in answers `connection: close`, and every request would pay a TLS handshake.
  const server = createHttpsServer({ keepAlive: true });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const agent = new Agent({ rejectUnauthorized: false, keepAlive: true });
  return {
    endpoint: `https://127.0.0.1:${port}`,
    key: 'local-stand-in-accepts-any-key',
    agent,
    close: () =>
      new Promise((resolve) => {
        agent.destroy();
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
