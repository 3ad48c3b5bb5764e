/** The emulator's controls are unauthenticated: listening beyond loopback is allowed, and said loudly. */
import { startEmulator } from '../src';

const APPS = [{ appId: 'bind', secretKey: 'bind-secret' }];

describe('where the emulator listens', () => {
  let warn: jest.SpyInstance;
  beforeEach(() => {
    warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => warn.mockRestore());

  it('warns when it listens beyond this machine', async () => {
    const emulator = await startEmulator({ apps: APPS, host: '0.0.0.0' });
    try {
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0][0])).toMatch(/listening on 0\.0\.0\.0, beyond this machine\. Its \/_emulator\/ controls have no authentication/);
    } finally {
      await emulator.close();
    }
  });

  it('says nothing on loopback', async () => {
    const emulator = await startEmulator({ apps: APPS });
    try {
      expect(warn).not.toHaveBeenCalled();
    } finally {
      await emulator.close();
    }
  });
});
