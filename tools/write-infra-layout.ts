/**
 * Writes infra/cosmos-layout.json from functions/src/store/layout.ts: the Bicep loads it, so the containers, partition
 * keys and indexing policies deployed are exactly the ones the code creates. test/unit/infra.test.ts fails when the
 * file is out of date: run `npm run infra:layout` after changing the layout.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { CONTAINERS } from '../functions/src/store/layout';

if (require.main === module) {
  const file = path.resolve(__dirname, '../infra/cosmos-layout.json');
  writeFileSync(file, `${JSON.stringify(Object.values(CONTAINERS), null, 2)}\n`);
  console.log(`Wrote ${path.relative(process.cwd(), file)}.`);
}
