import { type ActionItem, eraseContactDeep, eraseContactFromItem, eraseContactFromMeeting, eraseContactFromNotification, eraseNames, emailsIn, type Meeting, type Notification } from '../../functions/src/domain';

const DANA = 'dana.whitfield@fabrikam.example';

describe('erasing a buyer contact from a document', () => {
  it('replaces their full name as a whole word, in any case, and nothing else', () => {
    expect(eraseNames('Dana Whitfield to sign; ask dana whitfield again. Danaher Whitfields stays.', ['Dana Whitfield'])).toBe(
      'Removed contact to sign; ask Removed contact again. Danaher Whitfields stays.',
    );
    expect(eraseNames('Call Ø. Ås today', ['Ø. Ås'])).toBe('Call Removed contact today');
    expect(eraseNames('x', ['x'])).toBe('x');
  });

  it('keeps an item they owned, owned by "Removed contact", with its accountable user', () => {
    const item = { id: 'i1', owner: { type: 'contact', name: 'Dana Whitfield', email: DANA }, accountableId: 'u1', title: 'Dana Whitfield sends the report', notes: null } as unknown as ActionItem;
    expect(eraseContactFromItem(item, DANA)).toEqual({ id: 'i1', owner: { type: 'contact', name: 'Removed contact' }, accountableId: 'u1', title: 'Removed contact sends the report', notes: null });
    expect(eraseContactFromItem({ ...item, owner: { type: 'contact', name: 'Dana Whitfield' } } as ActionItem, DANA)).toBeNull();
    expect(eraseContactFromItem({ ...item, owner: { type: 'user', userId: 'u1' } } as ActionItem, DANA)).toBeNull();
  });

  it('takes them out of a meeting’s organizer, attendees and subject', () => {
    const meeting = { subject: 'Sync with Dana Whitfield', organizer: { name: 'Dana Whitfield', email: DANA }, attendees: [{ name: 'Dana Whitfield', email: DANA }, { name: 'Omar', email: 'omar@fabrikam.example' }] } as Meeting;
    expect(eraseContactFromMeeting(meeting, DANA)).toEqual({ subject: 'Sync with Removed contact', organizer: null, attendees: [{ name: 'Omar', email: 'omar@fabrikam.example' }] });
    expect(eraseContactFromMeeting({ ...meeting, organizer: null, attendees: [] }, DANA)).toBeNull();
  });

  it('takes them out of any recorded value: an owner, a list of people, a buyer who acted', () => {
    const entry = {
      by: { kind: 'buyer', contactEmail: DANA },
      changes: [
        { field: 'owner', before: { type: 'user', userId: 'u1' }, after: { type: 'contact', name: 'Dana Whitfield', email: DANA } },
        { field: 'attendees', before: [], after: [{ name: 'Dana Whitfield', email: DANA }, { name: 'Omar', email: 'omar@fabrikam.example' }] },
        { field: 'title', before: 'Ask Dana Whitfield', after: 'Ask Omar' },
      ],
    };
    expect(eraseContactDeep(entry, DANA)).toEqual({
      changed: true,
      value: {
        by: { kind: 'buyer', contactEmail: null },
        changes: [
          { field: 'owner', before: { type: 'user', userId: 'u1' }, after: { type: 'contact', name: 'Removed contact' } },
          { field: 'attendees', before: [], after: [{ name: 'Omar', email: 'omar@fabrikam.example' }] },
          { field: 'title', before: 'Ask Removed contact', after: 'Ask Omar' },
        ],
      },
    });
    expect(eraseContactDeep({ changes: [{ field: 'title', before: 'Ask Dana Whitfield', after: 'x' }] }, DANA)).toEqual({ changed: false, value: { changes: [{ field: 'title', before: 'Ask Dana Whitfield', after: 'x' }] } });
  });

  it('takes their name out of a reminder to chase them', () => {
    const reminder = { text: 'Chase Dana Whitfield on Send the report: due now', templateParameters: { contact: 'Dana Whitfield', title: 'Dana Whitfield sends the report' } } as unknown as Notification;
    expect(eraseContactFromNotification(reminder)).toEqual({ text: 'Chase Removed contact on Send the report: due now', templateParameters: { contact: 'Removed contact', title: 'Removed contact sends the report' } });
    expect(eraseContactFromNotification({ ...reminder, templateParameters: { contact: 'Removed contact' } } as Notification)).toBeNull();
  });

  it('finds every address a write names, for the erased-contact check', () => {
    expect(emailsIn([{ owner: { type: 'contact', name: 'A', email: 'A@X.example' } }, { attendees: [{ name: 'B', email: 'b@x.example' }], by: { contactEmail: 'c@x.example' } }, { owner: { type: 'user', userId: 'u' } }])).toEqual(['a@x.example', 'b@x.example', 'c@x.example']);
    expect(emailsIn([{ owner: { type: 'user', userId: 'u' } }])).toEqual([]);
  });
});
