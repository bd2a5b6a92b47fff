import { describe, expect, it } from 'vitest';
import { isDockerignored, parseDockerignore } from '../../src/parsers/dockerignore.js';

describe('dockerignore', () => {
  const ignored = (text: string, path: string) => isDockerignored(parseDockerignore(text), path);
  it('matches at the context root unless ** is used', () => {
    expect(ignored('.env', '.env')).toBe(true);
    expect(ignored('.env', 'config/.env')).toBe(false);
    expect(ignored('**/.env', 'config/.env')).toBe(true);
    expect(ignored('*.env', 'app.env')).toBe(true);
    expect(ignored('*.env', 'config/app.env')).toBe(false);
    expect(ignored('.env*', '.env.production')).toBe(true);
  });
  it('excludes everything under a matched folder', () => {
    expect(ignored('secrets', 'secrets/key.pem')).toBe(true);
    expect(ignored('/config/', 'config/.env')).toBe(true);
  });
  it('lets the last matching pattern decide, with ! exceptions', () => {
    expect(ignored('.env*\n!.env.example', '.env.example')).toBe(false);
    expect(ignored('.env*\n!.env.example', '.env.production')).toBe(true);
    expect(ignored('*\n!src', '.env')).toBe(true);
    expect(ignored('*\n!src', 'src/index.ts')).toBe(false);
    expect(ignored('!.env\n.env', '.env')).toBe(true);
  });
  it('ignores comments and blank lines', () => {
    expect(ignored('# .env\n\n', '.env')).toBe(false);
  });
});
