// Issue 16 item 2: the shared vocabulary (Severity, Category, Environment, locations) lives in
// src/model, and formatters are pure functions of the Report: they, the report and scoring never
// import the engine, and no layer above the rules takes the vocabulary from the engine's rule API.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../helpers/fixtures.js';

function sources(folder: string): string[] {
  const dir = join(REPO, 'src', folder);
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(dir, f));
}

/** `file: specifier` for every import or re-export of a file under the folders whose specifier matches. */
function importsOf(folders: string[], specifier: RegExp): string[] {
  const found: string[] = [];
  for (const file of folders.flatMap(sources)) {
    for (const m of readFileSync(file, 'utf8').matchAll(/^(?:import|export)\b[^;]*?from\s+'([^']+)'/gms)) {
      if (specifier.test(m[1]!)) found.push(`${relative(REPO, file)}: ${m[1]}`);
    }
  }
  return found;
}

describe('shared vocabulary and formatter boundaries', () => {
  it('formatters, report and scoring never import the engine', () => {
    expect(importsOf(['formatters', 'report', 'scoring'], /\/engine\//)).toEqual([]);
  });

  it('config, cli and action take the vocabulary from the model, not from the rule API', () => {
    expect(importsOf(['config', 'cli', 'action', 'formatters', 'report', 'scoring'], /\/engine\/api\.js$/)).toEqual([]);
  });

  it('the rule API re-exports the model vocabulary (one definition)', async () => {
    const api = await import('../../src/engine/api.js');
    const model = await import('../../src/model/vocabulary.js');
    expect(api.SEVERITIES).toBe(model.SEVERITIES);
    expect(api.CATEGORIES).toBe(model.CATEGORIES);
  });
});
