import { createHash } from 'node:crypto';
import {
  type ActionItem,
  accountableFor,
  DAY_MS,
  DEFAULT_TRAPS,
  type Deal,
  type DealStage,
  type Meeting,
  newActionItem,
  type Owner,
  type Role,
  type Slip,
  type SlipReason,
  type Review,
  type Team,
  type User,
} from '../src/domain';
import { type CalendarEvent, iCalUIdOf, teamsMeetingOf } from './demo-calendar';

/**
 * The demo organizations the local host starts with. Deterministic: the same ids and the same story every start,
 * dated relative to the day it starts.
 *
 * Northwind Traders sells to other companies. Morgan manages three reps:
 * - Priya closes steadily; when she slips it is because she waits on buyers.
 * - Diego has fallen for one big deal (Adventure Works); his slips are skill gaps, and his prospecting has dried up.
 * - Sam is blocked by obstacles inside the company and now and then simply forgets.
 * Tailwind Outfitters is a second, unrelated tenant (for isolation checks).
 */
export interface DemoData {
  users: User[];
  teams: Team[];
  deals: Deal[];
  meetings: Meeting[];
  items: ActionItem[];
  /**
   * Every meeting on the demo users' calendars: the captured ones and recent ones nobody has captured yet. One event
   * per meeting (its iCalUId is the captured meeting's key); each mailbox sees it under its own item id.
   */
  calendar: CalendarEvent[];
  /** Reviews already held (Morgan's weekly check-in with Diego two weeks ago). */
  reviews: Review[];
}

/** A stable GUID from a name, so demo ids never change between starts. */
export function demoId(name: string): string {
  const h = createHash('sha256').update(`followthrough-demo:${name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export const DEMO_TENANTS = {
  northwind: { id: demoId('tenant:northwind'), name: 'Northwind Traders', domain: 'northwind.example' },
  tailwind: { id: demoId('tenant:tailwind'), name: 'Tailwind Outfitters', domain: 'tailwind.example' },
} as const;

interface PersonSpec {
  key: string;
  tenant: keyof typeof DEMO_TENANTS;
  name: string;
  roles: Role[];
  timeZone: string;
}

const PEOPLE: PersonSpec[] = [
  { key: 'morgan', tenant: 'northwind', name: 'Morgan Lee', roles: ['manager'], timeZone: 'America/New_York' },
  { key: 'priya', tenant: 'northwind', name: 'Priya Shah', roles: ['rep'], timeZone: 'America/New_York' },
  { key: 'diego', tenant: 'northwind', name: 'Diego Alvarez', roles: ['rep'], timeZone: 'America/Chicago' },
  { key: 'sam', tenant: 'northwind', name: 'Sam Carter', roles: ['rep'], timeZone: 'Europe/London' },
  { key: 'jordan', tenant: 'northwind', name: 'Jordan Kim', roles: ['admin'], timeZone: 'America/Los_Angeles' },
  { key: 'alex', tenant: 'tailwind', name: 'Alex Rivera', roles: ['manager'], timeZone: 'Europe/Berlin' },
  { key: 'casey', tenant: 'tailwind', name: 'Casey Nguyen', roles: ['rep'], timeZone: 'Europe/Berlin' },
];

interface DealSpec {
  key: string;
  owner: string;
  name: string;
  account: string;
  domain: string;
  stage: DealStage;
  amount: number;
  /** Days from today; negative is in the past. */
  closeIn: number | null;
  /** Days since the deal itself last changed. */
  touchedDaysAgo: number;
}

const DEALS: DealSpec[] = [
  { key: 'fabrikam', owner: 'priya', name: 'Data platform renewal', account: 'Fabrikam', domain: 'fabrikam.example', stage: 'negotiate', amount: 120000, closeIn: 20, touchedDaysAgo: 2 },
  { key: 'litware', owner: 'priya', name: 'Analytics pilot', account: 'Litware', domain: 'litware.example', stage: 'propose', amount: 45000, closeIn: 35, touchedDaysAgo: 5 },
  { key: 'contoso', owner: 'priya', name: 'Lab rollout', account: 'Contoso Pharmaceuticals', domain: 'contoso.example', stage: 'qualify', amount: 80000, closeIn: 60, touchedDaysAgo: 8 },
  { key: 'woodgrove', owner: 'priya', name: 'Risk dashboard', account: 'Woodgrove Bank', domain: 'woodgrove.example', stage: 'won', amount: 60000, closeIn: -10, touchedDaysAgo: 10 },
  { key: 'adventure', owner: 'diego', name: 'Field service platform', account: 'Adventure Works', domain: 'adventure-works.example', stage: 'negotiate', amount: 240000, closeIn: 14, touchedDaysAgo: 1 },
  { key: 'tailspin', owner: 'diego', name: 'Inventory sync', account: 'Tailspin Toys', domain: 'tailspin.example', stage: 'prospect', amount: 20000, closeIn: 75, touchedDaysAgo: 26 },
  { key: 'alpine', owner: 'diego', name: 'Season pass CRM', account: 'Alpine Ski House', domain: 'alpineskihouse.example', stage: 'propose', amount: 35000, closeIn: 30, touchedDaysAgo: 31 },
  { key: 'coho', owner: 'diego', name: 'Distribution portal', account: 'Coho Winery', domain: 'cohowinery.example', stage: 'lost', amount: 28000, closeIn: -20, touchedDaysAgo: 20 },
  { key: 'lamna', owner: 'sam', name: 'Patient portal', account: 'Lamna Healthcare', domain: 'lamna.example', stage: 'qualify', amount: 150000, closeIn: 90, touchedDaysAgo: 6 },
  { key: 'trey', owner: 'sam', name: 'Electronic lab notebooks', account: 'Trey Research', domain: 'treyresearch.example', stage: 'propose', amount: 40000, closeIn: -5, touchedDaysAgo: 12 },
  { key: 'proseware', owner: 'sam', name: 'Developer seats', account: 'Proseware', domain: 'proseware.example', stage: 'prospect', amount: 15000, closeIn: 45, touchedDaysAgo: 4 },
  { key: 'wingtip', owner: 'sam', name: 'Retail point of sale', account: 'Wingtip Toys', domain: 'wingtiptoys.example', stage: 'negotiate', amount: 70000, closeIn: 10, touchedDaysAgo: 3 },
  { key: 'relecloud', owner: 'casey', name: 'Trail app', account: 'Relecloud', domain: 'relecloud.example', stage: 'propose', amount: 30000, closeIn: 25, touchedDaysAgo: 3 },
  { key: 'margie', owner: 'casey', name: 'Travel bookings', account: "Margie's Travel", domain: 'margiestravel.example', stage: 'qualify', amount: 18000, closeIn: 50, touchedDaysAgo: 9 },
];

/**
 * How an item turned out. `done: 0` is on time (completed the day before due), `done: 3` three days late;
 * `open` is still open (overdue if its final due date has passed); `cancelled` was dropped.
 */
type Outcome = { done: number } | 'open' | 'cancelled';

interface ItemSpec {
  title: string;
  /** A person key (our side) or `contact:Name` (buyer side; the email is made from the deal's domain). */
  owner: string;
  /** Days after the meeting it was first due. */
  due: number;
  tags?: string[];
  outcome: Outcome;
  /** Each moves the due date later by `days`, recorded `at` one day before the due date it moved. */
  slips?: { reason: SlipReason; days: number; note?: string }[];
}

interface MeetingSpec {
  deal: string;
  daysAgo: number;
  subject: string;
  buyers: string[];
  items: ItemSpec[];
}

const MEETINGS: MeetingSpec[] = [
  // Priya — Fabrikam: a mutual action plan with the buyer.
  { deal: 'fabrikam', daysAgo: 40, subject: 'Fabrikam renewal kickoff', buyers: ['Dana Whitfield', 'Omar Haddad'], items: [
    { title: 'Send renewal pricing options', owner: 'priya', due: 2, tags: ['next-step'], outcome: { done: 0 } },
    { title: 'Share usage report for last 12 months', owner: 'contact:Dana Whitfield', due: 5, tags: ['map-milestone'], outcome: { done: 2 } },
  ] },
  { deal: 'fabrikam', daysAgo: 26, subject: 'Fabrikam security review', buyers: ['Dana Whitfield', 'Lena Fischer'], items: [
    { title: 'Complete security questionnaire', owner: 'priya', due: 4, tags: ['map-milestone'], outcome: { done: 0 } },
    { title: 'Confirm legal reviewer for the MSA', owner: 'contact:Lena Fischer', due: 3, tags: ['map-milestone'], outcome: { done: 5 }, slips: [{ reason: 'buyer', days: 5, note: 'Their legal team was at an offsite' }] },
  ] },
  { deal: 'fabrikam', daysAgo: 6, subject: 'Fabrikam commercial terms', buyers: ['Dana Whitfield', 'Omar Haddad'], items: [
    { title: 'Send redlined MSA back to Fabrikam', owner: 'priya', due: 2, tags: ['next-step'], outcome: { done: 0 } },
    { title: 'Get signature on the order form', owner: 'contact:Omar Haddad', due: 4, tags: ['map-milestone'], outcome: 'open', slips: [{ reason: 'buyer', days: 4, note: 'Omar waits for CFO sign-off' }] },
    { title: 'Book executive sponsor call', owner: 'priya', due: 9, tags: ['next-step'], outcome: 'open' },
  ] },
  // Priya — Litware and Contoso.
  { deal: 'litware', daysAgo: 33, subject: 'Litware discovery', buyers: ['Hannah Lee'], items: [
    { title: 'Draft pilot success criteria', owner: 'priya', due: 3, tags: ['next-step'], outcome: { done: 0 } },
  ] },
  { deal: 'litware', daysAgo: 12, subject: 'Litware pilot proposal', buyers: ['Hannah Lee', 'Victor Ruiz'], items: [
    { title: 'Send pilot proposal', owner: 'priya', due: 2, tags: ['next-step'], outcome: { done: 1 } },
    { title: 'Provide sample dataset', owner: 'contact:Victor Ruiz', due: 5, tags: ['map-milestone'], outcome: 'open', slips: [{ reason: 'buyer', days: 3 }] },
    { title: 'Schedule pilot review', owner: 'priya', due: 10, tags: ['next-step'], outcome: 'open' },
  ] },
  { deal: 'contoso', daysAgo: 19, subject: 'Contoso qualification call', buyers: ['Grace Park'], items: [
    { title: 'Map the buying committee', owner: 'priya', due: 4, outcome: { done: 0 } },
    { title: 'Intro to solutions engineer', owner: 'morgan', due: 2, tags: ['internal'], outcome: { done: 0 } },
    { title: 'Send lab workflow case study', owner: 'priya', due: 3, tags: ['next-step'], outcome: { done: 0 } },
  ] },
  { deal: 'woodgrove', daysAgo: 38, subject: 'Woodgrove final terms', buyers: ['Ian Holt'], items: [
    { title: 'Send final order form', owner: 'priya', due: 1, tags: ['next-step'], outcome: { done: 0 } },
    { title: 'Countersign order form', owner: 'contact:Ian Holt', due: 5, tags: ['map-milestone'], outcome: { done: 0 } },
  ] },
  // Diego — all in on Adventure Works; skill slips; prospecting left behind.
  { deal: 'adventure', daysAgo: 41, subject: 'Adventure Works discovery', buyers: ['Rob Young', 'Mia Chen'], items: [
    { title: 'Send discovery recap', owner: 'diego', due: 1, tags: ['next-step'], outcome: { done: 0 } },
    { title: 'Build ROI model for field service', owner: 'diego', due: 5, tags: ['map-milestone'], outcome: { done: 6 }, slips: [{ reason: 'skill', days: 6, note: 'Not sure how to model technician utilisation' }] },
  ] },
  { deal: 'adventure', daysAgo: 27, subject: 'Adventure Works technical deep dive', buyers: ['Rob Young', 'Mia Chen', 'Tom Baker'], items: [
    { title: 'Send integration architecture', owner: 'diego', due: 3, tags: ['map-milestone'], outcome: { done: 1 } },
    { title: 'Share current dispatch volumes', owner: 'contact:Mia Chen', due: 4, tags: ['map-milestone'], outcome: { done: 0 } },
    { title: 'Prepare business case for the steering committee', owner: 'diego', due: 6, tags: ['next-step'], outcome: 'open', slips: [{ reason: 'skill', days: 7, note: 'First business case I have written' }, { reason: 'skill', days: 5 }] },
  ] },
  { deal: 'adventure', daysAgo: 13, subject: 'Adventure Works steering committee prep', buyers: ['Rob Young'], items: [
    { title: 'Draft mutual action plan to go-live', owner: 'diego', due: 3, tags: ['map-milestone'], outcome: 'open', slips: [{ reason: 'priority', days: 4 }] },
    { title: 'Confirm steering committee date', owner: 'contact:Rob Young', due: 2, tags: ['map-milestone'], outcome: { done: 0 } },
  ] },
  { deal: 'adventure', daysAgo: 4, subject: 'Adventure Works pricing discussion', buyers: ['Rob Young', 'Mia Chen'], items: [
    { title: 'Send tiered pricing proposal', owner: 'diego', due: 2, tags: ['next-step'], outcome: 'open' },
    { title: 'Ask deal desk for multi-year discount approval', owner: 'diego', due: 1, tags: ['internal'], outcome: { done: 0 } },
  ] },
  { deal: 'alpine', daysAgo: 36, subject: 'Alpine Ski House proposal walkthrough', buyers: ['Nina Berg'], items: [
    { title: 'Send revised proposal', owner: 'diego', due: 3, tags: ['next-step'], outcome: 'open', slips: [{ reason: 'priority', days: 7, note: 'Adventure Works needed me' }] },
  ] },
  { deal: 'tailspin', daysAgo: 30, subject: 'Tailspin Toys intro', buyers: ['Leo Martin'], items: [
    { title: 'Send intro deck and book discovery', owner: 'diego', due: 2, tags: ['next-step', 'prospecting'], outcome: 'open', slips: [{ reason: 'forgot', days: 3 }] },
  ] },
  // Sam — obstacles inside the company, and a few forgotten ones.
  { deal: 'lamna', daysAgo: 29, subject: 'Lamna Healthcare discovery', buyers: ['Ruth Okafor', 'Ben Stone'], items: [
    { title: 'Send HIPAA compliance pack', owner: 'sam', due: 3, tags: ['next-step'], outcome: { done: 4 }, slips: [{ reason: 'obstacle', days: 4, note: 'Compliance team had to update the pack' }] },
    { title: 'Share patient volume figures', owner: 'contact:Ruth Okafor', due: 6, tags: ['map-milestone'], outcome: { done: 0 } },
  ] },
  { deal: 'lamna', daysAgo: 9, subject: 'Lamna architecture session', buyers: ['Ben Stone'], items: [
    { title: 'Get a solutions engineer for the integration design', owner: 'sam', due: 2, tags: ['internal'], outcome: 'open', slips: [{ reason: 'obstacle', days: 3, note: 'No SE available until next week' }] },
    { title: 'Send reference architecture', owner: 'sam', due: 4, tags: ['next-step'], outcome: 'open' },
  ] },
  { deal: 'trey', daysAgo: 24, subject: 'Trey Research proposal review', buyers: ['Ella Ward'], items: [
    { title: 'Send updated quote with academic discount', owner: 'sam', due: 2, tags: ['next-step'], outcome: 'open', slips: [{ reason: 'obstacle', days: 5, note: 'Waiting on pricing approval' }, { reason: 'other', days: 4, note: 'Quote tool was down' }] },
    { title: 'Confirm budget holder', owner: 'contact:Ella Ward', due: 5, tags: ['map-milestone'], outcome: 'open' },
  ] },
  { deal: 'wingtip', daysAgo: 16, subject: 'Wingtip Toys negotiation', buyers: ['Kai Turner', 'Zoe Adams'], items: [
    { title: 'Send pilot store rollout plan', owner: 'sam', due: 3, tags: ['map-milestone'], outcome: { done: 2 }, slips: [{ reason: 'forgot', days: 2 }] },
    { title: 'Return signed NDA', owner: 'contact:Zoe Adams', due: 2, tags: ['map-milestone'], outcome: { done: 0 } },
    { title: 'Book site visit', owner: 'sam', due: 7, tags: ['next-step'], outcome: 'cancelled' },
  ] },
  { deal: 'wingtip', daysAgo: 3, subject: 'Wingtip Toys contract call', buyers: ['Kai Turner'], items: [
    { title: 'Send contract draft', owner: 'sam', due: 1, tags: ['next-step'], outcome: 'open' },
    { title: 'Review contract with procurement', owner: 'contact:Kai Turner', due: 6, tags: ['map-milestone'], outcome: 'open' },
  ] },
  { deal: 'proseware', daysAgo: 8, subject: 'Proseware intro', buyers: ['Ava Brooks'], items: [
    { title: 'Send developer seat pricing', owner: 'sam', due: 2, tags: ['next-step', 'prospecting'], outcome: { done: 0 } },
  ] },
  // Tailwind Outfitters (tenant B).
  { deal: 'relecloud', daysAgo: 10, subject: 'Relecloud proposal', buyers: ['Finn Walsh'], items: [
    { title: 'Send proposal', owner: 'casey', due: 2, tags: ['next-step'], outcome: { done: 0 } },
    { title: 'Confirm pilot users', owner: 'contact:Finn Walsh', due: 4, tags: ['map-milestone'], outcome: 'open' },
    { title: 'Schedule security review', owner: 'casey', due: 5, tags: ['next-step'], outcome: 'open', slips: [{ reason: 'obstacle', days: 2 }] },
  ] },
];

/** Prospecting work outside deals: a week-by-week trail the agenda's prospecting section reads. */
const PROSPECTING: { owner: string; weeksAgo: number; count: number; doneCount: number }[] = [
  { owner: 'priya', weeksAgo: 0, count: 3, doneCount: 2 },
  { owner: 'priya', weeksAgo: 1, count: 4, doneCount: 4 },
  { owner: 'priya', weeksAgo: 2, count: 4, doneCount: 3 },
  { owner: 'diego', weeksAgo: 0, count: 2, doneCount: 0 },
  { owner: 'diego', weeksAgo: 1, count: 2, doneCount: 1 },
  { owner: 'diego', weeksAgo: 3, count: 4, doneCount: 4 },
  { owner: 'sam', weeksAgo: 0, count: 3, doneCount: 1 },
  { owner: 'sam', weeksAgo: 1, count: 3, doneCount: 2 },
];

/** Meetings on the calendars that have no captured outcomes yet: what a rep opens the add-in on. */
const UNCAPTURED: {
  organizer: string;
  deal: string;
  daysAgo: number;
  hourUtc: number;
  subject: string;
  buyers: string[];
  colleagues?: string[];
  /** A Teams meeting (it has a join link and a meeting chat). */
  teams?: boolean;
  /** A weekly series: one occurrence this many weeks back each (0 = this one). */
  weekly?: number;
}[] = [
  { organizer: 'priya', deal: 'fabrikam', daysAgo: 0, hourUtc: 14, subject: 'Fabrikam pricing follow-up', buyers: ['Dana Whitfield', 'Omar Haddad'], colleagues: ['morgan', 'sam'], teams: true },
  { organizer: 'priya', deal: 'litware', daysAgo: 1, hourUtc: 16, subject: 'Litware pilot check-in', buyers: ['Hannah Lee'], weekly: 3 },
  { organizer: 'diego', deal: 'adventure', daysAgo: 0, hourUtc: 15, subject: 'Adventure Works executive alignment', buyers: ['Rob Young', 'Mia Chen'], colleagues: ['morgan'], teams: true },
  { organizer: 'sam', deal: 'lamna', daysAgo: 0, hourUtc: 10, subject: 'Lamna security review', buyers: ['Ruth Okafor', 'Ben Stone'] },
  { organizer: 'casey', deal: 'relecloud', daysAgo: 0, hourUtc: 9, subject: 'Relecloud pilot kickoff', buyers: ['Finn Walsh'], teams: true },
];

const PROSPECTS = ['Northwood Clinic', 'Blue Yonder Airlines', 'Fourth Coffee', 'Graphic Design Institute', 'City Power & Light', 'Humongous Insurance', 'Southridge Video', 'VanArsdel', 'Wide World Importers', 'School of Fine Art', 'Consolidated Messenger', 'Best For You Organics'];

const at = (base: number, days: number, hourUtc: number) => new Date(base + days * DAY_MS + hourUtc * 3600_000).toISOString();
const slug = (name: string) => name.toLowerCase().replace(/[^a-z]+/g, '.');

/** Builds the demo organizations for the day that contains `now`. */
export function buildDemoData(now: Date): DemoData {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const person = new Map(PEOPLE.map((p) => [p.key, p]));
  const tenantOf = (key: string) => DEMO_TENANTS[(person.get(key) as PersonSpec).tenant];
  const userId = (key: string) => demoId(`user:${key}`);
  const email = (p: PersonSpec) => `${slug(p.name)}@${DEMO_TENANTS[p.tenant].domain}`;
  const ago = (days: number) => at(today, -days, 9);

  const users: User[] = PEOPLE.map((p) => ({
    id: userId(p.key),
    tenantId: DEMO_TENANTS[p.tenant].id,
    type: 'user',
    displayName: p.name,
    email: email(p),
    timeZone: p.timeZone,
    roles: p.roles,
    etag: '',
  }));

  const teams: Team[] = [
    { id: demoId('team:east'), tenantId: DEMO_TENANTS.northwind.id, type: 'team', name: 'East Enterprise', managerId: userId('morgan'), memberIds: ['priya', 'diego', 'sam'].map(userId), traps: { ...DEFAULT_TRAPS, weeklyProspectingTarget: 4 }, createdAt: ago(90), updatedAt: ago(30), etag: '' },
    { id: demoId('team:tailwind'), tenantId: DEMO_TENANTS.tailwind.id, type: 'team', name: 'Tailwind Sales', managerId: userId('alex'), memberIds: [userId('casey')], traps: DEFAULT_TRAPS, createdAt: ago(90), updatedAt: ago(90), etag: '' },
  ];

  const dealSpec = new Map(DEALS.map((d) => [d.key, d]));
  const deals: Deal[] = DEALS.map((d) => ({
    id: demoId(`deal:${d.key}`),
    tenantId: tenantOf(d.owner).id,
    type: 'deal',
    name: d.name,
    account: d.account,
    stage: d.stage,
    amount: d.amount,
    currency: 'USD',
    closeDate: d.closeIn === null ? null : new Date(today + d.closeIn * DAY_MS).toISOString().slice(0, 10),
    ownerId: userId(d.owner),
    createdBy: userId(d.owner),
    createdAt: ago(60),
    updatedAt: ago(d.touchedDaysAgo),
    lastActivityAt: ago(d.touchedDaysAgo),
    etag: '',
  }));

  const meetings: Meeting[] = [];
  const items: ActionItem[] = [];
  const ownerFor = (spec: string, deal: DealSpec): Owner =>
    spec.startsWith('contact:')
      ? { type: 'contact', name: spec.slice(8), email: `${slug(spec.slice(8))}@${deal.domain}` }
      : { type: 'user', userId: userId(spec) };

  const addItem = (spec: ItemSpec, ctx: { id: string; created: number; deal: DealSpec | null; meetingKey: string | null; rep: string }) => {
    const owner = ctx.deal ? ownerFor(spec.owner, ctx.deal) : ({ type: 'user', userId: userId(spec.owner) } as Owner);
    const createdBy = userId(ctx.rep);
    const firstDue = at(ctx.created, spec.due, 17);
    const item = newActionItem(
      { title: spec.title, owner, dueAt: firstDue, tags: spec.tags ?? [] },
      {
        id: ctx.id,
        tenantId: tenantOf(ctx.rep).id,
        createdBy,
        accountableId: accountableFor(owner, { dealOwnerId: ctx.deal ? userId(ctx.deal.owner) : null, createdBy }),
        source: ctx.meetingKey ? 'meeting' : 'manual',
        meetingKey: ctx.meetingKey,
        dealId: ctx.deal ? demoId(`deal:${ctx.deal.key}`) : null,
        now: new Date(ctx.created + 16 * 3600_000),
      },
    ) as ActionItem;
    item.etag = '';
    let due = Date.parse(firstDue);
    const slips: Slip[] = [];
    for (const slip of spec.slips ?? []) {
      const to = due + slip.days * DAY_MS;
      slips.push({ from: new Date(due).toISOString(), to: new Date(to).toISOString(), reason: slip.reason, note: slip.note ?? null, at: new Date(due - DAY_MS).toISOString(), by: item.accountableId });
      due = to;
    }
    item.slips = slips;
    item.dueAt = new Date(due).toISOString();
    if (spec.outcome === 'open') {
      item.nextNudgeAt = item.dueAt;
    } else if (spec.outcome === 'cancelled') {
      item.status = 'cancelled';
      item.nextNudgeAt = null;
      item.updatedAt = new Date(due - 2 * DAY_MS).toISOString();
    } else {
      // On time means the afternoon before the due date; late means `done` days after it.
      const completed = spec.outcome.done === 0 ? due - DAY_MS : due + spec.outcome.done * DAY_MS;
      item.status = 'done';
      item.completedAt = new Date(Math.min(completed, today - 3600_000)).toISOString();
      item.updatedAt = item.completedAt;
      item.nextNudgeAt = null;
    }
    items.push(item);
  };

  for (const [m, spec] of MEETINGS.entries()) {
    const deal = dealSpec.get(spec.deal) as DealSpec;
    const rep = person.get(deal.owner) as PersonSpec;
    const tenant = DEMO_TENANTS[rep.tenant];
    const key = iCalUIdOf(`demo-meeting-${spec.deal}-${spec.daysAgo}`);
    const start = at(today, -spec.daysAgo, 15);
    meetings.push({
      id: '',
      tenantId: tenant.id,
      type: 'meeting',
      key,
      subject: spec.subject,
      start,
      end: at(today, -spec.daysAgo, 16),
      organizer: { name: rep.name, email: email(rep) },
      attendees: [
        { name: rep.name, email: email(rep) },
        ...spec.buyers.map((name) => ({ name, email: `${slug(name)}@${deal.domain}` })),
      ],
      dealId: demoId(`deal:${deal.key}`),
      createdBy: userId(rep.key),
      createdAt: at(today, -spec.daysAgo, 16),
      updatedAt: at(today, -spec.daysAgo, 16),
      etag: '',
    });
    spec.items.forEach((itemSpec, i) =>
      addItem(itemSpec, { id: demoId(`item:${m}:${i}`), created: today - spec.daysAgo * DAY_MS, deal, meetingKey: key, rep: rep.key }),
    );
  }

  let prospect = 0;
  for (const p of PROSPECTING) {
    for (let i = 0; i < p.count; i++) {
      const name = PROSPECTS[prospect++ % PROSPECTS.length] as string;
      // Weeks start on Monday (UTC); each call is due on a weekday of that week.
      const weekday = (new Date(today).getUTCDay() + 6) % 7;
      const monday = today - weekday * DAY_MS - p.weeksAgo * 7 * DAY_MS;
      const dueOffset = Math.min(i + 1, 4);
      const done = i < p.doneCount;
      addItem(
        { title: `Call ${name} about a first meeting`, owner: p.owner, due: dueOffset, tags: ['prospecting'], outcome: done ? { done: 0 } : 'open' },
        { id: demoId(`prospecting:${p.owner}:${p.weeksAgo}:${i}`), created: monday, deal: null, meetingKey: null, rep: p.owner },
      );
    }
  }

  const calendar: CalendarEvent[] = [
    ...UNCAPTURED.flatMap((u) => {
      const organizer = person.get(u.organizer) as PersonSpec;
      const deal = dealSpec.get(u.deal) as DealSpec;
      const ours = [organizer, ...(u.colleagues ?? []).map((c) => person.get(c) as PersonSpec)];
      const series = `demo-calendar-${u.deal}-${u.daysAgo}`;
      // A weekly meeting is several events, one per occurrence, each with its own iCalUId; a single meeting is one.
      return Array.from({ length: u.weekly ?? 1 }, (_, week) => {
        const eventSlug = week === 0 ? series : `${series}-w${week}`;
        const daysAgo = u.daysAgo + 7 * week;
        return {
          slug: eventSlug,
          iCalUId: iCalUIdOf(eventSlug),
          subject: u.subject,
          start: at(today, -daysAgo, u.hourUtc),
          end: at(today, -daysAgo, u.hourUtc + 0.5),
          organizer: { name: organizer.name, email: email(organizer) },
          attendees: [...ours.map((p) => ({ name: p.name, email: email(p) })), ...u.buyers.map((name) => ({ name, email: `${slug(name)}@${deal.domain}` }))],
          online: u.teams ? teamsMeetingOf(series) : null,
          seriesId: u.weekly ? iCalUIdOf(`series:${series}`) : null,
        };
      });
    }),
    ...MEETINGS.map((spec, m) => {
      const meeting = meetings[m] as Meeting;
      return { slug: `demo-meeting-${spec.deal}-${spec.daysAgo}`, iCalUId: meeting.key, subject: meeting.subject, start: meeting.start, end: meeting.end, organizer: meeting.organizer as CalendarEvent['organizer'], attendees: meeting.attendees, online: null, seriesId: null };
    }),
  ].sort((a, b) => b.start.localeCompare(a.start));

  // Two weeks ago Morgan held a weekly check-in with Diego; Diego committed to two things. One is done, one slipped.
  const reviewId = demoId('review:diego:1');
  const reviewDay = today - 14 * DAY_MS;
  const commitmentSpecs: ItemSpec[] = [
    { title: 'Walk the ROI model through with a solutions engineer', owner: 'diego', due: 4, tags: ['review-commitment'], outcome: 'open', slips: [{ reason: 'skill', days: 3, note: 'Still unsure how to model utilisation' }] },
    { title: 'Book two first meetings from the prospect list', owner: 'diego', due: 5, tags: ['review-commitment', 'prospecting'], outcome: { done: 2 } },
  ];
  const commitmentIds = commitmentSpecs.map((spec, i) => {
    const id = demoId(`review:diego:1:item:${i}`);
    addItem(spec, { id, created: reviewDay, deal: i === 0 ? (dealSpec.get('adventure') as DealSpec) : null, meetingKey: null, rep: 'diego' });
    const item = items[items.length - 1] as ActionItem;
    item.source = 'review';
    item.reviewId = reviewId;
    item.createdBy = userId('morgan');
    return id;
  });
  const reviews: Review[] = [
    {
      id: reviewId,
      tenantId: DEMO_TENANTS.northwind.id,
      type: 'review',
      teamId: demoId('team:east'),
      repId: userId('diego'),
      kind: 'weekly',
      heldAt: at(reviewDay, 0, 16),
      heldBy: userId('morgan'),
      notes: 'Adventure Works is taking all of Diego’s time; prospecting has stopped. Agreed: get SE help on the ROI model, book two first meetings.',
      discussedItemIds: [],
      commitmentIds,
      agenda: {},
      etag: '',
    },
  ];

  return { users, teams, deals, meetings, items, calendar, reviews };
}

/** The demo users as `GET /dev/users` lists them. */
export function demoUsers(data: DemoData) {
  return data.users.map((u) => ({ userId: u.id, tenantId: u.tenantId, displayName: u.displayName, email: u.email, roles: u.roles }));
}
