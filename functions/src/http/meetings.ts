import { MeetingKey, MeetingOutcomesInput } from '../domain';
import { authenticated, type HttpDeps, type HttpRoute, json } from './pipeline';

const MEETING = 'The meeting';

export function meetingRoutes(deps: HttpDeps): HttpRoute[] {
  return [
    {
      name: 'meetings-outcomes-capture',
      methods: ['POST'],
      route: 'meetings/{meetingKey}/outcomes',
      handler: authenticated(deps, async (call) => {
        const key = call.param('meetingKey', MeetingKey, MEETING);
        const input = await call.body(MeetingOutcomesInput);
        const outcome = await deps.idempotency.run(call.viewer, call.idempotencyKey(), 'meetings-outcomes-capture', call.fingerprint(), async (ids) => ({
          status: 201,
          body: await deps.meetings.captureOutcomes(call.viewer, key, input, ids),
        }));
        return json(outcome.status, outcome.body);
      }),
    },
    {
      name: 'meetings-get',
      methods: ['GET'],
      route: 'meetings/{meetingKey}',
      handler: authenticated(deps, async (call) => json(200, await deps.meetings.get(call.viewer, call.param('meetingKey', MeetingKey, MEETING)))),
    },
  ];
}
