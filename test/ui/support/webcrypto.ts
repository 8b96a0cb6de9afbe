// jsdom's window.crypto has getRandomValues but no SubtleCrypto, which MSAL needs (PKCE, cache keys): lend Node's.
import { webcrypto } from 'node:crypto';
import { TextDecoder, TextEncoder } from 'node:util';

const g = globalThis as any;
if (!g.crypto?.subtle) Object.defineProperty(g.crypto, 'subtle', { value: webcrypto.subtle, configurable: true });
if (typeof g.TextEncoder !== 'function') Object.assign(g, { TextDecoder, TextEncoder });
