import { eventually } from '../../helpers/eventually';

describe('eventually', () => {
  it('resolves to the first truthy value, retrying falsy values and throws', async () => {
    let n = 0;
    const value = await eventually(
      'the third call',
      () => {
        n++;
        if (n === 1) throw new Error('not yet');
        return n === 3 ? { n } : false;
      },
      { intervalMs: 1 },
    );
    expect(value).toEqual({ n: 3 });
    expect(n).toBe(3);
  });

  it('fails naming what it waited for and the last value seen', async () => {
    await expect(eventually('the answer', () => 0, { timeoutMs: 30, intervalMs: 5 })).rejects.toThrow(/waiting for the answer; the last check returned 0$/);
  });

  it('fails naming the last error thrown', async () => {
    await expect(
      eventually(
        'the row',
        () => {
          throw new TypeError('no row');
        },
        { timeoutMs: 30, intervalMs: 5 },
      ),
    ).rejects.toThrow(/waiting for the row; the last check threw: TypeError: no row$/);
  });

  it('looks once more after the deadline', async () => {
    let calls = 0;
    await expect(eventually('one look', () => ++calls > 1, { timeoutMs: 0 })).rejects.toThrow(/one look/);
    expect(calls).toBe(1);
    calls = 0;
    expect(await eventually('two looks', () => ++calls > 1, { timeoutMs: 20, intervalMs: 50 })).toBe(true);
  });
});
