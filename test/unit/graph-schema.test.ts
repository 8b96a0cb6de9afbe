import { actionBodyFindings, collectionFindings, entityFindings, graphFixture, valueFindings } from '../support/graph-schema';

/** A sendMail body as Graph's metadata defines it, written out. */
const mail = () => ({
  Message: {
    subject: 'Send the pricing proposal to Contoso is due today',
    body: { contentType: 'html', content: '<p>Send the pricing proposal to Contoso is due today</p>' },
    toRecipients: [{ emailAddress: { address: 'priya.shah@contoso.example', name: 'Priya Shah' } }],
    from: { emailAddress: { address: 'followthrough@northwind.example', name: 'Followthrough' } },
  },
  SaveToSentItems: false,
});

/** A sendActivityNotification body, written out. */
const activity = () => ({
  topic: { source: 'text', value: 'Followthrough', webUrl: 'https://teams.microsoft.com/l/entity/app/commitments' },
  activityType: 'itemDue',
  chainId: 211_837_463_129_712,
  previewText: { content: 'Send the pricing proposal to Contoso is due today' },
  teamsAppId: '1f0d5b4e-7c2a-4a43-9a55-3b1f2d6e8c90',
  templateParameters: [{ name: 'title', value: 'Send the pricing proposal to Contoso' }],
});

const event = () => ({
  '@odata.context': "https://graph.microsoft.com/v1.0/$metadata#users('u1')/events/$entity",
  '@odata.etag': 'W/"DwAAABYAAAA="',
  id: 'AAMkAGI2',
  iCalUId: '040000008200E00074C5B7101A82E008000000001',
  subject: 'Fabrikam pricing follow-up',
  start: { dateTime: '2026-12-01T14:00:00.0000000', timeZone: 'UTC' },
  end: { dateTime: '2026-12-01T14:30:00.0000000', timeZone: 'UTC' },
  organizer: { emailAddress: { name: 'Priya Shah', address: 'priya.shah@northwind.example' } },
  attendees: [{ type: 'required', status: { response: 'none', time: '0001-01-01T00:00:00Z' }, emailAddress: { name: 'Dana Whitfield', address: 'dana@fabrikam.example' } }],
  isOnlineMeeting: true,
  onlineMeeting: { joinUrl: 'https://teams.microsoft.com/l/meetup-join/x' },
  onlineMeetingProvider: 'teamsForBusiness',
  type: 'singleInstance',
  seriesMasterId: null,
});

const messages = (findings: { path: string; message: string }[]) => findings.map((f) => `${f.path}: ${f.message}`);

describe('the Graph metadata fixture', () => {
  it('holds the parameters of sendMail and sendActivityNotification exactly as the CSDL names them', () => {
    const actions = graphFixture().actions.map((a) => ({ name: a.name, bindingType: a.bindingType, parameters: a.parameters.map((p) => `${p.name}: ${p.type}${p.nullable ? '' : ' (not null)'}`) }));
    expect(actions).toEqual([
      {
        name: 'microsoft.graph.sendActivityNotification',
        bindingType: 'microsoft.graph.userTeamwork',
        parameters: [
          'topic: microsoft.graph.teamworkActivityTopic',
          'activityType: Edm.String',
          'chainId: Edm.Int64',
          'previewText: microsoft.graph.itemBody',
          'teamsAppId: Edm.String',
          'templateParameters: Collection(microsoft.graph.keyValuePair)',
          'iconId: Edm.String',
        ],
      },
      { name: 'microsoft.graph.sendMail', bindingType: 'microsoft.graph.user', parameters: ['Message: microsoft.graph.message (not null)', 'SaveToSentItems: Edm.Boolean'] },
    ]);
  });

  it('keeps the source commit and Graph’s license with it', () => {
    expect(graphFixture().source).toMatchObject({ repository: 'https://github.com/microsoftgraph/msgraph-metadata', path: 'schemas/v1.0-Prod.csdl', commit: 'f54f11b', date: '2026-08-20' });
    expect(graphFixture().source.license).toContain('MIT');
  });
});

describe('checking JSON against Graph’s metadata', () => {
  it('passes the bodies Graph documents for sendMail and sendActivityNotification', () => {
    expect(actionBodyFindings('sendMail', 'user', mail())).toEqual([]);
    expect(actionBodyFindings('sendActivityNotification', 'userTeamwork', activity())).toEqual([]);
  });

  it('finds a misspelled parameter, and one spelled in the wrong case', () => {
    const { SaveToSentItems, ...rest } = mail();
    expect(messages(actionBodyFindings('sendMail', 'user', { ...rest, SaveToSentItem: SaveToSentItems }))).toEqual(['SaveToSentItem: microsoft.graph.sendMail has no parameter "SaveToSentItem"']);
    expect(messages(actionBodyFindings('sendMail', 'user', { ...rest, saveToSentItems: false }))).toEqual([
      'saveToSentItems: microsoft.graph.sendMail has no parameter "saveToSentItems" (the parameter is "SaveToSentItems": CSDL names are case-sensitive)',
    ]);
    const { Message, ...noMessage } = mail();
    expect(messages(actionBodyFindings('sendMail', 'user', { ...noMessage, message: Message }))).toEqual([
      'message: microsoft.graph.sendMail has no parameter "message" (the parameter is "Message": CSDL names are case-sensitive)',
      'Message: missing: microsoft.graph.sendMail requires "Message" (Nullable="false")',
    ]);
  });

  it('finds toRecipients that is not an array, a property Graph does not have, a wrong enum member and a wrong primitive', () => {
    const body = mail();
    const wrong = {
      ...body,
      Message: { ...body.Message, toRecipients: { emailAddress: { address: 'priya.shah@contoso.example' } }, from: { emailAddress: { adress: 'x@y.example' } }, body: { contentType: 'HTML', content: 1 } },
      SaveToSentItems: 'false',
    };
    expect(messages(actionBodyFindings('sendMail', 'user', wrong))).toEqual([
      'Message.body.contentType: "HTML" is not a member of microsoft.graph.bodyType (text, html) (the member is "html": CSDL names are case-sensitive)',
      'Message.body.content: an Edm.String must be a string, not number 1',
      'Message.toRecipients: a Collection(microsoft.graph.recipient) must be an array, not an object',
      'Message.from.emailAddress.adress: microsoft.graph.emailAddress has no property "adress"',
      'SaveToSentItems: an Edm.Boolean must be true or false, not the string "false"',
    ]);
  });

  it('finds what the activity feed would refuse: a chain id that is no integer, a template parameter without a name, a topic without its value', () => {
    const body = activity();
    const wrong = { ...body, chainId: '211837463129712', templateParameters: [{ value: 'x' }], topic: { source: 'url', webUrl: body.topic.webUrl }, recipient: { userId: 'u1' } };
    expect(messages(actionBodyFindings('sendActivityNotification', 'userTeamwork', wrong))).toEqual([
      'topic.source: "url" is not a member of microsoft.graph.teamworkActivityTopicSource (entityUrl, text)',
      'topic.value: missing: microsoft.graph.teamworkActivityTopic requires "value" (Nullable="false")',
      `chainId: an Edm.Int64 must be an integer from ${Number.MIN_SAFE_INTEGER} to ${Number.MAX_SAFE_INTEGER}, not the string "211837463129712"`,
      'templateParameters[0].name: missing: microsoft.graph.keyValuePair requires "name" (Nullable="false")',
      // `recipient` is a parameter of the overloads bound to chat and team, not of the one bound to userTeamwork.
      'recipient: microsoft.graph.sendActivityNotification has no parameter "recipient"',
    ]);
    expect(actionBodyFindings('sendActivityNotification', 'chat', body)).toEqual([
      { path: '', message: 'the fixture has no action microsoft.graph.sendActivityNotification bound to microsoft.graph.chat (tools/graph-fixture.ts: WANTED_ACTIONS)' },
    ]);
  });

  it('passes an event as Graph answers it, with inherited properties and annotations at its top', () => {
    expect(entityFindings('event', event())).toEqual([]);
  });

  it('finds wrong enum members, date-times without an offset, annotations inside, nulls where Graph has none, and unknown or unkept properties', () => {
    const e = event();
    const wrong = {
      ...e,
      type: 'single',
      start: { dateTime: null, timeZone: 'UTC' },
      attendees: [{ ...e.attendees[0], status: { response: 'none', time: '2026-12-01T14:00:00' }, '@odata.type': '#microsoft.graph.emailAddress' }],
      organizer: { '@odata.etag': 'x', emailAddress: e.organizer.emailAddress },
      iCalUid: e.iCalUId,
      body: { contentType: 'text', content: '' },
    };
    expect(messages(entityFindings('event', wrong))).toEqual([
      'start.dateTime: null, but Edm.String is not nullable here (Nullable="false")',
      'organizer.@odata.etag: an annotation here; only the top of a reply (and a collection\'s entities) carries them',
      'attendees[0].@odata.type: "#microsoft.graph.emailAddress" is not microsoft.graph.attendee or a type derived from it in the fixture',
      'attendees[0].status.time: an Edm.DateTimeOffset must be an RFC 3339 date-time with an offset, e.g. 2026-12-01T14:00:00Z, not the string "2026-12-01T14:00:00"',
      'type: "single" is not a member of microsoft.graph.eventType (singleInstance, occurrence, exception, seriesMaster)',
      'iCalUid: microsoft.graph.event has no property "iCalUid" (the property is "iCalUId": CSDL names are case-sensitive)',
      'body: microsoft.graph.event has no property "body" (or not among the properties the fixture keeps of microsoft.graph.event, microsoft.graph.outlookItem: tools/graph-fixture.ts)',
    ]);
  });

  it('takes @odata.type naming a derived type, and checks the value as that type', () => {
    const organizer = { '@odata.type': '#microsoft.graph.teamworkUserIdentity', id: 'u1', displayName: 'Priya Shah', userIdentityType: 'aadUser' };
    expect(valueFindings('identity', organizer)).toEqual([]);
    expect(messages(valueFindings('identity', { ...organizer, userIdentityType: 'aad' }))).toEqual([
      'userIdentityType: "aad" is not a member of microsoft.graph.teamworkUserIdentityType (aadUser, onPremiseAadUser, anonymousGuest, federatedUser, personalMicrosoftAccountUser, skypeUser, phoneUser, unknownFutureValue, emailUser)',
    ]);
    expect(messages(valueFindings('identity', { id: 'u1', userIdentityType: 'aadUser' }))).toEqual(['userIdentityType: microsoft.graph.identity has no property "userIdentityType"']);
  });

  it('checks a collection reply: value an array of entities, @odata annotations beside it, nothing else', () => {
    const page = { '@odata.context': 'ctx', '@odata.nextLink': 'https://graph.microsoft.com/v1.0/me/calendarView?$skip=10', value: [event(), { ...event(), isOnlineMeeting: 'yes' }] };
    expect(messages(collectionFindings('event', page))).toEqual(['value[1].isOnlineMeeting: an Edm.Boolean must be true or false, not the string "yes"']);
    expect(messages(collectionFindings('event', { value: event(), nextLink: 'x' }))).toEqual([
      'nextLink: a collection reply has "value" and @odata annotations only',
      'value: must be an array of microsoft.graph.event, not an object',
    ]);
  });
});
