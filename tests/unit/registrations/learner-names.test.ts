/** The names a users-permissions user is sent to SCORM Cloud under (server/src/registrations/learners.ts). */
import { learnerFromUser } from '../../../server/src/registrations/learners';

const user = (attributes: Record<string, unknown>) => ({ documentId: 'doc123', username: 'ada_l', email: 'ada@example.com', ...attributes });

describe('learnerFromUser', () => {
  it('takes the default name attributes when the app has them', () => {
    expect(learnerFromUser(user({ firstname: ' Ada ', lastname: 'Lovelace' }))).toEqual({
      learnerId: 'u-doc123',
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: 'ada@example.com',
    });
    expect(learnerFromUser(user({ firstName: 'Ada', lastName: 'King' }))).toMatchObject({ firstName: 'Ada', lastName: 'King' });
  });

  it('uses the username as the one name, with no placeholder last name, when the user has no names', () => {
    expect(learnerFromUser(user({}))).toMatchObject({ firstName: 'ada_l', lastName: '' });
    expect(learnerFromUser(user({ firstname: '   ', lastname: '' }))).toMatchObject({ firstName: 'ada_l', lastName: '' });
  });

  it('tries the configured attributes in turn', () => {
    const fields = { firstNameFields: ['given', 'firstname'], lastNameFields: ['family'] };
    expect(learnerFromUser(user({ firstname: 'Ignored?', given: 'Augusta', family: 'Byron' }), fields)).toMatchObject({
      firstName: 'Augusta',
      lastName: 'Byron',
    });
    expect(learnerFromUser(user({ firstname: 'Ada', lastname: 'Not configured' }), fields)).toMatchObject({ firstName: 'Ada', lastName: '' });
    // A last name alone is not doubled up with the username.
    expect(learnerFromUser(user({ family: 'Byron' }), fields)).toMatchObject({ firstName: '', lastName: 'Byron' });
    // Only text counts: a number or an object in a name attribute is skipped.
    expect(learnerFromUser(user({ given: 42, firstname: 'Ada' }), fields)).toMatchObject({ firstName: 'Ada' });
  });
});
