import type { Container } from '@azure/cosmos';
import { Conflict, Unavailable } from '../../functions/src/domain';
import { writeBatch } from '../../functions/src/store/documents';

/** A container whose batch fails the way @azure/cosmos fails it: a plain Error when the request itself failed. */
function failing(error: unknown): Container {
  return { id: 'items-v2', items: { batch: async () => Promise.reject(error) } } as unknown as Container;
}
const doc = { id: '0a0b0c0d-0000-4000-8000-000000000001', tenantId: 't1' };

describe('a batch the database refuses', () => {
  it('answers 503 (retry) when the SDK rethrows the request failure without its status (a 429 after its retries)', async () => {
    await expect(writeBatch(failing(new Error('Batch request error: Request rate is large')), 't1', [{ op: 'Upsert', doc }])).rejects.toThrow(Unavailable);
  });

  it('keeps the typed errors of operations that failed inside a batch', async () => {
    const container = { id: 'items-v2', items: { batch: async () => ({ result: [{ statusCode: 409 }] }) } } as unknown as Container;
    await expect(writeBatch(container, 't1', [{ op: 'Create', doc }])).rejects.toThrow(Conflict);
  });

  it('lets anything else through as the error it is', async () => {
    await expect(writeBatch(failing(new TypeError('boom')), 't1', [{ op: 'Upsert', doc }])).rejects.toThrow(TypeError);
  });
});
