// The vocabulary every layer shares (rules, engine, scoring, report, formatters, config): kept in
// the model so that a formatter or the config loader can name a severity without importing the
// engine. Environments and locations live beside it (environments.ts, types.ts).

export type Severity = 'error' | 'warning' | 'note';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'note'];

export type Category = 'security' | 'reliability' | 'data' | 'observability' | 'operations' | 'validity';
export const CATEGORIES: readonly Category[] = ['security', 'reliability', 'data', 'observability', 'operations', 'validity'];

export type { Environment, EnvironmentEvidence, KnownEnvironment } from './environments.js';
export type { Position, Range, RelatedLocation } from './types.js';
