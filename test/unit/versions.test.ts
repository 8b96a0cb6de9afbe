import { PreconditionFailed, Unavailable } from '../../functions/src/domain';
import { changeIfMatch } from '../../functions/src/services/versions';

/** A stored document that another writer changes right after each of our reads, `interruptions` times. */
function contended(interruptions: number) {
  let version = 1;
  let left = interruptions;
  const written: string[] = [];
  return {
    written,
    read: async () => ({ etag: `v${version}` }),
    write: async (current: { etag: string }) => {
      if (left > 0) {
        left--;
        version++; // someone else wrote first
      }
      if (current.etag !== `v${version}`) throw new PreconditionFailed();
      version++;
      written.push(current.etag);
      return `v${version}`;
    },
  };
}

describe('If-Match on a read-modify-write', () => {
  it('applies "*" to whatever is current when another write gets in between', async () => {
    const doc = contended(2);
    await expect(changeIfMatch('*', doc.read, doc.write)).resolves.toBe('v4');
    expect(doc.written).toEqual(['v3']);
  });

  it('answers 412 for a named version that someone else replaced meanwhile', async () => {
    const doc = contended(1);
    await expect(changeIfMatch('"v1"', doc.read, doc.write)).rejects.toThrow(PreconditionFailed);
    expect(doc.written).toEqual([]);
  });

  it('answers 412 at once for a named version that is not current', async () => {
    const doc = contended(0);
    await expect(changeIfMatch('W/"v0"', doc.read, doc.write)).rejects.toThrow(PreconditionFailed);
  });

  it('gives up with 503 (retry later), not 412, when "*" loses five times in a row', async () => {
    const doc = contended(5);
    await expect(changeIfMatch('*', doc.read, doc.write)).rejects.toThrow(Unavailable);
    expect(doc.written).toEqual([]);
  });
});
