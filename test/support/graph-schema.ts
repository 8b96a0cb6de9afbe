import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FixtureProperty, GraphFixture } from '../../tools/graph-fixture';

/**
 * Checks JSON against Microsoft Graph's own definitions: the subset of the v1.0 metadata (CSDL) in
 * test/fixtures/msgraph/v1.0-subset.json, written by tools/graph-fixture.ts. What the adapters send and what the
 * stand-ins answer can then be held to Graph's real names and types instead of to what a test's author remembered.
 *
 * - Property names must be declared on the type or one of its base types, exactly as the CSDL spells them; so must
 *   an action's parameter names (`sendMail` takes `Message` and `SaveToSentItems`). A name that differs only in case
 *   is reported with the right spelling.
 * - Values: complex and entity values are objects checked property by property (nested ones too), collections are
 *   arrays, enums one of their members (as the CSDL spells them), primitives of their Edm type (Edm.String a string,
 *   Edm.Int32 an integer in range, Edm.DateTimeOffset an RFC 3339 date-time with an offset …). `null` only where the
 *   CSDL allows it (Nullable="false" forbids it).
 * - A complex value must carry its non-nullable properties (Graph returns complex values whole).
 * - OData annotations (`@odata.context`, `@odata.nextLink`, `@odata.etag`, `prop@odata.…`) only at the top of a
 *   reply and on the entities of a collection reply; `@odata.type` anywhere, naming the type or a type derived from it.
 *
 * Open types (event, message) accept dynamic properties in OData; this checker does not: we use none, and a dynamic
 * property is what a misspelled one looks like.
 */

export interface SchemaFinding {
  /** Where in the value, e.g. `Message.toRecipients[0].emailAddress.adress`. */
  path: string;
  message: string;
}

const FIXTURE_FILE = path.resolve(__dirname, '../fixtures/msgraph/v1.0-subset.json');
const NAMESPACE = 'microsoft.graph';

let loaded: GraphFixture | undefined;

/** The fixture, read once. */
export function graphFixture(): GraphFixture {
  loaded ??= JSON.parse(readFileSync(FIXTURE_FILE, 'utf8')) as GraphFixture;
  return loaded;
}

/** `event` → `microsoft.graph.event`; qualified names and Edm types stay. */
const qualified = (name: string) => (name.includes('.') ? name : `${NAMESPACE}.${name}`);

/** Findings for one entity as `GET /…/{id}` answers it (annotations allowed at its top). */
export function entityFindings(type: string, reply: unknown, fixture = graphFixture()): SchemaFinding[] {
  const checker = new Checker(fixture);
  checker.value(qualified(type), false, reply, '', { annotations: true });
  return checker.findings;
}

/** Findings for a collection reply `{value: [...], @odata.nextLink?}` of entities of `type`. */
export function collectionFindings(type: string, reply: unknown, fixture = graphFixture()): SchemaFinding[] {
  const checker = new Checker(fixture);
  if (!isObject(reply)) return [{ path: '', message: `a collection reply is an object with "value", not ${describe(reply)}` }];
  for (const key of Object.keys(reply)) {
    if (key !== 'value' && !key.startsWith('@odata.')) checker.add(key, `a collection reply has "value" and @odata annotations only`);
  }
  if (!Array.isArray(reply.value)) checker.add('value', `must be an array of ${qualified(type)}, not ${describe(reply.value)}`);
  else reply.value.forEach((item, i) => checker.value(qualified(type), false, item, `value[${i}]`, { annotations: true }));
  return checker.findings;
}

/** Findings for a value of `type` nested in something else (no annotations but `@odata.type`). */
export function valueFindings(type: string, value: unknown, fixture = graphFixture()): SchemaFinding[] {
  const checker = new Checker(fixture);
  checker.value(qualified(type), true, value, '', { annotations: false });
  return checker.findings;
}

/**
 * Findings for the JSON body of a bound action: `POST …/{binding}/{action}`, e.g. `sendMail` bound to `user`.
 * Parameter names are case-sensitive as the CSDL declares them; a non-nullable parameter must be given.
 */
export function actionBodyFindings(action: string, bindingType: string, body: unknown, fixture = graphFixture()): SchemaFinding[] {
  const name = qualified(action);
  const binding = qualified(bindingType);
  const definition = fixture.actions.find((a) => a.name === name && a.bindingType === binding);
  if (!definition) return [{ path: '', message: `the fixture has no action ${name} bound to ${binding} (tools/graph-fixture.ts: WANTED_ACTIONS)` }];
  const checker = new Checker(fixture);
  if (!isObject(body)) return [{ path: '', message: `an action's body is a JSON object of its parameters, not ${describe(body)}` }];
  const parameters = new Map(definition.parameters.map((p) => [p.name, p]));
  for (const [key, value] of Object.entries(body)) {
    const parameter = parameters.get(key);
    if (!parameter) {
      checker.add(key, `${name} has no parameter "${key}"${spelledAs(key, [...parameters.keys()], 'parameter')}`);
      continue;
    }
    checker.value(parameter.type, parameter.nullable, value, key, { annotations: false });
  }
  for (const p of definition.parameters) {
    if (!p.nullable && !(p.name in body)) checker.add(p.name, `missing: ${name} requires "${p.name}" (Nullable="false")`);
  }
  return checker.findings;
}

interface Context {
  /** OData annotations allowed on this object (the top of a reply, an entity of a collection reply). */
  annotations: boolean;
}

class Checker {
  readonly findings: SchemaFinding[] = [];

  constructor(private readonly fixture: GraphFixture) {}

  add(path: string, message: string): void {
    this.findings.push({ path, message });
  }

  value(type: string, nullable: boolean, value: unknown, at: string, context: Context): void {
    const collection = /^Collection\((.+)\)$/.exec(type)?.[1];
    if (collection) {
      // OData: a collection is an array, never null; Nullable speaks of its items.
      if (!Array.isArray(value)) return this.add(at, `${an(type)} must be an array, not ${describe(value)}`);
      value.forEach((item, i) => this.value(collection, nullable, item, `${at}[${i}]`, { annotations: false }));
      return;
    }
    if (value === null) {
      if (!nullable) this.add(at, `null, but ${type} is not nullable here (Nullable="false")`);
      return;
    }
    if (type.startsWith('Edm.')) return this.primitive(type, value, at);
    const enumeration = this.fixture.enums[type];
    if (enumeration) {
      const members = enumeration.isFlags && typeof value === 'string' ? value.split(',').map((s) => s.trim()) : [value];
      for (const member of members) {
        if (typeof member !== 'string' || !enumeration.members.includes(member)) {
          this.add(at, `${JSON.stringify(member)} is not a member of ${type} (${enumeration.members.join(', ')})${typeof member === 'string' ? spelledAs(member, enumeration.members, 'member') : ''}`);
        }
      }
      return;
    }
    if (!this.fixture.types[type]) return this.add(at, `the fixture does not define ${type} (tools/graph-fixture.ts: WANTED_TYPES)`);
    if (!isObject(value)) return this.add(at, `${an(type)} must be an object, not ${describe(value)}`);
    this.structured(this.actualType(type, value, at), value, at, context);
  }

  /** The type named by `@odata.type` when it is `type` or derives from it; else `type` (with a finding). */
  private actualType(type: string, value: Record<string, unknown>, at: string): string {
    const named = value['@odata.type'];
    if (named === undefined) return type;
    const derived = typeof named === 'string' ? qualified(named.replace(/^#/, '')) : '';
    if (!derived || !this.chain(derived).includes(type)) {
      this.add(join(at, '@odata.type'), `${JSON.stringify(named)} is not ${type} or a type derived from it in the fixture`);
      return type;
    }
    return derived;
  }

  private structured(type: string, value: Record<string, unknown>, at: string, context: Context): void {
    const chain = this.chain(type);
    const properties = new Map<string, FixtureProperty>();
    for (const t of chain) for (const [name, p] of Object.entries(this.fixture.types[t]?.properties ?? {})) properties.set(name, p);
    const partial = chain.filter((t) => this.fixture.types[t]?.partial);
    for (const [key, inner] of Object.entries(value)) {
      const where = join(at, key);
      if (key === '@odata.type') continue;
      const sign = key.indexOf('@');
      if (sign >= 0) {
        const property = key.slice(0, sign);
        const term = key.slice(sign + 1);
        if (!context.annotations) this.add(where, `an annotation here; only the top of a reply (and a collection's entities) carries them`);
        else if (!term.startsWith('odata.')) this.add(where, `not an OData annotation (@odata.…)`);
        else if (property && !properties.has(property)) this.add(where, `annotates "${property}", which ${type} does not have`);
        continue;
      }
      const property = properties.get(key);
      if (!property) {
        const hint = spelledAs(key, [...properties.keys()], 'property');
        const more = partial.length > 0 && !hint ? ` (or not among the properties the fixture keeps of ${partial.join(', ')}: tools/graph-fixture.ts)` : '';
        this.add(where, `${type} has no property "${key}"${hint}${more}`);
        continue;
      }
      this.value(property.type, property.nullable, inner, where, { annotations: false });
    }
    // Complex values come whole: their non-nullable properties are there. (Entities may be cut by $select.)
    if (this.fixture.types[type]?.kind === 'complex') {
      for (const [name, p] of properties) {
        if (!p.nullable && !(name in value)) this.add(join(at, name), `missing: ${type} requires "${name}" (Nullable="false")`);
      }
    }
  }

  /** The type and its base types, most derived first. */
  private chain(type: string): string[] {
    const chain: string[] = [];
    for (let t: string | null = type; t; t = this.fixture.types[t]?.baseType ?? null) {
      if (chain.includes(t)) break;
      chain.push(t);
    }
    return chain;
  }

  private primitive(type: string, value: unknown, at: string): void {
    const check = PRIMITIVES[type];
    if (!check) return this.add(at, `this checker cannot check ${type} yet (test/support/graph-schema.ts)`);
    const problem = check(value);
    if (problem) this.add(at, `${an(type)} must be ${problem}, not ${describe(value)}`);
  }
}

const integer = (min: number, max: number) => (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? null : `an integer from ${min} to ${max}`);
const matching = (re: RegExp, what: string) => (v: unknown) => (typeof v === 'string' && re.test(v) ? null : what);
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,12})?)?$/;

/** Each Edm primitive: null when the JSON value is one, else what it should have been. */
const PRIMITIVES: Record<string, (v: unknown) => string | null> = {
  'Edm.String': (v) => (typeof v === 'string' ? null : 'a string'),
  'Edm.Boolean': (v) => (typeof v === 'boolean' ? null : 'true or false'),
  'Edm.Byte': integer(0, 255),
  'Edm.SByte': integer(-128, 127),
  'Edm.Int16': integer(-32768, 32767),
  'Edm.Int32': integer(-2147483648, 2147483647),
  // JSON numbers as Graph writes them; beyond 2^53 a JavaScript number is no longer the integer it claims to be.
  'Edm.Int64': integer(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
  'Edm.Double': (v) => (typeof v === 'number' || v === 'INF' || v === '-INF' || v === 'NaN' ? null : 'a number'),
  'Edm.Single': (v) => (typeof v === 'number' || v === 'INF' || v === '-INF' || v === 'NaN' ? null : 'a number'),
  'Edm.Decimal': (v) => (typeof v === 'number' ? null : 'a number'),
  'Edm.Date': matching(DATE, 'a date, YYYY-MM-DD'),
  'Edm.TimeOfDay': matching(TIME, 'a time of day, hh:mm:ss'),
  'Edm.DateTimeOffset': (v) =>
    typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,12})?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/.test(v) && DATE.test(v.slice(0, 10))
      ? null
      : 'an RFC 3339 date-time with an offset, e.g. 2026-12-01T14:00:00Z',
  'Edm.Duration': matching(/^-?P(?=\d|T\d)(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/, 'an ISO 8601 duration, e.g. PT30M'),
  'Edm.Guid': matching(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'a GUID'),
  'Edm.Binary': matching(/^[A-Za-z0-9+/_-]*={0,2}$/, 'base64'),
};

/** ` (Graph spells it "X": names are case-sensitive)` when a name differs from a declared one only in case. */
function spelledAs(name: string, declared: string[], what: string): string {
  const same = declared.find((d) => d.toLowerCase() === name.toLowerCase());
  return same ? ` (the ${what} is "${same}": CSDL names are case-sensitive)` : '';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

const join = (at: string, key: string) => (at ? `${at}.${key}` : key);
const an = (type: string) => `${/^[AEIOU]/i.test(type) ? 'an' : 'a'} ${type}`;
