import makeQuery from '@zeit/cosmosdb-query';

/**
 * The Cosmos stand-in (@vercel/cosmosdb-server) evaluates SQL through @zeit/cosmosdb-query, which compiles
 * `FROM c` into `$c.reduce(($, c) => typeof c !== "undefined" ? [...$, { c: c }] : $, [])`: every document copies the
 * array built so far, so one query over n documents costs O(n²). At 100,000 items a single page of the sweep's query
 * took over a minute here and the SDK timed out. This rewrites that one expression, in this process only, into the
 * equivalent linear `$c.filter(c => typeof c !== "undefined").map(c => ({ c: c }))`: same rows, same order, same
 * pagination, so the requests and documents our code sends and receives are unchanged; only the stand-in's own
 * scanning gets faster.
 */
const QUADRATIC_FROM = /\$c\.reduce\(\(\$, (\w+)\) => typeof \1 !== "undefined" \? \[\.\.\.\$, \{\s*(\w+): \1\s*\}\] : \$, \[\]\)/g;

export interface StandInQueryPatch {
  /** Distinct query texts whose compiled code was rewritten. */
  rewritten: number;
  /** Distinct query texts compiled without the quadratic expression (left as they were). */
  untouched: number;
}

let patch: StandInQueryPatch | undefined;

export function linearStandInQueries(): StandInQueryPatch {
  if (patch) return patch;
  const state: StandInQueryPatch = { rewritten: 0, untouched: 0 };
  const proto = Object.getPrototypeOf(makeQuery('SELECT * FROM c')) as object;
  const original = Object.getOwnPropertyDescriptor(proto, 'code')?.get;
  if (!original) throw new Error('@zeit/cosmosdb-query changed: Query.prototype.code is no longer a getter');
  Object.defineProperty(proto, 'code', {
    configurable: true,
    get(this: { _code: string | null | undefined }) {
      const compiled = original.call(this) as string;
      if (compiled.includes('/*linear*/')) return compiled;
      const linear = compiled.replace(QUADRATIC_FROM, (_match, item: string, alias: string) => `$c.filter((${item}) => typeof ${item} !== "undefined").map((${item}) => ({ ${alias}: ${item} }))`);
      if (linear === compiled) state.untouched++;
      else state.rewritten++;
      this._code = `/*linear*/${linear}`;
      return this._code;
    },
  });
  patch = state;
  return state;
}
