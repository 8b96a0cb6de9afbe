import { isOverdue, SLIP_REASONS } from '../../functions/src/domain';
import { buildDemoData, DEMO_TENANTS } from '../../functions/local/demo-data';

const NOW = new Date('2026-11-22T06:00:00.000Z');

describe('demo data', () => {
  const data = buildDemoData(NOW);
  const northwind = DEMO_TENANTS.northwind.id;
  const itemsA = data.items.filter((i) => i.tenantId === northwind);

  it('is the same on every start of the same day, and moves with the day', () => {
    expect(buildDemoData(new Date('2026-11-22T23:00:00Z'))).toEqual(data);
    const tomorrow = buildDemoData(new Date('2026-11-23T06:00:00Z'));
    expect(tomorrow.items.map((i) => i.id)).toEqual(data.items.map((i) => i.id));
    expect(Date.parse(tomorrow.items[0]?.dueAt as string) - Date.parse(data.items[0]?.dueAt as string)).toBe(86_400_000);
  });

  it('has one manager with a team of three reps in tenant A, and a second tenant', () => {
    const team = data.teams.find((t) => t.tenantId === northwind);
    expect(team?.memberIds).toHaveLength(3);
    const manager = data.users.find((u) => u.id === team?.managerId);
    expect(manager?.roles).toContain('manager');
    expect(data.users.some((u) => u.tenantId === DEMO_TENANTS.tailwind.id)).toBe(true);
    expect(data.deals.filter((d) => d.tenantId === northwind)).toHaveLength(12);
    expect(new Set(data.deals.filter((d) => d.tenantId === northwind).map((d) => d.stage)).size).toBeGreaterThanOrEqual(5);
  });

  it('tells the story: on time, late, overdue, rescheduled for every reason, buyer-side', () => {
    const done = itemsA.filter((i) => i.status === 'done');
    expect(done.some((i) => (i.completedAt as string) <= i.dueAt)).toBe(true);
    expect(done.some((i) => (i.completedAt as string) > i.dueAt)).toBe(true);
    expect(itemsA.filter((i) => isOverdue(i, NOW)).length).toBeGreaterThanOrEqual(5);
    const reasons = new Set(itemsA.flatMap((i) => i.slips.map((s) => s.reason)));
    expect([...reasons].sort()).toEqual([...SLIP_REASONS].sort());
    expect(itemsA.filter((i) => i.owner.type === 'contact').length).toBeGreaterThanOrEqual(5);
    expect(itemsA.every((i) => i.completedAt === null || Date.parse(i.completedAt) <= NOW.getTime())).toBe(true);
  });

  it('keeps meetings within the last six weeks and every item in its tenant', () => {
    const sixWeeks = NOW.getTime() - 42 * 86_400_000;
    expect(data.meetings.every((m) => Date.parse(m.start) >= sixWeeks && Date.parse(m.start) < NOW.getTime())).toBe(true);
    const dealTenant = new Map(data.deals.map((d) => [d.id, d.tenantId]));
    expect(data.items.every((i) => i.dealId === null || dealTenant.get(i.dealId) === i.tenantId)).toBe(true);
  });
});
