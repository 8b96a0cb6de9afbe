import { bareEtag, PreconditionFailed, sameVersion, Unavailable } from '../domain';

/** How often `If-Match: *` re-reads when other writers keep getting in first, before answering 503. */
const ANY_VERSION_ATTEMPTS = 5;

/**
 * A read-modify-write under If-Match. A named version must still be current (412 otherwise, and nothing changes).
 * `*` means "whatever is current": when a concurrent write lands between the read and the write, the change is
 * worked out again on the fresh version instead of failing — a client that said `*` never gets a 412.
 *
 * `read` answers the current version (throwing NotFound and the like itself); `write` computes the change from it
 * and stores it conditionally on `current.etag`, throwing PreconditionFailed when someone wrote first.
 */
export async function changeIfMatch<T extends { etag: string }, R>(ifMatch: string, read: () => Promise<T>, write: (current: T) => Promise<R>): Promise<R> {
  const any = bareEtag(ifMatch) === '*';
  for (let attempt = 1; ; attempt++) {
    const current = await read();
    if (!sameVersion(ifMatch, current.etag)) throw new PreconditionFailed();
    try {
      return await write(current);
    } catch (error) {
      if (!(error instanceof PreconditionFailed) || !any) throw error;
      if (attempt >= ANY_VERSION_ATTEMPTS) throw new Unavailable('Others kept changing this while your change was applied. Retry shortly.');
    }
  }
}
