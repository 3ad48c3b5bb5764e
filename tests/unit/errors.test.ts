import { ConflictError, InputError, NotConfiguredError } from '../../server/src/errors';

describe('domain error codes', () => {
  it("is the class's code unless the error names a more precise one, which is not repeated in details", () => {
    expect(new InputError('bad').code).toBe('INVALID_INPUT');
    expect(new NotConfiguredError().code).toBe('NOT_CONFIGURED');
    const precise = new ConflictError('busy', { code: 'NOT_AWAITING_TOKEN', status: 'ready' });
    expect(precise.code).toBe('NOT_AWAITING_TOKEN');
    expect(precise.details).toEqual({ status: 'ready' });
    expect(precise.status).toBe(409);
  });
});
