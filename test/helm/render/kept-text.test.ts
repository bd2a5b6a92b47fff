// Texts a rendering keeps stay strings in a small run and are deflated once the run's kept texts
// pass the bound, the earlier ones too (src/helm/render/kept-text.ts).
import { afterEach, describe, expect, it } from 'vitest';
import { KeptText, setKeepAsStringsChars } from '../../../src/helm/render/kept-text.js';

afterEach(() => setKeepAsStringsChars(undefined));

const text = (c: string, n: number) => c.repeat(n);

describe('a kept text', () => {
  it('stays a string while the run keeps less than the bound', () => {
    setKeepAsStringsChars(10_000);
    const kept = [new KeptText(text('a', 4000)), new KeptText(text('b', 4000))];
    expect(kept.map((k) => k.isDeflated)).toEqual([false, false]);
    expect(kept[1]!.read()).toBe(text('b', 4000));
  });

  it('is deflated, with every text kept before it, once the bound is passed', () => {
    setKeepAsStringsChars(10_000);
    const first = new KeptText(text('a', 6000));
    const short = new KeptText(text('s', 100), 2048);
    expect(first.isDeflated).toBe(false);
    const second = new KeptText(text('b', 6000));
    const third = new KeptText(text('c', 10));
    expect([first.isDeflated, second.isDeflated, third.isDeflated]).toEqual([true, true, true]);
    // shorter than its own minimum: a deflated copy is not worth it
    expect(short.isDeflated).toBe(false);
    expect([first.read(), second.read(), third.read(), short.read()]).toEqual([text('a', 6000), text('b', 6000), text('c', 10), text('s', 100)]);
  });

  it('keeps a text UTF-8 cannot carry as it is', () => {
    setKeepAsStringsChars(0);
    const lone = `x${String.fromCharCode(0xd800)}y`.repeat(10);
    const kept = new KeptText(lone);
    expect(kept.isDeflated).toBe(false);
    expect(kept.read()).toBe(lone);
    expect(new KeptText('').read()).toBe('');
  });

  it('deflates with the function it is given (texts shared by content)', () => {
    setKeepAsStringsChars(0);
    const calls: string[] = [];
    const kept = new KeptText('template text', 0, (t) => {
      calls.push(t);
      return new Uint8Array([0x2b, 0x49, 0xad, 0x28, 0x01, 0x00]); // deflate-raw of "text"
    });
    expect(calls).toEqual(['template text']);
    expect(kept.read()).toBe('text');
  });
});
