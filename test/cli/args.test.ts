// Argument parsing from the option table: negations, the last of a pair wins, `--` ends options.
import { describe, expect, it } from 'vitest';
import { OPTIONS, parseCliArgs, UsageError } from '../../src/cli/args.js';

describe('parseCliArgs', () => {
  it('reads negated flags, the last of --x / --no-x winning', () => {
    expect(parseCliArgs(['--color', '--no-color']).color).toBe(false);
    expect(parseCliArgs(['--no-color', '--color']).color).toBe(true);
    expect(parseCliArgs(['--no-progress', '--progress']).progress).toBe(true);
    expect(parseCliArgs([]).progress).toBeUndefined();
    expect(parseCliArgs(['--no-config', '--no-baseline', 'x'])).toMatchObject({ noConfig: true, noBaseline: true, paths: ['x'] });
  });

  it('-f is the format and --values has no short form; after -- everything is a path', () => {
    expect(parseCliArgs(['-f', 'json', '-f', 'sarif', '-o', 'a.sarif']).formats).toEqual(['json', 'sarif']);
    expect(parseCliArgs(['--values', 'v.yaml']).values).toEqual(['v.yaml']);
    expect(parseCliArgs(['--', '--no-config', '-f']).paths).toEqual(['--no-config', '-f']);
    expect(parseCliArgs(['--', '--no-config']).noConfig).toBe(false);
    expect(OPTIONS.find((o) => o.name === 'values')!.short).toBeUndefined();
  });

  it('names the nearest flag for an unknown one', () => {
    expect(() => parseCliArgs(['--no-colour'])).toThrow(
      new UsageError("unknown option --no-colour (did you mean --no-color?); a path starting with '-' goes after '--', as in: -- --no-colour"),
    );
    expect(() => parseCliArgs(['-x'])).toThrow(/^unknown option -x \(see --help for the options\)/);
  });
});
