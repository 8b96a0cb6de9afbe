/**
 * Regenerates test/fixtures/msgraph/v1.0-subset.json: the few definitions of Microsoft Graph's v1.0 metadata (CSDL)
 * that the Graph adapters send and the local host's Graph stand-in answers, for test/support/graph-schema.ts.
 *
 *   npx tsx tools/graph-fixture.ts <path-to-v1.0.csdl>
 *
 * The CSDL is Graph's schemas/v1.0-Prod.csdl from microsoftgraph/msgraph-metadata (MIT licensed), downloaded or
 * checked out wherever you like. This developer tool reads it; tests never do — they read the fixture, so they pass
 * in a clone with nothing beside it. When you regenerate from a newer
 * CSDL, update SOURCE below and test/fixtures/msgraph/README.md.
 *
 * The XML is read by a small extractor written for this document: elements with double- or single-quoted
 * attributes, self-closing or not, comments and the XML declaration; text content is ignored (the CSDL carries
 * everything in attributes). Names are kept exactly as written: CSDL names are case-sensitive (`sendMail` has the
 * parameters `Message` and `SaveToSentItems`).
 */
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const OUT_DIR = path.join(ROOT, 'test/fixtures/msgraph');
const OUT = path.join(OUT_DIR, 'v1.0-subset.json');

/** Where the CSDL came from: written into the fixture with the license notice. */
const SOURCE = {
  repository: 'https://github.com/microsoftgraph/msgraph-metadata',
  path: 'schemas/v1.0-Prod.csdl',
  commit: 'f54f11b',
  date: '2026-08-20',
  license: 'MIT License, Copyright (c) 2018 Microsoft Graph (test/fixtures/msgraph/LICENSE)',
};

const GRAPH = 'microsoft.graph';

/**
 * Entity and complex types to extract: `'all'` of their properties, or only these (looked up through the base types,
 * where inherited ones live). Types their properties use (complex types, enums) and their base types come along.
 */
const WANTED_TYPES: Record<string, 'all' | string[]> = {
  // sendActivityNotification
  teamworkActivityTopic: 'all',
  itemBody: 'all',
  keyValuePair: 'all',
  // sendMail: only what the email fallback sends
  message: ['subject', 'body', 'toRecipients', 'from', 'replyTo'],
  recipient: 'all',
  emailAddress: 'all',
  // GET /me/events/{id}, GET /me/calendarView: what the pages read
  event: ['id', 'iCalUId', 'subject', 'start', 'end', 'organizer', 'attendees', 'isOnlineMeeting', 'onlineMeeting', 'onlineMeetingProvider', 'type', 'seriesMasterId'],
  attendee: 'all',
  dateTimeTimeZone: 'all',
  onlineMeetingInfo: 'all',
  responseStatus: 'all',
  // GET /chats/{id}
  chat: ['id', 'topic', 'chatType', 'createdDateTime', 'onlineMeetingInfo'],
  teamworkOnlineMeetingInfo: 'all',
  teamworkUserIdentity: 'all',
};

/** Bound actions to extract: name and the type of the binding parameter. */
const WANTED_ACTIONS = [
  { name: 'sendActivityNotification', bindingType: `${GRAPH}.userTeamwork` },
  { name: 'sendMail', bindingType: `${GRAPH}.user` },
];

// ---- A small XML reader -------------------------------------------------------------------------------------------

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** 1-based line of the start tag, for messages. */
  line: number;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function unescapeXml(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (whole, ref: string) => {
    if (ref.startsWith('#x')) return String.fromCodePoint(Number.parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(Number.parseInt(ref.slice(1), 10));
    const named = ENTITIES[ref];
    if (named === undefined) throw new Error(`unknown XML entity ${whole}`);
    return named;
  });
}

/** Parses an XML document into its root element. Throws on anything it does not understand, with the line. */
export function parseXml(text: string): XmlElement {
  const token = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[[\s\S]*?\]\]>|<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[A-Za-z_][\w:.-]*\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|<|[^<]+/g;
  const attribute = /([A-Za-z_][\w:.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
  const root: XmlElement = { name: '#document', attributes: {}, children: [], line: 1 };
  const stack: XmlElement[] = [root];
  let line = 1;
  for (const m of text.matchAll(token)) {
    const whole = m[0];
    const here = line;
    line += whole.split('\n').length - 1;
    if (whole.startsWith('<!--') || whole.startsWith('<?') || whole.startsWith('<![CDATA[')) continue;
    if (whole === '<') throw new Error(`line ${here}: a tag this reader cannot parse`);
    const name = m[2];
    if (name === undefined) continue; // text between elements
    const top = stack[stack.length - 1] as XmlElement;
    if (m[1] === '/') {
      if (top.name !== name) throw new Error(`line ${here}: </${name}> closes <${top.name}> (line ${top.line})`);
      stack.pop();
      continue;
    }
    const attributes: Record<string, string> = {};
    for (const a of (m[3] ?? '').matchAll(attribute)) {
      const key = a[1] as string;
      if (key in attributes) throw new Error(`line ${here}: attribute ${key} twice on <${name}>`);
      attributes[key] = unescapeXml(a[2] ?? a[3] ?? '');
    }
    const element: XmlElement = { name, attributes, children: [], line: here };
    top.children.push(element);
    if (m[4] !== '/') stack.push(element);
  }
  if (stack.length !== 1) throw new Error(`<${stack[stack.length - 1]?.name}> (line ${stack[stack.length - 1]?.line}) is never closed`);
  const [document] = root.children;
  if (!document || root.children.length !== 1) throw new Error('expected exactly one root element');
  return document;
}

// ---- The CSDL model -----------------------------------------------------------------------------------------------

export interface FixtureProperty {
  /** Qualified: `Edm.String`, `microsoft.graph.recipient`, `Collection(microsoft.graph.recipient)`. */
  type: string;
  nullable: boolean;
}

export interface FixtureType {
  kind: 'entity' | 'complex';
  baseType: string | null;
  abstract: boolean;
  openType: boolean;
  /** Only some of the type's own properties were extracted (the others exist in Graph but not here). */
  partial: boolean;
  properties: Record<string, FixtureProperty>;
}

export interface FixtureEnum {
  isFlags: boolean;
  members: string[];
}

export interface FixtureAction {
  name: string;
  bindingType: string;
  /** In the CSDL's order, without the binding parameter (the URL names it). */
  parameters: ({ name: string } & FixtureProperty)[];
}

export interface GraphFixture {
  source: typeof SOURCE & { note: string };
  types: Record<string, FixtureType>;
  enums: Record<string, FixtureEnum>;
  actions: FixtureAction[];
}

interface Csdl {
  types: Map<string, { element: XmlElement; kind: 'entity' | 'complex' }>;
  enums: Map<string, XmlElement>;
  actions: Map<string, XmlElement[]>;
  /** Aliases (`graph`, `self`) to namespaces. */
  qualify: (name: string) => string;
}

function readCsdl(xml: XmlElement): Csdl {
  if (xml.name !== 'edmx:Edmx') throw new Error(`not a CSDL document: the root is <${xml.name}>`);
  const schemas = xml.children.filter((c) => c.name === 'edmx:DataServices').flatMap((d) => d.children.filter((c) => c.name === 'Schema'));
  if (schemas.length === 0) throw new Error('no <Schema> in edmx:DataServices');
  const aliases = new Map<string, string>();
  for (const s of schemas) if (s.attributes.Alias) aliases.set(s.attributes.Alias, s.attributes.Namespace as string);

  const qualify = (name: string): string => {
    const collection = /^Collection\((.+)\)$/.exec(name);
    if (collection) return `Collection(${qualify(collection[1] as string)})`;
    const dot = name.lastIndexOf('.');
    const prefix = name.slice(0, dot);
    const alias = aliases.get(prefix);
    return alias ? `${alias}.${name.slice(dot + 1)}` : name;
  };

  const csdl: Csdl = { types: new Map(), enums: new Map(), actions: new Map(), qualify };
  for (const schema of schemas) {
    const ns = schema.attributes.Namespace as string;
    for (const e of schema.children) {
      const name = e.attributes.Name;
      if (!name) continue;
      const qualified = `${ns}.${name}`;
      if (e.name === 'EntityType' || e.name === 'ComplexType') {
        if (csdl.types.has(qualified)) throw new Error(`${qualified} is defined twice`);
        csdl.types.set(qualified, { element: e, kind: e.name === 'EntityType' ? 'entity' : 'complex' });
      } else if (e.name === 'EnumType') {
        csdl.enums.set(qualified, e);
      } else if (e.name === 'Action') {
        csdl.actions.set(qualified, [...(csdl.actions.get(qualified) ?? []), e]);
      }
    }
  }
  return csdl;
}

const elementType = (type: string) => /^Collection\((.+)\)$/.exec(type)?.[1] ?? type;
const nullableOf = (e: XmlElement) => e.attributes.Nullable !== 'false';

/** The subset of the CSDL in WANTED_TYPES and WANTED_ACTIONS, with everything their properties need. */
export function extractFixture(csdl: Csdl): GraphFixture {
  const chainOf = (qualified: string): string[] => {
    const chain: string[] = [];
    for (let t: string | undefined = qualified; t; ) {
      const found = csdl.types.get(t);
      if (!found) throw new Error(`type ${t} is not in the CSDL`);
      chain.push(t);
      t = found.element.attributes.BaseType ? csdl.qualify(found.element.attributes.BaseType) : undefined;
    }
    return chain;
  };
  const ownProperties = (qualified: string) => (csdl.types.get(qualified) as { element: XmlElement }).element.children.filter((c) => c.name === 'Property');

  // Which properties of each type to keep: 'all', or the names wanted of it (through a subtype's list).
  const keep = new Map<string, 'all' | Set<string>>();
  const want = (qualified: string, names: 'all' | string[]) => {
    const chain = chainOf(qualified);
    if (names !== 'all') {
      const declared = new Set(chain.flatMap((t) => ownProperties(t).map((p) => p.attributes.Name as string)));
      const missing = names.filter((n) => !declared.has(n));
      if (missing.length > 0) throw new Error(`${qualified} has no property ${missing.join(', ')} (nor its base types)`);
    }
    for (const t of chain) {
      const before = keep.get(t);
      if (before === 'all') continue;
      // A base type of a wholly wanted type is wholly wanted; else it keeps the names wanted through any subtype.
      keep.set(t, names === 'all' ? 'all' : new Set([...(before ?? []), ...names]));
    }
  };
  for (const [name, names] of Object.entries(WANTED_TYPES)) want(`${GRAPH}.${name}`, names);

  const actions: FixtureAction[] = WANTED_ACTIONS.map(({ name, bindingType }) => {
    const overloads = csdl.actions.get(`${GRAPH}.${name}`) ?? [];
    const action = overloads.find((a) => {
      const binding = a.children.find((c) => c.name === 'Parameter');
      return a.attributes.IsBound === 'true' && binding && csdl.qualify(binding.attributes.Type as string) === bindingType;
    });
    if (!action) throw new Error(`no action ${name} bound to ${bindingType} in the CSDL`);
    // A bound action's first parameter is the binding parameter, whatever its name.
    const [, ...parameters] = action.children.filter((c) => c.name === 'Parameter');
    return {
      name: `${GRAPH}.${name}`,
      bindingType,
      parameters: parameters.map((p) => ({ name: p.attributes.Name as string, type: csdl.qualify(p.attributes.Type as string), nullable: nullableOf(p) })),
    };
  });

  // Close over what the kept properties and the parameters use: complex types wholly, enums with their members.
  // Entity types only as WANTED_TYPES names them (sendMail's Message is one), so none comes in with all it has.
  const types: Record<string, FixtureType> = {};
  const enums: Record<string, FixtureEnum> = {};
  const pending = [...keep.keys()];
  const follow = (type: string) => {
    const t = elementType(type);
    if (t.startsWith('Edm.')) return;
    if (csdl.enums.has(t)) {
      const e = csdl.enums.get(t) as XmlElement;
      enums[t] = { isFlags: e.attributes.IsFlags === 'true', members: e.children.filter((c) => c.name === 'Member').map((m) => m.attributes.Name as string) };
      return;
    }
    const found = csdl.types.get(t);
    if (!found) throw new Error(`type ${t} is not in the CSDL`);
    if (found.kind === 'entity' && !keep.has(t)) throw new Error(`${t} is an entity type used as a value: add it to WANTED_TYPES with the properties needed`);
    if (!keep.has(t)) {
      want(t, 'all');
      pending.push(...chainOf(t));
    }
  };
  for (const action of actions) for (const p of action.parameters) follow(p.type);
  const done = new Set<string>();
  while (pending.length > 0) {
    const t = pending.shift() as string;
    if (done.has(t)) continue;
    done.add(t);
    const { element, kind } = csdl.types.get(t) as { element: XmlElement; kind: 'entity' | 'complex' };
    const kept = keep.get(t) ?? 'all';
    const own = ownProperties(t);
    const chosen = own.filter((p) => kept === 'all' || kept.has(p.attributes.Name as string));
    const properties: Record<string, FixtureProperty> = {};
    for (const p of chosen) {
      const type = csdl.qualify(p.attributes.Type as string);
      properties[p.attributes.Name as string] = { type, nullable: nullableOf(p) };
      follow(type);
    }
    types[t] = {
      kind,
      baseType: element.attributes.BaseType ? csdl.qualify(element.attributes.BaseType) : null,
      abstract: element.attributes.Abstract === 'true',
      openType: element.attributes.OpenType === 'true',
      partial: chosen.length < own.length,
      properties,
    };
  }

  const sorted = <T>(record: Record<string, T>) => Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
  return {
    source: { ...SOURCE, note: 'A subset of Microsoft Graph v1.0 metadata, written by tools/graph-fixture.ts; do not edit by hand.' },
    types: sorted(types),
    enums: sorted(enums),
    actions,
  };
}

function main(): void {
  if (!process.argv[2]) {
    console.error("Give the path of Graph's v1.0 metadata (schemas/v1.0-Prod.csdl of microsoftgraph/msgraph-metadata): npx tsx tools/graph-fixture.ts <v1.0.csdl>");
    process.exit(2);
  }
  const csdlPath = path.resolve(process.argv[2]);
  if (!existsSync(csdlPath)) {
    console.error(`No CSDL at ${csdlPath}. Give the path of Graph's v1.0 metadata: npx tsx tools/graph-fixture.ts <v1.0.csdl>`);
    process.exit(1);
  }
  const fixture = extractFixture(readCsdl(parseXml(readFileSync(csdlPath, 'utf8'))));
  writeFileSync(OUT, `${JSON.stringify(fixture, null, 2)}\n`);
  const license = path.join(path.dirname(csdlPath), 'LICENSE');
  if (existsSync(license)) copyFileSync(license, path.join(OUT_DIR, 'LICENSE'));
  else if (!existsSync(path.join(OUT_DIR, 'LICENSE'))) console.error(`No LICENSE beside ${csdlPath}: keep Graph's MIT notice in ${path.relative(ROOT, OUT_DIR)}/LICENSE.`);
  console.log(
    `${path.relative(ROOT, OUT)}: ${Object.keys(fixture.types).length} types, ${Object.keys(fixture.enums).length} enums, ${fixture.actions.length} actions from ${csdlPath}`,
  );
}

if (require.main === module) main();
