import { describe, expect, it } from 'vitest';
import { durationDays, identifierWords, isFalsy, isTruthy } from '../../src/knowledge/data/values.js';
import { isGitignored, parseGitignore } from '../../src/parsers/gitignore.js';
import { projectOf } from './helpers.js';

describe('values helpers', () => {
  it.each([
    ['corsAllowedOrigins', ['CORS', 'ALLOWED', 'ORIGINS']],
    ['CORS_ALLOWED-ORIGINS', ['CORS', 'ALLOWED', 'ORIGINS']],
    ['APIKey', ['API', 'KEY']],
    ['jwtSecret', ['JWT', 'SECRET']],
  ])('identifierWords(%s)', (id, words) => expect(identifierWords(id)).toEqual(words));
  it.each([
    ['30d', 30],
    ['720h', 30],
    ['720h0m0s', 30],
    ['2w', 14],
    ['7', 7],
    [14, 14],
    ['soon', undefined],
    ['', undefined],
  ])('durationDays(%j) → %s', (v, d) => expect(durationDays(v)).toBe(d));
  it('reads bare numbers in hours when asked', () => expect(durationDays('48', 'h')).toBe(2));
  it.each([true, 'true', 'yes', 'on', '1', 1])('truthy %j', (v) => expect(isTruthy(v)).toBe(true));
  it.each([false, 'false', 'no', 'off', '0', 0])('falsy %j', (v) => expect(isFalsy(v)).toBe(true));
});

describe('parseGitignore', () => {
  const match = (patterns: string, path: string) => {
    let ignored = false;
    for (const p of parseGitignore(patterns)) if (!p.dirOnly && p.matches(path)) ignored = !p.negate;
    return ignored;
  };
  it.each([
    ['.env', '.env', true],
    ['.env', 'app/.env', true],
    ['/.env', 'app/.env', false],
    ['.env*', '.env.production', true],
    ['*.env', 'config/prod.env', true],
    ['.env*\n!.env.example', '.env.example', false],
    ['config/**/*.env', 'config/a/b/x.env', true],
    ['# comment\n', '.env', false],
  ])('%j matches %s → %s', (patterns, path, expected) => expect(match(patterns, path)).toBe(expected));
});

describe('isGitignored', () => {
  const project = projectOf([
    { path: '.gitignore', kind: 'gitignore', text: '.env\n.env.*\n!.env.example\n' },
    { path: 'svc/.gitignore', kind: 'gitignore', text: '!.env.production\n' },
  ]);
  it.each([
    ['.env', true],
    ['.env.local', true],
    ['.env.example', false],
    ['svc/.env', true],
    ['svc/.env.production', false],
    ['app.env', false],
  ])('%s → %s', (path, expected) => expect(isGitignored(project, path)).toBe(expected));
});
